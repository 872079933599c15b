package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// Pages for what a meeting leaves behind: paper results, the resolution
// register, signed minutes, confirmed elections and RSVPs.

func (s *Server) paperSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		m, err := s.store.FindMotion(r.Context(), id)
		if err != nil {
			return 0, err
		}
		if err := parseForm(r); err != nil {
			return m.MeetingID, err
		}
		var c chamber.PaperCount
		var f chamber.Fields
		for name, dst := range map[string]*int64{"yes": &c.Yes, "no": &c.No, "abstain": &c.Abstain} {
			v, err := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
			if err != nil {
				f.Add(name, "err.invalid_value")
			}
			*dst = v
		}
		if err := f.Err(); err != nil {
			return m.MeetingID, &chamber.Error{Code: chamber.ECONFLICT, Key: "err.invalid_fields"}
		}
		_, err = s.store.EnterPaperResult(r.Context(), id, c)
		if e, ok := chamber.AsError(err); ok && e.Code == chamber.EINVALID {
			e.Code = chamber.ECONFLICT // show it on the meeting page
		}
		return m.MeetingID, err
	})
}

func (s *Server) followUpSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.store.SetFollowUp(r.Context(), id, r.PostForm.Get("status"), r.PostForm.Get("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/resolutions", http.StatusSeeOther)
	return nil
}

type resolutionsPage struct {
	Page
	Items        []*chamber.Resolution
	Cursor, Next string
}

func (s *Server) resolutionsPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := resolutionsPage{Page: s.page(r, "meeting.resolutions"), Cursor: pg.Cursor}
	if p.Items, p.Next, err = s.store.Resolutions(r.Context(), pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "resolutions", &p)
	return nil
}

func (s *Server) confirmSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		e, err := s.store.FindElection(r.Context(), id)
		if err != nil {
			return 0, err
		}
		if err := parseForm(r); err != nil {
			return e.MeetingID, err
		}
		term, _ := strconv.ParseInt(r.PostForm.Get("term_id"), 10, 64)
		position, _ := strconv.ParseInt(r.PostForm.Get("position_id"), 10, 64)
		_, err = s.store.ConfirmElection(r.Context(), id, term, position)
		if ce, ok := chamber.AsError(err); ok && ce.Code == chamber.EINVALID {
			ce.Code = chamber.ECONFLICT
		}
		return e.MeetingID, err
	})
}

func (s *Server) minutesSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.store.SaveMinutes(r.Context(), id, r.PostForm.Get("body")); err != nil {
		return s.minutesFailed(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d/minutes", id), http.StatusSeeOther)
	return nil
}

func (s *Server) minutesSign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.SignMinutes(r.Context(), id); err != nil {
		return s.minutesFailed(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d/minutes", id), http.StatusSeeOther)
	return nil
}

func (s *Server) minutesFailed(w http.ResponseWriter, r *http.Request, id chamber.ID, err error) error {
	e, ok := chamber.AsError(err)
	if !ok || (e.Code != chamber.EINVALID && e.Code != chamber.ECONFLICT) {
		return err
	}
	p := minutesPage{Page: s.page(r, "meeting.minutes")}
	p.FormError = p.T(e.Key, e.Args...)
	return s.renderMinutes(w, r, statusOf(e.Code), id, &p)
}

func (s *Server) rsvpSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.store.SetRSVP(r.Context(), id, info(r).Actor.MemberID, r.PostForm.Get("answer"), r.PostForm.Get("note"), r.PostForm.Get("proxy_holder")); err != nil {
		p := meetingPage{Page: s.page(r, "meeting.title"), RSVPHolder: r.PostForm.Get("proxy_holder")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderMeeting(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d?rsvp=1", id), http.StatusSeeOther)
	return nil
}

// noticeText is the notice of a meeting in the chamber's language of record (zh-CN).
func (s *Server) noticeText(r *http.Request, m *chamber.Meeting) (string, string, error) {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return "", "", err
	}
	lang := "zh-CN"
	agenda, err := s.store.Agenda(r.Context(), m.ID)
	if err != nil {
		return "", "", err
	}
	body := i18n.T(lang, "meeting.notice_body", st.Name, m.Title, i18n.DateTime(lang, m.StartsAt, st.Location()), m.Location)
	if len(agenda) > 0 {
		body += "\n\n" + i18n.T(lang, "minutes.agenda")
		for _, a := range agenda {
			body += fmt.Sprintf("\n%d. %s", a.Number, a.Title)
		}
	}
	return i18n.T(lang, "meeting.notice_title", m.Title), body, nil
}

func (s *Server) sendNotice(r *http.Request, id chamber.ID) (chamber.ID, error) {
	m, err := s.store.FindMeeting(r.Context(), id)
	if err != nil {
		return 0, err
	}
	title, body, err := s.noticeText(r, m)
	if err != nil {
		return 0, err
	}
	body += "\n\n" + i18n.T("zh-CN", "meeting.notice_link", fmt.Sprintf("%s/meetings/%d", s.baseURL(), id))
	return s.store.NotifyMeeting(r.Context(), id, "notice", title, body)
}

func (s *Server) publishMinutes(r *http.Request, id chamber.ID) (chamber.ID, error) {
	m, err := s.store.FindMeeting(r.Context(), id)
	if err != nil {
		return 0, err
	}
	list, err := s.store.ListMinutes(r.Context(), id)
	if err != nil {
		return 0, err
	}
	body := ""
	if len(list) > 0 {
		body = list[0].Body
	}
	return s.store.NotifyMeeting(r.Context(), id, "minutes", i18n.T("zh-CN", "meeting.minutes_title", m.Title), body)
}

// sendNoticeOnce sends the notice unless it went out before; it returns
// the notice as sent and whether it had been sent already.
func (s *Server) sendNoticeOnce(r *http.Request, id chamber.ID) (*chamber.Announcement, bool, error) {
	if a, err := s.store.MeetingNotice(r.Context(), id, "notice"); err == nil {
		return a, true, nil
	} else if chamber.ErrorCode(err) != chamber.ENOTFOUND {
		return nil, false, err
	}
	if _, err := s.sendNotice(r, id); err != nil {
		return nil, false, err
	}
	a, err := s.store.MeetingNotice(r.Context(), id, "notice")
	return a, false, err
}

func (s *Server) apiNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, already, err := s.sendNoticeOnce(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"announcement_id": a.ID, "recipients": a.Recipients, "read": a.Read,
		"sent_at": a.PublishedAt, "already_sent": already})
	return nil
}

func (s *Server) apiMinutesPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ann, err := s.publishMinutes(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"announcement_id": ann})
	return nil
}

// noticeSubmit sends the notice once and says so: to how many, or that it
// went out before (and when) and was not sent again.
func (s *Server) noticeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, already, err := s.sendNoticeOnce(r, id)
	if err != nil {
		return err
	}
	flag := "sent"
	if already {
		flag = "again"
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d?notice=%s#notice", id, flag), http.StatusSeeOther)
	return nil
}

func (s *Server) minutesPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.publishMinutes(r, id); err != nil {
		return s.minutesFailed(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d/minutes?sent=1", id), http.StatusSeeOther)
	return nil
}
