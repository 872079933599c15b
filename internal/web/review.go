package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// reviewRoutes are the annual reviews (述职考核).
func (s *Server) reviewRoutes() []*route {
	hr := chamber.PermStaffManage
	return []*route{
		user("GET", "/reviews", s.annualReviewsPageH),
		perm("POST", "/reviews", hr, s.reviewCreate),
		user("GET", "/reviews/{id}", s.reviewPage),
		user("POST", "/reviews/{id}/report", s.reviewForm("report")),
		user("POST", "/reviews/{id}/scores", s.reviewForm("score")),
		perm("POST", "/reviews/{id}/conclude", hr, s.reviewForm("conclude")),

		api(perm("POST", "/api/v1/reviews", hr, s.apiReviewCreate), "Open a subject's annual review (述职考核) of a year, with the facts compiled from that year's records; subject_id is a login (staff), a branch body or a member (council_member); reviewers and weights default to the org chart's superior and peers", "NewReview"),
		api(user("GET", "/api/v1/reviews", s.apiReviewList), "Annual reviews (?year=, ?subject_kind=): all for staff.manage, else those the caller writes or scores", ""),
		api(user("GET", "/api/v1/reviews/{id}", s.apiReviewGet), "One review with facts, report, scores, weighted total and suggested grade (HR, the subject, its reviewers)", ""),
		api(user("POST", "/api/v1/reviews/{id}/report", s.apiReviewAction("report")), "The subject writes its 述职报告 (the subject's login only: 403 otherwise)", "ReviewReport"),
		api(user("POST", "/api/v1/reviews/{id}/scores", s.apiReviewAction("score")), "A reviewer's score 0–100 (reviewers only: 403 otherwise)", "ReviewScore"),
		api(perm("POST", "/api/v1/reviews/{id}/reviewers", hr, s.apiReviewAction("reviewer")), "Add a reviewer: superior, peer or panel (a member panel for branches)", "ReviewReviewer"),
		api(perm("POST", "/api/v1/reviews/{id}/conclude", hr, s.apiReviewAction("conclude")), "Fix the grade (优秀 excellent, 称职 competent, 基本称职 basic, 不称职 incompetent); without one the weighted total's", "ReviewConclude"),
	}
}

func reviewSchemas() obj {
	return obj{
		"NewReview": oaObject([]string{"year", "subject_kind", "subject_id"}, obj{"year": oaInteger, "subject_kind": oaEnum(chamber.ReviewSubjects...),
			"subject_id": oaInteger, "weights": obj{"type": "object", "additionalProperties": oaInteger, "description": "percent per role: superior, peer, panel"},
			"reviewers": oaArray(oaObject([]string{"user_id", "role"}, obj{"user_id": oaInteger, "role": oaEnum(chamber.ReviewRoles...)}))}),
		"ReviewReport":   oaObject([]string{"text"}, obj{"text": oaString}),
		"ReviewScore":    oaObject([]string{"score"}, obj{"score": oaInteger, "comment": oaString}),
		"ReviewReviewer": oaObject([]string{"user_id", "role"}, obj{"user_id": oaInteger, "role": oaEnum(chamber.ReviewRoles...)}),
		"ReviewConclude": oaObject(nil, obj{"grade": oaEnum(chamber.ReviewGrades...)}),
	}
}

// reviewAction200: writing a report and concluding change the review.
func reviewAction200(pattern string) bool {
	return strings.HasPrefix(pattern, "/api/v1/reviews/{id}/") && (strings.HasSuffix(pattern, "/report") || strings.HasSuffix(pattern, "/conclude"))
}

// ReviewGrades and ReviewSubjects feed the templates.
func (p *Page) ReviewGrades() []string   { return chamber.ReviewGrades }
func (p *Page) ReviewSubjects() []string { return chamber.ReviewSubjects }

type reviewAction struct {
	Text    string     `json:"text"`
	Score   *int       `json:"score"`
	Comment string     `json:"comment"`
	Grade   string     `json:"grade"`
	UserID  chamber.ID `json:"user_id"`
	Role    string     `json:"role"`
}

func (s *Server) doReview(r *http.Request, id chamber.ID, what string, in reviewAction) (*chamber.AnnualReview, error) {
	ctx := r.Context()
	switch what {
	case "report":
		return s.store.WriteAnnualReport(ctx, id, in.Text)
	case "score":
		if in.Score == nil {
			return nil, fieldErr("score", "err.required")
		}
		return s.store.ScoreAnnualReview(ctx, id, *in.Score, in.Comment)
	case "reviewer":
		return s.store.AddAnnualReviewer(ctx, id, chamber.ReviewReviewer{UserID: in.UserID, Role: in.Role})
	}
	return s.store.ConcludeAnnualReview(ctx, id, in.Grade)
}

