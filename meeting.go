package chamber

import (
	"context"
	"time"
	"unicode/utf8"
)

// Thresholds: the base (present, cast, entitled) is part of the name, and
// Chinese usage decides whether the bound itself passes: 以上 includes it
// (2/3以上 of present: yes ≥ 2/3 × present); 过半数 excludes it
// (yes > 1/2 × base). All arithmetic is on integers.
const (
	MajorityPresent   = "majority_present"    // 过半数 of the weight present
	TwoThirdsPresent  = "two_thirds_present"  // 2/3以上 of the weight present
	MajorityCast      = "majority_cast"       // 过半数 of the votes cast (abstentions count as cast)
	TwoThirdsCast     = "two_thirds_cast"     // 2/3以上 of the votes cast
	MajorityEntitled  = "majority_entitled"   // 过半数 of all entitled
	TwoThirdsEntitled = "two_thirds_entitled" // 2/3以上 of all entitled
)

// Thresholds lists the known threshold names.
var Thresholds = []string{MajorityPresent, TwoThirdsPresent, MajorityCast, TwoThirdsCast, MajorityEntitled, TwoThirdsEntitled}

// Passes decides a motion: yes votes against the threshold's base.
func Passes(threshold string, yes, present, cast, entitled int64) bool {
	var base int64
	switch threshold {
	case MajorityPresent, TwoThirdsPresent:
		base = present
	case MajorityCast, TwoThirdsCast:
		base = cast
	case MajorityEntitled, TwoThirdsEntitled:
		base = entitled
	default:
		return false
	}
	if base <= 0 {
		return false
	}
	switch threshold {
	case MajorityPresent, MajorityCast, MajorityEntitled:
		return 2*yes > base // 过半数: more than half
	default:
		return 3*yes >= 2*base // 2/3以上: two thirds or more
	}
}

// QuorumRequired is the weight that must be represented: num/den of the
// entitled, rounded up (以上: reaching the fraction is enough).
func QuorumRequired(entitled int64, num, den int) int64 {
	if den <= 0 || num <= 0 {
		return 0
	}
	return (entitled*int64(num) + int64(den) - 1) / int64(den)
}

// Motion kinds.
const (
	KindOrdinary      = "ordinary"
	KindCharterAmend  = "charter_amendment"
	KindDues          = "dues"
	KindBudget        = "budget"
	KindExpulsion     = "expulsion"
	KindDissolution   = "dissolution"
	KindElection      = "election"
	KindFinalAccounts = "final_accounts"
	KindWorkReport    = "work_report"
	KindPersonnel     = "personnel"
)

// MotionKinds lists the motion kinds.
var MotionKinds = []string{KindOrdinary, KindCharterAmend, KindDues, KindBudget, KindExpulsion, KindDissolution,
	KindFinalAccounts, KindWorkReport, KindPersonnel}

// BodyRules are the charter's rules for meetings of one kind of body.
type BodyRules struct {
	NoticeDays int `json:"notice_days"`
	// Quorum: QuorumNum/QuorumDen of the entitled must be represented.
	QuorumNum int `json:"quorum_num"`
	QuorumDen int `json:"quorum_den"`
	// Ordinary is the threshold of ordinary motions; Qualified that of the
	// QualifiedKinds ("all" in the list means every kind).
	Ordinary       string   `json:"ordinary"`
	Qualified      string   `json:"qualified"`
	QualifiedKinds []string `json:"qualified_kinds"`
	SecretKinds    []string `json:"secret_kinds"` // KindElection for elections
	ProxyLimit     int      `json:"proxy_limit"`
	WrittenVotes   bool     `json:"written_votes"`
}

// ThresholdFor is the threshold the charter gives a motion kind.
func (r *BodyRules) ThresholdFor(kind string) string {
	for _, k := range r.QualifiedKinds {
		if k == kind || k == "all" {
			return r.Qualified
		}
	}
	return r.Ordinary
}

