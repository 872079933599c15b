package chamber

import (
	"context"

	"unicode/utf8"
)

// The report to the registration authority (社会团体年度工作报告书, 年报):
// the form's sections filled from the records as at 31 December, the items
// no record holds filled in by staff (saved per year), and the list of
// what is still missing (reference/annual-report.md).

// AuthorityFieldKeys are the items a person fills in, in the form's order;
// some start from a record (address, legal representative, phone) and
// may be corrected here.
var AuthorityFieldKeys = []string{
	"credit_code", "supervisor_unit", "scope", "address", "legal_rep", "funds", "founded_on", "category",
	"contact_person", "contact_phone", "changes", "rep_offices",
	"party_org", "party_members", "party_activities",
	"aid_given", "inspections", "penalties", "rectification",
}

// AuthorityFieldMax is the longest value one item takes (runes).
const AuthorityFieldMax = 4000

// AuthorityReport is GET /api/v1/reports/authority.
type AuthorityReport struct {
	Year int    `json:"year"`
	From string `json:"from"`
	To   string `json:"to"`
	Name string `json:"name"`
	// Fields is each item's value: what staff filled in, else the record's.
	Fields map[string]string `json:"fields"`
	// FromRecords names the items whose value comes from the records.
	FromRecords []string `json:"from_records"`
	// Missing lists the items still empty, in the form's order.
	Missing []string `json:"missing"`
	// 机构设置: branches (分会), committees (专业委员会 …) and the
	// secretariat's departments (办事机构) at 31 December.
	Branches    []string `json:"branches"`
	Committees  []string `json:"committees"`
	Departments []string `json:"departments"`
	// 负责人: 会长, 副会长 and 秘书长 holding their post on 31 December
	// (LeaderCount counts each person once); council sizes by seats.
	Leaders             []AuthorityLeader `json:"leaders"`
	LeaderCount         int               `json:"leader_count"`
	CouncilSize         int               `json:"council_size"`
	StandingCouncilSize int               `json:"standing_council_size"`
	// 工作人员: staff on the register on 31 December by employment.
	Staff             int            `json:"staff"`
	StaffByEmployment map[string]int `json:"staff_by_employment"`
	// 会员: unit and individual members as the annual report counts them.
	UnitMembers       int `json:"unit_members"`
	IndividualMembers int `json:"individual_members"`
	Members           int `json:"members"`
	Joined            int `json:"joined"`
	Left              int `json:"left"`
	// 会议: the assembly's, council's and standing council's meetings held.
	Meetings []AuthorityMeeting `json:"meetings"`
	// 活动: events held (not drafts or cancelled), by kind and listed.
	Events            []AuthorityEvent `json:"events"`
	EventsTotal       int              `json:"events_total"`
	EventParticipants int              `json:"event_participants"`
	// 财务: the three statements of the year, donations received and the
	// dues schedule of the year.
	BalanceSheet *BalanceSheet     `json:"balance_sheet"`
	Activities   *Activities       `json:"activities"`
	CashFlow     *CashFlow         `json:"cash_flow"`
	DonationsFen int64             `json:"donations_fen"`
	Donations    int               `json:"donations"`
	DuesRates    []AuthorityDues   `json:"dues_rates"`
	AuditHead    AuditHead         `json:"audit_head"`
	Saved        map[string]string `json:"-"`
}

// AuthorityLeader is one post of a 负责人.
type AuthorityLeader struct {
	Code     string `json:"code"` // the position's code
	Position string `json:"position"`
	Name     string `json:"name"`
	Since    string `json:"since"`
}

// AuthorityMeeting is one meeting held of a governing body.
type AuthorityMeeting struct {
	ID         ID     `json:"id"`
	Body       string `json:"body"`
	Title      string `json:"title"`
	Date       string `json:"date"`
	Attendance int    `json:"attendance"`
}

// AuthorityEvent is one event held.
type AuthorityEvent struct {
	ID           ID     `json:"id"`
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	Date         string `json:"date"`
	Location     string `json:"location"`
	Participants int    `json:"participants"`
}

// AuthorityDues is one tier's dues of the year with its resolution.
type AuthorityDues struct {
	Tier       string `json:"tier"`
	AmountFen  int64  `json:"amount_fen"`
	Resolution string `json:"resolution"`
}

// AuthorityEventsListed caps the events the form lists one by one.
const AuthorityEventsListed = 200

// AuthorityFields is what staff fill in (an empty value clears an item).
type AuthorityFields struct {
	Fields map[string]string `json:"fields"`
}

// Validate checks the keys and lengths.
func (a AuthorityFields) Validate() error {
	var f Fields
	known := map[string]bool{}
	for _, k := range AuthorityFieldKeys {
		known[k] = true
	}
	for k, v := range a.Fields {
		switch {
		case !known[k]:
			f.Add("fields."+k, "err.invalid_value")
		case !utf8.ValidString(v) || !TextOK(v, true):
			f.Add("fields."+k, "err.control_char", k)
		case utf8.RuneCountInString(v) > AuthorityFieldMax:
			f.Add("fields."+k, "err.too_long", AuthorityFieldMax)
		}
	}
	return f.Err()
}

// AuthorityService compiles the 年报 (audit.read) and keeps its filled-in
// items (report.write).
type AuthorityService interface {
	AuthorityReport(ctx context.Context, year int) (*AuthorityReport, error)
	SaveAuthorityFields(ctx context.Context, year int, in AuthorityFields) (*AuthorityReport, error)
}
