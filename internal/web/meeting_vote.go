package web

import (
	"context"
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
	Portal    bool     // a member's portal login: it can fetch its own credential
	Voted     []string // titles this credential has voted on
	Keys      string   // the open questions shown, for the page's poll
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
	Typed      string // a credential typed wrong, kept to correct it
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
		p := voteEnterPage{Page: s.page(r, "vote.enter_title"), MeetingID: id, Typed: cred}
		p.FormError = p.T("vote.bad_credential")
		s.render(w, r, http.StatusForbidden, "vote_enter", &p)
		return nil
	}
	s.setCookie(w, r, voteCookie(id), cred, 24*time.Hour)
	http.Redirect(w, r, fmt.Sprintf("/vote?m=%d", id), http.StatusSeeOther)
	return nil
}

// voterBallots is what a credential may vote on now: the open motions and
// elections it has not voted on, and the titles of those it has.
type voterBallots struct {
	Motions   []*chamber.Motion
	Elections []electionView
	Names     map[chamber.ID]string
	Voted     []string
}

// keys names the open questions ("motion:3"), for the page to notice
// when the sitting moves on.
func (b *voterBallots) keys() string {
	var k []string
	for _, m := range b.Motions {
		k = append(k, fmt.Sprintf("motion:%d", m.ID))
	}
	for _, e := range b.Elections {
		k = append(k, fmt.Sprintf("election:%d", e.ID))
	}
	return strings.Join(k, ",")
}

func (s *Server) ballotsFor(ctx context.Context, m *chamber.Meeting, cred string) (*voterBallots, error) {
	var b voterBallots
	voted := func(scope string, id chamber.ID) (bool, error) {
		if cred == "" {
			return false, nil
		}
		return s.store.HasVoted(ctx, scope, id, cred)
	}
	motions, err := s.store.ListMotions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, mo := range motions {
		if mo.Status != chamber.MotionOpen {
			continue
		}
		done, err := voted("motion", mo.ID)
		if err != nil {
			return nil, err
		}
		if done {
			b.Voted = append(b.Voted, mo.Title)
			continue
		}
		b.Motions = append(b.Motions, mo)
	}
	elections, err := s.store.ListElections(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var candidates []chamber.ID
	for _, e := range elections {
		if e.Status == chamber.MotionOpen {
			candidates = append(candidates, e.Candidates...)
		}
	}
	if b.Names, err = s.store.MemberNames(ctx, candidates); err != nil {
		return nil, err
	}
	for _, e := range elections {
		if e.Status != chamber.MotionOpen {
			continue
		}
		done, err := voted("election", e.ID)
		if err != nil {
			return nil, err
		}
		if done {
			b.Voted = append(b.Voted, e.Title)
			continue
		}
		b.Elections = append(b.Elections, electionView{Election: e, Names: b.Names})
	}
	return &b, nil
}

// voterMeeting is the meeting of this browser's credential, or nil (and
// the stale cookie cleared) without a valid one.
func (s *Server) voterMeeting(w http.ResponseWriter, r *http.Request, meetingID chamber.ID) (*chamber.Meeting, string, error) {
	cred := ""
	if ck, err := r.Cookie(voteCookie(meetingID)); err == nil {
		cred = ck.Value
	}
	m, err := s.store.MeetingForVoter(r.Context(), meetingID, cred)
	if err != nil {
		if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return nil, "", err
		}
		if cred != "" {
			s.clearCookie(w, r, voteCookie(meetingID))
		}
		return nil, "", nil
	}
	return m, cred, nil
}

// renderVote shows the open questions to the holder of a valid credential
// and nothing of the meeting to anyone else: they get a field for the
// credential and, on a member's portal login, a button that fetches its own.
func (s *Server) renderVote(w http.ResponseWriter, r *http.Request, status int, p *votePage) error {
	m, cred, err := s.voterMeeting(w, r, p.MeetingID)
	if err != nil {
		return err
	}
	if m == nil {
		p.NoCred = true
		p.Portal = p.Actor.Can(chamber.PermPortal) && p.Actor.MemberID != 0
		s.render(w, r, status, "vote", p)
		return nil
	}
	p.Meeting = m
	b, err := s.ballotsFor(r.Context(), m, cred)
	if err != nil {
		return err
	}
	p.Motions, p.Elections, p.Names, p.Voted, p.Keys = b.Motions, b.Elections, b.Names, b.Voted, b.keys()
	s.render(w, r, status, "vote", p)
	return nil
}

