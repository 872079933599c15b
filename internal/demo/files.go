package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/extract"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/xuri/excelize/v2"
)

// Options are what the demo may use besides the database.
type Options struct {
	// Blobs, when set, receives the demo's files (documents' annexes, the
	// knowledge base's files); without it the demo has no attachments.
	Blobs *blob.Store
}

// demoFile is a file to attach: a Word file of paragraphs, or a workbook of rows.
type demoFile struct {
	name  string
	paras []string
	rows  [][]string
}

func (f demoFile) bytes() ([]byte, error) {
	if f.rows != nil {
		x := excelize.NewFile()
		defer x.Close()
		for r, row := range f.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				x.SetCellValue("Sheet1", cell, v)
			}
		}
		var b bytes.Buffer
		err := x.Write(&b)
		return b.Bytes(), err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range f.paras {
		doc.WriteString(`<w:p><w:r><w:t>` + html.EscapeString(p) + `</w:t></w:r></w:p>`)
	}
	doc.WriteString(`</w:body></w:document>`)
	parts["word/document.xml"] = doc.String()
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return b.Bytes(), err
}

// attach stores f and hangs it on the owner as the actor of ctx, its text indexed.
func (o Options) attach(ctx context.Context, db *sqlstore.DB, kind string, id chamber.ID, f demoFile) error {
	if o.Blobs == nil {
		return nil
	}
	data, err := f.bytes()
	if err != nil {
		return err
	}
	info, err := o.Blobs.Put(bytes.NewReader(data), f.name)
	if err != nil {
		return fmt.Errorf("demo file %s: %w", f.name, err)
	}
	text, err := extract.Text(data, info.ContentType, f.name)
	if err != nil {
		return err
	}
	_, err = db.AddAttachment(ctx, chamber.NewAttachment{OwnerKind: kind, OwnerID: id, Name: f.name, ContentType: info.ContentType,
		Size: info.Size, Hash: info.Hash, Text: text})
	return err
}

// annexes are the files the demo's outgoing documents carry, by document type.
var annexes = map[string]demoFile{
	"notice": {name: "会议议程.docx", paras: []string{"会长办公会议议程", "一、听取秘书处月度工作汇报", "二、研究会员发展和会费收缴工作", "三、审议近期重点活动方案"}},
	"letter": {name: "参展企业报名表.xlsx", rows: [][]string{{"企业名称", "联系人", "展位需求", "参展产品"},
		{"瓯江电气有限公司", "陈先生", "标准展位 2 个", "智能配电设备"}, {"滨江科技股份有限公司", "林女士", "光地 36 平方米", "工业软件"}}},
	"decision": {name: "表彰名单.xlsx", rows: [][]string{{"企业", "称号", "推荐理由"},
		{"瓯江电气有限公司", "优秀会员企业", "积极参与商会公益，年度纳税增长显著"}, {"滨江科技股份有限公司", "公益贡献奖", "资助山区学校助学项目"}}},
	"regulation": {name: "财务管理制度（修订）全文.docx", paras: []string{"商会财务管理制度（修订）", "第一章 总则",
		"第一条 为规范本会财务管理，根据《民间非营利组织会计制度》，制定本制度。", "第五条 会费收入应当全额纳入本会账户，任何部门不得截留、挪用。",
		"第十二条 单笔支出五千元以上的，须经秘书长审批；五万元以上的，须经会长办公会议研究决定。"}},
}
