package chamber

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// MemberKind is a unit (企业/单位会员) or an individual (个人会员).
type MemberKind string

const (
	MemberUnit       MemberKind = "unit"
	MemberIndividual MemberKind = "individual"
)

// MemberStatus is where a member stands. Lapse for unpaid dues is a separate
// flag (Member.Lapsed): it does not end membership by itself.
type MemberStatus string

const (
	StatusActive    MemberStatus = "active"    // 在册
	StatusSuspended MemberStatus = "suspended" // 暂停
	StatusWithdrawn MemberStatus = "withdrawn" // 退会
	StatusExpelled  MemberStatus = "expelled"  // 除名
)

// MemberStatuses lists the statuses in display order.
var MemberStatuses = []MemberStatus{StatusActive, StatusSuspended, StatusWithdrawn, StatusExpelled}

// ValidStatus reports whether s is a known status.
func ValidStatus(s MemberStatus) bool {
	for _, v := range MemberStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// CanChangeStatus is the status rule: an expelled member stays expelled (a
// new application is the way back); a change to the same status is no change.
func CanChangeStatus(from, to MemberStatus) bool {
	if from == to || from == StatusExpelled {
		return false
	}
	return ValidStatus(to)
}

// Tier is a member tier (会员等级); tiers are data, seeded with the standard five.
type Tier struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Rank   int    `json:"rank"`
}

// DefaultTiers are what a new database holds.
var DefaultTiers = []Tier{
	{"president", "会长单位", "President unit", 10},
	{"vice_president", "副会长单位", "Vice-president unit", 20},
	{"standing_council", "常务理事单位", "Standing council unit", 30},
	{"council", "理事单位", "Council unit", 40},
	{"member", "会员单位", "Member unit", 50},
}

// DefaultTier is the tier of a member whose tier is not given.
const DefaultTier = "member"

// Member is a unit or individual member: its file.
type Member struct {
	ID          ID           `json:"id"`
	MemberNo    string       `json:"member_no"`
	Kind        MemberKind   `json:"kind"`
	Name        string       `json:"name"`
	Tier        string       `json:"tier"`
	Industry    string       `json:"industry"`
	Region      string       `json:"region"`
	CreditCode  string       `json:"credit_code"`
	LegalRep    string       `json:"legal_rep"`
	Address     string       `json:"address"`
	Size        string       `json:"size"`
	Website     string       `json:"website"`
	Company     string       `json:"company"` // an individual member's employer
	ContactName string       `json:"contact_name"`
	Phone       string       `json:"phone"`
	Email       string       `json:"email"`
	JoinedOn    string       `json:"joined_on"`
	Status      MemberStatus `json:"status"`
	Lapsed      bool         `json:"lapsed"`
	Tags        []string     `json:"tags"`
	PublicList  bool         `json:"public_listing"`
	CertCode    string       `json:"-"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// MemberInput is the form that creates a member, and the row of an import.
type MemberInput struct {
	Kind        MemberKind `json:"kind"`
	Name        string     `json:"name"`
	Tier        string     `json:"tier"`
	Industry    string     `json:"industry"`
	Region      string     `json:"region"`
	CreditCode  string     `json:"credit_code"`
	LegalRep    string     `json:"legal_rep"`
	Address     string     `json:"address"`
	Size        string     `json:"size"`
	Website     string     `json:"website"`
	Company     string     `json:"company"`
	ContactName string     `json:"contact_name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	JoinedOn    string     `json:"joined_on"`
	Tags        []string   `json:"tags"`
	PublicList  bool       `json:"public_listing"`
}

// Normalize trims the text fields and upper-cases the credit code.
func (in *MemberInput) Normalize() {
	for _, p := range []*string{&in.Name, &in.Tier, &in.Industry, &in.Region, &in.LegalRep, &in.Address, &in.Size,
		&in.Website, &in.Company, &in.ContactName, &in.Phone, &in.Email, &in.JoinedOn} {
		*p = strings.TrimSpace(*p)
	}
	in.Kind = MemberKind(strings.TrimSpace(string(in.Kind)))
	in.CreditCode = strings.ToUpper(strings.TrimSpace(in.CreditCode))
	in.Phone = NormalizePhone(in.Phone)
	in.Tags = NormalizeTags(in.Tags)
}

