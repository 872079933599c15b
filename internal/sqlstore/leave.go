package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// ---- the staff register

const staffColumns = `s.id, s.user_id, s.name, COALESCE(s.position_id, 0), COALESCE(p.name, ''), s.hired_on, s.employment,
	s.phone, s.emergency, s.contract_starts_on, s.contract_ends_on, s.created_at`
const staffFrom = ` FROM staff s LEFT JOIN positions p ON p.id = s.position_id`

func scanStaff(sc interface{ Scan(...any) error }) (*chamber.Staff, error) {
	var s chamber.Staff
	var created int64
	if err := sc.Scan(&s.ID, &s.UserID, &s.Name, &s.PositionID, &s.Position, &s.HiredOn, &s.Employment, &s.Phone, &s.Emergency,
		&s.ContractStartsOn, &s.ContractEndsOn, &created); err != nil {
		return nil, err
	}
	s.CreatedAt = fromMicros(created)
	return &s, nil
}

// CreateStaff adds a person to the staff register (HR).
func (db *DB) CreateStaff(ctx context.Context, s chamber.Staff) (*chamber.Staff, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.requireHR(ctx, actor); err != nil {
		return nil, err
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Staff
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.createStaff(s)
		return err
	})
	return out, err
}

// createStaff inserts a staff record inside the caller's transaction
// (CreateStaff, a hire) and audits it.
func (tx *Tx) createStaff(s chamber.Staff) (*chamber.Staff, error) {
	ctx := tx.ctx
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Staff
	err := func() error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, s.UserID).Scan(&n); err != nil || n == 0 {
			return fieldErr("user_id", "err.user_not_found")
		}
		if s.PositionID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE id = $1`, s.PositionID).Scan(&n); err != nil || n == 0 {
				return fieldErr("position_id", "err.position_not_found")
			}
		}
		var id chamber.ID
		err := tx.QueryRowContext(ctx, `INSERT INTO staff(user_id, name, position_id, hired_on, employment, phone, emergency,
			contract_starts_on, contract_ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			s.UserID, s.Name, nullID(s.PositionID), s.HiredOn, s.Employment, s.Phone, s.Emergency, s.ContractStartsOn, s.ContractEndsOn,
			micros(tx.now)).Scan(&id)
		if isUniqueViolation(err) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "staff_exists", Key: "staff.err.exists"}
		}
		if err != nil {
			return err
		}
		if out, err = scanStaff(tx.QueryRowContext(ctx, `SELECT `+staffColumns+staffFrom+` WHERE s.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("staff.create", "staff", id, nil, out)
	}()
	return out, err
}

// FindStaff returns a staff record with its trainings, leave and balances:
// to HR (isHR) and the person; to anyone else it does not exist.
func (db *DB) FindStaff(ctx context.Context, id chamber.ID) (*chamber.Staff, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	s, err := scanStaff(db.read.QueryRowContext(ctx, `SELECT `+staffColumns+staffFrom+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "staff.err.not_found")
	}
	if actor.UserID == 0 || actor.UserID != s.UserID {
		hr, err := db.isHR(ctx, actor)
		if err != nil {
			return nil, err
		}
		if !hr {
			return nil, chamber.Errorf(chamber.ENOTFOUND, "staff.err.not_found")
		}
	}
	if s.Trainings, err = db.trainingHistory(ctx, s); err != nil {
		return nil, err
	}
	year, _ := strconv.Atoi(db.Today(ctx)[:4])
	if s.Balances, err = db.balances(ctx, s.UserID, year); err != nil {
		return nil, err
	}
	s.Leave, err = db.listLeave(ctx, `WHERE user_id = $1`, s.UserID)
	return s, err
}

// ListStaff is the register (staff.manage); outside HR without the
// private columns (emergency contact, contract dates).
func (db *DB) ListStaff(ctx context.Context) ([]*chamber.Staff, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	hr, err := db.isHR(ctx, actor)
	if err != nil {
		return nil, err
	}
	ss, err := queryAll(ctx, db.read, scanStaff, `SELECT `+staffColumns+staffFrom+` ORDER BY s.id`)
	if !hr {
		for _, s := range ss {
			s.Emergency, s.ContractStartsOn, s.ContractEndsOn = "", "", ""
		}
	}
	return ss, err
}

// AddTraining records a course in a staff member's history (HR).
func (db *DB) AddTraining(ctx context.Context, t chamber.StaffTraining) (*chamber.StaffTraining, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "staff.err.not_found"); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = $1`, t.StaffID).Scan(&n); err != nil || n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "staff.err.not_found")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO staff_trainings(staff_id, title, date, hours, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.StaffID, t.Title, t.Date, t.Hours, micros(tx.now)).Scan(&t.ID); err != nil {
			return err
		}
		t.Source = chamber.TrainingCourse
		return tx.Audit("staff.training", "staff", t.StaffID, nil, t)
	})
	return &t, err
}

