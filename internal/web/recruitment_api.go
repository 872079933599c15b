package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// recruitmentRoutes are recruitment's (招聘) pages and API: openings
// approved up to the 秘书长, applicants with CVs, interviews and the hire.
func (s *Server) recruitmentRoutes() []*route {
	const hr = chamber.PermStaffManage
	return []*route{
		perm("GET", "/recruitment", hr, s.recruitmentPage),
		perm("POST", "/recruitment", hr, s.openingSubmit),
		user("GET", "/recruitment/{id}", s.openingPage),
		user("POST", "/recruitment/{id}/approve", s.openingDecideSubmit(true)),
		user("POST", "/recruitment/{id}/reject", s.openingDecideSubmit(false)),
		perm("POST", "/recruitment/{id}/close", hr, s.openingCloseSubmit),
		perm("POST", "/recruitment/{id}/applicants", hr, s.applicantSubmit),
		perm("GET", "/applicants/{id}", hr, s.applicantPage),
		perm("POST", "/applicants/{id}/interviews", hr, s.interviewSubmit),
		perm("POST", "/applicants/{id}/reject", hr, s.applicantRejectSubmit),
		perm("POST", "/applicants/{id}/hire", hr, s.hireSubmit),

		api(perm("POST", "/api/v1/openings", hr, s.apiOpeningCreate), "Open a vacancy for a position (HR); it goes up the requester's approval chain to the 秘书长 (status pending)", "NewOpening"),
		api(perm("GET", "/api/v1/openings", hr, s.apiOpeningList), "Openings, newest first (HR); ?status=pending|open|rejected|closed", ""),
		api(user("GET", "/api/v1/openings/{id}", s.apiOpeningGet), "One opening with its approval steps; for HR also its applicants (404 to others than HR and its approvers)", ""),
		api(user("POST", "/api/v1/openings/{id}/approve", s.apiOpeningDecide(true)), "Approve as the current approver (403 otherwise); the last approval opens it", "LeaveDecision"),
		api(user("POST", "/api/v1/openings/{id}/reject", s.apiOpeningDecide(false)), "Reject as the current approver (403 otherwise)", "LeaveDecision"),
		api(perm("POST", "/api/v1/openings/{id}/close", hr, s.apiOpeningClose), "Withdraw a pending or open opening (HR; 409 once closed)", ""),
		api(perm("POST", "/api/v1/openings/{id}/applicants", hr, s.apiApplicantCreate), "Record an applicant of an open opening (HR; 409 when not open); the CV is an attachment of owner_kind applicant", "Applicant"),
		api(perm("GET", "/api/v1/applicants/{id}", hr, s.apiApplicantGet), "One applicant with the interviews (HR)", ""),
		api(perm("POST", "/api/v1/applicants/{id}/interviews", hr, s.apiInterviewCreate), "Record an interview step with notes; the caller is the interviewer", "Interview"),
		api(perm("POST", "/api/v1/applicants/{id}/reject", hr, s.apiApplicantReject), "Turn an applicant down (409 once hired or rejected)", "ApplicantReject"),
		api(perm("POST", "/api/v1/applicants/{id}/hire", hr, s.apiApplicantHire), "Hire: the login (user_id, or a new disabled one by username), the staff record and the appointment to the opening's position from hired_on, in one transaction; the opening closes when its headcount is reached", "Hire"),
	}
}

func recruitmentSchemas() obj {
	return obj{
		"NewOpening": oaObject([]string{"position_id", "title"}, obj{"position_id": oaInteger, "title": oaString, "headcount": oaInteger, "description": oaString}),
		"Applicant":  oaObject([]string{"name"}, obj{"name": oaString, "phone": oaString, "email": oaString, "note": oaString}),
		"Interview": oaObject([]string{"stage", "date"}, obj{"stage": oaEnum(chamber.InterviewStages...), "date": oaDate, "notes": oaString,
			"result": oaEnum(chamber.InterviewResults...)}),
		"ApplicantReject": oaObject(nil, obj{"note": oaString}),
		"Hire": oaObject([]string{"hired_on"}, obj{"user_id": oaInteger, "username": oaString, "hired_on": oaDate,
			"employment": oaEnum(chamber.EmploymentKinds...), "contract_starts_on": oaDate, "contract_ends_on": oaDate}),
	}
}

