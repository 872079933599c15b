package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
	"github.com/chamber-org/chamber/internal/search"
)

// meetingRoutes lists the meeting domain's pages and API endpoints.
func (s *Server) meetingRoutes() []*route {
	M := chamber.PermMeetingManage
	return []*route{
		user("GET", "/meetings", s.meetingsPage),
		perm("POST", "/meetings", M, s.meetingCreate),
		user("GET", "/meetings/{id}", s.meetingPage),
		perm("POST", "/meetings/{id}/open", M, s.meetingOpenSubmit),
		perm("POST", "/meetings/{id}/close", M, s.meetingCloseSubmit),
		perm("POST", "/meetings/{id}/check-ins", M, s.checkInSubmit),
		perm("POST", "/meetings/{id}/self-check-in", chamber.PermPortal, s.selfCheckIn),
		perm("POST", "/meetings/{id}/my-credential", chamber.PermPortal, s.myCredential),
		perm("POST", "/meetings/{id}/check-ins/{member}/reissue", M, s.reissueSubmit),
		perm("POST", "/meetings/{id}/motions", M, s.motionCreate),
		perm("POST", "/meetings/{id}/elections", M, s.electionCreate),
		perm("POST", "/motions/{id}/open", M, s.motionOpenSubmit),
		perm("POST", "/motions/{id}/close", M, s.motionCloseSubmit),
		perm("POST", "/elections/{id}/open", M, s.electionOpenSubmit),
		perm("POST", "/elections/{id}/close", M, s.electionCloseSubmit),
		user("GET", "/meetings/{id}/minutes", s.minutesPage), // meeting.manage drafts, audit.read signs: checked in the handler
		perm("GET", "/meetings/{id}/sign-in-sheet", M, s.signInSheetPage),
		user("GET", "/meetings/{id}/notice", s.noticePage),
		perm("GET", "/motions/{id}/ballot-paper", M, s.ballotPaperPage),
		perm("POST", "/motions/{id}/paper", M, s.paperSubmit),
		perm("POST", "/motions/{id}/follow-up", M, s.followUpSubmit),
		perm("POST", "/elections/{id}/confirm", chamber.PermOrgWrite, s.confirmSubmit),
		perm("POST", "/meetings/{id}/minutes", M, s.minutesSave),
		perm("POST", "/meetings/{id}/minutes/sign", chamber.PermAuditRead, s.minutesSign),
		perm("POST", "/meetings/{id}/rsvp", chamber.PermPortal, s.rsvpSubmit),
		user("GET", "/resolutions", s.resolutionsPage),
		user("GET", "/agenda/{id}", s.agendaItemPage),
		perm("POST", "/meetings/{id}/notice", M, s.noticeSubmit),
		perm("POST", "/meetings/{id}/minutes/publish", M, s.minutesPublish),
		ballot(pub("GET", "/vote", s.votePage)),
		ballot(pub("GET", "/vote/enter", s.voteEnter)),
		ballot(pub("POST", "/vote/enter", s.voteEnterSubmit)),
		ballot(pub("POST", "/vote", s.voteSubmit)),
		ballot(pub("GET", "/vote/state", s.voteState)),

		api(user("GET", "/api/v1/charter", s.apiCharter), "The charter's rules in force on ?date=", ""),
		api(user("GET", "/api/v1/charters", s.apiCharterList), "Every charter version", ""),
		api(perm("POST", "/api/v1/charters", chamber.PermSettingsWrite, s.apiCharterCreate), "Record a new charter version", "Charter"),
		api(user("GET", "/api/v1/meetings", s.apiMeetingList), "List meetings, latest first", ""),
		api(perm("POST", "/api/v1/meetings", M, s.apiMeetingCreate), "Convene a meeting; too short a notice → 422 notice_period unless override_notice gives a reason", "Meeting"),
		api(user("GET", "/api/v1/meetings/{id}", s.apiMeetingGet), "One meeting", ""),
		api(perm("POST", "/api/v1/meetings/{id}/open", M, s.apiMeetingOpen), "Open the sitting (check-in and voting from then on)", ""),
		api(perm("POST", "/api/v1/meetings/{id}/close", M, s.apiMeetingClose), "Close the sitting", ""),
		api(perm("POST", "/api/v1/meetings/{id}/check-ins", M, s.apiCheckIn), "Check a member in, with proxies; returns the voting credential once", "CheckIn"),
		api(perm("POST", "/api/v1/meetings/{id}/check-ins/{member_id}/credential", M, s.apiReissueCredential),
			"Re-issue a checked-in member's voting credential (shown once); the old one stops working, ballots cast stay cast", ""),
		api(perm("GET", "/api/v1/meetings/{id}/check-ins", M, s.apiCheckInList), "Who checked in, with the proxies they hold", ""),
		api(user("GET", "/api/v1/meetings/{id}/quorum", s.apiQuorum), "Entitled, present, represented, required, quorate", ""),
		api(perm("POST", "/api/v1/meetings/{id}/motions", M, s.apiMotionCreate), "Put a motion; threshold and secrecy from the charter unless given", "Motion"),
		api(user("GET", "/api/v1/meetings/{id}/motions", s.apiMotionList), "A meeting's motions", ""),
		api(perm("POST", "/api/v1/meetings/{id}/elections", M, s.apiElectionCreate), "Set up an election", "Election"),
		api(user("GET", "/api/v1/meetings/{id}/elections", s.apiElectionList), "A meeting's elections", ""),
		api(perm("GET", "/api/v1/meetings/{id}/minutes", M, s.apiMinutes), "The minutes drafted from the record", ""),
		api(user("GET", "/api/v1/motions/{id}", s.apiMotionGet), "One motion with its result", ""),
		api(perm("POST", "/api/v1/motions/{id}/open", M, s.apiMotionOpen), "Open the vote (the meeting must be quorate: 409 otherwise)", ""),
		api(perm("POST", "/api/v1/motions/{id}/close", M, s.apiMotionClose), "Close the vote; closing again gives the same result", ""),
		ballot(api(pub("POST", "/api/v1/motions/{id}/ballots", s.apiBallot), "Cast a ballot with a credential (no bearer token); one per credential", "Ballot")),
		api(user("GET", "/api/v1/motions/{id}/result", s.apiMotionResult), "The result; an open secret motion shows only status and cast", ""),
		api(perm("POST", "/api/v1/motions/{id}/paper", M, s.apiPaper), "Enter counted paper ballots; a second member of staff entering the same figures closes the motion", "PaperCount"),
		api(perm("POST", "/api/v1/motions/{id}/follow-up", M, s.apiFollowUp), "Record what became of a resolution", "FollowUp"),
		api(user("GET", "/api/v1/resolutions", s.apiResolutions), "The resolution register: passed motions with follow-up", ""),
		api(perm("POST", "/api/v1/meetings/{id}/minutes", M, s.apiMinutesSave), "Save the minutes (a new version; after signing, an amendment)", "MinutesBody"),
		api(perm("POST", "/api/v1/meetings/{id}/minutes/sign", chamber.PermAuditRead, s.apiMinutesSign), "Sign the latest minutes (not by their author)", ""),
		api(user("POST", "/api/v1/meetings/{id}/rsvp", s.apiRSVP), "Reply to a meeting notice (回执)", "RSVP"),
		api(perm("GET", "/api/v1/meetings/{id}/rsvps", M, s.apiRSVPs), "The replies to a meeting notice", ""),
		api(perm("POST", "/api/v1/elections/{id}/confirm", chamber.PermOrgWrite, s.apiConfirm), "Put the elected into a term's seats", "Confirm"),
		api(perm("POST", "/api/v1/meetings/{id}/notice", M, s.apiNotice), "Send the meeting notice to every member entitled to sit (inbox, e-mail), once", ""),
		api(perm("POST", "/api/v1/meetings/{id}/minutes/publish", M, s.apiMinutesPublish), "Publish the signed minutes to the members, once per version", ""),
		api(perm("POST", "/api/v1/charters/{id}/filing", chamber.PermSettingsWrite, s.apiFiling), "Record a charter version's filing (备案); accepted, it takes effect", "Filing"),
		api(user("GET", "/api/v1/elections/{id}", s.apiElectionGet), "One election", ""),
		api(perm("POST", "/api/v1/elections/{id}/open", M, s.apiElectionOpen), "Open the election", ""),
		api(perm("POST", "/api/v1/elections/{id}/close", M, s.apiElectionClose), "Close the election", ""),
		ballot(api(pub("POST", "/api/v1/elections/{id}/ballots", s.apiElectionBallot), "Cast an election ballot (at most seats choices) with a credential", "ElectionBallot")),
		api(user("GET", "/api/v1/elections/{id}/result", s.apiElectionResult), "Cast, tally and elected (ties flagged)", ""),
	}
}

