package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Staff meetings (办公会议, 每周例会) are meetings of the secretariat's
// body, of the whole secretariat or of one department. Their roll is not
// members but the logins holding the secretariat's posts on the meeting's
// date (in the chamber's zone); check-ins record those login ids.

// staffMeetingBody fills the body of a staff meeting: the department's body,
// or the secretariat when only the kind is given.
func (tx *Tx) staffMeetingBody(in *chamber.NewMeeting) error {
	if in.DepartmentID != 0 {
		var body chamber.ID
		var until sql.NullString
		err := tx.QueryRowContext(tx.ctx, `SELECT body_id, until FROM departments WHERE id = $1`, in.DepartmentID).Scan(&body, &until)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("department_id", "err.department_not_found")
		}
		if err != nil {
			return err
		}
		ref := strconv.FormatInt(body, 10)
		if in.Body != "" && in.Body != ref {
			b, err := tx.resolveBody(in.Body)
			if err != nil {
				return err
			}
			if b.ID != body {
				return fieldErr("department_id", "err.invalid_value")
			}
		}
		in.Body = ref
		return nil
	}
	if in.Body == "" && in.StaffKind != "" {
		in.Body = chamber.BodySecretariat
	}
	return nil
}

// staffAgenda is the start of a new staff meeting's agenda: the open action
// items of earlier meetings of the same body and department (owner, due
// date), then for an office or weekly meeting one slot per department (of
// the whole secretariat) or the department's own report.
func (tx *Tx) staffAgenda(bodyID, meetingID chamber.ID, kind string, dept chamber.ID) ([]string, error) {
	items, err := queryAll(tx.ctx, tx, scanAction, `SELECT `+actionColumns+actionFrom+`
		WHERE a.status = 'open' AND m.body_id = $1 AND m.department_id = $2 AND m.id <> $3 ORDER BY a.due_on, a.id LIMIT 50`, bodyID, dept, meetingID)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items)+10)
	for _, a := range items {
		out = append(out, a.AgendaLine())
	}
	if kind == "" {
		return out, nil
	}
	if dept != 0 {
		return append(out, "本部门工作汇报与下周安排"), nil
	}
	names, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (string, error) {
		var n string
		return n, sc.Scan(&n)
	}, `SELECT name FROM departments WHERE body_id = $1 AND until IS NULL ORDER BY sort, id`, bodyID)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		out = append(out, "部门工作汇报："+n)
	}
	return out, nil
}

// staffRollWhere is the FROM and WHERE of a staff meeting's roll: the
// logins holding, on date, a post of the meeting's department, or of the
// secretariat (its own positions, its departments' positions, its seats).
func staffRollWhere(m *chamber.Meeting, date string) (string, []any) {
	from := ` FROM posts p JOIN users u ON u.id = p.user_id LEFT JOIN positions pos ON pos.id = p.position_id
		LEFT JOIN departments d ON d.id = pos.department_id
		WHERE p.user_id IS NOT NULL AND u.disabled = FALSE AND p.starts_on <= $1 AND (p.ends_on IS NULL OR p.ends_on >= $1)`
	if m.DepartmentID != 0 {
		return from + ` AND pos.department_id = $2`, []any{date, m.DepartmentID}
	}
	return from + ` AND (p.body_id = $2 OR pos.body_id = $2 OR d.body_id = $2)`, []any{date, m.BodyID}
}

func staffRoll(ctx context.Context, q querier, m *chamber.Meeting) ([]chamber.TallyRow, error) {
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return nil, err
	}
	where, args := staffRollWhere(m, date)
	return queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.TallyRow, error) {
		var r chamber.TallyRow
		err := sc.Scan(&r.MemberID, &r.Name)
		return r, err
	}, `SELECT DISTINCT p.user_id, u.name`+where+` ORDER BY p.user_id`, args...)
}

func staffRollCount(ctx context.Context, q querier, m *chamber.Meeting) (int64, error) {
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return 0, err
	}
	where, args := staffRollWhere(m, date)
	var n int64
	err = q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.user_id)`+where, args...).Scan(&n)
	return n, err
}

func (tx *Tx) staffRollAmong(m *chamber.Meeting, ids []chamber.ID) (map[chamber.ID]string, error) {
	return staffRollAmong(tx.ctx, tx, m, ids)
}

func staffRollAmong(ctx context.Context, q querier, m *chamber.Meeting, ids []chamber.ID) (map[chamber.ID]string, error) {
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return nil, err
	}
	where, args := staffRollWhere(m, date)
	out := map[chamber.ID]string{}
	for _, id := range ids {
		var name string
		err := q.QueryRowContext(ctx, `SELECT u.name`+where+` AND p.user_id = $3 LIMIT 1`, append(args, id)...).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, nil
}

// isStaffMeeting says whether a meeting's roll is the secretariat's logins.
func (db *DB) isStaffMeeting(ctx context.Context, meetingID chamber.ID) bool {
	var kind string
	err := db.read.QueryRowContext(ctx, `SELECT b.kind FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = $1`, meetingID).Scan(&kind)
	return err == nil && kind == chamber.BodySecretariat
}

// staffSelfCheckIn: a login on a staff meeting's roll checks itself in
// (whether it is on the roll, CheckIn decides).
func (db *DB) staffSelfCheckIn(ctx context.Context, actor *chamber.Actor, meetingID, rollID chamber.ID) bool {
	return actor.UserID != 0 && rollID == actor.UserID && db.isStaffMeeting(ctx, meetingID)
}

// rollTable names whose ids a meeting's check-ins hold.
func (db *DB) rollTable(ctx context.Context, meetingID chamber.ID) string {
	if db.isStaffMeeting(ctx, meetingID) {
		return "users"
	}
	return "members"
}

// ListStaffMeetings lists the staff meetings the actor may see, latest first.
func (db *DB) ListStaffMeetings(ctx context.Context, f chamber.StaffMeetingFilter) ([]*chamber.Meeting, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	sc, err := db.meetingScopeOf(ctx, chamber.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	args := []any{f.Limit}
	where := ` WHERE m.staff_kind <> ''`
	if f.Kind != "" {
		args = append(args, f.Kind)
		where += ` AND m.staff_kind = $` + strconv.Itoa(len(args))
	}
	if f.DepartmentID != 0 {
		args = append(args, f.DepartmentID)
		where += ` AND m.department_id = $` + strconv.Itoa(len(args))
	}
	cond, more := sc.filter(len(args) + 1)
	return queryAll(ctx, db.read, scanMeeting, `SELECT `+meetingColumns+meetingFrom+where+cond+` ORDER BY m.starts_at DESC, m.id DESC LIMIT $1`,
		append(args, more...)...)
}
