package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
)

// Portal logins in bulk: staff invite the representatives of chosen
// members (by 会员编号, a tier or every member without a login); each gets
// a one-time code by e-mail or on a printed letter and sets its password
// at /activate.

func (s *Server) invitationRoutes() []*route {
	U := chamber.PermUserManage
	return []*route{
		perm("GET", "/admin/invitations", U, s.invitationsPage),
		perm("POST", "/admin/invitations", U, s.invitationsSubmit),
		pub("GET", "/activate", s.activatePage),
		pub("POST", "/activate", s.activateSubmit),
		api(perm("POST", "/api/v1/invitations", U, s.apiInvite),
			"Invite the representatives of members without a portal login (member_nos, tier or all); the one-time codes are in this answer only", "InviteFilter"),
		api(perm("GET", "/api/v1/invitations", U, s.apiInvitations), "Invitations, newest first (without codes)", ""),
		api(pub("POST", "/api/v1/activate", s.apiActivate), "Set the password of an invited portal login with its code (no login needed)", "Activation"),
	}
}

func invitationSchemas(o obj) obj {
	o["InviteFilter"] = oaObject(nil, obj{"member_nos": oaArray(oaString), "tier": oaString, "all": oaBoolean,
		"mail": obj{"type": "boolean", "description": "e-mail each invitation with an address its activation link"}})
	o["Activation"] = oaObject([]string{"code", "password"}, obj{"code": oaString, "password": oaString})
	return o
}

type invitationsPage struct {
	Page
	Invitations  []*chamber.Invitation
	Cursor, Next string
	Form         chamber.InviteFilter
	MemberNos    string
	Tiers        []chamber.Tier
}

func (s *Server) renderInvitations(w http.ResponseWriter, r *http.Request, status int, p *invitationsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Invitations, p.Next, err = s.store.ListInvitations(r.Context(), pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if p.Tiers, err = s.store.Tiers(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "invitations", p)
	return nil
}

func (s *Server) invitationsPage(w http.ResponseWriter, r *http.Request) error {
	p := invitationsPage{Page: s.page(r, "invite.title"), Form: chamber.InviteFilter{Mail: true}}
	return s.renderInvitations(w, r, http.StatusOK, &p)
}

type lettersPage struct {
	Page
	Letters []letter
	Mailed  int
}

type letter struct {
	*chamber.Invitation
	Link string
	QR   template.HTML
}

// invitationsSubmit makes the invitations and shows them as letters to
// print at once: the codes are not shown again.
func (s *Server) invitationsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := chamber.InviteFilter{Tier: r.PostForm.Get("tier"), All: r.PostForm.Get("all") == "1", Mail: r.PostForm.Get("mail") == "1"}
	nos := r.PostForm.Get("member_nos")
	f.MemberNos = strings.FieldsFunc(nos, func(c rune) bool {
		return c == ',' || c == '，' || c == '、' || c == ' ' || c == '\n' || c == '\r' || c == '\t'
	})
	list, err := s.store.InviteMembers(r.Context(), f, s.activateURL())
	if err != nil {
		p := invitationsPage{Page: s.page(r, "invite.title"), Form: f, MemberNos: nos}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderInvitations(w, r, st, &p) })
	}
	p := lettersPage{Page: s.page(r, "invite.letters")}
	for _, inv := range list {
		l := letter{Invitation: inv, Link: fmt.Sprintf("%s?code=%s", s.activateURL(), inv.Code)}
		svg, err := qr.SVG(l.Link, p.T("invite.scan"))
		if err != nil {
			return err
		}
		l.QR = template.HTML(svg) // built by internal/qr from escaped text only
		if inv.Mailed {
			p.Mailed++
		}
		p.Letters = append(p.Letters, l)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusCreated, "invitation_letters", &p)
	return nil
}

func (s *Server) activateURL() string { return s.baseURL() + "/activate" }

type activatePage struct {
	Page
	Code string
}

func (s *Server) activatePage(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("code")
	if len(code) > 40 {
		code = ""
	}
	p := activatePage{Page: s.page(r, "invite.activate"), Code: code}
	s.render(w, r, http.StatusOK, "activate", &p)
	return nil
}

// activateThrottle bounds guesses of codes per address.
const (
	activateWindow = 15 * time.Minute
	activateLimit  = 20
)

func (s *Server) activateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.throttle(r.Context(), "activate:"+chamber.AddressKey(clientAddr(r)), activateWindow, activateLimit, "err.apply_throttled"); err != nil {
		return err
	}
	p := activatePage{Page: s.page(r, "invite.activate"), Code: r.PostForm.Get("code")}
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("password2") {
		p.withFieldErrors(&chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields",
			Fields: []chamber.FieldError{{Field: "password2", Key: "err.password_mismatch"}}})
		s.render(w, r, http.StatusUnprocessableEntity, "activate", &p)
		return nil
	}
	u, err := s.store.Activate(r.Context(), p.Code, pw)
	if err != nil {
		return s.formFailed(w, r, err, &p, func(st int) error { s.render(w, r, st, "activate", &p); return nil })
	}
	http.Redirect(w, r, "/login?activated="+u.Username, http.StatusSeeOther)
	return nil
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request) error {
	var f chamber.InviteFilter
	if err := decodeJSON(r, &f); err != nil {
		return err
	}
	list, err := s.store.InviteMembers(r.Context(), f, s.activateURL())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newList(list, ""))
	return nil
}

func (s *Server) apiInvitations(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	list, next, err := s.store.ListInvitations(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, next))
	return nil
}

func (s *Server) apiActivate(w http.ResponseWriter, r *http.Request) error {
	if err := s.throttle(r.Context(), "activate:"+chamber.AddressKey(clientAddr(r)), activateWindow, activateLimit, "err.apply_throttled"); err != nil {
		return err
	}
	var in struct{ Code, Password string }
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.store.Activate(r.Context(), in.Code, in.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}
