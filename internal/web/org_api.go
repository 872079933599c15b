package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// dateParam reads ?date= (default: today in the chamber's zone).
func (s *Server) dateParam(r *http.Request) (string, error) {
	d := strings.TrimSpace(r.URL.Query().Get("date"))
	if d == "" {
		return s.store.Today(r.Context()), nil
	}
	if _, ok := chamber.ParseDate(d); !ok {
		return "", &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields",
			Fields: []chamber.FieldError{{Field: "date", Key: "err.date"}}}
	}
	return d, nil
}

func (s *Server) apiOrgTree(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	tree, err := s.store.OrgTree(r.Context(), date)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"date": date, "items": tree, "next_cursor": ""})
	return nil
}

func (s *Server) apiOrgChart(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	svg, err := s.orgChartSVG(r, date)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(svg)
	return err
}

func (s *Server) apiBodyList(w http.ResponseWriter, r *http.Request) error {
	bodies, err := s.store.ListBodies(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, bodies)
}

func (s *Server) apiBodyGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.store.FindBody(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (s *Server) apiBodyCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Body
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = 0
	b, err := s.store.CreateBody(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

// bodyPatch: only the fields given change.
type bodyPatch struct {
	Name          *string `json:"name"`
	Code          *string `json:"code"`
	Kind          *string `json:"kind"`
	CommitteeKind *string `json:"committee_kind"`
	ParentID      *int64  `json:"parent_id"`
	Seats         *int    `json:"seats"`
	Description   *string `json:"description"`
	Sort          *int    `json:"sort"`
	Since         *string `json:"since"`
	Until         *string `json:"until"`
}

func (s *Server) apiBodyPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in bodyPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b, err := s.store.FindBody(r.Context(), id)
	if err != nil {
		return err
	}
	setIf(&b.Name, in.Name)
	setIf(&b.Code, in.Code)
	setIf(&b.Kind, in.Kind)
	setIf(&b.CommitteeKind, in.CommitteeKind)
	setIf(&b.ParentID, in.ParentID)
	setIf(&b.Seats, in.Seats)
	setIf(&b.Description, in.Description)
	setIf(&b.Sort, in.Sort)
	setIf(&b.Since, in.Since)
	setIf(&b.Until, in.Until)
	out, err := s.store.UpdateBody(r.Context(), *b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) apiTermList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindBody(r.Context(), id); err != nil {
		return err
	}
	terms, err := s.store.ListTerms(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, terms)
}

type termIn struct {
	Number   int    `json:"number"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on"`
}

func (s *Server) apiTermCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in termIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t, err := s.store.CreateTerm(r.Context(), chamber.Term{BodyID: id, Number: in.Number, StartsOn: in.StartsOn, EndsOn: in.EndsOn})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) apiSeats(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	if _, err := s.store.FindBody(r.Context(), id); err != nil {
		return err
	}
	posts, err := s.store.HoldersOn(r.Context(), 0, id, date)
	if err != nil {
		return err
	}
	return writePaged(w, r, posts)
}

func (s *Server) apiDepartmentList(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.store.ListDepartments(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ds)
}

