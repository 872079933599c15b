package chamber

import "context"

// Statistics on request (统计查询): a measure broken down one way, from
// one query builder over a fixed list of measures and breakdowns (no
// user SQL). Each measure needs the permission of the lists it counts.

// StatMeasures are the measures in display order.
var StatMeasures = []string{"members", "dues", "events", "tickets", "vouchers"}

// StatMeasurePerms is the permission each measure needs: that of the lists
// it counts (finance figures need finance.read).
var StatMeasurePerms = map[string]Permission{
	"members": PermMemberRead, "dues": PermFinanceRead, "events": PermOrgRead,
	"tickets": PermTicketHandle, "vouchers": PermFinanceRead,
}

// StatBreakdowns are the breakdowns in display order.
var StatBreakdowns = []string{"tier", "industry", "region", "month", "department"}

// StatRequest asks for one measure of a year broken down one way.
type StatRequest struct {
	Measure   string `json:"measure"`
	Breakdown string `json:"breakdown"`
	Year      int    `json:"year"`
}

// Statistic is GET /api/v1/reports/statistics: one row per key with the
// measure's values (Columns name them; Money marks those in fen), and
// their totals.
type Statistic struct {
	Measure   string    `json:"measure"`
	Breakdown string    `json:"breakdown"`
	Year      int       `json:"year"`
	Columns   []string  `json:"columns"`
	Money     []bool    `json:"money"`
	Rows      []StatRow `json:"rows"`
	Totals    []int64   `json:"totals"`
}

// StatRow is one key of the breakdown ("" for records without one).
type StatRow struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Values []int64 `json:"values"`
}

// StatisticService answers statistics on request.
type StatisticService interface {
	Statistic(ctx context.Context, req StatRequest) (*Statistic, error)
	// StatBreakdownsOf lists the breakdowns a measure has.
	StatBreakdownsOf(measure string) []string
}
