package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// statSpec is one measure of the query builder (its permission is
// chamber.StatMeasurePerms): the rows it counts in a year ($1, $2 the year's first and last day as
// YYYY-MM-DD, $3, $4 its instants in microseconds; [m] joins the member
// when a breakdown asks for it), its values, and the group expression of
// each breakdown it has. Everything here is a constant: no part of a
// query comes from the request.
type statSpec struct {
	from       string
	joinMember string // the JOIN that brings in "m" for tier, industry, region
	columns    []string
	money      []bool
	values     string
	groups     map[string]string
}

// monthOf is the month (01–12) of a microsecond column in the chamber's
// zone: the bounds of months 2–12 are the arguments $5…$15.
func monthOf(col string) string {
	var b strings.Builder
	b.WriteString("CASE")
	for m := 2; m <= 12; m++ {
		fmt.Fprintf(&b, " WHEN %s < $%d THEN '%02d'", col, m+3, m-1)
	}
	b.WriteString(" ELSE '12' END")
	return b.String()
}

var statSpecs = map[string]statSpec{
	// Members who joined by 31 December and are active or suspended today;
	// by month: those who joined in each month of the year.
	"members": {from: `members m WHERE m.joined_on <= $2 AND m.status IN ('active', 'suspended') AND $1 <> '' AND $3 >= CAST(0 AS BIGINT) AND $4 >= CAST(0 AS BIGINT)`,
		columns: []string{"count"}, money: []bool{false}, values: `COUNT(*)`,
		groups: map[string]string{"tier": "m.tier", "industry": "m.industry", "region": "m.region",
			"month": "CASE WHEN m.joined_on >= $1 THEN SUBSTR(m.joined_on, 6, 2) ELSE '' END"}},
	// The year's dues invoices: invoiced net of waivers and paid; by month
	// of the due date.
	"dues": {from: `dues_invoices i [m] WHERE i.due_date >= $1 AND i.due_date <= $2 AND $3 >= CAST(0 AS BIGINT) AND $4 >= CAST(0 AS BIGINT)`,
		joinMember: `JOIN members m ON m.id = i.member_id`,
		columns:    []string{"count", "invoiced_fen", "paid_fen"}, money: []bool{false, true, true},
		values: `COUNT(*), COALESCE(SUM(i.amount_fen - i.adjusted_fen), 0), COALESCE(SUM(i.paid_fen), 0)`,
		groups: map[string]string{"tier": "i.tier", "industry": "m.industry", "region": "m.region", "month": "SUBSTR(i.due_date, 6, 2)"}},
	// Events held in the year (not drafts or cancelled) and their
	// checked-in participants.
	"events": {from: `events e WHERE e.starts_at >= $3 AND e.starts_at < $4 AND e.status NOT IN ('draft', 'cancelled') AND $1 <> '' AND $2 <> ''`,
		columns: []string{"count", "participants"}, money: []bool{false, false},
		values: `COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.checked_in_at IS NOT NULL)), 0)`,
		groups: map[string]string{"month": monthOf("e.starts_at"), "department": "e.department_id"}},
	// Requests filed in the year and those resolved; a request without a
	// member has no tier, industry or region.
	"tickets": {from: `tickets t [m] WHERE t.created_at >= $3 AND t.created_at < $4 AND $1 <> '' AND $2 <> ''`,
		joinMember: `LEFT JOIN members m ON m.id = t.member_id`,
		columns:    []string{"count", "resolved"}, money: []bool{false, false},
		values: `COUNT(*), COALESCE(SUM(CASE WHEN t.status = 'resolved' THEN 1 ELSE 0 END), 0)`,
		groups: map[string]string{"tier": "COALESCE(m.tier, '')", "industry": "COALESCE(m.industry, '')", "region": "COALESCE(m.region, '')",
			"month": monthOf("t.created_at"), "department": "t.department_id"}},
	// Entry lines posted in the year: the vouchers they belong to and their
	// debits (the 期末结转 left out).
	"vouchers": {from: `voucher_lines l WHERE l.date >= $1 AND l.date <= $2 AND NOT l.closing AND $3 >= CAST(0 AS BIGINT) AND $4 >= CAST(0 AS BIGINT)`,
		columns: []string{"vouchers", "debit_fen"}, money: []bool{false, true},
		values: `COUNT(DISTINCT l.voucher_id), COALESCE(SUM(l.debit_fen), 0)`,
		groups: map[string]string{"month": "SUBSTR(l.date, 6, 2)", "department": "l.department_id"}},
}

