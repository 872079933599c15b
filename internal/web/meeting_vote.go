package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

type votePage struct {
	Page
	MeetingID chamber.ID
	Meeting   *chamber.Meeting
	Motions   []*chamber.Motion
	Elections []electionView
	Names     map[chamber.ID]string // the candidates'
	Receipt   string
	NoCred    bool
	Voted     []string // titles this credential has voted on
}

// voteEnter is where a credential's link or QR code leads. It only shows a
// confirmation form: a GET must not put a credential into this browser, or
// anyone could plant theirs in someone else's with a link.
func (s *Server) voteEnter(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	id, err := strconv.ParseInt(q.Get("m"), 10, 64)
	if err != nil || id <= 0 || len(q.Get("c")) > 200 {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	p := voteEnterPage{Page: s.page(r, "vote.enter_title"), MeetingID: id, Credential: q.Get("c")}
	s.render(w, r, http.StatusOK, "vote_enter", &p)
	return nil
}

type voteEnterPage struct {
	Page
	MeetingID  chamber.ID
	Credential string
}

// voteEnterSubmit keeps a valid credential in this browser for the voting
// page. It is a POST, so the cross-origin check in front of every form
// applies: another site cannot make a browser do it.
func (s *Server) voteEnterSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("m"), 10, 64)
	if err != nil || id <= 0 {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	cred := strings.TrimSpace(r.PostForm.Get("c"))
	if _, err := s.store.MeetingForVoter(r.Context(), id, cred); err != nil {
		if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		p := voteEnterPage{Page: s.page(r, "vote.enter_title"), MeetingID: id}
		p.FormError = p.T("vote.bad_credential")
		s.render(w, r, http.StatusForbidden, "vote_enter", &p)
		return nil
	}
	s.setCookie(w, r, voteCookie(id), cred, 24*time.Hour)
	http.Redirect(w, r, fmt.Sprintf("/vote?m=%d", id), http.StatusSeeOther)
	return nil
}

// renderVote shows the open questions to the holder of a valid credential
// and nothing of the meeting to anyone else.
func (s *Server) renderVote(w http.ResponseWriter, r *http.Request, status int, p *votePage) error {
	ctx := r.Context()
	cred := ""
	if ck, err := r.Cookie(voteCookie(p.MeetingID)); err == nil {
		cred = ck.Value
	}
	m, err := s.store.MeetingForVoter(ctx, p.MeetingID, cred)
	if err != nil {
		if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		if cred != "" {
			s.clearCookie(w, r, voteCookie(p.MeetingID))
		}
		p.NoCred = true
		s.render(w, r, status, "vote", p)
		return nil
	}
	p.Meeting = m
	var votedErr error
	voted := func(scope string, id chamber.ID) bool {
		if cred == "" || votedErr != nil {
			return false
		}
		done, err := s.store.HasVoted(ctx, scope, id, cred)
		votedErr = err
		return err == nil && done
	}
	motions, err := s.store.ListMotions(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, mo := range motions {
		if mo.Status != chamber.MotionOpen {
			continue
		}
		if voted("motion", mo.ID) {
			p.Voted = append(p.Voted, mo.Title)
			continue
		}
		p.Motions = append(p.Motions, mo)
	}
	elections, err := s.store.ListElections(ctx, m.ID)
	if err != nil {
		return err
	}
	var candidates []chamber.ID
	for _, e := range elections {
		candidates = append(candidates, e.Candidates...)
	}
	names, err := s.store.MemberNames(ctx, candidates)
	if err != nil {
		return err
	}
	p.Names = names
	for _, e := range elections {
		if e.Status != chamber.MotionOpen {
			continue
		}
		if voted("election", e.ID) {
			p.Voted = append(p.Voted, e.Title)
			continue
		}
		p.Elections = append(p.Elections, electionView{Election: e, Names: names})
	}
	if votedErr != nil {
		return votedErr
	}
	s.render(w, r, status, "vote", p)
	return nil
}

func (s *Server) votePage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("m"), 10, 64)
	if err != nil || id <= 0 {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	p := votePage{Page: s.page(r, "meeting.vote_title"), MeetingID: id}
	if rc := r.URL.Query().Get("receipt"); rc != "" && len(rc) < 100 {
		p.Flash = p.T("meeting.vote_cast", rc)
	}
	return s.renderVote(w, r, http.StatusOK, &p)
}

func (s *Server) voteSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	mid, err := strconv.ParseInt(r.PostForm.Get("m"), 10, 64)
	if err != nil || mid <= 0 {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	cred := r.PostForm.Get("credential")
	if ck, err := r.Cookie(voteCookie(mid)); err == nil && cred == "" {
		cred = ck.Value
	}
	var receipt string
	if mo := r.PostForm.Get("motion_id"); mo != "" {
		id, perr := strconv.ParseInt(mo, 10, 64)
		if perr != nil {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
		}
		receipt, err = s.store.CastBallot(r.Context(), id, cred, r.PostForm.Get("choice"))
	} else {
		id, perr := strconv.ParseInt(r.PostForm.Get("election_id"), 10, 64)
		if perr != nil {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
		}
		choices, ok := parseIDList(strings.Join(r.PostForm["choice"], ","))
		if !ok {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		receipt, err = s.store.CastElectionBallot(r.Context(), id, cred, choices)
	}
	if err != nil {
		code := chamber.ErrorCode(err)
		if code == chamber.EINTERNAL || code == chamber.ENOTFOUND {
			return err
		}
		var e *chamber.Error
		if !errors.As(err, &e) {
			return err
		}
		p := votePage{Page: s.page(r, "meeting.vote_title"), MeetingID: mid}
		p.FormError = p.T(e.Key, e.Args...)
		return s.renderVote(w, r, statusOf(code), &p)
	}
	http.Redirect(w, r, fmt.Sprintf("/vote?m=%d&receipt=%s", mid, receipt[:13]), http.StatusSeeOther)
	return nil
}

// ---- minutes and printables