// SecretFor reports whether the charter makes a kind secret by default.
func (r *BodyRules) SecretFor(kind string) bool {
	for _, k := range r.SecretKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Charter is one version of the chamber's charter (章程) as data: rules
// per body kind, in force from EffectiveOn.
type Charter struct {
	ID          ID                   `json:"id"`
	Version     int                  `json:"version"`
	EffectiveOn string               `json:"effective_on"`
	Rules       map[string]BodyRules `json:"rules"` // by body kind
	Note        string               `json:"note,omitempty"`
	SubmittedOn string               `json:"submitted_on,omitempty"`
	FiledOn     string               `json:"filed_on,omitempty"` // 备案 accepted by the registration authority
	FilingNo    string               `json:"filing_no,omitempty"`
	MotionID    ID                   `json:"motion_id,omitempty"` // the charter-amendment motion that made it
	Pending     bool                 `json:"pending"`             // not in force until filed and effective
}

// DefaultCharter is the usual model charter of a 行业协会商会 (API.md's table).
func DefaultCharter() map[string]BodyRules {
	ga := BodyRules{NoticeDays: 15, QuorumNum: 2, QuorumDen: 3, Ordinary: MajorityPresent, Qualified: TwoThirdsPresent,
		QualifiedKinds: []string{KindCharterAmend, KindDues, KindExpulsion, KindDissolution},
		SecretKinds:    []string{KindElection, KindCharterAmend, KindDues}, ProxyLimit: 1, WrittenVotes: false}
	council := BodyRules{NoticeDays: 7, QuorumNum: 2, QuorumDen: 3, Ordinary: TwoThirdsPresent, Qualified: TwoThirdsPresent,
		QualifiedKinds: []string{"all"}, SecretKinds: []string{KindElection}, ProxyLimit: 1, WrittenVotes: true}
	small := BodyRules{NoticeDays: 3, QuorumNum: 2, QuorumDen: 3, Ordinary: TwoThirdsPresent, Qualified: TwoThirdsPresent,
		QualifiedKinds: []string{"all"}, SecretKinds: []string{}, ProxyLimit: 0, WrittenVotes: true}
	staff := BodyRules{NoticeDays: 0, QuorumNum: 1, QuorumDen: 2, Ordinary: MajorityPresent, Qualified: TwoThirdsPresent,
		QualifiedKinds: []string{}, SecretKinds: []string{}, ProxyLimit: 0}
	return map[string]BodyRules{
		BodyGeneralAssembly: ga, BodyCouncil: council, BodyStandingCouncil: council,
		BodyPresidium: small, BodySupervisoryBoard: small, BodyCommittee: small, BodyBranch: ga, BodySecretariat: staff,
	}
}

// Validate checks one body's rules.
func (r *BodyRules) Validate(prefix string, f *Fields) {
	if r.NoticeDays < 0 || r.NoticeDays > 365 {
		f.Add(prefix+".notice_days", "err.invalid_value")
	}
	if r.QuorumDen <= 0 || r.QuorumNum < 0 || r.QuorumNum > r.QuorumDen {
		f.Add(prefix+".quorum", "err.invalid_value")
	}
	if !contains(Thresholds, r.Ordinary) {
		f.Add(prefix+".ordinary", "err.invalid_value")
	}
	if !contains(Thresholds, r.Qualified) {
		f.Add(prefix+".qualified", "err.invalid_value")
	}
	if r.ProxyLimit < 0 || r.ProxyLimit > 100 {
		f.Add(prefix+".proxy_limit", "err.invalid_value")
	}
}

// Meeting statuses.
const (
	MeetingScheduled = "scheduled"
	MeetingOpen      = "open"
	MeetingClosed    = "closed"
)

// Meeting is a sitting of a body.
type Meeting struct {
	ID             ID         `json:"id"`
	BodyID         ID         `json:"body_id"`
	Body           string     `json:"body"` // the body's code or kind
	BodyName       string     `json:"body_name"`
	Title          string     `json:"title"`
	StartsAt       time.Time  `json:"starts_at"`
	Location       string     `json:"location"`
	Status         string     `json:"status"`
	OpenedAt       *time.Time `json:"opened_at,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	NoticeOverride string     `json:"notice_override,omitempty"` // why the notice period was waived
	Written        bool       `json:"written"`
	CharterVersion int        `json:"charter_version"`
	CreatedAt      time.Time  `json:"created_at"`
	// StaffKind marks a staff meeting of the secretariat (办公会议 "office",
	// 每周例会 "weekly"); DepartmentID narrows it to one department.
	StaffKind    string `json:"staff_kind,omitempty"`
	DepartmentID ID     `json:"department_id,omitempty"`
}

// NewMeeting is the form for convening a meeting.
type NewMeeting struct {
	Body     string    `json:"body"` // a body code, kind, or id
	BodyID   ID        `json:"-"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	Location string    `json:"location"`
	// OverrideNotice waives the notice period, with the reason recorded.
	OverrideNotice string   `json:"override_notice,omitempty"`
	Agenda         []string `json:"agenda,omitempty"`
	// Written makes it a written vote (通信表决): members vote from the
	// portal while it is open, if the charter allows it for the body.
	Written bool `json:"written,omitempty"`
	// StaffKind ("office" or "weekly") and DepartmentID make it a staff
	// meeting of the secretariat or of one department (the body follows).
	StaffKind    string `json:"staff_kind,omitempty"`
	DepartmentID ID     `json:"department_id,omitempty"`
}

// Validate checks the form (the notice period needs the charter: the store checks it).
func (m *NewMeeting) Validate() error {
	var f Fields
	validName(&f, "title", m.Title, 200)
	if m.StartsAt.IsZero() {
		f.Add("starts_at", "err.required")
	} else if !DateInRange(m.StartsAt) {
		f.Add("starts_at", "err.date_range", MinDate, MaxDate)
	}
	if utf8.RuneCountInString(m.Location) > 200 {
		f.Add("location", "err.too_long", 200)
	}
	if utf8.RuneCountInString(m.OverrideNotice) > 500 {
		f.Add("override_notice", "err.too_long", 500)
	}
	if m.StaffKind != "" && !oneOf(m.StaffKind, StaffMeetingKinds) {
		f.Add("staff_kind", "err.invalid_value")
	}
	if m.DepartmentID < 0 {
		f.Add("department_id", "err.invalid_value")
	}
	if len(m.Agenda) > 100 {
		f.Add("agenda", "err.invalid_value")
	}
	for _, a := range m.Agenda {
		if utf8.RuneCountInString(a) > 500 {
			f.Add("agenda", "err.too_long", 500)
			break
		}
	}
	return f.Err()
}

// NoticeOK reports whether a meeting starting at startsAt, convened at now,
// gives noticeDays full days of notice: the notice goes out N days ahead,
// so the meeting's date is at least N days after today (in loc).
func NoticeOK(now, startsAt time.Time, noticeDays int, loc *time.Location) bool {
	today := now.In(loc)
	d0 := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	s := startsAt.In(loc)
	d1 := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	return !d1.Before(d0.AddDate(0, 0, noticeDays)) && !startsAt.Before(now)
}

// Quorum is API.md's quorum answer.
type Quorum struct {
	Entitled int64 `json:"entitled"`
	// Present is a headcount: the members checked in, in person.
	Present int64 `json:"present"`
	// Represented is the weight: those present plus the proxies they hold;
	// quorum is decided on it.
	Represented int64 `json:"represented"`
	Required    int64 `json:"required"`
	Quorate     bool  `json:"quorate"`
}

// CheckIn is one member's attendance, with the proxies it holds.
type CheckIn struct {
	ID         ID     `json:"id"`
	MeetingID  ID     `json:"meeting_id"`
	MemberID   ID     `json:"member_id"`
	MemberName string `json:"member_name,omitempty"`
	MemberNo   string `json:"member_no,omitempty"` // 会员编号, to tell namesakes apart
	ProxyFor   []ID   `json:"proxy_for"`
	Weight     int64  `json:"weight"`
	// Credential is shown once, at check-in.
	Credential string    `json:"credential,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// CheckInMatch is an entitled member that what staff typed at check-in
// could mean, with the member number that tells namesakes apart.
type CheckInMatch struct {
	MemberID ID
	MemberNo string
	Name     string
}

// Motion statuses.
const (
	MotionDraft  = "draft"
	MotionOpen   = "open"
	MotionClosed = "closed"
)

// Motion is a question put to a vote.
type Motion struct {
	ID        ID         `json:"id"`
	MeetingID ID         `json:"meeting_id"`
	Title     string     `json:"title"`
	Kind      string     `json:"kind"`
	Secret    bool       `json:"secret"`
	Threshold string     `json:"threshold"`
	Status    string     `json:"status"`
	OpenedAt  *time.Time `json:"opened_at,omitempty"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	// Paper is set when the result was entered from counted paper ballots.
	Paper bool `json:"paper,omitempty"`
}

// NewMotion is the form for a motion.
type NewMotion struct {
	Title     string  `json:"title"`
	Kind      string  `json:"kind"`
	Secret    *bool   `json:"secret"`
	Threshold *string `json:"threshold"`
}

// Validate checks the form.
func (m *NewMotion) Validate() error {
	var f Fields
	validName(&f, "title", m.Title, 300)
	if m.Kind == "" {
		m.Kind = KindOrdinary
	}
	if !contains(MotionKinds, m.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	if m.Threshold != nil && !contains(Thresholds, *m.Threshold) {
		f.Add("threshold", "err.invalid_value")
	}
	return f.Err()
}

// Result is API.md's motion result. For an open secret motion only Status
// and Cast are shown.
type Result struct {
	Status  string `json:"status"`
	Yes     *int64 `json:"yes,omitempty"`
	No      *int64 `json:"no,omitempty"`
	Abstain *int64 `json:"abstain,omitempty"`
	Cast    int64  `json:"cast"`
	// Present is the weight present when voting closed (persons present plus
	// the proxies they hold, as Quorum.Represented), the base of the
	// *_present thresholds; not Quorum.Present, which is a headcount.
	Present   *int64 `json:"present,omitempty"`
	Entitled  *int64 `json:"entitled,omitempty"`
	Threshold string `json:"threshold,omitempty"`
	Passed    *bool  `json:"passed,omitempty"`
}

// Election is a vote for seats.
type Election struct {
	ID         ID     `json:"id"`
	MeetingID  ID     `json:"meeting_id"`
	Title      string `json:"title"`
	Seats      int    `json:"seats"`
	Candidates []ID   `json:"candidates"`
	Secret     bool   `json:"secret"`
	Status     string `json:"status"`
	Contested  bool   `json:"contested"` // 差额 (more candidates than seats) or 等额
}

// NewElection is the form for an election.
type NewElection struct {
	Title      string `json:"title"`
	Seats      int    `json:"seats"`
	Candidates []ID   `json:"candidates"`
	Secret     *bool  `json:"secret"`
}

// Validate checks the form.
func (e *NewElection) Validate() error {
	var f Fields
	validName(&f, "title", e.Title, 300)
	if e.Seats < 1 || e.Seats > 1000 {
		f.Add("seats", "err.invalid_value")
	}
	if len(e.Candidates) < e.Seats {
		f.Add("candidates", "err.too_few_candidates")
	}
	seen := map[ID]bool{}
	for _, c := range e.Candidates {
		if c <= 0 || seen[c] {
			f.Add("candidates", "err.invalid_value")
			break
		}
		seen[c] = true
	}
	return f.Err()
}

// TallyRow is one candidate's votes.
type TallyRow struct {
	MemberID ID     `json:"member_id"`
	Name     string `json:"name,omitempty"`
	Votes    int64  `json:"votes"`
}

// ElectionResult is API.md's election result.
type ElectionResult struct {
	Status  string     `json:"status"`
	Cast    int64      `json:"cast"`
	Tally   []TallyRow `json:"tally"`
	Elected []ID       `json:"elected"`
	// Tied lists candidates tied for the last seat(s): a run-off decides them.
	Tied []ID `json:"tied"`
}

// Elect picks the winners from a tally: the seats highest, in order; when
// candidates tie across the last seat, none of the tied is elected and
// they are returned as tied for a run-off. When Majority is set a winner
// also needs more than half of cast (过半数).
func Elect(tally []TallyRow, seats int) (elected, tied []ID) {
	rows := append([]TallyRow(nil), tally...)
	// Sort by votes descending, then member id for a stable order.
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && (rows[j].Votes > rows[j-1].Votes || (rows[j].Votes == rows[j-1].Votes && rows[j].MemberID < rows[j-1].MemberID)); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	if seats >= len(rows) {
		for _, r := range rows {
			if r.Votes > 0 {
				elected = append(elected, r.MemberID)
			}
		}
		return elected, nil
	}
	cut := rows[seats-1].Votes
	if rows[seats].Votes != cut {
		for _, r := range rows[:seats] {
			if r.Votes > 0 {
				elected = append(elected, r.MemberID)
			}
		}
		return elected, nil
	}
	for _, r := range rows {
		switch {
		case r.Votes > cut:
			elected = append(elected, r.MemberID)
		case r.Votes == cut && cut > 0:
			tied = append(tied, r.MemberID)
		}
	}
	return elected, tied
}

// MeetingService runs meetings by the charter.
type MeetingService interface {
	CurrentCharter(ctx context.Context, date string) (*Charter, error)
	ListCharters(ctx context.Context) ([]*Charter, error)
	CreateCharter(ctx context.Context, c Charter) (*Charter, error)

	CreateMeeting(ctx context.Context, in NewMeeting) (*Meeting, error)
	FindMeeting(ctx context.Context, id ID) (*Meeting, error)
	ListMeetings(ctx context.Context, p Page) ([]*Meeting, string, error)
	OpenMeeting(ctx context.Context, id ID) (*Meeting, error)
	CloseMeeting(ctx context.Context, id ID) (*Meeting, error)
	Agenda(ctx context.Context, meetingID ID) ([]AgendaItem, error)
	AgendaMeeting(ctx context.Context, itemID ID) (ID, error)

	CheckIn(ctx context.Context, meetingID, memberID ID, proxyFor []ID) (*CheckIn, error)
	ListCheckIns(ctx context.Context, meetingID ID) ([]*CheckIn, error)
	// RecentCheckIns lists the latest n check-ins, newest first.
	RecentCheckIns(ctx context.Context, meetingID ID, n int) ([]*CheckIn, error)
	// MatchEntitled finds the entitled members a typed name, pinyin,
	// initials or member number names, to check one in.
	MatchEntitled(ctx context.Context, meetingID ID, text string) ([]CheckInMatch, error)
	// MyCheckIn is the check-in representing the portal login's member.
	MyCheckIn(ctx context.Context, meetingID ID) (*CheckIn, error)
	// MyCredential shows the portal login's member its voting credential again.
	MyCredential(ctx context.Context, meetingID ID) (*CheckIn, error)
	// ReissueCredential gives a checked-in member a new credential and voids the old.
	ReissueCredential(ctx context.Context, meetingID, memberID ID) (*CheckIn, error)
	Quorum(ctx context.Context, meetingID ID) (*Quorum, error)
	// Entitled lists who may sit: member id → name.
	Entitled(ctx context.Context, meetingID ID) ([]TallyRow, error)

	CreateMotion(ctx context.Context, meetingID ID, in NewMotion) (*Motion, error)
	FindMotion(ctx context.Context, id ID) (*Motion, error)
	ListMotions(ctx context.Context, meetingID ID) ([]*Motion, error)
	OpenMotion(ctx context.Context, id ID) (*Motion, error)
	CloseMotion(ctx context.Context, id ID) (*Result, error)
	CastBallot(ctx context.Context, motionID ID, credential, choice string) (receipt string, err error)
	MotionResult(ctx context.Context, id ID) (*Result, error)
	// HasVoted reports whether a credential has voted on a motion
	// (scope "motion") or an election ("election").
	HasVoted(ctx context.Context, scope string, refID ID, credential string) (bool, error)

	CreateElection(ctx context.Context, meetingID ID, in NewElection) (*Election, error)
	FindElection(ctx context.Context, id ID) (*Election, error)
	ListElections(ctx context.Context, meetingID ID) ([]*Election, error)
	OpenElection(ctx context.Context, id ID) (*Election, error)
	CloseElection(ctx context.Context, id ID) (*ElectionResult, error)
	CastElectionBallot(ctx context.Context, electionID ID, credential string, choices []ID) (receipt string, err error)
	ElectionResult(ctx context.Context, id ID) (*ElectionResult, error)
}

// Follow-up statuses of a resolution (决议).
var FollowUps = []string{"pending", "in_progress", "done"}

// Resolution is a passed motion in the resolution register.
type Resolution struct {
	MotionID     ID        `json:"motion_id"`
	MeetingID    ID        `json:"meeting_id"`
	MeetingTitle string    `json:"meeting_title"`
	BodyName     string    `json:"body_name"`
	Title        string    `json:"title"`
	Kind         string    `json:"kind"`
	ClosedAt     time.Time `json:"closed_at"`
	FollowUp     string    `json:"follow_up"`
	FollowUpNote string    `json:"follow_up_note"`
}

// Minutes is one version of a meeting's minutes (会议纪要).
type Minutes struct {
	MeetingID ID         `json:"meeting_id"`
	Version   int        `json:"version"`
	Body      string     `json:"body"`
	Status    string     `json:"status"` // draft, signed
	CreatedBy string     `json:"created_by"`
	SignedBy  string     `json:"signed_by,omitempty"`
	SignedAt  *time.Time `json:"signed_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	// AuditHead is the audit chain's head when the minutes were signed.
	AuditHead *AuditHead `json:"audit_head,omitempty"`
}

// RSVP is a member's reply to a notice (回执).
type RSVP struct {
	MeetingID ID     `json:"meeting_id"`
	MemberID  ID     `json:"member_id"`
	Name      string `json:"name,omitempty"`
	Answer    string `json:"answer"` // attend, absent, proxy
	// ProxyHolderID is who holds the member's proxy, for "proxy".
	ProxyHolderID   ID        `json:"proxy_holder_id,omitempty"`
	ProxyHolderName string    `json:"proxy_holder_name,omitempty"`
	Note            string    `json:"note,omitempty"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// RSVPAnswers are the replies a member can give.
var RSVPAnswers = []string{"attend", "absent", "proxy"}

// PaperCount is a count of paper ballots entered by staff.
type PaperCount struct {
	Yes     int64 `json:"yes"`
	No      int64 `json:"no"`
	Abstain int64 `json:"abstain"`
}

// MeetingRecords are the parts of a meeting kept beyond the sitting:
// paper results, the resolution register, minutes, election confirmation,
// RSVPs and charter filing.
type MeetingRecords interface {
	// MeetingNotice is the notice ("notice") or minutes ("minutes") as
	// sent: when, to how many, read by how many; ENOTFOUND before.
	MeetingNotice(ctx context.Context, meetingID ID, what string) (*Announcement, error)
	// EnterPaperResult records counted paper ballots; the second member of
	// staff entering the same figures closes the motion with them.
	EnterPaperResult(ctx context.Context, motionID ID, c PaperCount) (*Result, error)
	SetFollowUp(ctx context.Context, motionID ID, status, note string) (*Resolution, error)
	Resolutions(ctx context.Context, p Page) ([]*Resolution, string, error)
	SaveMinutes(ctx context.Context, meetingID ID, body string) (*Minutes, error)
	SignMinutes(ctx context.Context, meetingID ID) (*Minutes, error)
	ListMinutes(ctx context.Context, meetingID ID) ([]*Minutes, error)
	// ConfirmElection puts the elected into a term: into its body's seats,
	// or (positionID set) into an officer position such as 会长.
	ConfirmElection(ctx context.Context, electionID, termID, positionID ID) ([]*Post, error)
	// SetRSVP records a member's reply; for "proxy", proxyHolder names the
	// entitled member who holds the proxy (member number or name).
	SetRSVP(ctx context.Context, meetingID, memberID ID, answer, note, proxyHolder string) (*RSVP, error)
	ListRSVPs(ctx context.Context, meetingID ID) ([]*RSVP, error)
	FileCharter(ctx context.Context, charterID ID, f CharterFiling) (*Charter, error)
	// NotifyMeeting sends the notice ("notice") or the signed minutes
	// ("minutes") to every member entitled to sit, once.
	NotifyMeeting(ctx context.Context, meetingID ID, what, title, body string) (ID, error)
}

// CharterFiling records the filing (备案) of a charter version with the
// registration authority; accepted, it takes effect on EffectiveOn.
type CharterFiling struct {
	SubmittedOn string `json:"submitted_on"`
	FilingNo    string `json:"filing_no"`
	AcceptedOn  string `json:"accepted_on"`
	EffectiveOn string `json:"effective_on"`
}

// AgendaItem is one numbered item of a meeting's agenda.
type AgendaItem struct {
	ID     ID     `json:"id"`
	Number int    `json:"number"`
	Title  string `json:"title"`
}