// meetingSchemas are the OpenAPI schemas of the meeting domain's request bodies.
func meetingSchemas() obj {
	bodyRules := oaObject(nil, obj{"notice_days": oaInteger, "quorum_num": oaInteger, "quorum_den": oaInteger,
		"ordinary": oaEnum(chamber.Thresholds...), "qualified": oaEnum(chamber.Thresholds...),
		"qualified_kinds": oaArray(oaString), "secret_kinds": oaArray(oaString), "proxy_limit": oaInteger, "written_votes": oaBoolean})
	return obj{
		"Meeting": oaObject([]string{"title", "starts_at"}, obj{
			"body":  obj{"oneOf": []obj{oaEnum(chamber.BodyKinds...), oaInteger}, "description": "a body code or kind, or a body id"},
			"title": oaString, "starts_at": oaTime, "location": oaString,
			"override_notice": obj{"type": "string", "description": "why the charter's notice period is waived (recorded)"},
			"written":         obj{"type": "boolean", "description": "a written vote (通信表决), where the charter allows"},
			"agenda":          oaArray(oaString),
			"staff_kind":      obj{"type": "string", "enum": chamber.StaffMeetingKinds, "description": "a staff meeting of the secretariat: 办公会议 (office) or 每周例会 (weekly); body defaults to the secretariat"},
			"department_id":   obj{"type": "integer", "description": "a staff meeting of this department: its posts are the roll"}}),
		"CheckIn": oaObject(nil, obj{"member_id": oaInteger, "user_id": obj{"type": "integer", "description": "for a staff meeting: the login on its roll"}, "proxy_for": oaArray(oaInteger)}),
		"Motion": oaObject([]string{"title"}, obj{"title": oaString, "kind": oaEnum(chamber.MotionKinds...), "secret": oaBoolean,
			"threshold": oaEnum(chamber.Thresholds...)}),
		"Ballot":         oaObject([]string{"credential", "choice"}, obj{"credential": oaString, "choice": oaEnum("yes", "no", "abstain")}),
		"Election":       oaObject([]string{"title", "seats", "candidates"}, obj{"title": oaString, "seats": oaInteger, "candidates": oaArray(oaInteger), "secret": oaBoolean}),
		"ElectionBallot": oaObject([]string{"credential", "choices"}, obj{"credential": oaString, "choices": oaArray(oaInteger)}),
		"PaperCount":     oaObject([]string{"yes", "no", "abstain"}, obj{"yes": oaInteger, "no": oaInteger, "abstain": oaInteger}),
		"FollowUp":       oaObject([]string{"status"}, obj{"status": oaEnum(chamber.FollowUps...), "note": oaString}),
		"MinutesBody":    oaObject([]string{"body"}, obj{"body": oaString}),
		"RSVP": oaObject([]string{"answer"}, obj{"member_id": oaInteger, "answer": oaEnum(chamber.RSVPAnswers...), "note": oaString,
			"proxy_holder": obj{"type": "string", "description": "for answer proxy: the member number or name of the member holding the proxy"}}),
		"Confirm": oaObject([]string{"term_id"}, obj{"term_id": oaInteger, "position_id": obj{"type": "integer", "format": "int64", "description": "an election of one position: the position to fill"}}),
		"Filing":  oaObject([]string{"submitted_on"}, obj{"submitted_on": oaDate, "filing_no": oaString, "accepted_on": oaDate, "effective_on": oaDate}),
		"Charter": oaObject([]string{"effective_on", "rules"}, obj{"effective_on": oaDate, "note": oaString, "filed_on": oaDate, "filing_no": oaString,
			"rules": obj{"type": "object", "additionalProperties": bodyRules}}),
	}
}

