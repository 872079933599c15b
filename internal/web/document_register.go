package web

import (
	"fmt"
	"net/http"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// The 收文/发文 registers (登记簿): one year's documents as a list to read,
// to print (A4 landscape) and to download as xlsx.

type registerPage struct {
	Page
	Direction string
	Year      int
	Docs      []*chamber.Document
}

// documentRegisterPage is GET /documents/register?direction=incoming|outgoing&year= (&format=xlsx).
func (s *Server) documentRegisterPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	dir := r.URL.Query().Get("direction")
	if dir == "" {
		dir = chamber.DocIncoming
	}
	docs, err := s.store.DocumentRegister(r.Context(), dir, year)
	if err != nil {
		return err
	}
	p := &registerPage{Page: s.page(r, "doc.register."+dir), Direction: dir, Year: year, Docs: docs}
	if r.URL.Query().Get("format") == "xlsx" {
		return writeRegisterXLSX(w, p)
	}
	s.render(w, r, http.StatusOK, "document_register", p)
	return nil
}

// registerRow is one line of the register in the order of its columns.
func (p *registerPage) registerRow(d *chamber.Document) []any {
	if p.Direction == chamber.DocIncoming {
		due := d.DueOn
		state := p.T("doc.status." + d.Status)
		if d.Overdue {
			state += " · " + p.T("doc.overdue")
		}
		return []any{d.ReceiptNo, d.ReceivedOn, d.Sender, d.SenderDocNo, d.Title, p.T("doc.class." + d.Classification), due, state, d.DoneNote}
	}
	issued := ""
	if d.IssuedAt != nil {
		issued = p.Date(*d.IssuedAt)
	}
	return []any{d.DocNo, issued, d.Title, p.T("doc.type." + d.DocType), p.T("doc.class." + d.Classification), d.MainTo, d.CopyTo, d.Author}
}

// RegisterHead names the register's columns.
func (p *registerPage) RegisterHead() []string {
	keys := []string{"doc.field.no", "doc.field.issued", "doc.field.title", "doc.field.type", "doc.field.class", "doc.field.main_to", "doc.field.copy_to", "doc.field.author"}
	if p.Direction == chamber.DocIncoming {
		keys = []string{"doc.field.receipt", "doc.field.received", "doc.field.sender", "doc.field.sender_no", "doc.field.title", "doc.field.class",
			"doc.field.due", "doc.field.status", "doc.field.note"}
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = p.T(k)
	}
	return out
}

// RegisterRows are the register's lines as text.
func (p *registerPage) RegisterRows() [][]string {
	out := make([][]string, 0, len(p.Docs))
	for _, d := range p.Docs {
		var row []string
		for _, v := range p.registerRow(d) {
			s := fmt.Sprint(v)
			if v == d.ReceivedOn {
				s = p.DateString(d.ReceivedOn)
			}
			row = append(row, s)
		}
		out = append(out, row)
	}
	return out
}

func writeRegisterXLSX(w http.ResponseWriter, p *registerPage) error {
	b := sheet.NewBook("")
	b.Title(fmt.Sprintf("%s %d %s", p.Chamber.Name, p.Year, p.T("doc.register."+p.Direction)), 1)
	b.Skip()
	head := []any{}
	for _, h := range p.RegisterHead() {
		head = append(head, h)
	}
	b.Bold(head...)
	for _, d := range p.Docs {
		b.Row(p.registerRow(d)...)
	}
	b.Width(1, 2, 18)
	b.Width(3, 5, 30)
	return sendBook(w, b, fmt.Sprintf("register-%s-%d.xlsx", p.Direction, p.Year))
}
