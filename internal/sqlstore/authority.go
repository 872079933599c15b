package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/chamber-org/chamber"
)

// AuthorityReport compiles the 年报 of a year (audit.read): the annual
// report's figures, the organisation at 31 December, the governing bodies'
// meetings, the events, the three statements, and the filled-in items.
func (db *DB) AuthorityReport(ctx context.Context, year int) (*chamber.AuthorityReport, error) {
	if a := chamber.ActorFrom(ctx); !a.Can(chamber.PermReportWrite) {
		if err := a.Require(chamber.PermAuditRead); err != nil {
			return nil, err
		}
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	// The annual report's members and events, counted by the same code (the
	// statements come once, in authorityFinance).
	loc := db.location(ctx)
	rep := &chamber.AnnualReport{Year: year, From: fmt.Sprintf("%04d-01-01", year), To: fmt.Sprintf("%04d-12-31", year)}
	if err := db.reportMembers(ctx, rep); err != nil {
		return nil, err
	}
	if err := db.reportEvents(ctx, rep, micros(timeInYear(year, loc)), micros(timeInYear(year+1, loc))); err != nil {
		return nil, err
	}
	head, err := auditHead(ctx, db.read)
	if err != nil {
		return nil, err
	}
	rep.AuditHead = *head
	ar := &chamber.AuthorityReport{Year: year, From: rep.From, To: rep.To, Fields: map[string]string{}, Saved: map[string]string{},
		StaffByEmployment: map[string]int{}, Joined: rep.Members.Joined, Left: rep.Members.Left, Members: rep.Members.Total,
		EventsTotal: rep.Events.Total, EventParticipants: rep.Events.Participants, AuditHead: rep.AuditHead,
		Branches: []string{}, Committees: []string{}, Departments: []string{}, Leaders: []chamber.AuthorityLeader{},
		Meetings: []chamber.AuthorityMeeting{}, Events: []chamber.AuthorityEvent{}, DuesRates: []chamber.AuthorityDues{}, Missing: []string{}, FromRecords: []string{}}
	for _, step := range []func() error{
		func() error { return db.authorityMembers(ctx, ar) },
		func() error { return db.authorityOrg(ctx, ar) },
		func() error { return db.authorityActivities(ctx, ar, rep) },
		func() error { return db.authorityFinance(sys, ar) },
		func() error { return db.authorityFields(ctx, ar) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return ar, nil
}

// authorityMembers splits the members by kind the way the annual report
// counts them (each in its status at 31 December).
func (db *DB) authorityMembers(ctx context.Context, ar *chamber.AuthorityReport) error {
	return db.membersOn(ctx, ar.To, "kind", func(kind, status string, n int) {
		if status != string(chamber.StatusActive) && status != string(chamber.StatusSuspended) {
			return
		}
		if kind == string(chamber.MemberIndividual) {
			ar.IndividualMembers += n
		} else {
			ar.UnitMembers += n
		}
	})
}

func (db *DB) authorityOrg(ctx context.Context, ar *chamber.AuthorityReport) error {
	names := func(q string, args ...any) ([]string, error) {
		out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (string, error) {
			var s string
			return s, sc.Scan(&s)
		}, q, args...)
		if out == nil {
			out = []string{}
		}
		return out, err
	}
	var err error
	if ar.Branches, err = names(`SELECT name FROM bodies WHERE kind = $1 ORDER BY sort, id`, chamber.BodyBranch); err != nil {
		return err
	}
	if ar.Committees, err = names(`SELECT name FROM bodies WHERE kind = $1 ORDER BY sort, id`, chamber.BodyCommittee); err != nil {
		return err
	}
	if ar.Departments, err = names(`SELECT name FROM departments ORDER BY sort, id`); err != nil {
		return err
	}
	// Held on 31 December: started by then, not ended before it; acting
	// holders (代理) are not 负责人.
	const held = ` p.starts_on <= $1 AND (p.ends_on IS NULL OR p.ends_on = '' OR p.ends_on >= $1) AND NOT p.acting`
	leaders, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.AuthorityLeader, error) {
		var l chamber.AuthorityLeader
		return l, sc.Scan(&l.Code, &l.Position, &l.Name, &l.Since)
	}, `SELECT ps.code, ps.name, p.name, p.starts_on FROM posts p JOIN positions ps ON ps.id = p.position_id
		WHERE ps.code IN ($2, $3, $4) AND`+held+` ORDER BY ps.sort, ps.id, p.starts_on`, ar.To,
		chamber.PosPresident, chamber.PosVicePresident, chamber.PosSecretaryGeneral)
	if err != nil {
		return err
	}
	if leaders != nil {
		ar.Leaders = leaders
	}
	seen := map[string]bool{}
	for _, l := range ar.Leaders {
		seen[l.Name] = true
	}
	ar.LeaderCount = len(seen)
	for kind, n := range map[string]*int{chamber.BodyCouncil: &ar.CouncilSize, chamber.BodyStandingCouncil: &ar.StandingCouncilSize} {
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.name) FROM posts p JOIN bodies b ON b.id = p.body_id
			WHERE b.kind = $2 AND`+held, ar.To, kind).Scan(n); err != nil {
			return err
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT employment, COUNT(*) FROM staff WHERE hired_on <= $1 GROUP BY employment`, ar.To)
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
		ar.StaffByEmployment[kind] = n
		ar.Staff += n
	}
	return rows.Err()
}