// ---- pages

type meetingsPage struct {
	Page
	Meetings     []*chamber.Meeting
	Cursor, Next string
	Bodies       []*chamber.Body
	Form         meetingForm
}

type meetingForm struct {
	Body, Title, StartsAt, Location, Override, Agenda string
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, p *meetingsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Meetings, p.Next, err = s.store.ListMeetings(r.Context(), pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if p.Bodies, err = s.store.ListBodies(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "meetings", p)
	return nil
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	p := meetingsPage{Page: s.page(r, "meeting.title")}
	return s.renderMeetings(w, r, http.StatusOK, &p)
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	form := meetingForm{Body: r.PostForm.Get("body"), Title: r.PostForm.Get("title"), StartsAt: r.PostForm.Get("starts_at"),
		Location: r.PostForm.Get("location"), Override: r.PostForm.Get("override_notice"), Agenda: r.PostForm.Get("agenda")}
	p := meetingsPage{Page: s.page(r, "meeting.title"), Form: form}
	nm := chamber.NewMeeting{Body: form.Body, Title: form.Title, Location: form.Location, OverrideNotice: form.Override, Written: r.PostForm.Get("written") == "1"}
	for _, line := range strings.Split(form.Agenda, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			nm.Agenda = append(nm.Agenda, line)
		}
	}
	var err error
	// The browser's datetime-local is in the chamber's time zone.
	if t, perr := time.ParseInLocation("2006-01-02T15:04", form.StartsAt, p.loc); perr == nil {
		nm.StartsAt = t
	} else if form.StartsAt != "" {
		err = &chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields", Fields: []chamber.FieldError{{Field: "starts_at", Key: "err.time_format"}}}
	}
	var m *chamber.Meeting
	if err == nil {
		m, err = s.store.CreateMeeting(r.Context(), nm)
	}
	if err != nil {
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderMeetings(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID), http.StatusSeeOther)
	return nil
}

