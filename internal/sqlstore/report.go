package sqlstore

import (
	"context"
	"fmt"
	"math"

	"github.com/chamber-org/chamber"
)

// AnnualReport compiles the year's figures with one aggregate query per
// area (COUNT … GROUP BY over indexed columns); nothing loads a table
// into Go. The statements come from the ledger's balances, built by the
// same code as the finance reports.
func (db *DB) AnnualReport(ctx context.Context, year int) (*chamber.AnnualReport, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermAuditRead); err != nil {
		return nil, err
	}
	if year < 1900 || year > 2100 {
		return nil, fieldErr("year", "err.invalid_value")
	}
	loc := db.location(ctx)
	from, to := micros(timeInYear(year, loc)), micros(timeInYear(year+1, loc))
	rep := &chamber.AnnualReport{Year: year, From: fmt.Sprintf("%04d-01-01", year), To: fmt.Sprintf("%04d-12-31", year),
		Bodies: map[string]chamber.ReportBody{}}
	for _, step := range []func() error{
		func() error { return db.reportMembers(ctx, rep) },
		func() error { return db.reportBodies(ctx, rep, from, to) },
		func() error { return db.reportEvents(ctx, rep, from, to) },
		func() error { return db.reportServices(ctx, rep, from, to) },
		func() error { return db.reportDocuments(ctx, rep, from, to) },
		func() error { return db.reportFinance(ctx, rep) },
		func() error { return db.reportCooperation(ctx, rep, from, to) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	h, err := auditHead(ctx, db.read)
	if err != nil {
		return nil, err
	}
	rep.AuditHead = *h
	return rep, nil
}

func (db *DB) reportMembers(ctx context.Context, rep *chamber.AnnualReport) error {
	m := &rep.Members
	m.ByTier, m.ByStatus = map[string]int{}, map[string]int{}
	err := db.membersOn(ctx, rep.To, "tier", func(tier, status string, n int) {
		m.ByStatus[status] += n
		if status == string(chamber.StatusActive) || status == string(chamber.StatusSuspended) {
			m.ByTier[tier] += n
			m.Total += n
		}
	})
	if err != nil {
		return err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE joined_on >= $1 AND joined_on <= $2`, rep.From, rep.To).
		Scan(&m.Joined); err != nil {
		return err
	}
	return db.read.QueryRowContext(ctx, `SELECT COUNT(DISTINCT member_id) FROM member_status_log
		WHERE to_status IN ('withdrawn', 'expelled') AND decided_on >= $1 AND decided_on <= $2`, rep.From, rep.To).Scan(&m.Left)
}

func (db *DB) reportBodies(ctx context.Context, rep *chamber.AnnualReport, from, to int64) error {
	rows, err := db.read.QueryContext(ctx, `SELECT COALESCE(b.code, b.kind), MIN(b.name), COUNT(*),
		COALESCE(SUM((SELECT COUNT(*) FROM check_ins c WHERE c.meeting_id = m.id)), 0),
		COALESCE(SUM((SELECT COALESCE(SUM(c.weight), 0) FROM check_ins c WHERE c.meeting_id = m.id)), 0)
		FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE m.starts_at >= $1 AND m.starts_at < $2 AND m.opened_at IS NOT NULL
		GROUP BY COALESCE(b.code, b.kind)`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var b chamber.ReportBody
		if err := rows.Scan(&key, &b.Name, &b.Meetings, &b.Attendance, &b.Represented); err != nil {
			return err
		}
		rep.Bodies[key] = b
	}
	return rows.Err()
}

func (db *DB) reportEvents(ctx context.Context, rep *chamber.AnnualReport, from, to int64) error {
	e := &rep.Events
	e.ByKind = map[string]int{}
	const held = ` FROM events e WHERE e.starts_at >= $1 AND e.starts_at < $2 AND e.status NOT IN ('draft', 'cancelled')`
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations r
		WHERE r.checked_in_at IS NOT NULL AND r.event_id IN (SELECT e.id`+held+`)`, from, to).Scan(&e.Participants); err != nil {
		return err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT e.kind, COUNT(*)`+held+` GROUP BY e.kind`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return err
		}
		e.ByKind[kind] = n
		e.Total += n
	}
	return rows.Err()
}

func (db *DB) reportServices(ctx context.Context, rep *chamber.AnnualReport, from, to int64) error {
	s := &rep.Services
	s.ByKind = map[string]int{}
	rows, err := db.read.QueryContext(ctx, `SELECT kind, COUNT(*),
		COALESCE(SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'resolved' AND resolved_at <= due_at THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating > 0 THEN rating ELSE 0 END), 0)
		FROM tickets WHERE created_at >= $1 AND created_at < $2 GROUP BY kind`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sum int
	for rows.Next() {
		var kind string
		var n, res, onTime, rated, rsum int
		if err := rows.Scan(&kind, &n, &res, &onTime, &rated, &rsum); err != nil {
			return err
		}
		s.ByKind[kind] = n
		s.Total += n
		s.Resolved += res
		s.ResolvedOnTime += onTime
		s.Rated += rated
		sum += rsum
	}
	if err := rows.Err(); err != nil {
		return err
	}
	s.SatisfactionAvg = RatingAvg(sum, s.Rated)
	return nil
}

// RatingAvg is sum/n to two decimals, 0 when n is 0.
func RatingAvg(sum, n int) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(sum)*100/float64(n)) / 100
}

func (db *DB) reportDocuments(ctx context.Context, rep *chamber.AnnualReport, from, to int64) error {
	return db.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN direction = 'outgoing' AND issued_at >= $1 AND issued_at < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'incoming' AND received_on >= $3 AND received_on <= $4 THEN 1 ELSE 0 END), 0)
		FROM documents`, from, to, rep.From, rep.To).Scan(&rep.Documents.Issued, &rep.Documents.Received)
}

