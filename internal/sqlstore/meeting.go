package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// ---- meetings

const meetingColumns = `m.id, m.body_id, b.code, b.kind, b.name, m.title, m.starts_at, m.location, m.status, m.opened_at, m.closed_at,
	m.notice_override, m.written, m.charter_version, m.created_at, m.staff_kind, m.department_id`

const meetingFrom = ` FROM meetings m JOIN bodies b ON b.id = m.body_id`

func scanMeeting(sc interface{ Scan(...any) error }) (*chamber.Meeting, error) {
	var m chamber.Meeting
	var code sql.NullString
	var kind string
	var starts, created int64
	var opened, closed sql.NullInt64
	if err := sc.Scan(&m.ID, &m.BodyID, &code, &kind, &m.BodyName, &m.Title, &starts, &m.Location, &m.Status, &opened, &closed,
		&m.NoticeOverride, &m.Written, &m.CharterVersion, &created, &m.StaffKind, &m.DepartmentID); err != nil {
		return nil, err
	}
	m.Body = code.String
	if m.Body == "" {
		m.Body = kind
	}
	m.StartsAt, m.CreatedAt = fromMicros(starts), fromMicros(created)
	m.OpenedAt, m.ClosedAt = nullMicros(opened), nullMicros(closed)
	return &m, nil
}

// resolveBody finds a body by code, kind (the first of it) or id.
func (tx *Tx) resolveBody(ref string) (*chamber.Body, error) {
	ctx := tx.ctx
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		b, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, id))
		if err != nil {
			return nil, fieldErr("body", "err.body_not_found")
		}
		return b, nil
	}
	b, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE code = $1`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		b, err = scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE kind = $1 ORDER BY id LIMIT 1`, ref))
	}
	if err != nil {
		return nil, fieldErr("body", "err.body_not_found")
	}
	return b, nil
}

// CreateMeeting convenes a meeting, enforcing the charter's notice period
// unless an override with its reason is given.
func (db *DB) CreateMeeting(ctx context.Context, in chamber.NewMeeting) (*chamber.Meeting, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.OverrideNotice = strings.TrimSpace(in.OverrideNotice)
	if in.BodyID != 0 {
		in.Body = strconv.FormatInt(in.BodyID, 10)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	st, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	loc := st.Location()
	var out *chamber.Meeting
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.staffMeetingBody(&in); err != nil {
			return err
		}
		body, err := tx.resolveBody(in.Body)
		if err != nil {
			return err
		}
		if (in.StaffKind != "" || in.DepartmentID != 0) && body.Kind != chamber.BodySecretariat {
			return fieldErr("body", "err.invalid_value")
		}
		charter, err := db.charterOn(ctx, tx, chamber.Today(tx.Now(), loc))
		if err != nil {
			return err
		}
		rules := charter.Rules[body.Kind]
		if in.Written && !rules.WrittenVotes {
			return fieldErr("written", "err.written_not_allowed")
		}
		if !chamber.NoticeOK(tx.Now(), in.StartsAt, rules.NoticeDays, loc) && in.OverrideNotice == "" {
			return &chamber.Error{Code: chamber.EINVALID, Reason: "notice_period", Key: "err.notice_period", Args: []any{rules.NoticeDays},
				Fields: []chamber.FieldError{{Field: "starts_at", Key: "err.notice_period", Args: []any{rules.NoticeDays}}}}
		}
		override := ""
		if !chamber.NoticeOK(tx.Now(), in.StartsAt, rules.NoticeDays, loc) {
			override = in.OverrideNotice + "（" + actor.Username + "）"
		}
		var id chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings(body_id, title, starts_at, location, status, notice_override, written, charter_version, created_at,
			staff_kind, department_id)
			VALUES ($1, $2, $3, $4, 'scheduled', $5, $6, $7, $8, $9, $10) RETURNING id`,
			body.ID, in.Title, micros(in.StartsAt), strings.TrimSpace(in.Location), override, in.Written, charter.Version, micros(tx.Now()),
			in.StaffKind, in.DepartmentID).Scan(&id); err != nil {
			return err
		}
		agenda := in.Agenda
		if body.Kind == chamber.BodySecretariat { // a staff meeting starts with the open action items
			open, err := tx.staffAgenda(body.ID, id, in.StaffKind, in.DepartmentID)
			if err != nil {
				return err
			}
			agenda = append(open, agenda...)
		}
		for i, item := range agenda {
			if item = strings.TrimSpace(item); item == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO agenda_items(meeting_id, number, title) VALUES ($1, $2, $3)`, id, i+1, item); err != nil {
				return err
			}
		}
		if out, err = scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("meeting.create", "meeting", id, nil, out)
	})
	return out, err
}

