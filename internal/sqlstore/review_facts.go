package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

// reviewSubject is who a review is of, as the records know it.
type reviewSubject struct {
	name       string
	writer     chamber.ID // the login writing the 述职报告
	deptID     chamber.ID
	dept       string
	positionID chamber.ID // staff: the position held at the year's end (or today)
	rollID     chamber.ID // the id check-ins hold: a login (staff) or a member
}

// yearSpan is the year in the chamber's zone: its first and last day, and
// its bounds in micros.
type yearSpan struct {
	first, last string
	from, to    int64
	date        string // the last day, or today if the year is not over
}

func (db *DB) yearSpanOf(ctx context.Context, year int) (yearSpan, error) {
	loc, err := zoneOf(ctx, db.read)
	if err != nil {
		return yearSpan{}, err
	}
	y := strconv.Itoa(year)
	s := yearSpan{first: y + "-01-01", last: y + "-12-31",
		from: micros(time.Date(year, 1, 1, 0, 0, 0, 0, loc)), to: micros(time.Date(year+1, 1, 1, 0, 0, 0, 0, loc))}
	s.date = min(s.last, db.today(ctx))
	if s.date < s.first {
		s.date = s.first
	}
	return s, nil
}

// resolveReviewSubject finds the subject: a login (staff), a branch body,
// or a member (council member).
func (db *DB) resolveReviewSubject(ctx context.Context, kind string, id chamber.ID, span yearSpan) (*reviewSubject, error) {
	q := db.read
	s := &reviewSubject{}
	switch kind {
	case "staff":
		err := q.QueryRowContext(ctx, `SELECT COALESCE(st.name, u.name) FROM users u LEFT JOIN staff st ON st.user_id = u.id WHERE u.id = $1`, id).Scan(&s.name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fieldErr("subject_id", "err.user_not_found")
		} else if err != nil {
			return nil, err
		}
		s.writer, s.rollID = id, id
		var dept sql.NullInt64
		var dname sql.NullString
		err = q.QueryRowContext(ctx, `SELECT p.position_id, pos.department_id, d.name FROM posts p JOIN positions pos ON pos.id = p.position_id
			LEFT JOIN departments d ON d.id = pos.department_id
			WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $3) AND NOT p.acting
			ORDER BY p.ends_on IS NULL DESC, p.ends_on DESC, p.id LIMIT 1`, id, span.date, span.first).Scan(&s.positionID, &dept, &dname)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		s.deptID, s.dept = dept.Int64, dname.String
		if s.dept == "" {
			s.dept = "秘书处"
		}
	case "branch":
		var bkind string
		err := q.QueryRowContext(ctx, `SELECT name, kind FROM bodies WHERE id = $1`, id).Scan(&s.name, &bkind)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && bkind != chamber.BodyBranch) {
			return nil, fieldErr("subject_id", "err.body_not_found")
		} else if err != nil {
			return nil, err
		}
		s.dept = "分会"
		// The branch's head: the login of its highest officer post, else
		// of its first seat.
		err = q.QueryRowContext(ctx, `SELECT COALESCE(p.user_id, u.id) FROM posts p LEFT JOIN positions pos ON pos.id = p.position_id
			LEFT JOIN users u ON u.member_id = p.member_id AND p.member_id IS NOT NULL
			WHERE (pos.body_id = $1 OR p.body_id = $1) AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2) AND COALESCE(p.user_id, u.id) IS NOT NULL
			ORDER BY CASE WHEN pos.id IS NULL THEN 1000 WHEN pos.rank = 0 THEN 999 ELSE pos.rank END, p.id LIMIT 1`, id, span.date).Scan(&s.writer)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	case "council_member":
		err := q.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, id).Scan(&s.name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fieldErr("subject_id", "err.member_not_found")
		} else if err != nil {
			return nil, err
		}
		s.dept, s.rollID = "理事会", id
		err = q.QueryRowContext(ctx, `SELECT id FROM users WHERE member_id = $1 ORDER BY id LIMIT 1`, id).Scan(&s.writer)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return s, nil
}