// ---- leave

const leaveColumns = `id, user_id, name, position_id, kind, from_on, to_on, days, reason, acting_user_id, status,
	approver_user_id, approver, comment, acting_post_id, created_at, decided_at`

func scanLeave(sc interface{ Scan(...any) error }) (*chamber.LeaveRequest, error) {
	var l chamber.LeaveRequest
	var created int64
	var decided sql.NullInt64
	if err := sc.Scan(&l.ID, &l.UserID, &l.Name, &l.PositionID, &l.Kind, &l.From, &l.To, &l.Days, &l.Reason, &l.ActingUserID, &l.Status,
		&l.ApproverID, &l.Approver, &l.Comment, &l.ActingPostID, &created, &decided); err != nil {
		return nil, err
	}
	l.CreatedAt, l.DecidedAt = fromMicros(created), nullMicros(decided)
	return &l, nil
}

func (db *DB) listLeave(ctx context.Context, where string, args ...any) ([]*chamber.LeaveRequest, error) {
	return queryAll(ctx, db.read, scanLeave, `SELECT `+leaveColumns+` FROM leave_requests `+where+` ORDER BY from_on DESC, id DESC LIMIT 1000`, args...)
}

// leaveDays counts the working days of a span by the holiday calendar.
func leaveDays(ctx context.Context, q querier, from, to string) (int, error) {
	cal := chamber.Calendar{}
	rows, err := q.QueryContext(ctx, `SELECT date, workday FROM holidays WHERE date >= $1 AND date <= $2`, from, to)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		var w bool
		if err := rows.Scan(&d, &w); err != nil {
			return 0, err
		}
		cal[d] = w
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	a, _ := chamber.ParseDate(from)
	b, _ := chamber.ParseDate(to)
	return cal.WorkingDaysBetween(a, b), nil
}

// CreateLeave files the caller's request and routes it to the direct
// superior as the org chart stands today (vacant posts skipped, acting
// holders stand in). Overlapping pending or approved leave is a conflict.
func (db *DB) CreateLeave(ctx context.Context, n chamber.NewLeave) (*chamber.LeaveRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	today := db.Today(ctx)
	chain, err := db.ApprovalChain(ctx, actor.UserID, today)
	if chamber.ErrorCode(err) == chamber.ENOTFOUND {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_position", Key: "leave.err.no_position"}
	} else if err != nil {
		return nil, err
	}
	if len(chain) == 0 {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_approver", Key: "leave.err.no_approver"}
	}
	var posID chamber.ID
	if err := db.read.QueryRowContext(ctx, `SELECT p.position_id FROM posts p JOIN positions q ON q.id = p.position_id
		WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2) AND NOT p.acting
		ORDER BY CASE WHEN q.rank = 0 THEN 999 ELSE q.rank END, p.id LIMIT 1`, actor.UserID, today).Scan(&posID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	name := actor.Name
	if name == "" {
		name = actor.Username
	}
	var out *chamber.LeaveRequest
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if n.ActingUserID != 0 {
			var c int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, n.ActingUserID).Scan(&c); err != nil || c == 0 || n.ActingUserID == actor.UserID {
				return fieldErr("acting_user_id", "err.user_not_found")
			}
		}
		if db.Dialect == Postgres { // one request of a person at a time, across instances
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(22, CAST($1 AS INTEGER))`, actor.UserID); err != nil {
				return err
			}
		}
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM leave_requests WHERE user_id = $1 AND status IN ('pending', 'approved')
			AND from_on <= $2 AND to_on >= $3`, actor.UserID, n.To, n.From).Scan(&c); err != nil {
			return err
		}
		if c > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "leave_overlap", Key: "leave.err.overlap"}
		}
		days, err := leaveDays(ctx, tx, n.From, n.To)
		if err != nil {
			return err
		}
		if out, err = scanLeave(tx.QueryRowContext(ctx, `INSERT INTO leave_requests(user_id, name, position_id, kind, from_on, to_on, days, reason,
			acting_user_id, status, approver_user_id, approver, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12)
			RETURNING `+leaveColumns, actor.UserID, name, posID, n.Kind, n.From, n.To, days, n.Reason, n.ActingUserID,
			chain[0].UserID, chain[0].Name, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("leave.create", "leave", out.ID, nil, out)
	})
	return out, err
}

func mayReadLeave(a *chamber.Actor, l *chamber.LeaveRequest) bool {
	return a != nil && (a.System || a.UserID == l.UserID || a.UserID == l.ApproverID || a.UserID == l.ActingUserID || a.Can(chamber.PermStaffManage))
}