// reportFinance takes the figures from the statements as the finance
// reports build them; the report's permission covers reading them.
func (db *DB) reportFinance(ctx context.Context, rep *chamber.AnnualReport) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	accts, err := db.ListAccounts(sys)
	if err != nil {
		return err
	}
	bal, err := db.Balances(sys, rep.From, rep.To)
	if err != nil {
		return err
	}
	a := chamber.BuildActivities(rep.From, rep.To, accts, bal)
	bs := chamber.BuildBalanceSheet(rep.To, accts, bal)
	cf := chamber.BuildCashFlow(rep.From, rep.To, accts, bal)
	rep.Finance = chamber.ReportFinance{IncomeFen: a.TotalIncome.AmountFen, ExpensesFen: a.TotalExpenses.AmountFen,
		NetAssetsFen: bs.TotalNetAssetsFen, TotalAssetsFen: bs.TotalAssetsFen, CashFen: cf.ClosingCashFen}
	return nil
}

func (db *DB) reportCooperation(ctx context.Context, rep *chamber.AnnualReport, from, to int64) error {
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM offers WHERE status = 'approved' AND created_at >= $1 AND created_at < $2`,
		from, to).Scan(&rep.Cooperation.Offers); err != nil {
		return err
	}
	return db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM introductions WHERE status = 'introduced' AND introduced_on >= $1 AND introduced_on <= $2`,
		rep.From, rep.To).Scan(&rep.Cooperation.Introduced)
}

// membersOn counts the members who had joined by day to, by group (the
// column "tier" or "kind") and by their status on that day: the one a
// later decision changed from, else today's (a plain count when no
// decision came later, as for this year).
func (db *DB) membersOn(ctx context.Context, to, group string, each func(group, status string, n int)) error {
	if group != "tier" && group != "kind" {
		return fmt.Errorf("membersOn: no group %q", group)
	}
	var later int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_status_log WHERE decided_on > $1`, to).Scan(&later); err != nil {
		return err
	}
	// The months before to's from member_counts, to's month from its rows.
	q := `SELECT g, st, SUM(n) FROM (SELECT c.` + group + ` AS g, c.status AS st, c.n FROM member_counts c WHERE c.joined_month < $2
		UNION ALL SELECT m.` + group + `, m.status, 1 FROM members m WHERE m.joined_on >= $2 AND m.joined_on <= $1) x GROUP BY g, st`
	args := []any{to, to[:min(len(to), 7)]}
	if later > 0 {
		args = args[:1]
		q = `SELECT m.` + group + `, COALESCE((SELECT l.from_status FROM member_status_log l
		WHERE l.member_id = m.id AND l.decided_on > $1 ORDER BY l.id LIMIT 1), m.status) AS st, COUNT(*)
		FROM members m WHERE m.joined_on <= $1 GROUP BY m.` + group + `, st`
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var g, status string
		var n int
		if err := rows.Scan(&g, &status, &n); err != nil {
			return err
		}
		each(g, status, n)
	}
	return rows.Err()
}
