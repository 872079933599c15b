package web

// The records of a meeting in the JSON API: minutes, paper results, the
// resolution register and its follow-up, RSVPs, filing and the charter.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// apiMinutes answers the latest saved minutes (or, before any, the draft
// from the record) with every version.
func (s *Server) apiMinutes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	draft, err := s.minutesText(r, id)
	if err != nil {
		return err
	}
	versions, err := s.store.ListMinutes(r.Context(), id)
	if err != nil {
		return err
	}
	out := map[string]any{"status": "draft", "text": draft, "from_record": draft, "versions": versions}
	if len(versions) > 0 {
		out["status"], out["text"], out["version"] = versions[0].Status, versions[0].Body, versions[0].Version
	} else {
		out["versions"] = []*chamber.Minutes{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type minutesIn struct {
	Body string `json:"body"`
}

func (s *Server) apiMinutesSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in minutesIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.store.SaveMinutes(r.Context(), id, in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiMinutesSign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.SignMinutes(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiPaper(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.PaperCount
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.store.EnterPaperResult(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiMotionGet(w, r)
}

type followUpIn struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (s *Server) apiFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in followUpIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.store.SetFollowUp(r.Context(), id, in.Status, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiResolutions(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	list, next, err := s.store.Resolutions(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, next))
	return nil
}

type rsvpIn struct {
	MemberID chamber.ID `json:"member_id"`
	Answer   string     `json:"answer"`
	Note     string     `json:"note"`
	// ProxyHolder: for "proxy", the member number or name of the holder.
	ProxyHolder string `json:"proxy_holder"`
}

func (s *Server) apiRSVP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in rsvpIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.MemberID == 0 {
		in.MemberID = info(r).Actor.MemberID
	}
	rv, err := s.store.SetRSVP(r.Context(), id, in.MemberID, in.Answer, in.Note, in.ProxyHolder)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rv)
	return nil
}

func (s *Server) apiRSVPs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	list, err := s.store.ListRSVPs(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, list)
}

type confirmIn struct {
	TermID     chamber.ID `json:"term_id"`
	PositionID chamber.ID `json:"position_id"`
}

func (s *Server) apiConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in confirmIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	posts, err := s.store.ConfirmElection(r.Context(), id, in.TermID, in.PositionID)
	if err != nil {
		return err
	}
	return writePaged(w, r, posts)
}

func (s *Server) apiFiling(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.CharterFiling
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.FileCharter(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiCharter(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	c, err := s.store.CurrentCharter(r.Context(), date)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiCharterList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListCharters(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, list)
}

func (s *Server) apiCharterCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Charter
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID, in.Version = 0, 0
	c, err := s.store.CreateCharter(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// parseIDList reads "12, 15 #18" style lists of member ids.
func parseIDList(s string) ([]chamber.ID, bool) {
	var out []chamber.ID
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' || r == ';' }) {
		part = strings.TrimPrefix(strings.TrimSpace(part), "#")
		if part == "" {
			continue
		}
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n <= 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}
