package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

type minutesPage struct {
	Page
	Meeting    *chamber.Meeting
	Text       string // the latest saved version, or the draft from the record
	FromRecord string
	Versions   []*chamber.Minutes
	Signed     bool
}

func (s *Server) minutesPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := minutesPage{Page: s.page(r, "meeting.minutes")}
	if _, err := s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	// Those who draft the minutes and the supervisors who sign them.
	if a := info(r).Actor; !a.Can(chamber.PermMeetingManage) && !a.Can(chamber.PermAuditRead) {
		return chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermMeetingManage))
	}
	return s.renderMinutes(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderMinutes(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *minutesPage) error {
	var err error
	if p.Meeting, err = s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	if p.FromRecord, err = s.minutesText(r, id); err != nil {
		return err
	}
	if p.Versions, err = s.store.ListMinutes(r.Context(), id); err != nil {
		return err
	}
	p.Text = p.FromRecord
	if len(p.Versions) > 0 {
		p.Text = p.Versions[0].Body
		p.Signed = p.Versions[0].Status == "signed"
	}
	s.render(w, r, status, "minutes", p)
	return nil
}

type noticePage struct {
	Page
	Meeting     *chamber.Meeting
	NoticeTitle string
	Body        string
}

// noticePage is the printable notice (红头 style, A4).
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := noticePage{Page: s.page(r, "meeting.notice")}
	if p.Meeting, err = s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	if p.NoticeTitle, p.Body, err = s.noticeText(r, p.Meeting); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "meeting_notice", &p)
	return nil
}

type ballotPaperPage struct {
	Page
	Meeting *chamber.Meeting
	Motion  *chamber.Motion
	Copies  []int
}

// ballotPaperPage prints paper ballots for a motion, four to an A4 sheet.
func (s *Server) ballotPaperPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := ballotPaperPage{Page: s.page(r, "meeting.ballot_paper"), Copies: []int{1, 2, 3, 4}}
	if p.Motion, err = s.store.FindMotion(r.Context(), id); err != nil {
		return err
	}
	if p.Meeting, err = s.store.FindMeeting(r.Context(), p.Motion.MeetingID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ballot_paper", &p)
	return nil
}

type signInSheetPage struct {
	Page
	Meeting  *chamber.Meeting
	Entitled []chamber.TallyRow
}

func (s *Server) signInSheetPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := signInSheetPage{Page: s.page(r, "meeting.sign_in_sheet")}
	if p.Meeting, err = s.store.FindMeeting(r.Context(), id); err != nil {
		return err
	}
	if p.Entitled, err = s.store.Entitled(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "sign_in_sheet", &p)
	return nil
}

// minutesText drafts the minutes from the record: attendance, proxies,
// agenda, every motion with its result and every election.
func (s *Server) minutesText(r *http.Request, id chamber.ID) (string, error) {
	ctx := r.Context()
	lang := info(r).Lang
	T := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	m, err := s.store.FindMeeting(ctx, id)
	if err != nil {
		return "", err
	}
	st, err := s.store.Settings(ctx)
	if err != nil {
		return "", err
	}
	q, err := s.store.Quorum(ctx, id)
	if err != nil {
		return "", err
	}
	checkIns, err := s.store.ListCheckIns(ctx, id)
	if err != nil {
		return "", err
	}
	ent, err := s.store.Entitled(ctx, id)
	if err != nil {
		return "", err
	}
	names := map[chamber.ID]string{}
	for _, e := range ent {
		names[e.MemberID] = e.Name
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(T("minutes.heading", st.Name+" "+m.Title))
	line("")
	when := m.StartsAt
	if m.OpenedAt != nil {
		when = *m.OpenedAt
	}
	line(T("minutes.when", i18n.DateTime(lang, when, st.Location())))
	if m.Location != "" {
		line(T("minutes.where", m.Location))
	}
	quorate := T("meeting.quorate")
	if !q.Quorate {
		quorate = T("meeting.not_quorate")
	}
	line(T("minutes.attendance", q.Entitled, q.Present, q.Represented, q.Required, quorate))
	for _, c := range checkIns {
		for _, p := range c.ProxyFor {
			line(T("minutes.proxy", c.MemberName, names[p]))
		}
	}
	agenda, err := s.store.Agenda(ctx, id)
	if err != nil {
		return "", err
	}
	if len(agenda) > 0 {
		line("")
		line(T("minutes.agenda"))
		for _, a := range agenda {
			line(fmt.Sprintf("%d. %s", a.Number, a.Title))
		}
	}
	motions, err := s.store.ListMotions(ctx, id)
	if err != nil {
		return "", err
	}
	if len(motions) > 0 {
		line("")
	}
	for i, mo := range motions {
		res, err := s.store.MotionResult(ctx, mo.ID)
		if err != nil {
			return "", err
		}
		if res.Status != chamber.MotionClosed {
			line(fmt.Sprintf("%d. ", i+1) + T("minutes.motion_open", mo.Title))
			continue
		}
		ballot := T("meeting.open_vote")
		if mo.Secret {
			ballot = T("meeting.secret")
		}
		outcome := T("meeting.failed")
		if res.Passed != nil && *res.Passed {
			outcome = T("meeting.passed")
		}
		line(fmt.Sprintf("%d. ", i+1) + T("minutes.motion", mo.Title, ballot, T("threshold."+mo.Threshold), *res.Yes, *res.No, *res.Abstain, *res.Present, outcome))
	}
	elections, err := s.store.ListElections(ctx, id)
	if err != nil {
		return "", err
	}
	for _, e := range elections {
		res, err := s.store.ElectionResult(ctx, e.ID)
		if err != nil {
			return "", err
		}
		var elected []string
		for _, id := range res.Elected {
			elected = append(elected, names[id])
		}
		outcome := T("minutes.elected", strings.Join(elected, "、"))
		if res.Status != chamber.MotionClosed {
			outcome = T("minutes.motion_open", e.Title)
		}
		line(T("minutes.election", e.Title, e.Seats, outcome))
	}
	line("")
	line(T("minutes.signers"))
	return b.String(), nil
}