// FindMeeting returns a meeting the actor may see (meeting_access.go);
// any other is "not found".
func (db *DB) FindMeeting(ctx context.Context, id chamber.ID) (*chamber.Meeting, error) {
	m, err := db.findMeeting(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := db.meetingScopeOf(ctx, chamber.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	if !sc.sees(m.BodyID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
	}
	return m, nil
}

func (db *DB) findMeeting(ctx context.Context, id chamber.ID) (*chamber.Meeting, error) {
	m, err := scanMeeting(db.read.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, id))
	return m, notFound(err, "err.meeting_not_found")
}

// ListMeetings lists meetings, latest start first; the cursor is "micros:id".
func (db *DB) ListMeetings(ctx context.Context, p chamber.Page) ([]*chamber.Meeting, string, error) {
	p = p.Normalize()
	before, beforeID := int64(1<<62), int64(1<<62)
	if p.Cursor != "" {
		a, b, ok := strings.Cut(p.Cursor, ":")
		x, err1 := strconv.ParseInt(a, 10, 64)
		y, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, "", chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
		before, beforeID = x, y
	}
	sc, err := db.meetingScopeOf(ctx, chamber.ActorFrom(ctx))
	if err != nil {
		return nil, "", err
	}
	cond, args := sc.filter(4)
	ms, err := queryAll(ctx, db.read, scanMeeting, `SELECT `+meetingColumns+meetingFrom+`
		WHERE (m.starts_at < $1 OR (m.starts_at = $1 AND m.id < $2))`+cond+` ORDER BY m.starts_at DESC, m.id DESC LIMIT $3`,
		append([]any{before, beforeID, p.Limit + 1}, args...)...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ms) > p.Limit {
		ms = ms[:p.Limit]
		last := ms[len(ms)-1]
		next = strconv.FormatInt(micros(last.StartsAt), 10) + ":" + strconv.FormatInt(last.ID, 10)
	}
	return ms, next, nil
}

func (db *DB) Agenda(ctx context.Context, meetingID chamber.ID) ([]chamber.AgendaItem, error) {
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.AgendaItem, error) {
		var a chamber.AgendaItem
		err := sc.Scan(&a.ID, &a.Number, &a.Title)
		return a, err
	}, `SELECT id, number, title FROM agenda_items WHERE meeting_id = $1 ORDER BY number`, meetingID)
}

// OpenMeeting opens the sitting whenever staff say so, recording the time,
// and fixes the roll of the entitled for quorum.
func (db *DB) OpenMeeting(ctx context.Context, id chamber.ID) (*chamber.Meeting, error) {
	return db.setMeetingStatus(ctx, id, chamber.MeetingOpen)
}

// CloseMeeting ends the sitting; open motions and elections close with it.
func (db *DB) CloseMeeting(ctx context.Context, id chamber.ID) (*chamber.Meeting, error) {
	return db.setMeetingStatus(ctx, id, chamber.MeetingClosed)
}

func (db *DB) setMeetingStatus(ctx context.Context, id chamber.ID, status string) (*chamber.Meeting, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var out *chamber.Meeting
	err := db.Write(ctx, actor, func(tx *Tx) error {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, id))
		if err != nil {
			return notFound(err, "err.meeting_not_found")
		}
		if m.Status == status {
			out = m // opening an open sitting, or closing a closed one, changes nothing
			return nil
		}
		switch status {
		case chamber.MeetingOpen:
			if m.Status != chamber.MeetingScheduled {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_closed", Key: "err.meeting_closed"}
			}
			entitled, err := entitledCount(ctx, tx, m)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'open', opened_at = $1, entitled_at_open = $2 WHERE id = $3`,
				micros(tx.Now()), entitled, id); err != nil {
				return err
			}
		case chamber.MeetingClosed:
			if m.Status != chamber.MeetingOpen {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_not_open", Key: "err.meeting_not_open"}
			}
			motions, err := queryAll(ctx, tx, scanMotion, `SELECT `+motionColumns+` FROM motions WHERE meeting_id = $1 AND status = 'open'`, id)
			if err != nil {
				return err
			}
			for _, mo := range motions {
				if _, err := tx.closeMotion(mo.ID); err != nil {
					return err
				}
			}
			elections, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
				var e chamber.ID
				err := sc.Scan(&e)
				return e, err
			}, `SELECT id FROM elections WHERE meeting_id = $1 AND status = 'open'`, id)
			if err != nil {
				return err
			}
			for _, e := range elections {
				if _, err := tx.closeElection(e); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'closed', closed_at = $1 WHERE id = $2`, micros(tx.Now()), id); err != nil {
				return err
			}
		}
		if out, err = scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("meeting."+status, "meeting", id, m, out)
	})
	return out, err
}