// NormalizeTags trims, drops empties and duplicates, keeps order.
func NormalizeTags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// Validate checks the form. Tier names are checked by the store (tiers are data).
func (in *MemberInput) Validate() error {
	var f Fields
	in.validate(&f)
	return f.Err()
}

func (in *MemberInput) validate(f *Fields) {
	switch in.Kind {
	case MemberUnit, MemberIndividual:
	case "":
		f.Add("kind", "err.required")
	default:
		f.Add("kind", "err.member_kind")
	}
	textField(f, "name", in.Name, true, 100)
	for _, t := range []struct {
		name, v string
		max     int
	}{{"industry", in.Industry, 50}, {"region", in.Region, 50}, {"legal_rep", in.LegalRep, 50}, {"address", in.Address, 200},
		{"size", in.Size, 50}, {"company", in.Company, 100}, {"contact_name", in.ContactName, 50}, {"tier", in.Tier, 50}} {
		textField(f, t.name, t.v, false, t.max)
	}
	// The text rule on every field (imported cells reach here unfiltered).
	for _, t := range []struct{ name, v string }{{"credit_code", in.CreditCode}, {"phone", in.Phone}, {"email", in.Email},
		{"website", in.Website}, {"joined_on", in.JoinedOn}, {"kind", string(in.Kind)}} {
		CheckText(f, t.name, t.v)
	}
	for _, t := range in.Tags {
		CheckText(f, "tags", t)
	}
	if in.CreditCode != "" && !f.Has("credit_code") {
		if key := CheckCreditCode(in.CreditCode); key != "" {
			f.Add("credit_code", key)
		}
	}
	if in.Phone != "" && !ValidPhone(in.Phone) {
		f.Add("phone", "err.phone")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 200 {
			f.Add("email", "err.email")
		}
	}
	if in.Website != "" && !ValidWebsite(in.Website) {
		f.Add("website", "err.website")
	}
	if in.JoinedOn != "" && !ValidDate(in.JoinedOn) {
		f.Add("joined_on", "err.date")
	}
	if len(in.Tags) > 20 {
		f.Add("tags", "err.too_many", 20)
	}
	for _, t := range in.Tags {
		if utf8.RuneCountInString(t) > 20 {
			f.Add("tags", "err.too_long", 20)
			break
		}
	}
}

// ValidWebsite reports whether s is an http(s) address of at most 200 bytes.
func ValidWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 200
}

func textField(f *Fields, name, v string, required bool, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && required:
		f.Add(name, "err.required")
	case n > max:
		f.Add(name, "err.too_long", max)
	case !utf8.ValidString(v):
		f.Add(name, "err.invalid_value")
	case !TextOK(v, false):
		f.Add(name, "err.control_char", name)
	}
}

// ValidDate reports whether s is a YYYY-MM-DD calendar date in
// MinDate…MaxDate.
func ValidDate(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && DateInRange(t)
}

// MemberPatch changes some fields of a member; nil means unchanged.
type MemberPatch struct {
	Kind        *MemberKind `json:"kind"`
	Name        *string     `json:"name"`
	Tier        *string     `json:"tier"`
	Industry    *string     `json:"industry"`
	Region      *string     `json:"region"`
	CreditCode  *string     `json:"credit_code"`
	LegalRep    *string     `json:"legal_rep"`
	Address     *string     `json:"address"`
	Size        *string     `json:"size"`
	Website     *string     `json:"website"`
	Company     *string     `json:"company"`
	ContactName *string     `json:"contact_name"`
	Phone       *string     `json:"phone"`
	Email       *string     `json:"email"`
	JoinedOn    *string     `json:"joined_on"`
	Tags        *[]string   `json:"tags"`
	PublicList  *bool       `json:"public_listing"`
}

