package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// documentRoutes are the pages of official documents (发文, 收文, the 红头
// print), then the API.
func (s *Server) documentRoutes() []*route {
	const w = chamber.PermDocumentWrite
	return append([]*route{
		user("GET", "/documents", s.documentsPage),
		perm("POST", "/documents", w, s.documentSubmit),
		user("GET", "/documents/regulations", s.regulationsPage),
		user("GET", "/documents/{id}", s.documentPage),
		user("GET", "/documents/{id}/print", s.documentPrintPage),
		perm("POST", "/documents/{id}/submit", w, s.documentActionSubmit("submit")),
		user("POST", "/documents/{id}/approve", s.documentActionSubmit("approve")),
		user("POST", "/documents/{id}/reject", s.documentActionSubmit("reject")),
		perm("POST", "/documents/{id}/issue", w, s.documentActionSubmit("issue")),
		perm("POST", "/documents/{id}/route", w, s.documentActionSubmit("route")),
		perm("POST", "/documents/{id}/recipients", w, s.documentActionSubmit("recipients")),
		perm("GET", "/documents/register", w, s.documentRegisterPage),
		user("POST", "/documents/{id}/done", s.documentActionSubmit("done")),
	}, s.documentAPIRoutes()...)
}

// Lists for the document templates.
func (p *Page) DocTypes() []string        { return chamber.DocTypes }
func (p *Page) Classifications() []string { return chamber.Classifications }
func (p *Page) RouteSteps() []string      { return chamber.RouteSteps }

type documentForm struct {
	Direction, DocType, Title, Body, Classification, Sender, SenderDocNo, ReceivedOn, MainTo, CopyTo string
}

type documentsPage struct {
	Page
	Outgoing, Incoming []*chamber.Document
	Form               documentForm
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	p := documentsPage{Page: s.page(r, "doc.title"), Form: documentForm{DocType: "notice", Classification: chamber.ClassInternal,
		ReceivedOn: s.store.Today(r.Context())}}
	return s.renderDocuments(w, r, http.StatusOK, &p)
}

func (s *Server) renderDocuments(w http.ResponseWriter, r *http.Request, status int, p *documentsPage) error {
	all, err := s.store.ListDocuments(r.Context(), "")
	if err != nil {
		return err
	}
	for _, d := range all {
		if d.Direction == chamber.DocIncoming {
			p.Incoming = append(p.Incoming, d)
		} else {
			p.Outgoing = append(p.Outgoing, d)
		}
	}
	s.render(w, r, status, "documents", p)
	return nil
}

