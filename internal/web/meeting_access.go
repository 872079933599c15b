package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

// A motion or election is seen by those who may see its meeting (the store's
// FindMeeting decides); to anyone else it is "not found".

func motionNotFound(err error) error {
	if chamber.ErrorCode(err) == chamber.ENOTFOUND {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	return err
}

func (s *Server) motionVisible(r *http.Request, id chamber.ID) error {
	m, err := s.store.FindMotion(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), m.MeetingID); err != nil {
		return motionNotFound(err)
	}
	return nil
}

func (s *Server) electionVisible(r *http.Request, id chamber.ID) error {
	e, err := s.store.FindElection(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), e.MeetingID); err != nil {
		return motionNotFound(err)
	}
	return nil
}
