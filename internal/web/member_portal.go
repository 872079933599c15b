package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

type portalPage struct {
	memberView
	Member  *chamber.Member
	Form    chamber.MemberInput
	Changes []*chamber.ChangeRequest
}

func (s *Server) renderPortal(w http.ResponseWriter, r *http.Request, status int, p *portalPage, form *chamber.MemberInput) error {
	ctx := r.Context()
	id := info(r).Actor.MemberID
	var err error
	if p.Member, err = s.store.FindMember(ctx, id); err != nil {
		return err
	}
	if p.Changes, err = s.store.ListChangeRequests(ctx, id); err != nil {
		return err
	}
	p.Form = p.Member.Input()
	if form != nil {
		p.Form = *form
	}
	s.render(w, r, status, "portal", p)
	return nil
}

// portalPage is a member's own page: profile, certificate, pending changes.
func (s *Server) portalPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "portal.title")
	if err != nil {
		return err
	}
	p := portalPage{memberView: mv}
	switch r.URL.Query().Get("done") {
	case "1":
		p.Flash = p.T("app.saved")
	case "pending":
		p.Flash = p.T("portal.pending")
	}
	return s.renderPortal(w, r, http.StatusOK, &p, nil)
}

func (s *Server) portalSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := memberForm(r)
	if err != nil {
		return err
	}
	m, err := s.store.FindMember(r.Context(), info(r).Actor.MemberID)
	if err != nil {
		return err
	}
	in.Kind, in.Tier, in.JoinedOn, in.Tags = m.Kind, m.Tier, m.JoinedOn, m.Tags // not the member's to change
	_, cr, err := s.store.UpdateOwnMember(r.Context(), patchOf(in))
	if err != nil {
		mv, verr := s.memberView(r, "portal.title")
		if verr != nil {
			return verr
		}
		p := portalPage{memberView: mv}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderPortal(w, r, statusOf(chamber.ErrorCode(err)), &p, &in)
	}
	done := "1"
	if cr != nil {
		done = "pending"
	}
	http.Redirect(w, r, "/portal?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) portalCertificatePage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMember(r.Context(), info(r).Actor.MemberID)
	if err != nil {
		return err
	}
	return s.renderCertificate(w, r, m)
}

type directoryPage struct {
	memberView
	Public       bool
	Filter       chamber.MemberFilter
	Members      []*chamber.Member
	Cursor, Next string
	NextURL      string
}

// directoryPage is the members-only directory: active members by industry
// and region, for members' portal logins.
func (s *Server) directoryPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDirectory(w, r, false)
}

func (s *Server) publicDirectoryPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDirectory(w, r, true)
}

func (s *Server) renderDirectory(w http.ResponseWriter, r *http.Request, public bool) error {
	mv, err := s.memberView(r, "directory.title")
	if err != nil {
		return err
	}
	f := memberFilter(r)
	p := directoryPage{memberView: mv, Public: public,
		Filter: chamber.MemberFilter{Q: f.Q, Industry: f.Industry, Region: f.Region, Status: chamber.StatusActive, PublicOnly: true}}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if !public {
		p.Filter.PublicOnly, p.Filter.Directory = false, true
	}
	if p.Members, p.Next, err = s.store.ListMembers(r.Context(), p.Filter, pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if p.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", p.Next)
		p.NextURL = r.URL.Path + "?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "directory", &p)
	return nil
}