// agendaView is one agenda item with its materials (the attachments partial
// reads the page's helpers through the embedded *Page).
type agendaView struct {
	*Page
	Item chamber.AgendaItem
	Att  attachmentBox
}

// agendaItemPage sends an agenda item's link on to its meeting.
func (s *Server) agendaItemPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	meetingID, err := s.store.AgendaMeeting(r.Context(), id)
	if err != nil {
		return err
	}
	q := ""
	if r.URL.Query().Get("attached") == "1" {
		q = "?attached=1"
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d%s#agenda-%d", meetingID, q, id), http.StatusSeeOther)
	return nil
}

type motionView struct {
	*chamber.Motion
	Result *chamber.Result
}

type electionView struct {
	*chamber.Election
	Result *chamber.ElectionResult
	Names  map[chamber.ID]string
}

type meetingPage struct {
	Page
	Meeting      *chamber.Meeting
	Agenda       []chamber.AgendaItem
	Quorum       *chamber.Quorum
	CheckIns     []*chamber.CheckIn
	Entitled     []chamber.TallyRow
	Names        map[chamber.ID]string
	Motions      []motionView
	Elections    []electionView
	Rules        chamber.BodyRules
	Credential   string // just issued, shown once
	VoteLink     string
	CanManage    bool
	CheckInProxy string           // what was typed for the proxy, kept on an error
	RSVPHolder   string           // the proxy holder typed in the portal's reply
	MyCheckIn    *chamber.CheckIn // what represents the member login: its own check-in or a proxy holder's
	RSVPs        []*chamber.RSVP
	Notice       *chamber.Announcement // the notice as sent, for staff
	Terms        []termOption          // for confirming an election into a term
	// CheckInQR is the member's own QR code: staff scan it with a phone and
	// land on this page with the member filled in (CheckInFor).
	AgendaViews []agendaView
	CheckInQR   template.HTML
	CheckInFor  string
	Choices     []string // check-in list entries: name, pinyin, initials, #id
	Officers    []*chamber.Position
}

