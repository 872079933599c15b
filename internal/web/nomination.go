package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// The register of nominations (代表人士政治安排推荐, 职称评定推荐): page and API.

func (s *Server) nominationRoutes() []*route {
	read, write := chamber.PermMemberRead, chamber.PermMemberWrite
	return []*route{
		perm("GET", "/nominations", read, s.nominationsPage),
		perm("POST", "/nominations", write, s.nominationSubmit),
		perm("POST", "/nominations/{id}/decision", write, s.nominationDecisionSubmit),
		api(perm("POST", "/api/v1/nominations", write, s.apiNominationPropose), "Propose a member's representative (political arrangement, title, honour); the basis is compiled from the records", "Nomination"),
		api(perm("GET", "/api/v1/nominations", read, s.apiNominations), "The register of nominations, newest first", ""),
		api(perm("POST", "/api/v1/nominations/{id}/decision", write, s.apiNominationDecide), "Record the deciding body's decision (approved or rejected; once: 409 after)", "NominationDecision"),
	}
}

func nominationSchemas(o obj) obj {
	o["Nomination"] = oaObject([]string{"member_id", "person", "kind", "reason"}, obj{"member_id": oaInteger,
		"person": obj{"type": "string", "maxLength": 100}, "kind": oaEnum(chamber.NominationKinds...), "reason": obj{"type": "string", "maxLength": 2000}})
	o["NominationDecision"] = oaObject([]string{"status", "body_id", "decided_on"}, obj{"status": oaEnum("approved", "rejected"),
		"body_id": oaInteger, "decided_on": oaDate, "note": obj{"type": "string", "maxLength": 2000}})
	return o
}

type nominationsPage struct {
	memberView
	Nominations  []*chamber.Nomination
	Bodies       []*chamber.Body
	Cursor, Next string
	Form         chamber.Nomination
	MemberNo     string
	Today        string
}

func (p *nominationsPage) NominationKinds() []string { return chamber.NominationKinds }

func (s *Server) renderNominations(w http.ResponseWriter, r *http.Request, status int, p *nominationsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Nominations, p.Next, err = s.store.ListNominations(r.Context(), pg); err != nil {
		return err
	}
	if p.Bodies, err = s.store.ListBodies(r.Context()); err != nil {
		return err
	}
	p.Cursor, p.Today = pg.Cursor, s.clock.Now().In(p.loc).Format("2006-01-02")
	s.render(w, r, status, "nominations", p)
	return nil
}

func (s *Server) nominationsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.memberView(r, "nomination.title")
	if err != nil {
		return err
	}
	return s.renderNominations(w, r, http.StatusOK, &nominationsPage{memberView: v})
}

func (s *Server) nominationSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := s.memberView(r, "nomination.title")
	if err != nil {
		return err
	}
	p := nominationsPage{memberView: v, MemberNo: strings.TrimSpace(r.PostForm.Get("member_no")),
		Form: chamber.Nomination{Person: r.PostForm.Get("person"), Kind: r.PostForm.Get("kind"), Reason: r.PostForm.Get("reason")}}
	// The member is typed by its 会员编号.
	list, _, err := s.store.ListMembers(r.Context(), chamber.MemberFilter{Q: p.MemberNo}, chamber.Page{Limit: 5})
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.MemberNo == p.MemberNo {
			p.Form.MemberID = m.ID
		}
	}
	if p.Form.MemberID == 0 {
		err = &chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields", Fields: []chamber.FieldError{{Field: "member_no", Key: "err.member_no_unknown", Args: []any{p.MemberNo}}}}
	} else {
		_, err = s.store.ProposeNomination(r.Context(), p.Form)
	}
	if err != nil {
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderNominations(w, r, st, &p) })
	}
	http.Redirect(w, r, "/nominations", http.StatusSeeOther)
	return nil
}

func (s *Server) nominationDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	body, _ := strconv.ParseInt(r.PostForm.Get("body_id"), 10, 64)
	if _, err := s.store.DecideNomination(r.Context(), id, r.PostForm.Get("status"), body, r.PostForm.Get("decided_on"), r.PostForm.Get("note")); err != nil {
		v, verr := s.memberView(r, "nomination.title")
		if verr != nil {
			return verr
		}
		p := nominationsPage{memberView: v}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderNominations(w, r, st, &p) })
	}
	http.Redirect(w, r, "/nominations", http.StatusSeeOther)
	return nil
}

func (s *Server) apiNominationPropose(w http.ResponseWriter, r *http.Request) error {
	var n chamber.Nomination
	if err := decodeJSON(r, &n); err != nil {
		return err
	}
	out, err := s.store.ProposeNomination(r.Context(), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiNominations(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	list, next, err := s.store.ListNominations(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, next))
	return nil
}

func (s *Server) apiNominationDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Status    string     `json:"status"`
		BodyID    chamber.ID `json:"body_id"`
		DecidedOn string     `json:"decided_on"`
		Note      string     `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.store.DecideNomination(r.Context(), id, in.Status, in.BodyID, in.DecidedOn, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
