package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

type auditPage struct {
	Page
	Records      []auditView
	Entity       string
	ByActor      string // the username filter (Page.Actor is the login)
	Cursor, Next string
	Verify       *chamber.VerifyResult
}

// auditView is one audit record as a reader sees it: what was done in
// words and what changed, field by field; the raw record stays at hand.
type auditView struct {
	*chamber.AuditRecord
	Changes []auditChange
}

type auditChange struct {
	Field, From, To string
	New             bool // a value recorded at creation: no "before"
}

// Kinds are the kinds of record to filter by, named.
func (p *auditPage) Kinds() []string {
	var out []string
	for _, k := range i18n.Keys() {
		if e, ok := strings.CutPrefix(k, "audit.entity."); ok {
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}

// ActionName reads an action such as "member.create" as 会员 · 新建: a name
// of its own when the catalog has one, else its kind and its verb.
func (p *Page) ActionName(action string) string {
	if i18n.Has("audit.action." + action) {
		return p.T("audit.action." + action)
	}
	entity, verb, ok := strings.Cut(action, ".")
	if !ok {
		return p.Code("audit.entity", action)
	}
	return p.Code("audit.entity", entity) + " · " + p.Code("audit.verb", verb)
}

// auditChanges compares the before and after of a record key by key; a
// record that is not two objects shows its after (or before) as one line.
func auditChanges(p *Page, before, after json.RawMessage) []auditChange {
	var b, a map[string]json.RawMessage
	bOK := len(before) == 0 || json.Unmarshal(before, &b) == nil
	aOK := len(after) == 0 || json.Unmarshal(after, &a) == nil
	if !bOK || !aOK {
		return []auditChange{{From: showJSON(before), To: showJSON(after)}}
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []auditChange
	for _, k := range names {
		bv, inB := b[k]
		av, inA := a[k]
		if inB && inA && bytes.Equal(bv, av) {
			continue
		}
		c := auditChange{Field: p.FieldName(k), From: p.showValue(k, bv), To: p.showValue(k, av), New: len(before) == 0}
		if len(b) > 0 && !inB {
			c.From = p.T("audit.field_added")
		}
		if len(a) > 0 && !inA {
			c.To = p.T("audit.field_removed")
		}
		out = append(out, c)
	}
	return out
}

// FieldName names a recorded field in the page's language where the
// catalog knows it (member fields and the common ones), else as stored.
func (p *Page) FieldName(k string) string {
	for _, key := range []string{"field." + k, "member." + k} {
		if i18n.Has(key) {
			return p.T(key)
		}
	}
	return k
}

// showValue shows a recorded value for a reader: amounts in fen as yuan,
// times in the chamber's zone, the rest as showJSON does.
func (p *Page) showValue(field string, v json.RawMessage) string {
	if strings.HasSuffix(field, "_fen") {
		var n int64
		if json.Unmarshal(v, &n) == nil {
			return chamber.FormatYuan(n)
		}
	}
	var s string
	if json.Unmarshal(v, &s) == nil && len(s) >= 20 && s[4] == '-' && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return p.DateTime(t)
		}
	}
	return showJSON(v)
}

// showJSON shows a recorded value: text without quotes, null as —.
func showJSON(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return "—"
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if s == "" {
			return "—"
		}
		return s
	}
	return string(v)
}

func auditFilter(r *http.Request) (chamber.AuditFilter, error) {
	q := r.URL.Query()
	f := chamber.AuditFilter{Entity: strings.TrimSpace(q.Get("entity")), Actor: strings.TrimSpace(q.Get("actor"))}
	if len(f.Entity) > 50 || len(f.Actor) > 100 {
		return f, chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if v := q.Get("entity_id"); v != "" {
		r2 := r.Clone(r.Context())
		r2.SetPathValue("id", v)
		id, err := pathID(r2, "id")
		if err != nil {
			return f, chamber.Errorf(chamber.EBADREQUEST, "err.bad_id")
		}
		f.EntityID = id
	}
	return f, nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := auditPage{Page: s.page(r, "audit.title"), Entity: f.Entity, ByActor: f.Actor, Cursor: pg.Cursor}
	recs, next, err := s.store.ListAudit(r.Context(), f, pg)
	if err != nil {
		return err
	}
	p.Next = next
	for _, rec := range recs {
		p.Records = append(p.Records, auditView{AuditRecord: rec, Changes: auditChanges(&p.Page, rec.Before, rec.After)})
	}
	if r.URL.Query().Get("verify") == "1" {
		if p.Verify, err = s.store.VerifyAudit(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "audit", &p)
	return nil
}

func (s *Server) apiAuditList(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	recs, next, err := s.store.ListAudit(r.Context(), f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(recs, next))
	return nil
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// apiAuditHead is the chain head to anchor outside the database
// (chamber verify --head SEQ:HASH proves later that the chain still holds it).
func (s *Server) apiAuditHead(w http.ResponseWriter, r *http.Request) error {
	h, err := s.store.AuditHead(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}