// StatBreakdownsOf lists the breakdowns a measure has, in display order.
func (db *DB) StatBreakdownsOf(measure string) []string {
	spec, ok := statSpecs[measure]
	if !ok {
		return nil
	}
	var out []string
	for _, b := range chamber.StatBreakdowns {
		if _, ok := spec.groups[b]; ok {
			out = append(out, b)
		}
	}
	return out
}

// Statistic answers one measure of a year broken down one way, with one
// GROUP BY query built from statSpecs.
func (db *DB) Statistic(ctx context.Context, req chamber.StatRequest) (*chamber.Statistic, error) {
	spec, ok := statSpecs[req.Measure]
	if !ok {
		return nil, fieldErr("measure", "stat.err.measure")
	}
	if err := chamber.ActorFrom(ctx).Require(chamber.StatMeasurePerms[req.Measure]); err != nil {
		return nil, err
	}
	group, ok := spec.groups[req.Breakdown]
	if !ok {
		return nil, fieldErr("breakdown", "stat.err.breakdown")
	}
	if err := validYear(req.Year); err != nil {
		return nil, err
	}
	join := ""
	if strings.HasPrefix(group, "m.") || strings.Contains(group, "(m.") {
		join = spec.joinMember
	}
	loc := db.location(ctx)
	y := strconv.Itoa(req.Year)
	args := []any{y + "-01-01", y + "-12-31", micros(timeInYear(req.Year, loc)), micros(timeInYear(req.Year+1, loc))}
	q := `SELECT ` + group + ` AS k, ` + spec.values + ` FROM ` + strings.Replace(spec.from, "[m]", join, 1) + ` GROUP BY 1 ORDER BY 1`
	if strings.Contains(group, "$5") {
		for m := 2; m <= 12; m++ {
			args = append(args, micros(timeInYearMonth(req.Year, m, loc)))
		}
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	st := &chamber.Statistic{Measure: req.Measure, Breakdown: req.Breakdown, Year: req.Year, Columns: spec.columns, Money: spec.money,
		Rows: []chamber.StatRow{}, Totals: make([]int64, len(spec.columns))}
	for rows.Next() {
		var key any
		vals := make([]int64, len(spec.columns))
		dest := []any{&key}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		k := statKey(key)
		if k == "0" && req.Breakdown == "department" {
			k = ""
		}
		st.Rows = append(st.Rows, chamber.StatRow{Key: k, Label: k, Values: vals})
		for i, v := range vals {
			st.Totals[i] += v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return st, db.statLabels(ctx, st)
}

func statKey(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	default:
		return fmt.Sprint(x)
	}
}

func timeInYearMonth(year, month int, loc *time.Location) time.Time {
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc)
}

// statLabels names the keys: departments by name, tiers by their Chinese
// name (the web layer shows them in the page's language).
func (db *DB) statLabels(ctx context.Context, st *chamber.Statistic) error {
	names := map[string]string{}
	rank := map[string]int{}
	switch st.Breakdown {
	case "department":
		depts, err := db.ListDepartments(chamber.WithActor(ctx, chamber.SystemActor))
		if err != nil {
			return err
		}
		for _, d := range depts {
			names[strconv.FormatInt(d.ID, 10)] = d.Name
		}
	case "tier":
		tiers, err := db.Tiers(ctx)
		if err != nil {
			return err
		}
		for _, t := range tiers {
			names[t.Code] = t.NameZH
			rank[t.Code] = t.Rank
		}
		// Tiers in their rank (会长单位 first), those without one last.
		sort.SliceStable(st.Rows, func(i, j int) bool {
			ri, oki := rank[st.Rows[i].Key]
			rj, okj := rank[st.Rows[j].Key]
			if oki != okj {
				return oki
			}
			return ri < rj
		})
	}
	for i := range st.Rows {
		if n, ok := names[st.Rows[i].Key]; ok {
			st.Rows[i].Label = n
		}
	}
	return nil
}