// FindLeave returns a request to the person, the approver, the acting holder or HR.
func (db *DB) FindLeave(ctx context.Context, id chamber.ID) (*chamber.LeaveRequest, error) {
	l, err := scanLeave(db.read.QueryRowContext(ctx, `SELECT `+leaveColumns+` FROM leave_requests WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "leave.err.not_found")
	}
	if !mayReadLeave(chamber.ActorFrom(ctx), l) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "leave.err.not_found")
	}
	return l, nil
}

// ListLeave lists the caller's own requests, those waiting for the caller
// (ToMe), or anyone's for HR (staff.manage).
func (db *DB) ListLeave(ctx context.Context, f chamber.LeaveFilter) ([]*chamber.LeaveRequest, error) {
	a := chamber.ActorFrom(ctx)
	if a == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var conds []string
	var args []any
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(c, "?", "$"+strconv.Itoa(len(args))))
	}
	switch {
	case f.ToMe:
		add("approver_user_id = ?", a.UserID)
		if f.Status == "" {
			f.Status = chamber.LeavePending
		}
	case f.UserID != 0 && (f.UserID == a.UserID || a.Can(chamber.PermStaffManage)):
		add("user_id = ?", f.UserID)
	case f.UserID == 0 && a.Can(chamber.PermStaffManage):
	default:
		add("user_id = ?", a.UserID)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Year != 0 {
		add("from_on <= ?", strconv.Itoa(f.Year)+"-12-31")
		add("to_on >= ?", strconv.Itoa(f.Year)+"-01-01")
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	return db.listLeave(ctx, where, args...)
}

// DecideLeave records the approver's decision (only that login: 403
// otherwise). An approved request with an acting holder appoints them as
// acting holder (代理) of the requester's position for the days, so
// approvals that would reach the requester go to them instead.
func (db *DB) DecideLeave(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.LeaveRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > 500 {
		return nil, fieldErr("comment", "err.too_long", 500)
	}
	var out *chamber.LeaveRequest
	err := db.Write(ctx, actor, func(tx *Tx) error {
		l, err := scanLeave(tx.QueryRowContext(ctx, `SELECT `+leaveColumns+` FROM leave_requests WHERE id = $1`, id))
		if err != nil || !mayReadLeave(actor, l) {
			return chamber.Errorf(chamber.ENOTFOUND, "leave.err.not_found")
		}
		if l.ApproverID != actor.UserID {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_approver", Key: "leave.err.not_approver", Args: []any{l.Approver}}
		}
		if l.Status != chamber.LeavePending {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_pending", Key: "leave.err.not_pending"}
		}
		before := *l
		l.Status, l.Comment = chamber.LeaveRejected, comment
		if approve {
			l.Status = chamber.LeaveApproved
			if l.ActingUserID != 0 && l.PositionID != 0 {
				var actingName string
				if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, l.ActingUserID).Scan(&actingName); err != nil {
					return err
				}
				post, err := scanPost(tx.QueryRowContext(ctx, `INSERT INTO posts(position_id, user_id, name, starts_on, ends_on, acting, note, created_at)
					VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7) RETURNING `+postColumns, l.PositionID, l.ActingUserID, actingName, l.From, l.To,
					"代理（请假 #"+strconv.FormatInt(l.ID, 10)+" "+l.Name+"）", micros(tx.now)))
				if err != nil {
					return err
				}
				l.ActingPostID = post.ID
				if err := tx.Audit("post.appoint", "post", post.ID, nil, post); err != nil {
					return err
				}
			}
		}
		now := tx.now
		l.DecidedAt = &now
		if _, err := tx.ExecContext(ctx, `UPDATE leave_requests SET status = $1, comment = $2, acting_post_id = $3, decided_at = $4 WHERE id = $5`,
			l.Status, l.Comment, l.ActingPostID, micros(now), l.ID); err != nil {
			return err
		}
		out = l
		return tx.Audit("leave."+map[bool]string{true: "approve", false: "reject"}[approve], "leave", l.ID,
			map[string]any{"status": before.Status}, map[string]any{"status": l.Status, "comment": comment, "acting_post_id": l.ActingPostID})
	})
	return out, err
}

// CancelLeave withdraws the caller's own pending or future approved
// request; an acting appointment made for it ends the day before it starts.
func (db *DB) CancelLeave(ctx context.Context, id chamber.ID) (*chamber.LeaveRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	today := db.Today(ctx)
	var out *chamber.LeaveRequest
	err := db.Write(ctx, actor, func(tx *Tx) error {
		l, err := scanLeave(tx.QueryRowContext(ctx, `SELECT `+leaveColumns+` FROM leave_requests WHERE id = $1`, id))
		if err != nil || !mayReadLeave(actor, l) {
			return chamber.Errorf(chamber.ENOTFOUND, "leave.err.not_found")
		}
		if l.UserID != actor.UserID {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_own", Key: "leave.err.not_own"}
		}
		if l.Status == chamber.LeaveRejected || l.Status == chamber.LeaveCancelled || (l.Status == chamber.LeaveApproved && l.From <= today) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_cancellable", Key: "leave.err.not_cancellable"}
		}
		if l.ActingPostID != 0 { // the acting post never starts: it ends on its first day's eve
			t, _ := chamber.ParseDate(l.From)
			eve := t.AddDate(0, 0, -1).Format("2006-01-02")
			before, err := scanPost(tx.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts WHERE id = $1`, l.ActingPostID))
			if err != nil {
				return err
			}
			after, err := scanPost(tx.QueryRowContext(ctx, `UPDATE posts SET starts_on = $1, ends_on = $1 WHERE id = $2 RETURNING `+postColumns, eve, l.ActingPostID))
			if err != nil {
				return err
			}
			if err := tx.Audit("post.end", "post", after.ID, before, after); err != nil {
				return err
			}
		}
		before := l.Status
		l.Status = chamber.LeaveCancelled
		if _, err := tx.ExecContext(ctx, `UPDATE leave_requests SET status = $1 WHERE id = $2`, l.Status, l.ID); err != nil {
			return err
		}
		out = l
		return tx.Audit("leave.cancel", "leave", l.ID, map[string]any{"status": before}, map[string]any{"status": l.Status})
	})
	return out, err
}