// entitledOn lists who may sit in the meeting: every active member for the
// general assembly; for other bodies the members holding a seat or an
// officer position of the body on the meeting's date.
func entitledOn(ctx context.Context, q querier, m *chamber.Meeting) ([]chamber.TallyRow, error) {
	scan := func(sc interface{ Scan(...any) error }) (chamber.TallyRow, error) {
		var r chamber.TallyRow
		err := sc.Scan(&r.MemberID, &r.Name)
		return r, err
	}
	var kind string
	if err := q.QueryRowContext(ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
		return nil, err
	}
	if kind == chamber.BodyGeneralAssembly {
		return queryAll(ctx, q, scan, `SELECT id, name FROM members WHERE status = 'active' ORDER BY id`)
	}
	if kind == chamber.BodySecretariat {
		return staffRoll(ctx, q, m)
	}
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, q, scan, `SELECT DISTINCT p.member_id, mb.name FROM posts p JOIN members mb ON mb.id = p.member_id
		LEFT JOIN positions pos ON pos.id = p.position_id
		WHERE (p.body_id = $1 OR pos.body_id = $1) AND p.member_id IS NOT NULL
		AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2) ORDER BY p.member_id`, m.BodyID, date)
}

// entitledAmong returns which of ids may sit in the meeting, with names,
// without listing everyone.
func (tx *Tx) entitledAmong(m *chamber.Meeting, ids []chamber.ID) (map[chamber.ID]string, error) {
	return entitledAmong(tx.ctx, tx, m, ids)
}

func entitledAmong(ctx context.Context, q querier, m *chamber.Meeting, ids []chamber.ID) (map[chamber.ID]string, error) {
	out := map[chamber.ID]string{}
	var kind string
	if err := q.QueryRowContext(ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
		return nil, err
	}
	if kind == chamber.BodySecretariat {
		return staffRollAmong(ctx, q, m, ids)
	}
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		var name string
		var err error
		if kind == chamber.BodyGeneralAssembly {
			err = q.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1 AND status = 'active'`, id).Scan(&name)
		} else {
			err = q.QueryRowContext(ctx, `SELECT mb.name FROM posts p JOIN members mb ON mb.id = p.member_id
				LEFT JOIN positions pos ON pos.id = p.position_id
				WHERE (p.body_id = $1 OR pos.body_id = $1) AND p.member_id = $2
				AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3) LIMIT 1`, m.BodyID, id, date).Scan(&name)
		}
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

// entitledCount counts who may sit, for quorum before the roll is fixed.
func entitledCount(ctx context.Context, q querier, m *chamber.Meeting) (int64, error) {
	var kind string
	if err := q.QueryRowContext(ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
		return 0, err
	}
	var n int64
	if kind == chamber.BodyGeneralAssembly {
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE status = 'active'`).Scan(&n)
		return n, err
	}
	if kind == chamber.BodySecretariat {
		return staffRollCount(ctx, q, m)
	}
	date, err := dateIn(ctx, q, m.StartsAt)
	if err != nil {
		return 0, err
	}
	err = q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.member_id) FROM posts p LEFT JOIN positions pos ON pos.id = p.position_id
		WHERE (p.body_id = $1 OR pos.body_id = $1) AND p.member_id IS NOT NULL
		AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)`, m.BodyID, date).Scan(&n)
	return n, err
}

// AgendaMeeting returns the meeting an agenda item belongs to.
func (db *DB) AgendaMeeting(ctx context.Context, itemID chamber.ID) (chamber.ID, error) {
	id, _, err := db.agendaMeeting(ctx, itemID)
	return id, notFound(err, "err.not_found")
}

// agendaMeeting returns the meeting an agenda item belongs to and its status.
func (db *DB) agendaMeeting(ctx context.Context, itemID chamber.ID) (chamber.ID, string, error) {
	var meetingID chamber.ID
	var status string
	err := db.read.QueryRowContext(ctx, `SELECT a.meeting_id, m.status FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = $1`, itemID).
		Scan(&meetingID, &status)
	return meetingID, status, err
}

// MemberNames returns the names of the given members only, for a page that
// shows them (candidates, proxies, the one being checked in): no other field,
// and never the whole roster.
func (db *DB) MemberNames(ctx context.Context, ids []chamber.ID) (map[chamber.ID]string, error) {
	out := make(map[chamber.ID]string, len(ids))
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		ph := make([]string, len(part))
		for i, id := range part {
			args[i], ph[i] = id, "$"+strconv.Itoa(i+1)
		}
		rows, err := db.read.QueryContext(ctx, `SELECT id, name FROM members WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id chamber.ID
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Entitled lists who may sit in a meeting.
func (db *DB) Entitled(ctx context.Context, meetingID chamber.ID) ([]chamber.TallyRow, error) {
	m, err := db.findMeeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	return entitledOn(ctx, db.read, m)
}