func (s *Server) apiDepartmentCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Department
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = 0
	d, err := s.store.CreateDepartment(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

type departmentPatch struct {
	Name   *string `json:"name"`
	Code   *string `json:"code"`
	BodyID *int64  `json:"body_id"`
	Duties *string `json:"duties"`
	Sort   *int    `json:"sort"`
	Since  *string `json:"since"`
	Until  *string `json:"until"`
}

func (s *Server) apiDepartmentPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in departmentPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.FindDepartment(r.Context(), id)
	if err != nil {
		return err
	}
	setIf(&d.Name, in.Name)
	setIf(&d.Code, in.Code)
	setIf(&d.BodyID, in.BodyID)
	setIf(&d.Duties, in.Duties)
	setIf(&d.Sort, in.Sort)
	setIf(&d.Since, in.Since)
	setIf(&d.Until, in.Until)
	out, err := s.store.UpdateDepartment(r.Context(), *d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiPositionList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.store.ListPositions(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ps)
}

func (s *Server) apiPositionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.store.FindPosition(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPositionCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Position
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = 0
	if in.Headcount == 0 {
		in.Headcount = 1
	}
	p, err := s.store.CreatePosition(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

type positionPatch struct {
	Name         *string `json:"name"`
	Code         *string `json:"code"`
	DepartmentID *int64  `json:"department_id"`
	BodyID       *int64  `json:"body_id"`
	Rank         *int    `json:"rank"`
	ReportsTo    *int64  `json:"reports_to"`
	Headcount    *int    `json:"headcount"`
	Duties       *string `json:"duties"`
	Sort         *int    `json:"sort"`
	Since        *string `json:"since"`
	Until        *string `json:"until"`
}

func (s *Server) apiPositionPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in positionPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.FindPosition(r.Context(), id)
	if err != nil {
		return err
	}
	setIf(&p.Name, in.Name)
	setIf(&p.Code, in.Code)
	setIf(&p.DepartmentID, in.DepartmentID)
	setIf(&p.BodyID, in.BodyID)
	setIf(&p.Rank, in.Rank)
	setIf(&p.ReportsTo, in.ReportsTo)
	setIf(&p.Headcount, in.Headcount)
	setIf(&p.Duties, in.Duties)
	setIf(&p.Sort, in.Sort)
	setIf(&p.Since, in.Since)
	setIf(&p.Until, in.Until)
	out, err := s.store.UpdatePosition(r.Context(), *p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiHolders(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindPosition(r.Context(), id); err != nil {
		return err
	}
	var posts []*chamber.Post
	if r.URL.Query().Get("date") == "all" {
		posts, err = s.store.PostsOf(r.Context(), id, 0)
	} else {
		date, derr := s.dateParam(r)
		if derr != nil {
			return derr
		}
		posts, err = s.store.HoldersOn(r.Context(), id, 0, date)
	}
	if err != nil {
		return err
	}
	return writePaged(w, r, posts)
}

func (s *Server) apiAppoint(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Post
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = 0
	p, err := s.store.Appoint(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

type endPostIn struct {
	EndsOn string `json:"ends_on"`
}

func (s *Server) apiEndPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in endPostIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.EndPost(r.Context(), id, in.EndsOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiGrants(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.store.Grants(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, gs)
}

type grantsIn struct {
	Permissions []chamber.Permission `json:"permissions"`
}

func (s *Server) apiSetGrants(w http.ResponseWriter, r *http.Request) error {
	kind, subject := r.PathValue("kind"), r.PathValue("subject")
	var in grantsIn
	if err := decodeFull(r, &in, "permissions"); err != nil { // a full list: [] grants nothing, null or {} is refused
		return err
	}
	if in.Permissions == nil {
		in.Permissions = []chamber.Permission{}
	}
	if err := s.store.SetGrants(r.Context(), kind, subject, in.Permissions); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"subject_kind": kind, "subject": subject, "permissions": in.Permissions})
	return nil
}

func (s *Server) apiWhoMay(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	users, err := s.store.WhoMay(r.Context(), chamber.Permission(r.URL.Query().Get("permission")), date)
	if err != nil {
		return err
	}
	return writePaged(w, r, users)
}

func (s *Server) apiApprovalChain(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	uid, err := strconv.ParseInt(r.URL.Query().Get("user_id"), 10, 64)
	if err != nil || uid <= 0 {
		return &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields",
			Fields: []chamber.FieldError{{Field: "user_id", Key: "err.invalid_value"}}}
	}
	chain, err := s.store.ApprovalChain(r.Context(), uid, date)
	if err != nil {
		return err
	}
	return writePaged(w, r, chain)
}
