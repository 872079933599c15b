package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

// The 会刊's print layout: an A4 issue with its cover (title, number, date,
// the cover's lead), the contents with the pages, and the articles in full
// — the news announcement's text or the member's approved profile, else
// the article's summary.

// printArticle is one article as printed.
type printArticle struct {
	chamber.JournalArticle
	Page   int // as given, else the page after the one before (the first after the contents)
	Source string
	Text   string // plain text, shown in paragraphs
}

type journalPrintPage struct {
	publicPage
	J        *chamber.JournalIssue
	Articles []printArticle
}

// Paras splits a text into paragraphs and lines.
func (p *journalPrintPage) Paras(body string) [][]string { return chamber.Paragraphs(body) }

func (s *Server) journalPrintPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := journalPrintPage{publicPage: s.publicPage(r, "journal.print")}
	if p.J, err = s.store.FindJournalIssue(r.Context(), id); err != nil {
		return err
	}
	page := 2 // the cover is page 1, the contents page 2
	for _, a := range p.J.Articles {
		pa := printArticle{JournalArticle: a, Page: a.Page, Text: a.Summary}
		if pa.Page == 0 {
			pa.Page = page + 1
		}
		page = max(page, pa.Page)
		switch {
		case a.AnnouncementID != 0:
			if ann, err := s.store.PublicAnnouncement(r.Context(), a.AnnouncementID); err == nil {
				pa.Source, pa.Text = "news", ann.Body
			} else if chamber.ErrorCode(err) != chamber.ENOTFOUND {
				return err
			}
		case a.ProfileID != 0:
			if e, err := s.store.ShowcaseEntry(r.Context(), a.ProfileID); err == nil {
				pa.Source, pa.Text = "member", e.Intro(p.Lang)
				if prod := e.Products(p.Lang); prod != "" {
					pa.Text += "\n\n" + p.T("showcase.products") + "：" + prod
				}
			} else if chamber.ErrorCode(err) != chamber.ENOTFOUND {
				return err
			}
		}
		p.Articles = append(p.Articles, pa)
	}
	s.render(w, r, http.StatusOK, "journal_print", &p)
	return nil
}