type termOption struct {
	ID    chamber.ID
	Label string
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, p *meetingPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if p.Meeting, err = s.store.FindMeeting(ctx, id); err != nil {
		return err
	}
	if p.Agenda, err = s.store.Agenda(ctx, id); err != nil {
		return err
	}
	for _, a := range p.Agenda {
		p.AgendaViews = append(p.AgendaViews, agendaView{Page: &p.Page, Item: a, Att: s.attachments(r, chamber.OwnerAgendaItem, a.ID)})
	}
	if p.Quorum, err = s.store.Quorum(ctx, id); err != nil {
		return err
	}
	p.CanManage = p.Actor.Can(chamber.PermMeetingManage)
	if p.CanManage && p.Meeting.Status == chamber.MeetingOpen && p.Quorum.Entitled <= maxCheckInChoices {
		// The check-in list filters as staff type: name, full pinyin or
		// initials. A large assembly is checked in by member number or the
		// member's QR code instead of a list of everyone.
		if p.Entitled, err = s.store.Entitled(ctx, id); err != nil {
			return err
		}
		for _, e := range p.Entitled {
			full, ini := search.Romanize(e.Name)
			p.Choices = append(p.Choices, fmt.Sprintf("%s %s %s #%d", e.Name, full, ini, e.MemberID))
		}
	}
	if p.CanManage {
		// The latest ones; the sign-in sheet lists everyone.
		if p.CheckIns, err = s.store.RecentCheckIns(ctx, id, pageCheckIns); err != nil {
			return err
		}
	}
	// Names only of whom the page shows: proxies, candidates, the one being checked in.
	var shown []chamber.ID
	for _, c := range p.CheckIns {
		shown = append(shown, c.ProxyFor...)
	}
	motions, err := s.store.ListMotions(ctx, id)
	if err != nil {
		return err
	}
	for _, m := range motions {
		res, err := s.store.MotionResult(ctx, m.ID)
		if err != nil {
			return err
		}
		p.Motions = append(p.Motions, motionView{Motion: m, Result: res})
	}
	elections, err := s.store.ListElections(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range elections {
		shown = append(shown, e.Candidates...)
	}
	if v, ok := memberRef(r.URL.Query().Get("checkin")); ok {
		shown = append(shown, v)
	}
	if p.Names, err = s.store.MemberNames(ctx, shown); err != nil {
		return err
	}
	for _, e := range elections {
		res, err := s.store.ElectionResult(ctx, e.ID)
		if err != nil {
			return err
		}
		p.Elections = append(p.Elections, electionView{Election: e, Result: res, Names: p.Names})
	}
	// No charter yet is no rules to show; any other failure is an error.
	c, err := s.store.CurrentCharter(ctx, p.Meeting.StartsAt.In(p.loc).Format("2006-01-02"))
	if err != nil && chamber.ErrorCode(err) != chamber.ENOTFOUND {
		return err
	}
	if c != nil {
		b, err := s.store.FindBody(ctx, p.Meeting.BodyID)
		if err != nil {
			return err
		}
		p.Rules = c.Rules[b.Kind]
	}
	if p.Actor.Can(chamber.PermPortal) && p.Actor.MemberID != 0 && p.Meeting.Status == chamber.MeetingOpen {
		// Checked in on another phone or at the desk: the portal offers
		// the ballot (with the member's credential) instead of check-in.
		if p.MyCheckIn, err = s.store.MyCheckIn(ctx, id); err != nil && chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
	}
	if p.CanManage {
		if p.RSVPs, err = s.store.ListRSVPs(ctx, id); err != nil {
			return err
		}
	}
	if p.CanManage && p.Meeting.Status == chamber.MeetingOpen {
		if v, ok := memberRef(r.URL.Query().Get("checkin")); ok {
			p.CheckInFor = fmt.Sprintf("%s #%d", p.Names[v], v)
		}
	}
	if !p.CanManage && p.Actor.Can(chamber.PermPortal) && p.Actor.MemberID != 0 && p.Meeting.Status == chamber.MeetingOpen {
		svg, err := qr.SVG(fmt.Sprintf("%s/meetings/%d?checkin=%d#check-in", s.baseURL(), id, p.Actor.MemberID), p.T("meeting.qr_label"))
		if err != nil {
			return err
		}
		p.CheckInQR = template.HTML(svg) // built by internal/qr from escaped text only
	}
	if p.CanManage {
		if p.Notice, err = s.store.MeetingNotice(ctx, id, "notice"); err != nil && chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		if p.Notice != nil && p.Notice.PublishedAt != nil {
			switch r.URL.Query().Get("notice") {
			case "sent":
				p.Flash = p.T("meeting.notice_sent_now", p.Notice.Recipients)
			case "again":
				p.Flash = p.T("meeting.notice_not_again", p.DateTime(*p.Notice.PublishedAt))
			}
		}
	}
	if r.URL.Query().Get("rsvp") == "1" {
		p.Flash = p.T("meeting.rsvp_saved")
	}
	bodies, err := s.store.ListBodies(ctx)
	if err != nil {
		return err
	}
	positions, err := s.store.ListPositions(ctx)
	if err != nil {
		return err
	}
	for _, pos := range positions {
		if pos.BodyID != 0 {
			p.Officers = append(p.Officers, pos)
		}
	}
	for _, b := range bodies {
		terms, err := s.store.ListTerms(ctx, b.ID)
		if err != nil {
			return err
		}
		for _, t := range terms {
			p.Terms = append(p.Terms, termOption{ID: t.ID, Label: b.Name + " · " + p.T("org.term_n", t.Number)})
		}
	}
	s.render(w, r, status, "meeting", p)
	return nil
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	p := meetingPage{Page: s.page(r, "meeting.title")}
	return s.renderMeeting(w, r, http.StatusOK, &p)
}

func (s *Server) meetingStatusSubmit(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id chamber.ID) (*chamber.Meeting, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := act(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) meetingOpenSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStatusSubmit(w, r, s.store.OpenMeeting)
}

func (s *Server) meetingCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStatusSubmit(w, r, s.store.CloseMeeting)
}

