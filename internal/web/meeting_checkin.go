package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
)

// Check-in at the desk and the member's own credential: staff type a name,
// its pinyin or initials, or a member number; a member checks itself in on
// the portal and can fetch its credential again on another phone.

// memberRef reads "张三 #12", "#12" or "12".
func memberRef(v string) (chamber.ID, bool) {
	v = strings.TrimSpace(v)
	if i := strings.LastIndex(v, "#"); i >= 0 {
		v = v[i+1:]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil && n > 0
}

// resolveCheckIn turns what staff typed into one entitled member: the
// list's "name … #id", a member number, a name, pinyin or initials. None
// or several (namesakes) is a field error that lists them with their
// member numbers.
func (s *Server) resolveCheckIn(ctx context.Context, p *Page, meetingID chamber.ID, field, text string) (chamber.ID, *chamber.FieldError, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, &chamber.FieldError{Field: field, Key: "err.required"}, nil
	}
	if strings.Contains(text, "#") {
		if id, ok := memberRef(text); ok {
			return id, nil, nil
		}
		return 0, &chamber.FieldError{Field: field, Key: "err.invalid_value"}, nil
	}
	found, err := s.store.MatchEntitled(ctx, meetingID, text)
	if err != nil {
		return 0, nil, err
	}
	exact := 0
	for _, c := range found {
		if c.Name == text || c.MemberNo == text {
			exact++
		}
	}
	switch {
	case exact == 1:
		return found[0].MemberID, nil, nil
	case exact == 0 && len(found) == 1:
		return found[0].MemberID, nil, nil
	case len(found) == 0:
		if id, ok := memberRef(text); ok {
			return id, nil, nil // an internal id, as the API takes
		}
		return 0, &chamber.FieldError{Field: field, Key: "err.checkin_no_match", Args: []any{text}}, nil
	}
	if exact > 1 {
		found = found[:exact]
	}
	var names []string
	for i, c := range found {
		if i == maxCheckInMatches {
			names = append(names, "…")
			break
		}
		names = append(names, p.T("meeting.match_entry", c.Name, c.MemberNo))
	}
	return 0, &chamber.FieldError{Field: field, Key: "err.checkin_ambiguous", Args: []any{text, strings.Join(names, "、")}}, nil
}

// maxCheckInMatches is how many namesakes a field error lists.
const maxCheckInMatches = 8

func (s *Server) checkInSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p := meetingPage{Page: s.page(r, "meeting.title")}
	var fields chamber.Fields
	member, ferr, err := s.resolveCheckIn(r.Context(), &p.Page, id, "member_id", r.PostForm.Get("member"))
	if err != nil {
		return err
	}
	if ferr != nil {
		fields = append(fields, *ferr)
	}
	var proxies []chamber.ID
	for _, v := range r.PostForm["proxy_for"] {
		if strings.TrimSpace(v) == "" {
			continue
		}
		pid, ferr, err := s.resolveCheckIn(r.Context(), &p.Page, id, "proxy_for", v)
		if err != nil {
			return err
		}
		if ferr != nil {
			fields = append(fields, *ferr)
		}
		proxies = append(proxies, pid)
	}
	var c *chamber.CheckIn
	if err = fields.Err(); err == nil {
		c, err = s.store.CheckIn(r.Context(), id, member, proxies)
	}
	if err != nil {
		p.CheckInFor, p.CheckInProxy = r.PostForm.Get("member"), strings.Join(r.PostForm["proxy_for"], " ")
		if p.withFieldErrors(err) || chamber.ErrorCode(err) == chamber.ECONFLICT {
			if !p.withFieldErrors(err) {
				e, _ := chamber.AsError(err) // ErrorCode above found one
				p.FormError = p.T(e.Key, e.Args...)
			}
			return s.renderMeeting(w, r, statusOf(chamber.ErrorCode(err)), &p)
		}
		return err
	}
	p.Credential = c.Credential
	p.VoteLink = fmt.Sprintf("/vote/enter?m=%d&c=%s", id, c.Credential)
	p.Flash = p.T("meeting.check_in") + " ✓ " + c.MemberName
	return s.renderMeeting(w, r, http.StatusCreated, &p)
}

// reissueSubmit gives a checked-in member a new credential (lost phone,
// credential seen by someone else); the old one stops working.
func (s *Server) reissueSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	member, err := pathID(r, "member")
	if err != nil {
		return err
	}
	c, err := s.store.ReissueCredential(r.Context(), id, member)
	if err != nil {
		return err
	}
	p := meetingPage{Page: s.page(r, "meeting.title")}
	p.Credential = c.Credential
	p.VoteLink = fmt.Sprintf("/vote/enter?m=%d&c=%s", id, c.Credential)
	p.Flash = p.T("meeting.reissued", c.MemberName)
	return s.renderMeeting(w, r, http.StatusOK, &p)
}

func voteCookie(meetingID chamber.ID) string { return fmt.Sprintf("chamber_vote_%d", meetingID) }

// alreadyCheckedIn: the member is checked in (on another phone, or by
// staff), so its own credential is what this browser needs.
func alreadyCheckedIn(err error) bool {
	var e *chamber.Error
	return errors.As(err, &e) && e.Reason == "already_represented"
}

// selfCheckIn: a member's portal login checks itself in, or, when it is
// checked in already (another phone, the desk), gets its credential again;
// the credential goes straight into a cookie for the voting page.
func (s *Server) selfCheckIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.CheckIn(r.Context(), id, info(r).Actor.MemberID, nil)
	if alreadyCheckedIn(err) {
		c, err = s.store.MyCredential(r.Context(), id)
	}
	if err != nil {
		return err
	}
	s.setCookie(w, r, voteCookie(id), c.Credential, 24*time.Hour)
	http.Redirect(w, r, fmt.Sprintf("/vote?m=%d", id), http.StatusSeeOther)
	return nil
}

type credentialPage struct {
	Page
	MeetingID  chamber.ID
	Credential string
	QR         template.HTML
}

// myCredential shows a checked-in member its credential again, with a QR
// code another phone can scan to vote there.
func (s *Server) myCredential(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.MyCredential(r.Context(), id)
	if err != nil {
		return err
	}
	p := credentialPage{Page: s.page(r, "vote.my_credential"), MeetingID: id, Credential: c.Credential}
	svg, err := qr.SVG(fmt.Sprintf("%s/vote/enter?m=%d&c=%s", s.baseURL(), id, c.Credential), p.T("vote.my_credential"))
	if err != nil {
		return err
	}
	p.QR = template.HTML(svg) // built by internal/qr from escaped text only
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "vote_credential", &p)
	return nil
}

func (s *Server) apiReissueCredential(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	member, err := pathID(r, "member_id")
	if err != nil {
		return err
	}
	c, err := s.store.ReissueCredential(r.Context(), id, member)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}