// reviewFacts compiles the year's facts from the records.
func (tx *Tx) reviewFacts(kind string, subjectID chamber.ID, s *reviewSubject, span yearSpan) (chamber.ReviewFacts, error) {
	var f chamber.ReviewFacts
	ctx, q, db := tx.ctx, tx, tx.db
	count := func(dst *int, query string, args ...any) error {
		return q.QueryRowContext(ctx, query, args...).Scan(dst)
	}
	if kind == "branch" {
		if err := count(&f.MeetingsHeld, `SELECT COUNT(*) FROM meetings WHERE body_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status = 'closed'`,
			subjectID, span.from, span.to); err != nil {
			return f, err
		}
		if err := count(&f.MeetingsEntitled, `SELECT COALESCE(SUM(entitled_at_open), 0) FROM meetings WHERE body_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status = 'closed'`,
			subjectID, span.from, span.to); err != nil {
			return f, err
		}
		err := count(&f.MeetingsAttended, `SELECT COUNT(*) FROM check_ins c JOIN meetings m ON m.id = c.meeting_id
			WHERE m.body_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.status = 'closed'`, subjectID, span.from, span.to)
		return f, err
	}
	// Meetings held (opened) that the subject was entitled to sit in, and
	// attended in person: staff meetings for a login, the bodies' meetings
	// for a member.
	cond := `b.kind = 'secretariat'`
	if kind == "council_member" {
		cond = `b.kind <> 'secretariat'`
	}
	ms, err := queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE `+cond+` AND m.status <> 'scheduled' AND m.starts_at >= $1 AND m.starts_at < $2 ORDER BY m.id LIMIT 2000`,
		span.from, span.to)
	if err != nil {
		return f, err
	}
	for _, m := range ms {
		on, err := tx.entitledAmong(m, []chamber.ID{s.rollID})
		if err != nil {
			return f, err
		}
		if _, ok := on[s.rollID]; !ok {
			continue
		}
		f.MeetingsEntitled++
		var n int
		if err := count(&n, `SELECT COUNT(*) FROM check_ins WHERE meeting_id = $1 AND member_id = $2`, m.ID, s.rollID); err != nil {
			return f, err
		}
		f.MeetingsAttended += n
	}
	if kind == "council_member" {
		err := count(&f.EventsAttended, `SELECT COUNT(*) FROM event_registrations WHERE member_id = $1 AND checked_in_at >= $2 AND checked_in_at < $3`,
			subjectID, span.from, span.to)
		return f, err
	}
	// staff
	u := subjectID
	if err := count(&f.EventsOrganised, `SELECT COUNT(*) FROM events WHERE created_by = $1 AND starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled'`,
		u, span.from, span.to); err != nil {
		return f, err
	}
	if err := count(&f.TicketsHandled, `SELECT COUNT(*) FROM tickets WHERE assignee_id = $1 AND resolved_at >= $2 AND resolved_at < $3`, u, span.from, span.to); err != nil {
		return f, err
	}
	var rated, ratingSum int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(rating), 0) FROM tickets WHERE assignee_id = $1 AND resolved_at >= $2 AND resolved_at < $3 AND rating > 0`,
		u, span.from, span.to).Scan(&rated, &ratingSum); err != nil {
		return f, err
	}
	if rated > 0 {
		f.SatisfactionAvg = float64(int(float64(ratingSum)/float64(rated)*100+0.5)) / 100
	}
	if s.positionID != 0 {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.percent >= 100 THEN 1 ELSE 0 END), 0) FROM work_plan_items i
			JOIN work_plans w ON w.id = i.plan_id WHERE w.year = $1 AND i.owner_position_id = $2`, span.first[:4], s.positionID).Scan(&f.PlanItemsOwned, &f.PlanItemsDone); err != nil {
			return f, err
		}
	}
	loc, err := zoneOf(ctx, q)
	if err != nil {
		return f, err
	}
	today := db.today(ctx)
	rows, err := q.QueryContext(ctx, `SELECT due_on, status, done_at FROM action_items WHERE owner_id = $1 AND due_on >= $2 AND due_on <= $3`, u, span.first, span.last)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var due, status string
		var done sql.NullInt64
		if err := rows.Scan(&due, &status, &done); err != nil {
			return f, err
		}
		switch {
		case status == chamber.ActionDone:
			f.ActionItemsDone++
			if done.Valid && fromMicros(done.Int64).In(loc).Format("2006-01-02") > due {
				f.ActionItemsOverdue++
			}
		case due < today:
			f.ActionItemsOverdue++
		}
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	// Approved leave: its working days within the year (a leave across
	// New Year counts in each year for its own days).
	type span2 struct{ from, to string }
	leaves, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (span2, error) {
		var l span2
		return l, sc.Scan(&l.from, &l.to)
	}, `SELECT from_on, to_on FROM leave_requests WHERE user_id = $1 AND status = 'approved' AND from_on <= $3 AND to_on >= $2`, u, span.first, span.last)
	if err != nil {
		return f, err
	}
	for _, l := range leaves {
		n, err := leaveDays(ctx, q, max(l.from, span.first), min(l.to, span.last))
		if err != nil {
			return f, err
		}
		f.LeaveDays += n
	}
	return f, nil
}

