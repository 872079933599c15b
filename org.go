package chamber

import (
	"context"
	"encoding/json"
	"regexp"
	"time"
	"unicode/utf8"
)

// Body kinds (机构). The chamber's own labels (会员代表大会, 理事长 …) are
// data; these code names stay the same.
const (
	BodyGeneralAssembly  = "general_assembly"  // 会员大会 / 会员代表大会
	BodyCouncil          = "council"           // 理事会
	BodyStandingCouncil  = "standing_council"  // 常务理事会
	BodySupervisoryBoard = "supervisory_board" // 监事会
	BodyPresidium        = "presidium"         // 会长会议 / 主席团
	BodyCommittee        = "committee"         // 顾问/执行/专业/财务委员会
	BodyBranch           = "branch"            // 分会
	BodySecretariat      = "secretariat"       // 秘书处
)

// BodyKinds lists the kinds in display order.
var BodyKinds = []string{BodyGeneralAssembly, BodyCouncil, BodyStandingCouncil, BodySupervisoryBoard,
	BodyPresidium, BodyCommittee, BodyBranch, BodySecretariat}

// Committee kinds.
var CommitteeKinds = []string{"advisory", "executive", "professional", "finance"}

// Well-known position codes the approval rules refer to.
const (
	PosPresident              = "president"
	PosVicePresident          = "vice_president"
	PosSecretaryGeneral       = "secretary_general"
	PosDeputySecretaryGeneral = "deputy_secretary_general"
	PosChiefSupervisor        = "chief_supervisor"
)

// Body is a governing or working body (机构).
type Body struct {
	ID            ID     `json:"id"`
	Kind          string `json:"kind"`
	Code          string `json:"code,omitempty"` // unique handle, e.g. "council"
	Name          string `json:"name"`
	CommitteeKind string `json:"committee_kind,omitempty"`
	ParentID      ID     `json:"parent_id,omitempty"`
	Seats         int    `json:"seats,omitempty"` // planned number of seats, 0 = not fixed
	Description   string `json:"description,omitempty"`
	Sort          int    `json:"sort"`
	Since         string `json:"since,omitempty"` // YYYY-MM-DD, "" = always
	Until         string `json:"until,omitempty"` // last day, "" = open
}

// Term is one 届 of a body.
type Term struct {
	ID       ID     `json:"id"`
	BodyID   ID     `json:"body_id"`
	Number   int    `json:"number"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on,omitempty"` // "" = open
}

// Department is a department of the secretariat (部门).
type Department struct {
	ID     ID     `json:"id"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name"`
	BodyID ID     `json:"body_id"` // the secretariat
	Duties string `json:"duties,omitempty"`
	Sort   int    `json:"sort"`
	Since  string `json:"since,omitempty"`
	Until  string `json:"until,omitempty"`
}

// Position is a slot in the org chart (职位): in a department, or an
// officer role on a body (会长 on the council, 秘书长 of the secretariat).
type Position struct {
	ID           ID     `json:"id"`
	Code         string `json:"code,omitempty"`
	Name         string `json:"name"`
	DepartmentID ID     `json:"department_id,omitempty"`
	BodyID       ID     `json:"body_id,omitempty"`
	Rank         int    `json:"rank,omitempty"`       // 职级, 0 = none
	ReportsTo    ID     `json:"reports_to,omitempty"` // position id (直属上司)
	Headcount    int    `json:"headcount"`
	Duties       string `json:"duties,omitempty"` // 岗位职责
	Sort         int    `json:"sort"`
	Since        string `json:"since,omitempty"`
	Until        string `json:"until,omitempty"`
}

// Post is an appointment (任职): a person holds a position, or a seat in a
// body for a term, from a date to a date (both included).
type Post struct {
	ID         ID `json:"id"`
	PositionID ID `json:"position_id,omitempty"`
	BodyID     ID `json:"body_id,omitempty"` // a seat (with PositionID 0)
	TermID     ID `json:"term_id,omitempty"`
	UserID     ID `json:"user_id,omitempty"`
	MemberID   ID `json:"member_id,omitempty"`
	// MemberNo names the member by its 会员编号 instead of the id (input only).
	MemberNo string `json:"member_no,omitempty"`
	Name     string `json:"name"` // the holder as shown
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on,omitempty"`
	Acting   bool   `json:"acting"` // 代理 while the holder is away
	Note     string `json:"note,omitempty"`
}