func (s *Server) apiOpeningCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewOpening
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := s.store.CreateOpening(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/openings/"+strconv.FormatInt(o.ID, 10))
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) apiOpeningList(w http.ResponseWriter, r *http.Request) error {
	os, err := s.store.ListOpenings(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(os, ""))
	return nil
}

// answerID runs fn with the path's {id} and writes its answer with status.
func answerID[T any](status int, fn func(r *http.Request, id chamber.ID) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		v, err := fn(r, id)
		if err != nil {
			return err
		}
		writeJSON(w, status, v)
		return nil
	}
}

// withBody is answerID with the JSON body decoded into a B (optional when empty).
func withBody[B, T any](status int, optional bool, fn func(r *http.Request, id chamber.ID, b B) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return answerID(status, func(r *http.Request, id chamber.ID) (T, error) {
		var in B
		if !optional || r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				var zero T
				return zero, err
			}
		}
		return fn(r, id, in)
	})
}

func (s *Server) apiOpeningGet(w http.ResponseWriter, r *http.Request) error {
	return answerID(http.StatusOK, func(r *http.Request, id chamber.ID) (*chamber.Opening, error) {
		return s.store.FindOpening(r.Context(), id)
	})(w, r)
}

type commentBody struct {
	Comment string `json:"comment"`
}

func (s *Server) apiOpeningDecide(approve bool) func(http.ResponseWriter, *http.Request) error {
	return withBody(http.StatusOK, true, func(r *http.Request, id chamber.ID, in commentBody) (*chamber.Opening, error) {
		return s.store.DecideOpening(r.Context(), id, approve, in.Comment)
	})
}

func (s *Server) apiOpeningClose(w http.ResponseWriter, r *http.Request) error {
	return answerID(http.StatusOK, func(r *http.Request, id chamber.ID) (*chamber.Opening, error) {
		return s.store.CloseOpening(r.Context(), id)
	})(w, r)
}

func (s *Server) apiApplicantCreate(w http.ResponseWriter, r *http.Request) error {
	return withBody(http.StatusCreated, false, func(r *http.Request, id chamber.ID, in chamber.Applicant) (*chamber.Applicant, error) {
		return s.store.AddApplicant(r.Context(), id, in)
	})(w, r)
}

func (s *Server) apiApplicantGet(w http.ResponseWriter, r *http.Request) error {
	return answerID(http.StatusOK, func(r *http.Request, id chamber.ID) (*chamber.Applicant, error) {
		return s.store.FindApplicant(r.Context(), id)
	})(w, r)
}

func (s *Server) apiInterviewCreate(w http.ResponseWriter, r *http.Request) error {
	return withBody(http.StatusCreated, false, func(r *http.Request, id chamber.ID, in chamber.Interview) (*chamber.Interview, error) {
		return s.store.AddInterview(r.Context(), id, in)
	})(w, r)
}

func (s *Server) apiApplicantReject(w http.ResponseWriter, r *http.Request) error {
	return withBody(http.StatusOK, true, func(r *http.Request, id chamber.ID, in struct {
		Note string `json:"note"`
	}) (*chamber.Applicant, error) {
		return s.store.RejectApplicant(r.Context(), id, in.Note)
	})(w, r)
}

func (s *Server) apiApplicantHire(w http.ResponseWriter, r *http.Request) error {
	return withBody(http.StatusOK, false, func(r *http.Request, id chamber.ID, in chamber.Hire) (*chamber.Applicant, error) {
		return s.store.HireApplicant(r.Context(), id, in)
	})(w, r)
}