func (s *Server) apiReviewCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewReview
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rv, err := s.store.CreateAnnualReview(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rv)
	return nil
}

func reviewFilter(r *http.Request) (chamber.ReviewFilter, error) {
	var f chamber.ReviewFilter
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return f, fieldErr("year", "err.invalid_value")
		}
		f.Year = y
	}
	if f.SubjectKind = r.URL.Query().Get("subject_kind"); f.SubjectKind != "" && !containsString(chamber.ReviewSubjects, f.SubjectKind) {
		return f, fieldErr("subject_kind", "err.invalid_value")
	}
	return f, nil
}

func (s *Server) apiReviewList(w http.ResponseWriter, r *http.Request) error {
	f, err := reviewFilter(r)
	if err != nil {
		return err
	}
	list, err := s.store.ListAnnualReviews(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
	return nil
}

func (s *Server) apiReviewGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rv, err := s.store.FindAnnualReview(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rv)
	return nil
}

func (s *Server) apiReviewAction(what string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in reviewAction
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		rv, err := s.doReview(r, id, what, in)
		if err != nil {
			return err
		}
		status := http.StatusCreated
		if reviewAction200("/api/v1/reviews/{id}/" + what) {
			status = http.StatusOK
		}
		writeJSON(w, status, rv)
		return nil
	}
}

type annualReviewsPage struct {
	Page
	Year    int
	Years   []int
	Groups  []reviewGroup
	Review  *chamber.AnnualReview
	Form    chamber.NewReview
	Subject string
	Staff   []*chamber.Staff // the register, to pick a staff subject
}

type reviewGroup struct {
	Department string
	Reviews    []*chamber.AnnualReview
}

func (s *Server) annualReviewsPageH(w http.ResponseWriter, r *http.Request) error {
	p := annualReviewsPage{Page: s.page(r, "review.title")}
	return s.renderReviews(w, r, http.StatusOK, &p)
}

func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, p *annualReviewsPage) error {
	this := atoiYear(s.store.Today(r.Context()))
	p.Year = this - 1
	if v, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && v >= 2000 && v <= 2100 {
		p.Year = v
	} else if all, err := s.store.ListAnnualReviews(r.Context(), chamber.ReviewFilter{}); err != nil {
		return err
	} else if len(all) > 0 {
		p.Year = all[0].Year // the latest year reviewed
	}
	for y := this; y > this-5; y-- {
		p.Years = append(p.Years, y)
	}
	if p.Form.Year == 0 {
		p.Form.Year = p.Year
	}
	list, err := s.store.ListAnnualReviews(r.Context(), chamber.ReviewFilter{Year: p.Year})
	if err != nil {
		return err
	}
	for _, rv := range list {
		if n := len(p.Groups); n == 0 || p.Groups[n-1].Department != rv.Department {
			p.Groups = append(p.Groups, reviewGroup{Department: rv.Department})
		}
		g := &p.Groups[len(p.Groups)-1]
		g.Reviews = append(g.Reviews, rv)
	}
	if p.Actor.Can(chamber.PermStaffManage) {
		if p.Staff, err = s.store.ListStaff(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, status, "reviews", p)
	return nil
}

func (s *Server) reviewCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	p := annualReviewsPage{Page: s.page(r, "review.title"), Subject: f.Get("subject_id")}
	p.Form.SubjectKind = f.Get("subject_kind")
	p.Form.Year, _ = strconv.Atoi(f.Get("year"))
	p.Form.SubjectID, _ = strconv.ParseInt(strings.TrimSpace(p.Subject), 10, 64)
	rv, err := s.store.CreateAnnualReview(r.Context(), p.Form)
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderReviews(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/reviews/"+strconv.FormatInt(rv.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := annualReviewsPage{Page: s.page(r, "review.title")}
	if p.Review, err = s.store.FindAnnualReview(r.Context(), id); err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("review.saved")
	}
	s.render(w, r, http.StatusOK, "review", &p)
	return nil
}

func (s *Server) reviewForm(what string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		f := r.PostForm
		in := reviewAction{Text: f.Get("text"), Comment: f.Get("comment"), Grade: f.Get("grade")}
		if v := strings.TrimSpace(f.Get("score")); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1
			}
			in.Score = &n
		}
		if _, err := s.doReview(r, id, what, in); err != nil {
			p := annualReviewsPage{Page: s.page(r, "review.title")}
			if !p.withFieldErrors(err) {
				return err
			}
			if p.Review, err = s.store.FindAnnualReview(r.Context(), id); err != nil {
				return err
			}
			if p.FormError == "" {
				p.FormError = p.T("err.invalid_fields")
			}
			s.render(w, r, http.StatusUnprocessableEntity, "review", &p)
			return nil
		}
		http.Redirect(w, r, "/reviews/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
		return nil
	}
}
