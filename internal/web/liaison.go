package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

// The member contact log (会员联系、考察): a section of the member's page,
// a list of members nobody has contacted for months, and the API.

func (s *Server) liaisonRoutes() []*route {
	read, write := chamber.PermMemberRead, chamber.PermMemberWrite
	return []*route{
		perm("POST", "/members/{id}/liaison", write, s.liaisonSubmit),
		perm("GET", "/members/unvisited", read, s.unvisitedPage),
		api(perm("POST", "/api/v1/members/{id}/liaison", write, s.apiLiaisonLog), "Record a visit, call, meeting or message with a member (会员联系、考察)", "Liaison"),
		api(perm("GET", "/api/v1/members/{id}/liaison", read, s.apiLiaisonList), "A member's contact log, latest first", ""),
		api(perm("GET", "/api/v1/members/unvisited", read, s.apiUnvisited), "Active members not contacted for ?months= (default 6), never contacted first", ""),
		api(perm("GET", "/api/v1/members/liaison", read, s.apiLiaisonAll), "The contact log of every member, latest first: who contacted whom, when (?user_id= the staff member, ?from=, ?to=)", ""),
		api(perm("GET", "/api/v1/members/liaison-by-staff", read, s.apiLiaisonByStaff), "Each staff member's contacts ?from= ?to=: how many, with how many members, the latest", ""),
	}
}

func liaisonSchemas(o obj) obj {
	o["Liaison"] = oaObject([]string{"date", "kind", "summary"}, obj{"date": oaDate, "kind": oaEnum(chamber.LiaisonKinds...),
		"summary": obj{"type": "string", "maxLength": 2000}})
	return o
}

func (s *Server) liaisonSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := chamber.Liaison{MemberID: id, Date: r.PostForm.Get("date"), Kind: r.PostForm.Get("kind"), Summary: r.PostForm.Get("summary")}
	if _, err := s.store.LogLiaison(r.Context(), l); err != nil {
		p := memberPage{}
		v, verr := s.memberView(r, "member.title")
		if verr != nil {
			return verr
		}
		p.memberView, p.LiaisonForm = v, l
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderMember(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/members/%d#liaison", id), http.StatusSeeOther)
	return nil
}

// unvisitedBefore is the cut-off date of ?months= (1–60, default 6).
func (s *Server) unvisitedBefore(r *http.Request, loc *time.Location) (string, int, error) {
	months := 6
	if v := r.URL.Query().Get("months"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 60 {
			return "", 0, &chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields",
				Fields: []chamber.FieldError{{Field: "months", Key: "err.invalid_value"}}}
		}
		months = n
	}
	return s.clock.Now().In(loc).AddDate(0, -months, 0).Format("2006-01-02"), months, nil
}

type unvisitedPage struct {
	memberView
	Months       int
	Rows         []*chamber.Unvisited
	Cursor, Next string
	// The contact log per staff member (?user_id=, ?from=, ?to=, ?lcursor=).
	Log       []*chamber.Liaison
	LogFilter chamber.LiaisonFilter
	LogCursor string
	LogNext   string
	Staff     []chamber.LiaisonStaff
}

// liaisonFilter reads ?user_id=, ?from= and ?to=.
func liaisonFilter(r *http.Request) (chamber.LiaisonFilter, error) {
	q := r.URL.Query()
	f := chamber.LiaisonFilter{From: q.Get("from"), To: q.Get("to")}
	if v := q.Get("user_id"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, fieldErr("user_id", "err.invalid_value")
		}
		f.UserID = id
	}
	return f, nil
}

func (s *Server) unvisitedPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.memberView(r, "unvisited.title")
	if err != nil {
		return err
	}
	p := unvisitedPage{memberView: v}
	before, months, err := s.unvisitedBefore(r, p.loc)
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Months, p.Cursor = months, pg.Cursor
	if p.Rows, p.Next, err = s.store.Unvisited(r.Context(), before, pg); err != nil {
		return err
	}
	status := http.StatusOK
	if p.LogFilter, err = liaisonFilter(r); err == nil {
		p.LogCursor = r.URL.Query().Get("lcursor")
		if p.Log, p.LogNext, err = s.store.LiaisonLog(r.Context(), p.LogFilter, chamber.Page{Cursor: p.LogCursor, Limit: 50}); err == nil {
			p.Staff, err = s.store.LiaisonByStaff(r.Context(), p.LogFilter.From, p.LogFilter.To)
		}
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "unvisited", &p)
	return nil
}

// LogQuery is the log filter as a query string (for the pager and links).
func (p *unvisitedPage) LogQuery(userID chamber.ID) string {
	v := url.Values{"months": {strconv.Itoa(p.Months)}}
	if userID != 0 {
		v.Set("user_id", strconv.FormatInt(userID, 10))
	}
	if p.LogFilter.From != "" {
		v.Set("from", p.LogFilter.From)
	}
	if p.LogFilter.To != "" {
		v.Set("to", p.LogFilter.To)
	}
	return v.Encode()
}

func (s *Server) apiLiaisonAll(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, liaisonFilter, s.store.LiaisonLog)
}

func (s *Server) apiLiaisonByStaff(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.store.LiaisonByStaff(r.Context(), r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rows, ""))
	return nil
}

func (s *Server) apiLiaisonLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var l chamber.Liaison
	if err := decodeJSON(r, &l); err != nil {
		return err
	}
	l.MemberID = id
	out, err := s.store.LogLiaison(r.Context(), l)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiLiaisonList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMember(r.Context(), id); err != nil {
		return err
	}
	list, err := s.store.MemberLiaison(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
	return nil
}

func (s *Server) apiUnvisited(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	before, _, err := s.unvisitedBefore(r, st.Location())
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	rows, next, err := s.store.Unvisited(r.Context(), before, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rows, next))
	return nil
}
