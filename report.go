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
	// Cooperation is business matching (供需对接) over the year.
	Cooperation ReportCooperation `json:"cooperation"`
	AuditHead   AuditHead         `json:"audit_head"`
}

// ReportMembers counts members who joined on or before 31 December (a
// member without a joining date counts as joined before the records), each
// in its status at 31 December (undoing later decisions of the status log):
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

// ReportCooperation counts the offers posted in the year and approved,
// and the introductions between members of matching offers that staff
// made in it (by the date of the introduction): matched and introduced.
type ReportCooperation struct {
	Offers     int `json:"offers"`
	Introduced int `json:"introduced"`
}

// ReportService compiles the reports.
type ReportService interface {
	AnnualReport(ctx context.Context, year int) (*AnnualReport, error)
}

// Dashboard is the 秘书长's and 会长's figures at a glance for a year (to
// date when it is this year); the 监事会 view shows its finance and audit
// part. Every figure is one the lists count the same way.
type Dashboard struct {
	Year   int           `json:"year"`
	Today  string        `json:"today"`
	Report *AnnualReport `json:"report"`
	// MemberTrend is, for each month of the year up to today, the members
	// who joined in it and the members (active or suspended) at its end.
	MemberTrend []MonthCount `json:"member_trend"`
	// Dues of the year: invoiced (net of waivers) and paid.
	DuesInvoices    int   `json:"dues_invoices"`
	DuesPaid        int   `json:"dues_paid"` // invoices paid in full
	DuesInvoicedFen int64 `json:"dues_invoiced_fen"`
	DuesPaidFen     int64 `json:"dues_paid_fen"`
	// Requests open now, and those of them past their due time.
	TicketsOpen    int `json:"tickets_open"`
	TicketsOverdue int `json:"tickets_overdue"`
	// Budget execution: the year's budget lines and what was spent on them.
	BudgetFen       int64 `json:"budget_fen"`
	BudgetActualFen int64 `json:"budget_actual_fen"`
	BudgetAlerts    int   `json:"budget_alerts"` // lines at 80 % or more
	// Vouchers posted in the year and reversals among them.
	Vouchers  int `json:"vouchers"`
	Reversals int `json:"reversals"`
}

// MonthCount is one month of a trend.
type MonthCount struct {
	Month  string `json:"month"` // YYYY-MM
	Joined int    `json:"joined"`
	Total  int    `json:"total"`
}

// DashboardService compiles the dashboards.
type DashboardService interface {
	Dashboard(ctx context.Context, year int) (*Dashboard, error)
}

// DeptDashboard is one department's figures for its director (总监, 主任):
// each a count or sum of the records the department keeps, with the list
// it counts.
type DeptDashboard struct {
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	Year    int          `json:"year"`
	Figures []DeptFigure `json:"figures"`
}

// DeptFigure is one figure; Money marks an amount in fen.
type DeptFigure struct {
	Key   string `json:"key"`
	Value int64  `json:"value"`
	Money bool   `json:"money"`
	Href  string `json:"href"`
}

// DeptDashboardService compiles the department dashboards a login may see:
// those of the departments whose director post it holds (acting included);
// the 秘书长 and the administrator see every department's.
type DeptDashboardService interface {
	DeptDashboards(ctx context.Context, year int) ([]DeptDashboard, error)
	DirectedDepartments(ctx context.Context) (codes []string, all bool, err error)
}
