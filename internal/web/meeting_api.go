package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
)

// meetingIn is API.md's meeting form: "body" is a code, a kind or an id.
type meetingIn struct {
	Body           json.RawMessage `json:"body"`
	Title          string          `json:"title"`
	StartsAt       string          `json:"starts_at"`
	Location       string          `json:"location"`
	OverrideNotice string          `json:"override_notice"`
	Agenda         []string        `json:"agenda"`
	Written        bool            `json:"written"`
	StaffKind      string          `json:"staff_kind"`
	DepartmentID   chamber.ID      `json:"department_id"`
}

func (in *meetingIn) toNew() (chamber.NewMeeting, error) {
	var f chamber.Fields
	out := chamber.NewMeeting{Title: in.Title, Location: in.Location, OverrideNotice: in.OverrideNotice, Agenda: in.Agenda, Written: in.Written,
		StaffKind: in.StaffKind, DepartmentID: in.DepartmentID}
	var s string
	var n int64
	switch {
	case len(in.Body) == 0 && (in.StaffKind != "" || in.DepartmentID != 0):
		// a staff meeting: the secretariat or the department's body
	case len(in.Body) == 0:
		f.Add("body", "err.required")
	case json.Unmarshal(in.Body, &s) == nil && s != "":
		out.Body = s
	case json.Unmarshal(in.Body, &n) == nil && n > 0:
		out.BodyID = n
	default:
		f.Add("body", "err.invalid_value")
	}
	if in.StartsAt == "" {
		f.Add("starts_at", "err.required")
	} else if t, err := time.Parse(time.RFC3339, in.StartsAt); err != nil {
		f.Add("starts_at", "err.time_format")
	} else {
		out.StartsAt = t
	}
	return out, f.Err()
}

func (s *Server) apiMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	var in meetingIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	nm, err := in.toNew()
	if err != nil {
		return err
	}
	m, err := s.store.CreateMeeting(r.Context(), nm)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiMeetingList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	ms, next, err := s.store.ListMeetings(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ms, next))
	return nil
}

func (s *Server) apiMeetingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.FindMeeting(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMeetingOpen(w http.ResponseWriter, r *http.Request) error {
	return s.meetingAction(w, r, s.store.OpenMeeting)
}

func (s *Server) apiMeetingClose(w http.ResponseWriter, r *http.Request) error {
	return s.meetingAction(w, r, s.store.CloseMeeting)
}

func (s *Server) meetingAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id chamber.ID) (*chamber.Meeting, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := act(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

type checkInIn struct {
	MemberID chamber.ID   `json:"member_id"`
	UserID   chamber.ID   `json:"user_id"` // a staff meeting's roll is logins
	ProxyFor []chamber.ID `json:"proxy_for"`
}

func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in checkInIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.UserID != 0 {
		in.MemberID = in.UserID
	}
	c, err := s.store.CheckIn(r.Context(), id, in.MemberID, in.ProxyFor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiCheckInList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	list, err := s.store.ListCheckIns(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, list)
}

func (s *Server) apiQuorum(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err // only for those who may see the meeting
	}
	q, err := s.store.Quorum(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiMotionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewMotion
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.store.CreateMotion(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiMotionList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	list, err := s.store.ListMotions(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, list)
}

// motionWithResult is the record a motion's state change answers with.
type motionWithResult struct {
	*chamber.Motion
	Result *chamber.Result `json:"result"`
}

func (s *Server) motionRecord(r *http.Request, id chamber.ID) (*motionWithResult, error) {
	m, err := s.store.FindMotion(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.FindMeeting(r.Context(), m.MeetingID); err != nil {
		return nil, motionNotFound(err)
	}
	res, err := s.store.MotionResult(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &motionWithResult{Motion: m, Result: res}, nil
}

func (s *Server) apiMotionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := s.motionRecord(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (s *Server) apiMotionOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.OpenMotion(r.Context(), id); err != nil {
		return err
	}
	return s.apiMotionGet(w, r)
}

func (s *Server) apiMotionClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.CloseMotion(r.Context(), id); err != nil {
		return err
	}
	return s.apiMotionGet(w, r)
}

type ballotIn struct {
	Credential string `json:"credential"`
	Choice     string `json:"choice"`
}

type receiptOut struct {
	Receipt string `json:"receipt"`
}

// apiBallot needs no login: the credential is the authority.
func (s *Server) apiBallot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in ballotIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	receipt, err := s.store.CastBallot(r.Context(), id, in.Credential, in.Choice)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, receiptOut{Receipt: receipt})
	return nil
}

func (s *Server) apiMotionResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.motionVisible(r, id); err != nil {
		return err
	}
	res, err := s.store.MotionResult(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
