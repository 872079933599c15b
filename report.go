package chamber

import "context"

// The annual work report (年度工作报告) as data: API.md "Dashboard and the
// annual report". Every figure is counted over the year in the chamber's
// time zone (flows) or at its 31 December (stocks), the way the lists of
// that year count it (reference/annual-report.md "Counting rules").

// AnnualReport is GET /api/v1/reports/annual.
type AnnualReport struct {
	Year      int                   `json:"year"`
	From      string                `json:"from"`
	To        string                `json:"to"`
	Members   ReportMembers         `json:"members"`
	Bodies    map[string]ReportBody `json:"bodies"`
	Events    ReportEvents          `json:"events"`
	Services  ReportServices        `json:"services"`
	Documents ReportDocuments       `json:"documents"`
	Finance   ReportFinance         `json:"finance"`
	AuditHead AuditHead             `json:"audit_head"`
}

// ReportMembers counts members who joined on or before 31 December (a
// member without a joining date counts as joined before the records):
// Total is those active or suspended (withdrawn and expelled ones are no
// longer members), ByTier splits Total, ByStatus splits all of them;
// Joined joined in the year, Left withdrew or was expelled in it (by the
// date of the decision).
type ReportMembers struct {
	Total    int            `json:"total"`
	ByTier   map[string]int `json:"by_tier"`
	ByStatus map[string]int `json:"by_status"`
	Joined   int            `json:"joined"`
	Left     int            `json:"left"`
}

// ReportBody is one body's meetings held in the year (a sitting was
// opened), the people checked in over them (Attendance, each person once
// per meeting) and those represented including proxies.
type ReportBody struct {
	Name        string `json:"name"`
	Meetings    int    `json:"meetings"`
	Attendance  int    `json:"attendance"`
	Represented int    `json:"represented"`
}

// ReportEvents counts events starting in the year that were not drafts
// or cancelled; Participants are the registrations checked in.
type ReportEvents struct {
	Total        int            `json:"total"`
	ByKind       map[string]int `json:"by_kind"`
	Participants int            `json:"participants"`
}

// ReportServices counts requests (tickets) filed in the year: resolved on
// time were resolved no later than their due time; SatisfactionAvg is
// the mean of the members' ratings given (two decimals, 0 with none).
type ReportServices struct {
	Total           int            `json:"total"`
	ByKind          map[string]int `json:"by_kind"`
	Resolved        int            `json:"resolved"`
	ResolvedOnTime  int            `json:"resolved_on_time"`
	Rated           int            `json:"rated"`
	SatisfactionAvg float64        `json:"satisfaction_avg"`
}

// ReportDocuments counts outgoing documents issued (发文) and incoming
// ones received (收文) in the year.
type ReportDocuments struct {
	Issued   int `json:"issued"`
	Received int `json:"received"`
}

// ReportFinance is taken from the statements: income and expenses of the
// year's 业务活动表, net assets of the 资产负债表 at 31 December.
type ReportFinance struct {
	IncomeFen      int64 `json:"income_fen"`
	ExpensesFen    int64 `json:"expenses_fen"`
	NetAssetsFen   int64 `json:"net_assets_fen"`
	TotalAssetsFen int64 `json:"total_assets_fen"`
	CashFen        int64 `json:"cash_fen"`
}

// ReportService compiles the reports.
type ReportService interface {
	AnnualReport(ctx context.Context, year int) (*AnnualReport, error)
}