func (s *Server) votePage(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("m") == "" {
		// /vote alone: a member's login goes to its meetings (the open one
		// offers 进入表决); anyone else learns where credentials come from.
		if a := info(r).Actor; a.Can(chamber.PermPortal) && a.MemberID != 0 {
			http.Redirect(w, r, "/meetings", http.StatusSeeOther)
			return nil
		}
		p := votePage{Page: s.page(r, "meeting.vote_title"), NoCred: true}
		s.render(w, r, http.StatusOK, "vote", &p)
		return nil
	}
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

// voteState answers the voting page's poll: which questions are open for
// this browser's credential now. The page reloads when the answer changes
// (the next motion opened, this one closed), so it follows the sitting.
func (s *Server) voteState(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("m"), 10, 64)
	if err != nil || id <= 0 {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	m, cred, err := s.voterMeeting(w, r, id)
	if err != nil {
		return err
	}
	if m == nil {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	b, err := s.ballotsFor(r.Context(), m, cred)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"open": b.keys(), "meeting_status": m.Status})
	return nil
}

// confirmPage repeats the choice before it is cast: one tap does not vote.
type confirmPage struct {
	Page
	MeetingID  chamber.ID
	Field      string // motion_id or election_id
	RefID      string
	Title      string
	Choices    []string // the form values to send again
	Shown      []string // what they mean, in words
	Credential string
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
	confirmed := r.PostForm.Get("confirm") == "1"
	var receipt string
	if mo := r.PostForm.Get("motion_id"); mo != "" {
		id, perr := strconv.ParseInt(mo, 10, 64)
		if perr != nil {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
		}
		choice := r.PostForm.Get("choice")
		if !confirmed {
			return s.confirmVote(w, r, mid, cred, "motion_id", id, []string{choice})
		}
		receipt, err = s.store.CastBallot(r.Context(), id, cred, choice)
	} else {
		id, perr := strconv.ParseInt(r.PostForm.Get("election_id"), 10, 64)
		if perr != nil {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
		}
		choices, ok := parseIDList(strings.Join(r.PostForm["choice"], ","))
		if !ok {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if !confirmed {
			return s.confirmVote(w, r, mid, cred, "election_id", id, r.PostForm["choice"])
		}
		receipt, err = s.store.CastElectionBallot(r.Context(), id, cred, choices)
	}
	if err != nil {
		return s.voteFailed(w, r, mid, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/vote?m=%d&receipt=%s", mid, receipt[:13]), http.StatusSeeOther)
	return nil
}

// voteFailed shows a refused ballot on the voting page, with what to do.
func (s *Server) voteFailed(w http.ResponseWriter, r *http.Request, mid chamber.ID, err error) error {
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

// confirmVote shows the choice in words with "cast" and "change" buttons;
// nothing is stored. A question no longer open, or a credential not valid,
// shows the voting page with the reason instead.
func (s *Server) confirmVote(w http.ResponseWriter, r *http.Request, mid chamber.ID, cred, field string, refID chamber.ID, choices []string) error {
	m, err := s.store.MeetingForVoter(r.Context(), mid, cred)
	if err != nil {
		if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		return s.voteFailed(w, r, mid, &chamber.Error{Code: chamber.EFORBIDDEN, Key: "vote.bad_credential"})
	}
	b, err := s.ballotsFor(r.Context(), m, cred)
	if err != nil {
		return err
	}
	p := confirmPage{Page: s.page(r, "vote.confirm_title"), MeetingID: mid, Field: field, RefID: strconv.FormatInt(refID, 10), Choices: choices}
	if cred != "" {
		if ck, err := r.Cookie(voteCookie(mid)); err != nil || ck.Value != cred {
			p.Credential = cred // typed, not kept: send it again
		}
	}
	found := false
	if field == "motion_id" {
		for _, mo := range b.Motions {
			if mo.ID == refID {
				found, p.Title = true, mo.Title
			}
		}
		if len(choices) != 1 || (choices[0] != "yes" && choices[0] != "no" && choices[0] != "abstain") {
			return s.voteFailed(w, r, mid, &chamber.Error{Code: chamber.EINVALID, Key: "err.ballot_choice"})
		}
		p.Shown = []string{p.T("meeting." + choices[0])}
	} else {
		for _, e := range b.Elections {
			if e.ID != refID {
				continue
			}
			found, p.Title = true, e.Title
			if len(choices) > e.Seats {
				return s.voteFailed(w, r, mid, &chamber.Error{Code: chamber.EINVALID, Key: "err.too_many_choices", Args: []any{e.Seats}})
			}
		}
		for _, c := range choices {
			if id, err := strconv.ParseInt(c, 10, 64); err == nil {
				p.Shown = append(p.Shown, b.Names[id])
			}
		}
		if len(p.Shown) == 0 {
			p.Shown = []string{p.T("vote.blank")}
		}
	}
	if !found {
		return s.voteFailed(w, r, mid, &chamber.Error{Code: chamber.ECONFLICT, Key: "vote.not_open_now"})
	}
	s.render(w, r, http.StatusOK, "vote_confirm", &p)
	return nil
}