func (s *Server) motionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := chamber.NewMotion{Title: r.PostForm.Get("title"), Kind: r.PostForm.Get("kind")}
	switch r.PostForm.Get("secret") {
	case "1":
		t := true
		in.Secret = &t
	case "0":
		f := false
		in.Secret = &f
	}
	if th := r.PostForm.Get("threshold"); th != "" {
		in.Threshold = &th
	}
	if _, err := s.store.CreateMotion(r.Context(), id, in); err != nil {
		p := meetingPage{Page: s.page(r, "meeting.title")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderMeeting(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d#motions", id), http.StatusSeeOther)
	return nil
}

func (s *Server) electionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var f chamber.Fields
	seats, serr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("seats")))
	if serr != nil {
		f.Add("seats", "err.invalid_value")
	}
	cands, ok := parseIDList(r.PostForm.Get("candidates"))
	if !ok {
		f.Add("candidates", "err.invalid_value")
	}
	err = f.Err()
	if err == nil {
		_, err = s.store.CreateElection(r.Context(), id, chamber.NewElection{Title: r.PostForm.Get("title"), Seats: seats, Candidates: cands})
	}
	if err != nil {
		p := meetingPage{Page: s.page(r, "meeting.title")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderMeeting(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d#elections", id), http.StatusSeeOther)
	return nil
}

// voteAction runs a motion/election state change and returns to its meeting.
func (s *Server) voteAction(w http.ResponseWriter, r *http.Request, act func(id chamber.ID) (chamber.ID, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	meetingID, err := act(id)
	if err != nil {
		if chamber.ErrorCode(err) == chamber.ECONFLICT && meetingID != 0 {
			r.SetPathValue("id", strconv.FormatInt(meetingID, 10))
			p := meetingPage{Page: s.page(r, "meeting.title")}
			e, _ := chamber.AsError(err) // ErrorCode above found one
			p.FormError = p.T(e.Key, e.Args...)
			return s.renderMeeting(w, r, http.StatusConflict, &p)
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d#motions", meetingID), http.StatusSeeOther)
	return nil
}

func (s *Server) motionOpenSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		m, err := s.store.FindMotion(r.Context(), id)
		if err != nil {
			return 0, err
		}
		_, err = s.store.OpenMotion(r.Context(), id)
		return m.MeetingID, err
	})
}

func (s *Server) motionCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		m, err := s.store.FindMotion(r.Context(), id)
		if err != nil {
			return 0, err
		}
		_, err = s.store.CloseMotion(r.Context(), id)
		return m.MeetingID, err
	})
}

func (s *Server) electionOpenSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		e, err := s.store.FindElection(r.Context(), id)
		if err != nil {
			return 0, err
		}
		_, err = s.store.OpenElection(r.Context(), id)
		return e.MeetingID, err
	})
}

func (s *Server) electionCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, func(id chamber.ID) (chamber.ID, error) {
		e, err := s.store.FindElection(r.Context(), id)
		if err != nil {
			return 0, err
		}
		_, err = s.store.CloseElection(r.Context(), id)
		return e.MeetingID, err
	})
}

// ---- voting page (the credential is the authority; no login needed)

// pageCheckIns is how many of the latest check-ins the meeting page lists.
const pageCheckIns = 100

// maxCheckInChoices is the largest roll the check-in form lists in full.
const maxCheckInChoices = 2000