func (s *Server) documentSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	form := documentForm{Direction: f.Get("direction"), DocType: f.Get("doc_type"), Title: f.Get("title"), Body: f.Get("body"),
		Classification: f.Get("classification"), Sender: f.Get("sender"), SenderDocNo: f.Get("sender_doc_no"), ReceivedOn: f.Get("received_on"),
		MainTo: f.Get("main_to"), CopyTo: f.Get("copy_to")}
	n := chamber.NewDocument{Direction: form.Direction, DocType: form.DocType, Title: form.Title, Body: form.Body, Classification: form.Classification,
		Sender: form.Sender, SenderDocNo: form.SenderDocNo, ReceivedOn: form.ReceivedOn, MainTo: form.MainTo, CopyTo: form.CopyTo}
	for _, v := range strings.FieldsFunc(f.Get("distribution"), func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			p := documentsPage{Page: s.page(r, "doc.title"), Form: form}
			p.Errors = map[string]string{"distribution": p.T("err.invalid_value")}
			return s.renderDocuments(w, r, http.StatusUnprocessableEntity, &p)
		}
		n.Distribution = append(n.Distribution, id)
	}
	d, err := s.store.CreateDocument(r.Context(), n)
	if err != nil {
		p := documentsPage{Page: s.page(r, "doc.title"), Form: form}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderDocuments(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/documents/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

type documentPage struct {
	Page
	Doc       *chamber.Document
	Body      template.HTML
	Positions []*chamber.Position
	Awaiting  bool
	Watermark string
	Att       attachmentBox
	Receipts  []chamber.DocReceipt
	ReadCount int
}

func (s *Server) loadDocumentPage(r *http.Request) (*documentPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	d, err := s.store.FindDocument(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := &documentPage{Page: s.page(r, "doc.title"), Doc: d, Body: template.HTML(renderMarkdown(d.Body))} // sanitised by bluemonday
	for _, st := range d.Steps {
		if st.Decision == "pending" && d.Status == chamber.DocReviewing {
			p.Awaiting = p.Actor != nil && st.UserID == p.Actor.UserID
			break
		}
	}
	if d.Classification != chamber.ClassPublic && p.Actor != nil {
		p.Watermark = p.T("doc.watermark", p.Actor.Name)
	}
	p.Att = s.attachments(r, chamber.OwnerDocument, id)
	if d.Status == chamber.DocIssued && p.Actor != nil && (p.Actor.UserID == d.AuthorID || p.Actor.Can(chamber.PermDocumentWrite)) {
		if p.Receipts, err = s.store.DocumentReceipts(r.Context(), id); err != nil {
			return nil, err
		}
		for _, x := range p.Receipts {
			if x.ReadAt != nil {
				p.ReadCount++
			}
		}
	}
	return p, nil
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDocumentPage(r)
	if err != nil {
		return err
	}
	if p.Doc.Direction == chamber.DocIncoming && p.Actor.Can(chamber.PermDocumentWrite) {
		if p.Positions, err = s.store.ListPositions(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "document", p)
	return nil
}

// documentPrintPage is the 红头 print (GB/T 9704 layout): 发文机关标志,
// 文号, 标题, 主送, 正文, 落款, 成文日期, 印章 place; a watermark with the
// reader's name on internal and confidential documents.
func (s *Server) documentPrintPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDocumentPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "document_print", p)
	return nil
}

func (s *Server) documentActionSubmit(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		f, ctx := r.PostForm, r.Context()
		switch action {
		case "submit":
			_, err = s.store.SubmitDocument(ctx, id)
		case "approve", "reject":
			_, err = s.store.DecideDocument(ctx, id, action == "approve", f.Get("comment"))
		case "issue":
			_, err = s.store.IssueDocument(ctx, id)
		case "route":
			pos, _ := strconv.ParseInt(f.Get("position_id"), 10, 64)
			_, err = s.store.RouteDocument(ctx, id, chamber.RouteInput{PositionID: pos, Instruction: f.Get("instruction"), Step: f.Get("step"), DueOn: f.Get("due_on")})
		case "recipients":
			mainTo, copyTo := f.Get("main_to"), f.Get("copy_to")
			_, err = s.store.UpdateRecipients(ctx, id, &mainTo, &copyTo)
		case "done":
			_, err = s.store.FinishDocument(ctx, id, f.Get("note"))
		}
		if err != nil {
			p, lerr := s.loadDocumentPage(r)
			if lerr != nil {
				return lerr
			}
			if !p.withFieldErrors(err) {
				return err
			}
			if p.Positions, lerr = s.store.ListPositions(ctx); lerr != nil {
				return lerr
			}
			s.render(w, r, http.StatusUnprocessableEntity, "document", p)
			return nil
		}
		http.Redirect(w, r, "/documents/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
}

// Repeat gives n items for the watermark's tiles.
func (p *documentPage) Repeat(n int) []int { return make([]int, n) }

type regulationsPage struct {
	Page
	Regulations []*chamber.Document
}

// regulationsPage is the register of regulations in force (规章制度).
func (s *Server) regulationsPage(w http.ResponseWriter, r *http.Request) error {
	p := regulationsPage{Page: s.page(r, "doc.regulations")}
	var err error
	if p.Regulations, err = s.store.CurrentRegulations(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "regulations", &p)
	return nil
}
