package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
)

type joinPage struct {
	memberView
	Form chamber.ApplicationInput
}

func (s *Server) joinPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "join.title")
	if err != nil {
		return err
	}
	p := joinPage{memberView: mv, Form: chamber.ApplicationInput{MemberInput: chamber.MemberInput{Kind: chamber.MemberUnit}}}
	s.render(w, r, http.StatusOK, "join", &p)
	return nil
}

func (s *Server) joinSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.throttleApply(r); err != nil {
		return err
	}
	in, err := memberForm(r)
	if err != nil {
		return err
	}
	form := chamber.ApplicationInput{MemberInput: in, Message: r.PostForm.Get("message")}
	a, err := s.store.Apply(r.Context(), form)
	if err != nil {
		mv, verr := s.memberView(r, "join.title")
		if verr != nil {
			return verr
		}
		p := joinPage{memberView: mv, Form: form}
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "join", &p)
		return nil
	}
	http.Redirect(w, r, "/join/"+a.Token+"?new=1", http.StatusSeeOther)
	return nil
}

type joinStatusPage struct {
	memberView
	App   *chamber.Application
	Token string
	Link  string
}

func (s *Server) renderJoinStatus(w http.ResponseWriter, r *http.Request, status int, p *joinStatusPage) error {
	p.Token = r.PathValue("token")
	var err error
	if p.App, err = s.store.ApplicationByToken(r.Context(), p.Token); err != nil {
		return err
	}
	p.Link = s.baseURL() + "/join/" + p.Token
	s.render(w, r, status, "join_status", p)
	return nil
}

func (s *Server) joinStatusPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "join.status_title")
	if err != nil {
		return err
	}
	p := joinStatusPage{memberView: mv}
	if r.URL.Query().Get("new") == "1" {
		p.Flash = p.T("join.submitted")
	}
	return s.renderJoinStatus(w, r, http.StatusOK, &p)
}

func (s *Server) joinResubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	token := r.PathValue("token")
	if _, err := s.store.ResubmitApplication(r.Context(), token, r.PostForm.Get("message")); err != nil {
		mv, verr := s.memberView(r, "join.status_title")
		if verr != nil {
			return verr
		}
		p := joinStatusPage{memberView: mv}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderJoinStatus(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/join/"+token, http.StatusSeeOther)
	return nil
}

type verifyPage struct {
	memberView
	Member *chamber.Member
}

// verifyPage is where a certificate's QR code leads: anyone may check that
// the certificate is real and the member in good standing.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "verify.title")
	if err != nil {
		return err
	}
	p := verifyPage{memberView: mv}
	if p.Member, err = s.store.VerifyCertificate(r.Context(), r.PathValue("code")); err != nil {
		if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		s.render(w, r, http.StatusNotFound, "verify", &p)
		return nil
	}
	s.render(w, r, http.StatusOK, "verify", &p)
	return nil
}

type certificatePage struct {
	memberView
	Member    *chamber.Member
	QR        template.HTML
	VerifyURL string
}

func (s *Server) renderCertificate(w http.ResponseWriter, r *http.Request, m *chamber.Member) error {
	mv, err := s.memberView(r, "cert.title")
	if err != nil {
		return err
	}
	p := certificatePage{memberView: mv, Member: m, VerifyURL: s.baseURL() + "/verify/" + m.CertCode}
	svg, err := qr.SVG(p.VerifyURL, p.T("cert.qr_label"))
	if err != nil {
		return err
	}
	p.QR = template.HTML(svg) // built by internal/qr from escaped text only
	s.render(w, r, http.StatusOK, "member_certificate", &p)
	return nil
}

func (s *Server) memberCertificatePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.FindMember(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderCertificate(w, r, m)
}

type applicationsPage struct {
	memberView
	Status       string
	Apps         []*chamber.Application
	Cursor, Next string
}

func (s *Server) applicationsPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "application.list_title")
	if err != nil {
		return err
	}
	p := applicationsPage{memberView: mv, Status: r.URL.Query().Get("status")}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Apps, p.Next, err = s.store.ListApplications(r.Context(), chamber.ApplicationStatus(p.Status), pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	s.render(w, r, http.StatusOK, "applications", &p)
	return nil
}

type applicationPage struct {
	memberView
	App   *chamber.Application
	Today string
}

// Can reports whether an action is allowed now.
func (p *applicationPage) Allowed(action string) bool {
	_, ok := chamber.NextApplicationStatus(p.App.Status, action)
	return ok
}

func (s *Server) renderApplication(w http.ResponseWriter, r *http.Request, status int, p *applicationPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.App, err = s.store.FindApplication(r.Context(), id); err != nil {
		return err
	}
	p.Today = s.clock.Now().In(p.loc).Format("2006-01-02")
	s.render(w, r, status, "application", p)
	return nil
}

func (s *Server) applicationPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "application.title")
	if err != nil {
		return err
	}
	p := applicationPage{memberView: mv}
	if r.URL.Query().Get("done") == "1" {
		p.Flash = p.T("app.saved")
	}
	return s.renderApplication(w, r, http.StatusOK, &p)
}

func (s *Server) applicationDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	d := chamber.AppDecision{Action: f.Get("action"), Note: f.Get("note"), DecidedOn: f.Get("decided_on"), Resolution: f.Get("resolution")}
	a, err := s.store.DecideApplication(r.Context(), id, d)
	if err != nil {
		mv, verr := s.memberView(r, "application.title")
		if verr != nil {
			return verr
		}
		p := applicationPage{memberView: mv}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderApplication(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	if a.MemberID != 0 {
		http.Redirect(w, r, "/members/"+strconv.FormatInt(a.MemberID, 10)+"?done=admitted", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/applications/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
	return nil
}

// AppStatuses lists the application statuses for the filter.
func (p *applicationsPage) AppStatuses() []string {
	return []string{"submitted", "info_requested", "reviewed", "approved", "rejected"}
}
