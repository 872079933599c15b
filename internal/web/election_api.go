package web

// The elections of the JSON API: create, open, ballots, close, result.

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

func (s *Server) apiElectionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewElection
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.store.CreateElection(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiElectionList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	list, err := s.store.ListElections(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, list)
}

func (s *Server) apiElectionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.store.FindElection(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), e.MeetingID); err != nil {
		return motionNotFound(err)
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (s *Server) apiElectionOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.OpenElection(r.Context(), id); err != nil {
		return err
	}
	return s.apiElectionGet(w, r)
}

func (s *Server) apiElectionClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.CloseElection(r.Context(), id); err != nil {
		return err
	}
	return s.apiElectionGet(w, r)
}

type electionBallotIn struct {
	Credential string       `json:"credential"`
	Choices    []chamber.ID `json:"choices"`
}

func (s *Server) apiElectionBallot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in electionBallotIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	receipt, err := s.store.CastElectionBallot(r.Context(), id, in.Credential, in.Choices)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, receiptOut{Receipt: receipt})
	return nil
}

func (s *Server) apiElectionResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.electionVisible(r, id); err != nil {
		return err
	}
	res, err := s.store.ElectionResult(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
