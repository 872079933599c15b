package extract_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/extract"
	"github.com/chamber-org/chamber/internal/pdftest"
)

func TestPDFText(t *testing.T) {
	data := pdftest.New([][]string{
		{"关于召开跨境电商座谈会的通知", "Chamber of Commerce 2026"},
		{"第二页：法律维权资料汇编"},
	})
	text, err := extract.Text(data, "application/pdf", "通知.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"跨境电商座谈会", "Chamber of Commerce 2026", "法律维权资料汇编"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	// Not a PDF after all, or cut short: no text, no error.
	for _, bad := range [][]byte{[]byte("%PDF-1.7 garbage"), data[:len(data)/3]} {
		if text, err := extract.Text(bad, "application/pdf", "x.pdf"); err != nil || strings.Contains(text, "法律维权") {
			t.Errorf("broken pdf: %q, %v", text, err)
		}
	}
}

// TestPDFPagesBounded: only the first MaxPDFPages pages are read.
func TestPDFPagesBounded(t *testing.T) {
	pages := make([][]string, extract.MaxPDFPages+3)
	for i := range pages {
		pages[i] = []string{fmt.Sprintf("page%04d", i)}
	}
	text, err := extract.Text(pdftest.New(pages), "application/pdf", "long.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, fmt.Sprintf("page%04d", extract.MaxPDFPages-1)) || strings.Contains(text, fmt.Sprintf("page%04d", extract.MaxPDFPages)) {
		t.Errorf("pages read: %d lines", strings.Count(text, "\n"))
	}
}

// TestPDFTimeout: past PDFTimeout pdfium is stopped, the pages read so far
// kept, and the next file gets a fresh instance.
func TestPDFTimeout(t *testing.T) {
	if err := extract.StartPDF(); err != nil {
		t.Fatal(err)
	}
	old := extract.PDFTimeout
	extract.PDFTimeout = 30 * time.Millisecond
	pages := make([][]string, extract.MaxPDFPages)
	for i := range pages {
		pages[i] = []string{strings.Repeat("商会档案资料汇编", 60)}
	}
	t0 := time.Now()
	text, err := extract.Text(pdftest.New(pages), "application/pdf", "slow.pdf")
	extract.PDFTimeout = old
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > 2*time.Second || strings.Count(text, "\n") >= extract.MaxPDFPages {
		t.Errorf("not stopped: %v, %d pages", d, strings.Count(text, "\n"))
	}
	text, err = extract.Text(pdftest.New([][]string{{"之后的文件"}}), "application/pdf", "next.pdf")
	if err != nil || !strings.Contains(text, "之后的文件") {
		t.Errorf("after a stop: %q, %v", text, err)
	}
}

// BenchmarkPDFText reads a 100-page PDF of some 1,000 characters a page
// (goal: < 2 s a file); the instance is started before the clock.
func BenchmarkPDFText(b *testing.B) {
	t0 := time.Now()
	if err := extract.StartPDF(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(t0).Seconds(), "start-s")
	pages := make([][]string, 100)
	for i := range pages {
		for j := 0; j < 40; j++ {
			pages[i] = append(pages[i], fmt.Sprintf("第%d页第%d行：商会秘书处负责文件的归档存档和保密工作", i+1, j+1))
		}
	}
	data := pdftest.New(pages)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text, err := extract.Text(data, "application/pdf", "100.pdf")
		if err != nil || !strings.Contains(text, "第100页第40行") {
			b.Fatalf("%d chars, %v", len(text), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
}