// Input returns m as a form.
func (m *Member) Input() MemberInput {
	return MemberInput{Kind: m.Kind, Name: m.Name, Tier: m.Tier, Industry: m.Industry, Region: m.Region, CreditCode: m.CreditCode,
		LegalRep: m.LegalRep, Address: m.Address, Size: m.Size, Website: m.Website, Company: m.Company,
		ContactName: m.ContactName, Phone: m.Phone, Email: m.Email, JoinedOn: m.JoinedOn,
		Tags: append([]string(nil), m.Tags...), PublicList: m.PublicList}
}

// Apply returns the member's form with the patch applied.
func (p *MemberPatch) Apply(in MemberInput) MemberInput {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if p.Kind != nil {
		in.Kind = *p.Kind
	}
	set(&in.Name, p.Name)
	set(&in.Tier, p.Tier)
	set(&in.Industry, p.Industry)
	set(&in.Region, p.Region)
	set(&in.CreditCode, p.CreditCode)
	set(&in.LegalRep, p.LegalRep)
	set(&in.Address, p.Address)
	set(&in.Size, p.Size)
	set(&in.Website, p.Website)
	set(&in.Company, p.Company)
	set(&in.ContactName, p.ContactName)
	set(&in.Phone, p.Phone)
	set(&in.Email, p.Email)
	set(&in.JoinedOn, p.JoinedOn)
	if p.Tags != nil {
		in.Tags = *p.Tags
	}
	if p.PublicList != nil {
		in.PublicList = *p.PublicList
	}
	return in
}

// KeyFields are the fields a member's own change goes to the secretariat
// for approval.
var KeyFields = []string{"name", "credit_code", "kind", "legal_rep"}

// creditCodeChars is the GB 32100-2015 character set: digits and capital
// letters without I, O, Z, S, V; a character's value is its index.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// StatusChange is the form of a status decision.
type StatusChange struct {
	Status MemberStatus `json:"status"`
	Reason string       `json:"reason"`
	// DecidedOn is the date of the decision (default today).
	DecidedOn string `json:"decided_on,omitempty"`
	// DecisionRef names the council decision (决议); expulsion needs one.
	DecisionRef string `json:"decision_ref,omitempty"`
	MotionID    ID     `json:"motion_id,omitempty"`
}

// Validate checks the form.
func (c *StatusChange) Validate() error {
	var f Fields
	c.Reason = strings.TrimSpace(c.Reason)
	c.DecisionRef = strings.TrimSpace(c.DecisionRef)
	if c.Status == "" {
		f.Add("status", "err.required")
	} else if !ValidStatus(c.Status) {
		f.Add("status", "err.member_status")
	}
	textField(&f, "reason", c.Reason, true, 500)
	if c.Status == StatusExpelled && c.DecisionRef == "" && c.MotionID == 0 {
		// API.md's status change is {"status", "reason"}: the reason given
		// for an expulsion stands as its decision reference when none is
		// named apart (the page asks for it separately).
		c.DecisionRef = c.Reason
	}
	textField(&f, "decision_ref", c.DecisionRef, c.Status == StatusExpelled, 500)
	if c.DecidedOn != "" && !ValidDate(c.DecidedOn) {
		f.Add("decided_on", "err.date")
	}
	if c.MotionID < 0 {
		f.Add("motion_id", "err.invalid_value")
	}
	return f.Err()
}

// StatusRecord is one status change of a member.
type StatusRecord struct {
	ID          ID           `json:"id"`
	MemberID    ID           `json:"member_id"`
	From        MemberStatus `json:"from"`
	To          MemberStatus `json:"to"`
	Reason      string       `json:"reason"`
	DecidedOn   string       `json:"decided_on"`
	DecisionRef string       `json:"decision_ref,omitempty"`
	DecidedBy   string       `json:"decided_by"`
	At          time.Time    `json:"at"`
}

// HistoryEntry is one change in a member's file.
type HistoryEntry struct {
	At      time.Time              `json:"at"`
	Actor   string                 `json:"actor"`
	Action  string                 `json:"action"`
	Changes map[string]FieldChange `json:"changes"`
}