// LeaveBalances is a person's leave per kind in a year: to the person and HR.
func (db *DB) LeaveBalances(ctx context.Context, userID chamber.ID, year int) ([]chamber.LeaveBalance, error) {
	a := chamber.ActorFrom(ctx)
	if a == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if userID == 0 {
		userID = a.UserID
	}
	if userID != a.UserID && !a.Can(chamber.PermStaffManage) {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermStaffManage))
	}
	if year < 2000 || year > 2100 {
		return nil, fieldErr("year", "err.invalid_value")
	}
	return db.balances(ctx, userID, year)
}

// balances counts leave days (working days) per kind; annual leave has the
// statutory entitlement by years of service at the end of the year.
func (db *DB) balances(ctx context.Context, userID chamber.ID, year int) ([]chamber.LeaveBalance, error) {
	ls, err := db.listLeave(ctx, `WHERE user_id = $1 AND from_on <= $2 AND to_on >= $3`, userID, strconv.Itoa(year)+"-12-31", strconv.Itoa(year)+"-01-01")
	if err != nil {
		return nil, err
	}
	var hired string
	if err := db.read.QueryRowContext(ctx, `SELECT hired_on FROM staff WHERE user_id = $1`, userID).Scan(&hired); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	out := make([]chamber.LeaveBalance, len(chamber.LeaveKinds))
	idx := map[string]int{}
	for i, k := range chamber.LeaveKinds {
		out[i] = chamber.LeaveBalance{Kind: k, Year: year}
		idx[k] = i
	}
	out[0].Entitlement = chamber.AnnualLeaveDays(chamber.YearsOfService(hired, strconv.Itoa(year)+"-12-31"))
	for _, l := range ls {
		b := &out[idx[l.Kind]]
		switch l.Status {
		case chamber.LeaveApproved:
			b.Taken += l.Days
		case chamber.LeavePending:
			b.Pending += l.Days
		}
	}
	for i := range out {
		if out[i].Entitlement > 0 {
			out[i].Remaining = max(0, out[i].Entitlement-out[i].Taken-out[i].Pending)
		}
	}
	return out, nil
}

// Colleagues lists the logins holding a position today (one line each,
// their highest-ranked post), for a staff login picking an acting holder;
// a member's portal login gets 403.
func (db *DB) Colleagues(ctx context.Context) ([]chamber.Colleague, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if !actor.System && !actor.Admin && actor.MemberID != 0 {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "staff")
	}
	today := db.Today(ctx)
	rows, err := db.read.QueryContext(ctx, `SELECT u.id, u.name, q.name FROM posts p JOIN users u ON u.id = p.user_id
		JOIN positions q ON q.id = p.position_id
		WHERE u.disabled = FALSE AND p.starts_on <= $1 AND (p.ends_on IS NULL OR p.ends_on >= $1)
		ORDER BY u.id, q.rank, q.id`, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.Colleague
	for rows.Next() {
		var c chamber.Colleague
		if err := rows.Scan(&c.UserID, &c.Name, &c.Position); err != nil {
			return nil, err
		}
		if len(out) > 0 && out[len(out)-1].UserID == c.UserID {
			continue // a second post of the same login
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
