package extract_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/chamber-org/chamber/internal/extract"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Docx builds a minimal Word file with one paragraph per text.
func Docx(t testing.TB, paras ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paras {
		b.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	b.WriteString(`</w:body></w:document>`)
	w.Write([]byte(b.String()))
	zw.Close()
	return buf.Bytes()
}

func TestText(t *testing.T) {
	got, err := extract.Text(Docx(t, "第一条 为规范会员管理", "第二条 会费标准"), docxType, "章程.docx")
	if err != nil || got != "第一条 为规范会员管理\n第二条 会费标准\n" {
		t.Fatalf("docx: %q %v", got, err)
	}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "企业名称")
	f.SetCellValue("Sheet1", "B1", "会费标准")
	f.SetCellValue("Sheet1", "A2", "瓯江电气")
	var xb bytes.Buffer
	f.Write(&xb)
	got, err = extract.Text(xb.Bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "会费.xlsx")
	if err != nil || !strings.Contains(got, "企业名称\t会费标准") || !strings.Contains(got, "瓯江电气") {
		t.Fatalf("xlsx: %q %v", got, err)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("关于法律援助的说明"))
	if got, _ = extract.Text(gbk, "text/plain; charset=utf-8", "说明.txt"); got != "关于法律援助的说明" {
		t.Fatalf("gbk text: %q", got)
	}
	if got, _ = extract.Text([]byte("%PDF-1.4"), "application/pdf", "a.pdf"); got != "" {
		t.Fatalf("pdf: %q", got)
	}
	if got, _ = extract.Text([]byte(strings.Repeat("商", extract.MaxText)), "text/plain", "a.txt"); len(got) > extract.MaxText || !strings.HasPrefix(got, "商商") {
		t.Fatalf("long text: %d bytes", len(got))
	}
	// A Word file whose document part unpacks past 100 times the file is refused.
	bomb := Docx(t, strings.Repeat("a", 8<<20))
	if _, err := extract.Text(bomb, docxType, "bomb.docx"); !errors.Is(err, extract.ErrTooLarge) {
		t.Fatalf("bomb: %v", err)
	}
	if got, err := extract.Text([]byte("PK\x03\x04 broken"), docxType, "x.docx"); got != "" || err != nil {
		t.Fatalf("broken docx: %q %v", got, err)
	}
}