func (db *DB) authorityActivities(ctx context.Context, ar *chamber.AuthorityReport, rep *chamber.AnnualReport) error {
	loc := db.location(ctx)
	from, to := micros(timeInYear(ar.Year, loc)), micros(timeInYear(ar.Year+1, loc))
	day := func(us int64) string { return fromMicros(us).In(loc).Format("2006-01-02") }
	ms, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.AuthorityMeeting, error) {
		var m chamber.AuthorityMeeting
		var at int64
		err := sc.Scan(&m.ID, &m.Body, &m.Title, &at, &m.Attendance)
		m.Date = day(at)
		return m, err
	}, `SELECT m.id, b.name, m.title, m.starts_at, (SELECT COUNT(*) FROM check_ins c WHERE c.meeting_id = m.id)
		FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE b.kind IN ($3, $4, $5) AND m.starts_at >= $1 AND m.starts_at < $2 AND m.opened_at IS NOT NULL ORDER BY m.starts_at, m.id`,
		from, to, chamber.BodyGeneralAssembly, chamber.BodyCouncil, chamber.BodyStandingCouncil)
	if err != nil {
		return err
	}
	if ms != nil {
		ar.Meetings = ms
	}
	evs, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.AuthorityEvent, error) {
		var e chamber.AuthorityEvent
		var at int64
		err := sc.Scan(&e.ID, &e.Kind, &e.Title, &at, &e.Location, &e.Participants)
		e.Date = day(at)
		return e, err
	}, `SELECT e.id, e.kind, e.title, e.starts_at, e.location,
		(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.checked_in_at IS NOT NULL)
		FROM events e WHERE e.starts_at >= $1 AND e.starts_at < $2 AND e.status NOT IN ('draft', 'cancelled')
		ORDER BY e.starts_at, e.id LIMIT `+fmt.Sprint(chamber.AuthorityEventsListed), from, to)
	if err != nil {
		return err
	}
	if evs != nil {
		ar.Events = evs
	}
	return nil
}

func (db *DB) authorityFinance(sys context.Context, ar *chamber.AuthorityReport) error {
	accts, err := db.ListAccounts(sys)
	if err != nil {
		return err
	}
	bal, err := db.Balances(sys, ar.From, ar.To)
	if err != nil {
		return err
	}
	ar.Activities = chamber.BuildActivities(ar.From, ar.To, accts, bal)
	ar.BalanceSheet = chamber.BuildBalanceSheet(ar.To, accts, bal)
	ar.CashFlow = chamber.BuildCashFlow(ar.From, ar.To, accts, bal)
	if err := db.read.QueryRowContext(sys, `SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM donations WHERE date >= $1 AND date <= $2`,
		ar.From, ar.To).Scan(&ar.Donations, &ar.DonationsFen); err != nil {
		return err
	}
	dues, err := queryAll(sys, db.read, func(sc interface{ Scan(...any) error }) (chamber.AuthorityDues, error) {
		var d chamber.AuthorityDues
		return d, sc.Scan(&d.Tier, &d.AmountFen, &d.Resolution)
	}, `SELECT r.tier, r.amount_fen, r.resolution FROM dues_rates r LEFT JOIN member_tiers t ON t.code = r.tier
		WHERE r.year = $1 ORDER BY t.rank, r.tier`, ar.Year)
	if dues != nil {
		ar.DuesRates = dues
	}
	return err
}

// authorityFields fills each item: what staff saved, else the record's
// value (address and phone from the settings, the 法定代表人 from the
// 会长's post, 经济类 for a 商会), and lists the ones still empty. The
// party items after 党组织 are needed only where there is one.
func (db *DB) authorityFields(ctx context.Context, ar *chamber.AuthorityReport) error {
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM authority_report_fields WHERE year = $1`, ar.Year)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		ar.Saved[k] = v
	}
	if err := rows.Err(); err != nil {
		return err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	ar.Name = set.Name
	records := map[string]string{"address": set.Address, "contact_phone": set.Phone, "category": "经济类"}
	for _, l := range ar.Leaders {
		if l.Code == chamber.PosPresident {
			records["legal_rep"] = l.Name
			break
		}
	}
	for _, k := range chamber.AuthorityFieldKeys {
		if v, ok := ar.Saved[k]; ok && v != "" {
			ar.Fields[k] = v
		} else if v := records[k]; v != "" {
			ar.Fields[k] = v
			ar.FromRecords = append(ar.FromRecords, k)
		}
	}
	noParty := ar.Fields["party_org"] == "无" || ar.Fields["party_org"] == "none"
	for _, k := range chamber.AuthorityFieldKeys {
		if ar.Fields[k] != "" || (noParty && (k == "party_members" || k == "party_activities")) {
			continue
		}
		ar.Missing = append(ar.Missing, k)
	}
	return nil
}

// SaveAuthorityFields stores the filled-in items of a year (report.write):
// an empty value removes the item; each change is audited with before and after.
func (db *DB) SaveAuthorityFields(ctx context.Context, year int, in chamber.AuthorityFields) (*chamber.AuthorityReport, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermReportWrite); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, after := map[string]string{}, map[string]string{}
		for _, k := range chamber.AuthorityFieldKeys {
			v, ok := in.Fields[k]
			if !ok {
				continue
			}
			var old string
			err := tx.QueryRowContext(ctx, `SELECT value FROM authority_report_fields WHERE year = $1 AND key = $2`, year, k).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if old == v {
				continue
			}
			before[k], after[k] = old, v
			if v == "" {
				_, err = tx.ExecContext(ctx, `DELETE FROM authority_report_fields WHERE year = $1 AND key = $2`, year, k)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO authority_report_fields(year, key, value, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (year, key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at, saved_by = excluded.saved_by`,
					year, k, v, micros(tx.now), actor.UserID)
			}
			if err != nil {
				return err
			}
		}
		if len(after) == 0 {
			return nil
		}
		return tx.Audit("authority_report.fill", "authority_report", int64(year), before, after)
	})
	if err != nil {
		return nil, err
	}
	return db.AuthorityReport(ctx, year)
}
