package web

import (
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
)

type auditPage struct {
	Page
	Records      []*chamber.AuditRecord
	Entity       string
	Cursor, Next string
	Verify       *chamber.VerifyResult
}

func auditFilter(r *http.Request) (chamber.AuditFilter, error) {
	q := r.URL.Query()
	f := chamber.AuditFilter{Entity: strings.TrimSpace(q.Get("entity"))}
	if len(f.Entity) > 50 {
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
	p := auditPage{Page: s.page(r, "audit.title"), Entity: f.Entity, Cursor: pg.Cursor}
	if p.Records, p.Next, err = s.store.ListAudit(r.Context(), f, pg); err != nil {
		return err
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
