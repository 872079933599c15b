package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// InterviewStages and EmploymentKinds list the choices for the templates.
func (p *Page) InterviewStages() []string  { return chamber.InterviewStages }
func (p *Page) InterviewResults() []string { return chamber.InterviewResults }
func (p *Page) EmploymentKinds() []string  { return chamber.EmploymentKinds }

type recruitmentPage struct {
	Page
	Openings  []*chamber.Opening
	Positions []*chamber.Position
	Form      chamber.NewOpening
	Opening   *chamber.Opening
	Applicant *chamber.Applicant
	Att       attachmentBox
	Today     string
	HR        bool // the caller keeps recruitment: the forms show
}

func (s *Server) recruitmentPage(w http.ResponseWriter, r *http.Request) error {
	p := recruitmentPage{Page: s.page(r, "recruit.title"), Form: chamber.NewOpening{Headcount: 1}}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("recruit.saved")
	}
	return s.renderRecruitment(w, r, http.StatusOK, &p)
}

func (s *Server) renderRecruitment(w http.ResponseWriter, r *http.Request, status int, p *recruitmentPage) error {
	var err error
	if p.HR, err = s.store.IsHR(r.Context()); err != nil {
		return err
	}
	if p.Openings, err = s.store.ListOpenings(r.Context(), ""); err != nil {
		return err
	}
	if p.Positions, err = s.store.ListPositions(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "recruitment", p)
	return nil
}

// formIDChecked reads a positive id from a form field; 0 and a field error when bad.
func formIDChecked(v, field string, bad *chamber.Fields) chamber.ID {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if v != "" && (err != nil || id <= 0) {
		bad.Add(field, "err.invalid_value")
		return 0
	}
	return id
}

func (s *Server) openingSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := recruitmentPage{Page: s.page(r, "recruit.title")}
	var bad chamber.Fields
	p.Form = chamber.NewOpening{PositionID: formIDChecked(f.Get("position_id"), "position_id", &bad), Title: f.Get("title"), Description: f.Get("description")}
	if v := strings.TrimSpace(f.Get("headcount")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad.Add("headcount", "err.invalid_value")
		}
		p.Form.Headcount = n
	}
	err := bad.Err()
	if err == nil {
		err = p.Form.Validate() // the form's own mistakes first, as a JSON body's
	}
	var o *chamber.Opening
	if err == nil {
		o, err = s.store.CreateOpening(r.Context(), p.Form)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderRecruitment(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/recruitment/"+strconv.FormatInt(o.ID, 10)+"?done=filed", http.StatusSeeOther)
	return nil
}

func (s *Server) openingPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := recruitmentPage{Page: s.page(r, "recruit.opening")}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("recruit.saved")
	}
	return s.renderOpening(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderOpening(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *recruitmentPage) error {
	var err error
	if p.HR, err = s.store.IsHR(r.Context()); err != nil {
		return err
	}
	if p.Opening, err = s.store.FindOpening(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, status, "opening", p)
	return nil
}

// formAction runs a store call for a form post and redirects to the
// page that shows its result, or re-renders with the field errors (422).
func (s *Server) formAction(w http.ResponseWriter, r *http.Request, do func(id chamber.ID, f map[string][]string) (string, error),
	rerender func(id chamber.ID, p *recruitmentPage) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	to, err := do(id, r.PostForm)
	if err != nil {
		p := recruitmentPage{Page: s.page(r, "recruit.opening"), Today: s.store.Today(r.Context())}
		if !p.withFieldErrors(err) {
			return err
		}
		return rerender(id, &p)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) openingDecideSubmit(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.formAction(w, r, func(id chamber.ID, f map[string][]string) (string, error) {
			_, err := s.store.DecideOpening(r.Context(), id, approve, first(f, "comment"))
			return "/recruitment/" + strconv.FormatInt(id, 10) + "?done=decided", err
		}, func(id chamber.ID, p *recruitmentPage) error {
			return s.renderOpening(w, r, http.StatusUnprocessableEntity, id, p)
		})
	}
}

func (s *Server) openingCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, func(id chamber.ID, f map[string][]string) (string, error) {
		_, err := s.store.CloseOpening(r.Context(), id)
		return "/recruitment/" + strconv.FormatInt(id, 10) + "?done=closed", err
	}, func(id chamber.ID, p *recruitmentPage) error {
		return s.renderOpening(w, r, http.StatusUnprocessableEntity, id, p)
	})
}

func first(f map[string][]string, k string) string {
	if v := f[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (s *Server) applicantSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, func(id chamber.ID, f map[string][]string) (string, error) {
		a, err := s.store.AddApplicant(r.Context(), id, chamber.Applicant{Name: first(f, "name"), Phone: first(f, "phone"), Email: first(f, "email"), Note: first(f, "note")})
		if err != nil {
			return "", err
		}
		return "/applicants/" + strconv.FormatInt(a.ID, 10) + "?done=added", nil
	}, func(id chamber.ID, p *recruitmentPage) error {
		return s.renderOpening(w, r, http.StatusUnprocessableEntity, id, p)
	})
}

func (s *Server) applicantPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := recruitmentPage{Page: s.page(r, "recruit.applicant"), Today: s.store.Today(r.Context())}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("recruit.saved")
	}
	return s.renderApplicant(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderApplicant(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *recruitmentPage) error {
	var err error
	if p.Applicant, err = s.store.FindApplicant(r.Context(), id); err != nil {
		return err
	}
	if p.Opening, err = s.store.FindOpening(r.Context(), p.Applicant.OpeningID); err != nil {
		return err
	}
	p.Att = s.attachments(r, chamber.OwnerApplicant, id)
	s.render(w, r, status, "applicant", p)
	return nil
}

func (s *Server) applicantAction(w http.ResponseWriter, r *http.Request, do func(id chamber.ID, f map[string][]string) error) error {
	return s.formAction(w, r, func(id chamber.ID, f map[string][]string) (string, error) {
		return "/applicants/" + strconv.FormatInt(id, 10) + "?done=saved", do(id, f)
	}, func(id chamber.ID, p *recruitmentPage) error {
		return s.renderApplicant(w, r, http.StatusUnprocessableEntity, id, p)
	})
}

func (s *Server) interviewSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.applicantAction(w, r, func(id chamber.ID, f map[string][]string) error {
		_, err := s.store.AddInterview(r.Context(), id, chamber.Interview{Stage: first(f, "stage"), Date: first(f, "date"), Notes: first(f, "notes"), Result: first(f, "result")})
		return err
	})
}

func (s *Server) applicantRejectSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.applicantAction(w, r, func(id chamber.ID, f map[string][]string) error {
		_, err := s.store.RejectApplicant(r.Context(), id, first(f, "note"))
		return err
	})
}

func (s *Server) hireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.applicantAction(w, r, func(id chamber.ID, f map[string][]string) error {
		var bad chamber.Fields
		h := chamber.Hire{UserID: formIDChecked(first(f, "user_id"), "user_id", &bad), Username: first(f, "username"), HiredOn: first(f, "hired_on"),
			Employment: first(f, "employment"), ContractStartsOn: first(f, "contract_starts_on"), ContractEndsOn: first(f, "contract_ends_on")}
		if err := bad.Err(); err != nil {
			return err
		}
		_, err := s.store.HireApplicant(r.Context(), id, h)
		return err
	})
}