// FieldChange is one field's value before and after.
type FieldChange struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// MemberFilter selects members: a search text and filters.
type MemberFilter struct {
	Q        string
	Tier     string
	Status   MemberStatus
	Industry string
	Region   string
	Tag      string
	// Sort is "" (newest first) or "name".
	Sort string
	// PublicOnly limits to active members who opted in to the public directory (anyone may list it).
	PublicOnly bool
	// Directory is the members-only directory: active members, listed for
	// staff and for members' portal logins.
	Directory bool
}

// ImportRowError names one bad row of an import file: its row number as the
// spreadsheet shows it (the header is row 1), the field and why.
type ImportRowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
	Message string `json:"message"`
}

// ImportRow is one data row of an import file.
type ImportRow struct {
	Row   int
	Input MemberInput
	// MemberNo is the file's 会员编号, if any: a number already registered
	// refuses the row, so an export imported again does not duplicate.
	MemberNo string
	// Errors found while reading the row (bad date cell, unknown column value).
	Errors []ImportRowError
}

// ImportResult is what an import did.
type ImportResult struct {
	Created int `json:"created"`
}

// Representative is a person who acts and votes for a unit member (会员代表).
type Representative struct {
	ID       ID     `json:"id"`
	MemberID ID     `json:"member_id"`
	Name     string `json:"name"`
	Title    string `json:"title"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
}

// Validate checks the form.
func (r *Representative) Validate() error {
	var f Fields
	r.Name, r.Title, r.Email = strings.TrimSpace(r.Name), strings.TrimSpace(r.Title), strings.TrimSpace(r.Email)
	r.Phone = NormalizePhone(r.Phone)
	textField(&f, "name", r.Name, true, 50)
	textField(&f, "title", r.Title, false, 50)
	if r.Phone != "" && !ValidPhone(r.Phone) {
		f.Add("phone", "err.phone")
	}
	if r.Email != "" {
		if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email {
			f.Add("email", "err.email")
		}
	}
	return f.Err()
}

// MemberService keeps the member registry.
type MemberService interface {
	CreateMember(ctx context.Context, in MemberInput) (*Member, error)
	FindMember(ctx context.Context, id ID) (*Member, error)
	ListMembers(ctx context.Context, f MemberFilter, p Page) ([]*Member, string, error)
	UpdateMember(ctx context.Context, id ID, p MemberPatch) (*Member, error)
	ChangeMemberStatus(ctx context.Context, id ID, c StatusChange) (*Member, error)
	SetMemberLapsed(ctx context.Context, id ID, lapsed bool, reason string) (*Member, error)
	MemberHistory(ctx context.Context, id ID) ([]HistoryEntry, error)
	MemberStatusRecords(ctx context.Context, id ID) ([]*StatusRecord, error)
	Tiers(ctx context.Context) ([]Tier, error)
	// ImportMembers writes every row or none: any bad row (including a
	// duplicate credit code) fails the whole import with the row report.
	ImportMembers(ctx context.Context, rows []ImportRow) (*ImportResult, []ImportRowError, error)
	// CheckImport is the preview: every bad row, nothing written.
	CheckImport(ctx context.Context, rows []ImportRow) ([]ImportRowError, error)
	// ExportMembers calls fn for every member matching f, in id order.
	ExportMembers(ctx context.Context, f MemberFilter, fn func(*Member) error) error
	Representatives(ctx context.Context, memberID ID) ([]*Representative, error)
	AddRepresentative(ctx context.Context, memberID ID, r Representative) (*Representative, error)
	RemoveRepresentative(ctx context.Context, memberID, repID ID) error
	// VerifyCertificate finds a member by its certificate code (public).
	VerifyCertificate(ctx context.Context, code string) (*Member, error)
}

// Liaison is one contact of the secretariat with a member (会员联系、考察):
// a visit, a call, a meeting or a message, with what was said.
type Liaison struct {
	ID        ID        `json:"id"`
	MemberID  ID        `json:"member_id"`
	Member    string    `json:"member,omitempty"`
	Date      string    `json:"date"`
	Kind      string    `json:"kind"`
	Summary   string    `json:"summary"`
	UserID    ID        `json:"user_id"`
	By        string    `json:"by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// LiaisonKinds are the kinds of contact with a member.
var LiaisonKinds = []string{"visit", "call", "meeting", "message"}

// Unvisited is an active member not contacted since a date: when last
// (empty for never) and by whom.
type Unvisited struct {
	MemberID ID     `json:"member_id"`
	MemberNo string `json:"member_no"`
	Name     string `json:"name"`
	Tier     string `json:"tier"`
	LastDate string `json:"last_date,omitempty"`
}

// LiaisonService keeps the contact log of members.
type LiaisonService interface {
	// LogLiaison records a contact by the calling staff member (member.write).
	LogLiaison(ctx context.Context, l Liaison) (*Liaison, error)
	// MemberLiaison lists a member's contacts, latest first (member.read).
	MemberLiaison(ctx context.Context, memberID ID) ([]*Liaison, error)
	// Unvisited lists active members whose last contact is before the date
	// (or who have none), longest first, by keyset pages (member.read).
	Unvisited(ctx context.Context, before string, p Page) ([]*Unvisited, string, error)
	// LiaisonLog lists the contacts of every member, latest first, narrowed
	// to one staff member and a period (member.read).
	LiaisonLog(ctx context.Context, f LiaisonFilter, p Page) ([]*Liaison, string, error)
	// LiaisonByStaff counts each staff member's contacts in a period (member.read).
	LiaisonByStaff(ctx context.Context, from, to string) ([]LiaisonStaff, error)
}

// LiaisonFilter narrows the contact log: who recorded it (0: anyone) and
// the dates from–to (both included, either empty for open).
type LiaisonFilter struct {
	UserID   ID
	From, To string
}

// LiaisonStaff is one staff member's contacts in a period: how many, with
// how many members, the latest date.
type LiaisonStaff struct {
	UserID   ID     `json:"user_id"`
	Name     string `json:"name"`
	Contacts int    `json:"contacts"`
	Members  int    `json:"members"`
	LastDate string `json:"last_date"`
}

// Nomination is a recommendation of a member's representative (代表人士政治
// 安排推荐, 职称评定推荐, 荣誉表彰推荐) with its basis compiled from the records
// when it was proposed, and the decision of the body that decided.
type Nomination struct {
	ID           ID              `json:"id"`
	MemberID     ID              `json:"member_id"`
	Member       string          `json:"member,omitempty"`
	Person       string          `json:"person"`
	Kind         string          `json:"kind"`
	Reason       string          `json:"reason"`
	Basis        NominationBasis `json:"basis"`
	Status       string          `json:"status"`
	BodyID       ID              `json:"body_id,omitempty"`
	Body         string          `json:"body,omitempty"`
	DecidedOn    string          `json:"decided_on,omitempty"`
	DecisionNote string          `json:"decision_note,omitempty"`
	CreatedAt    time.Time       `json:"created_at"`
}

// NominationBasis is what the records say of the member when proposed.
type NominationBasis struct {
	JoinedOn       string   `json:"joined_on"`
	Posts          []string `json:"posts"` // seats and positions held that day
	MeetingsSat    int64    `json:"meetings_sat"`
	EventsAttended int64    `json:"events_attended"`
	DonationsFen   int64    `json:"donations_fen"`
	DuesPaidYears  int64    `json:"dues_paid_years"`
}

// NominationKinds and NominationStatuses.
var (
	NominationKinds    = []string{"political", "title", "honour"}
	NominationStatuses = []string{"proposed", "approved", "rejected"}
)

// NominationService keeps the register (member.write proposes and records
// the decision; member.read reads).
type NominationService interface {
	ProposeNomination(ctx context.Context, n Nomination) (*Nomination, error)
	DecideNomination(ctx context.Context, id ID, status string, bodyID ID, decidedOn, note string) (*Nomination, error)
	ListNominations(ctx context.Context, p Page) ([]*Nomination, string, error)
}
