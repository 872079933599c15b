package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// archiveLoanRoutes: borrowing (借阅) and destruction lists (销毁清册),
// pages and API.
func (s *Server) archiveLoanRoutes() []*route {
	const w = chamber.PermDocumentWrite
	return []*route{
		user("GET", "/archive/loans", s.loansPage),
		user("POST", "/archive/loans", s.loanRequestSubmit),
		perm("POST", "/archive/loans/{id}/approve", w, s.loanActionSubmit("approve")),
		perm("POST", "/archive/loans/{id}/reject", w, s.loanActionSubmit("reject")),
		perm("POST", "/archive/loans/{id}/return", w, s.loanActionSubmit("return")),
		perm("POST", "/archive/disposals", w, s.disposalProposeSubmit),
		perm("GET", "/archive/disposals/{id}", w, s.disposalPage),
		user("POST", "/archive/disposals/{id}/approve", s.disposalDecideSubmit(true)),
		user("POST", "/archive/disposals/{id}/reject", s.disposalDecideSubmit(false)),

		api(user("POST", "/api/v1/archive/loans", s.apiLoanRequest), "Ask to borrow an archive record (借阅) by archive_id or archive_no, until due_on (at most 90 days)", "NewArchiveLoan"),
		api(user("GET", "/api/v1/archive/loans", s.apiLoanList), "Loans, newest first: all for keepers of the archive (document.write), one's own for others (?overdue=true)", ""),
		api(perm("POST", "/api/v1/archive/loans/{id}/approve", w, s.apiLoanAction("approve")), "A keeper other than the borrower lends the record (409 while it is out)", "DocumentComment"),
		api(perm("POST", "/api/v1/archive/loans/{id}/reject", w, s.apiLoanAction("reject")), "A keeper refuses the request, with a comment", "DocumentComment"),
		api(perm("POST", "/api/v1/archive/loans/{id}/return", w, s.apiLoanAction("return")), "A keeper records the return", ""),
		api(perm("POST", "/api/v1/archive/disposals", w, s.apiDisposalPropose), "Draw up a destruction list of every record past its retention on no other list (409 when none)", "DisposalNote"),
		api(perm("GET", "/api/v1/archive/disposals", w, s.apiDisposalList), "Destruction lists, newest first", ""),
		api(perm("GET", "/api/v1/archive/disposals/{id}", w, s.apiDisposalGet), "One destruction list with its records", ""),
		api(user("POST", "/api/v1/archive/disposals/{id}/approve", s.apiDisposalDecide(true)), "The 秘书长 (not the proposer) approves: the records count as destroyed", "DocumentComment"),
		api(user("POST", "/api/v1/archive/disposals/{id}/reject", s.apiDisposalDecide(false)), "The 秘书长 refuses the list, with a comment; its records may be listed again", "DocumentComment"),
	}
}

func archiveLoanSchemas() obj {
	return obj{
		"NewArchiveLoan": oaObject([]string{"purpose", "due_on"}, obj{"archive_id": oaInteger, "archive_no": oaString, "purpose": oaString, "due_on": oaDate}),
		"DisposalNote":   oaObject(nil, obj{"note": oaString}),
	}
}

type loansPage struct {
	Page
	Loans []*chamber.ArchiveLoan
	Form  chamber.NewArchiveLoan
}

func (s *Server) loansPage(w http.ResponseWriter, r *http.Request) error {
	p := &loansPage{Page: s.page(r, "archive.loans")}
	p.Form.ArchiveNo = r.URL.Query().Get("archive_no")
	return s.renderLoans(w, r, http.StatusOK, p)
}

func (s *Server) renderLoans(w http.ResponseWriter, r *http.Request, status int, p *loansPage) error {
	overdue, err := queryTrue(r, "overdue")
	if err != nil {
		return err
	}
	if p.Loans, err = s.store.ListLoans(r.Context(), overdue); err != nil {
		return err
	}
	s.render(w, r, status, "archive_loans", p)
	return nil
}

func (s *Server) loanRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	n := chamber.NewArchiveLoan{ArchiveNo: f.Get("archive_no"), Purpose: f.Get("purpose"), DueOn: f.Get("due_on")}
	if _, err := s.store.RequestLoan(r.Context(), n); err != nil {
		p := &loansPage{Page: s.page(r, "archive.loans"), Form: n}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderLoans(w, r, http.StatusUnprocessableEntity, p)
	}
	http.Redirect(w, r, "/archive/loans", http.StatusSeeOther)
	return nil
}

func (s *Server) loanAction(r *http.Request, action string, id chamber.ID, comment string) (*chamber.ArchiveLoan, error) {
	switch action {
	case "approve", "reject":
		return s.store.DecideLoan(r.Context(), id, action == "approve", comment)
	}
	return s.store.ReturnLoan(r.Context(), id)
}

func (s *Server) loanActionSubmit(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if _, err := s.loanAction(r, action, id, r.PostForm.Get("comment")); err != nil {
			p := &loansPage{Page: s.page(r, "archive.loans")}
			if !p.withFieldErrors(err) {
				return err
			}
			return s.renderLoans(w, r, http.StatusUnprocessableEntity, p)
		}
		http.Redirect(w, r, "/archive/loans", http.StatusSeeOther)
		return nil
	}
}

type disposalPage struct {
	Page
	List *chamber.ArchiveDisposal
}

func (s *Server) disposalPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := &disposalPage{Page: s.page(r, "archive.disposal")}
	if p.List, err = s.store.FindDisposal(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "archive_disposal", p)
	return nil
}

func (s *Server) disposalProposeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	d, err := s.store.ProposeDisposal(r.Context(), r.PostForm.Get("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/archive/disposals/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) disposalDecideSubmit(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if _, err := s.store.DecideDisposal(r.Context(), id, approve, r.PostForm.Get("comment")); err != nil {
			p := &disposalPage{Page: s.page(r, "archive.disposal")}
			if !p.withFieldErrors(err) {
				return err
			}
			var lerr error
			if p.List, lerr = s.store.FindDisposal(r.Context(), id); lerr != nil {
				return err
			}
			s.render(w, r, http.StatusUnprocessableEntity, "archive_disposal", p)
			return nil
		}
		http.Redirect(w, r, "/archive/disposals/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
}

func (s *Server) apiLoanRequest(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewArchiveLoan
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.store.RequestLoan(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Server) apiLoanList(w http.ResponseWriter, r *http.Request) error {
	overdue, err := queryTrue(r, "overdue")
	if err != nil {
		return err
	}
	list, err := s.store.ListLoans(r.Context(), overdue)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "next_cursor": ""})
	return nil
}

func (s *Server) apiLoanAction(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in docComment
		if err := decodeOptional(r, &in); err != nil {
			return err
		}
		l, err := s.loanAction(r, action, id, in.Comment)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, l)
		return nil
	}
}

func (s *Server) apiDisposalPropose(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	d, err := s.store.ProposeDisposal(r.Context(), in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiDisposalList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListDisposals(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "next_cursor": ""})
	return nil
}

func (s *Server) apiDisposalGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.store.FindDisposal(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDisposalDecide(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in docComment
		if err := decodeOptional(r, &in); err != nil {
			return err
		}
		d, err := s.store.DecideDisposal(r.Context(), id, approve, in.Comment)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, d)
		return nil
	}
}