// ActiveOn reports whether the post is held on date (YYYY-MM-DD).
func (p *Post) ActiveOn(date string) bool {
	return p.StartsOn <= date && (p.EndsOn == "" || p.EndsOn >= date)
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,49}$`)

// ParseDate checks a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil && DateInRange(t)
}

// Today is the date in loc.
func Today(now time.Time, loc *time.Location) string { return now.In(loc).Format("2006-01-02") }

func validName(f *Fields, field, v string, max int) {
	if n := utf8.RuneCountInString(v); n == 0 {
		f.Add(field, "err.required")
	} else if n > max {
		f.Add(field, "err.too_long", max)
	}
}

func validSpan(f *Fields, fromField, from, toField, to string, fromRequired bool) {
	if from == "" {
		if fromRequired {
			f.Add(fromField, "err.required")
		}
	} else if _, ok := ParseDate(from); !ok {
		f.Add(fromField, "err.date")
	}
	if to != "" {
		if _, ok := ParseDate(to); !ok {
			f.Add(toField, "err.date")
		} else if from != "" && to < from {
			f.Add(toField, "err.date_before_start")
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Validate checks a body.
func (b *Body) Validate() error {
	var f Fields
	if !contains(BodyKinds, b.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	validName(&f, "name", b.Name, 50)
	if b.Code != "" && !codeRE.MatchString(b.Code) {
		f.Add("code", "err.code_format")
	}
	if b.Kind == BodyCommittee && b.CommitteeKind != "" && !contains(CommitteeKinds, b.CommitteeKind) {
		f.Add("committee_kind", "err.invalid_value")
	}
	if b.Kind != BodyCommittee && b.CommitteeKind != "" {
		f.Add("committee_kind", "err.invalid_value")
	}
	if b.Seats < 0 || b.Seats > 100000 {
		f.Add("seats", "err.invalid_value")
	}
	if utf8.RuneCountInString(b.Description) > 5000 {
		f.Add("description", "err.too_long", 5000)
	}
	validSpan(&f, "since", b.Since, "until", b.Until, false)
	return f.Err()
}

// Validate checks a term.
func (t *Term) Validate() error {
	var f Fields
	if t.Number < 1 || t.Number > 1000 {
		f.Add("number", "err.invalid_value")
	}
	validSpan(&f, "starts_on", t.StartsOn, "ends_on", t.EndsOn, true)
	return f.Err()
}

// Overlaps reports whether two date spans share a day ("" end = open).
func Overlaps(aFrom, aTo, bFrom, bTo string) bool {
	return (aTo == "" || bFrom <= aTo) && (bTo == "" || aFrom <= bTo)
}

// Validate checks a department.
func (d *Department) Validate() error {
	var f Fields
	validName(&f, "name", d.Name, 50)
	if d.Code != "" && !codeRE.MatchString(d.Code) {
		f.Add("code", "err.code_format")
	}
	if utf8.RuneCountInString(d.Duties) > 10000 {
		f.Add("duties", "err.too_long", 10000)
	}
	validSpan(&f, "since", d.Since, "until", d.Until, false)
	return f.Err()
}

// Validate checks a position on its own; the store checks what needs the
// database (the department exists, no reports-to cycle).
func (p *Position) Validate() error {
	var f Fields
	validName(&f, "name", p.Name, 50)
	if p.Code != "" && !codeRE.MatchString(p.Code) {
		f.Add("code", "err.code_format")
	}
	if p.DepartmentID == 0 && p.BodyID == 0 {
		f.Add("department_id", "err.position_needs_department")
	}
	if p.DepartmentID != 0 && p.BodyID != 0 {
		f.Add("body_id", "err.position_one_parent")
	}
	if p.Rank < 0 || p.Rank > 99 {
		f.Add("rank", "err.invalid_value")
	}
	if p.Headcount < 1 || p.Headcount > 1000 {
		f.Add("headcount", "err.headcount")
	}
	if p.ReportsTo != 0 && p.ReportsTo == p.ID {
		f.Add("reports_to", "err.reports_to_cycle")
	}
	if utf8.RuneCountInString(p.Duties) > 10000 {
		f.Add("duties", "err.too_long", 10000)
	}
	validSpan(&f, "since", p.Since, "until", p.Until, false)
	return f.Err()
}

// ReportsToCycle reports whether making position id report to newBoss would
// close a loop, given the current reports-to map (position → boss).
func ReportsToCycle(reportsTo map[ID]ID, id, newBoss ID) bool {
	seen := map[ID]bool{}
	for cur := newBoss; cur != 0; cur = reportsTo[cur] {
		if cur == id || seen[cur] {
			return true
		}
		seen[cur] = true
	}
	return false
}

// Validate checks a post on its own.
func (p *Post) Validate() error {
	var f Fields
	if p.PositionID == 0 && p.BodyID == 0 {
		f.Add("position_id", "err.post_needs_position")
	}
	if p.PositionID != 0 && p.BodyID != 0 {
		f.Add("body_id", "err.post_one_target")
	}
	if p.UserID == 0 && p.MemberID == 0 && p.Name == "" {
		f.Add("user_id", "err.post_needs_holder")
	}
	if utf8.RuneCountInString(p.Name) > 100 {
		f.Add("name", "err.too_long", 100)
	}
	if utf8.RuneCountInString(p.Note) > 500 {
		f.Add("note", "err.too_long", 500)
	}
	validSpan(&f, "starts_on", p.StartsOn, "ends_on", p.EndsOn, true)
	return f.Err()
}

// OrgNode is one node of the org tree of API.md: a body, a department or a position.
type OrgNode struct {
	ID            ID         `json:"id"`
	Kind          string     `json:"kind"` // a body kind, "department" or "position"
	Name          string     `json:"name"`
	Code          string     `json:"code,omitempty"`
	CommitteeKind string     `json:"committee_kind,omitempty"`
	Rank          *int       `json:"rank,omitempty"`
	ReportsTo     *ID        `json:"reports_to,omitempty"`
	Duties        *string    `json:"duties,omitempty"`
	Headcount     int        `json:"headcount,omitempty"`
	Holders       []*Post    `json:"holders,omitempty"`
	Seats         []*Post    `json:"seats,omitempty"` // bodies: who sits in it on the date
	Term          *Term      `json:"term,omitempty"`  // bodies: the term on the date
	Children      []*OrgNode `json:"children"`
}

// MarshalJSON writes the fields API.md names for each kind of node:
// positions always carry rank, reports_to (null at the top), duties and
// holders (an empty list when vacant); bodies their seats and term.
func (n *OrgNode) MarshalJSON() ([]byte, error) {
	out := map[string]any{"id": n.ID, "kind": n.Kind, "name": n.Name, "children": n.Children}
	if n.Children == nil {
		out["children"] = []*OrgNode{}
	}
	if n.Code != "" {
		out["code"] = n.Code
	}
	switch n.Kind {
	case "position":
		rank := 0
		if n.Rank != nil {
			rank = *n.Rank
		}
		out["rank"], out["reports_to"], out["headcount"] = rank, n.ReportsTo, n.Headcount
		out["duties"] = ""
		if n.Duties != nil {
			out["duties"] = *n.Duties
		}
		out["holders"] = n.Holders
		if n.Holders == nil {
			out["holders"] = []*Post{}
		}
	case "department":
		out["duties"] = ""
		if n.Duties != nil {
			out["duties"] = *n.Duties
		}
	default:
		if n.CommitteeKind != "" {
			out["committee_kind"] = n.CommitteeKind
		}
		out["seats"] = n.Seats
		if n.Seats == nil {
			out["seats"] = []*Post{}
		}
		out["term"] = n.Term
	}
	return json.Marshal(out)
}

// Approver is one step of an approval chain: the holder (or acting holder)
// of a position above the requester's.
type Approver struct {
	PositionID   ID     `json:"position_id"`
	PositionCode string `json:"position_code"` // e.g. "secretary_general", "president", "" for custom positions
	PositionName string `json:"position_name"`
	UserID       ID     `json:"user_id"`
	Name         string `json:"name"`
	Acting       bool   `json:"acting"` // an acting holder (代理) while the holder is away
}

// Approvals routes requests (leave, reimbursements, documents) along the
// org chart's reports-to lines.
type Approvals interface {
	// ApprovalChain lists, nearest first, who stands above userID's
	// position on date (YYYY-MM-DD): vacant positions are skipped and acting
	// holders stand in. A login that holds no position gets ENOTFOUND.
	ApprovalChain(ctx context.Context, userID ID, on string) ([]Approver, error)
}

// ApprovalLimit says: above AboveFen, the approval must reach the position
// with code PositionCode.
type ApprovalLimit struct {
	AboveFen     int64
	PositionCode string
	PositionName string // as on the org chart, for showing (not stored)
}

// ApprovalSteps picks from a chain (nearest first) who must approve a
// request of amountFen: always the direct superior, and then everyone up to
// and including the highest position a passed limit names. A limit whose
// position is not in the chain (vacant, or the requester is above it) adds
// nothing. With no chain there is no step.
func ApprovalSteps(chain []Approver, amountFen int64, limits []ApprovalLimit) []Approver {
	if len(chain) == 0 {
		return nil
	}
	last := 0
	for _, l := range limits {
		if amountFen <= l.AboveFen {
			continue
		}
		for i, a := range chain {
			if a.PositionCode == l.PositionCode && i > last {
				last = i
			}
		}
	}
	return chain[:last+1]
}

// OrgService manages the organisation.
type OrgService interface {
	Approvals
	OrgTree(ctx context.Context, date string) ([]*OrgNode, error)
	ListBodies(ctx context.Context) ([]*Body, error)
	FindBody(ctx context.Context, id ID) (*Body, error)
	FindBodyByCode(ctx context.Context, code string) (*Body, error)
	CreateBody(ctx context.Context, b Body) (*Body, error)
	UpdateBody(ctx context.Context, b Body) (*Body, error)
	ListTerms(ctx context.Context, bodyID ID) ([]*Term, error)
	CreateTerm(ctx context.Context, t Term) (*Term, error)
	ListDepartments(ctx context.Context) ([]*Department, error)
	FindDepartment(ctx context.Context, id ID) (*Department, error)
	CreateDepartment(ctx context.Context, d Department) (*Department, error)
	UpdateDepartment(ctx context.Context, d Department) (*Department, error)
	ListPositions(ctx context.Context) ([]*Position, error)
	FindPosition(ctx context.Context, id ID) (*Position, error)
	CreatePosition(ctx context.Context, p Position) (*Position, error)
	UpdatePosition(ctx context.Context, p Position) (*Position, error)
	// Appoint records a post; EndPost sets its last day.
	Appoint(ctx context.Context, p Post) (*Post, error)
	EndPost(ctx context.Context, postID ID, endsOn string) (*Post, error)
	FindPost(ctx context.Context, id ID) (*Post, error)
	// PostsOf lists the posts of a position (positionID) or the seats of a
	// body (bodyID), every date; HoldersOn those active on date.
	PostsOf(ctx context.Context, positionID, bodyID ID) ([]*Post, error)
	HoldersOn(ctx context.Context, positionID, bodyID ID, date string) ([]*Post, error)
	// Grants: what each subject ("position" id, "body_seat" id, "role" name) grants.
	Grants(ctx context.Context) ([]Grant, error)
	SetGrants(ctx context.Context, kind, subject string, perms []Permission) error
	// WhoMay lists the logins holding perm on date.
	WhoMay(ctx context.Context, perm Permission, date string) ([]*User, error)
}

// Grant is one permission granted to one subject.
type Grant struct {
	SubjectKind string     `json:"subject_kind"` // role, position, body_seat
	Subject     string     `json:"subject"`
	Permission  Permission `json:"permission"`
}