// defaultReviewers: for staff the direct superior on the org chart and the
// holders of the sibling positions (same superior); the 秘书长 for a branch;
// the 会长 for a council member. The member panel of a branch is given.
func (db *DB) defaultReviewers(ctx context.Context, kind string, subjectID chamber.ID, s *reviewSubject, span yearSpan) ([]chamber.ReviewReviewer, error) {
	var out []chamber.ReviewReviewer
	holder := func(code string) error {
		var r chamber.ReviewReviewer
		err := db.read.QueryRowContext(ctx, `SELECT u.id, u.name FROM posts p JOIN positions pos ON pos.id = p.position_id
			JOIN users u ON u.id = COALESCE(p.user_id, (SELECT MIN(x.id) FROM users x WHERE x.member_id = p.member_id))
			WHERE pos.code = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2) ORDER BY p.acting, p.id LIMIT 1`, code, span.date).Scan(&r.UserID, &r.Name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err == nil && r.UserID != s.writer {
			r.Role = "superior"
			out = append(out, r)
		}
		return err
	}
	switch kind {
	case "branch":
		return out, holder(chamber.PosSecretaryGeneral)
	case "council_member":
		return out, holder(chamber.PosPresident)
	}
	chain, err := db.ApprovalChain(ctx, subjectID, span.date)
	if err != nil && chamber.ErrorCode(err) != chamber.ENOTFOUND {
		return nil, err
	}
	if len(chain) > 0 {
		out = append(out, chamber.ReviewReviewer{UserID: chain[0].UserID, Name: chain[0].Name, Role: "superior"})
	}
	if s.positionID == 0 {
		return out, nil
	}
	peers, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ReviewReviewer, error) {
		r := chamber.ReviewReviewer{Role: "peer"}
		return r, sc.Scan(&r.UserID, &r.Name)
	}, `SELECT DISTINCT u.id, u.name FROM posts p JOIN positions pos ON pos.id = p.position_id JOIN users u ON u.id = p.user_id
		WHERE pos.reports_to = (SELECT reports_to FROM positions WHERE id = $1) AND p.user_id <> $2 AND NOT p.acting
		AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3) ORDER BY u.id LIMIT 6`, s.positionID, subjectID, span.date)
	if err != nil {
		return nil, err
	}
	for _, p := range peers {
		if len(chain) > 0 && p.UserID == chain[0].UserID {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}
