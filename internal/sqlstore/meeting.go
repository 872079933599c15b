package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// ---- the charter

func scanCharter(sc interface{ Scan(...any) error }) (*chamber.Charter, error) {
	var c chamber.Charter
	var rules string
	var filed, submitted sql.NullString
	var motion sql.NullInt64
	var created int64
	if err := sc.Scan(&c.ID, &c.Version, &c.EffectiveOn, &rules, &c.Note, &submitted, &filed, &c.FilingNo, &motion, &created); err != nil {
		return nil, err
	}
	c.FiledOn, c.SubmittedOn, c.MotionID = filed.String, submitted.String, motion.Int64
	c.Pending = c.EffectiveOn >= pendingDate
	if err := json.Unmarshal([]byte(rules), &c.Rules); err != nil {
		return nil, err
	}
	return &c, nil
}

const charterColumns = `id, version, effective_on, rules, note, submitted_on, filed_on, filing_no, motion_id, created_at`

// pendingDate is the effective date of a charter version not in force yet
// (waiting for its filing).
const pendingDate = "9999-12-31"

// CurrentCharter is the charter version in force on date.
func (db *DB) CurrentCharter(ctx context.Context, date string) (*chamber.Charter, error) {
	return db.charterOn(ctx, db.read, date)
}

func (db *DB) charterOn(ctx context.Context, q querier, date string) (*chamber.Charter, error) {
	c, err := scanCharter(q.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters WHERE effective_on <= $1
		ORDER BY effective_on DESC, version DESC LIMIT 1`, date))
	if errors.Is(err, sql.ErrNoRows) {
		// Before the first version took effect: the earliest one.
		c, err = scanCharter(q.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters ORDER BY version LIMIT 1`))
	}
	return c, notFound(err, "err.not_found")
}

// ListCharters lists every version, newest first.
func (db *DB) ListCharters(ctx context.Context) ([]*chamber.Charter, error) {
	return queryAll(ctx, db.read, scanCharter, `SELECT `+charterColumns+` FROM charters ORDER BY version DESC`)
}

// CreateCharter records a new charter version (an administrator's edit, or
// a passed charter amendment).
func (db *DB) CreateCharter(ctx context.Context, c chamber.Charter) (*chamber.Charter, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if _, ok := chamber.ParseDate(c.EffectiveOn); !ok {
		f.Add("effective_on", "err.date")
	}
	if len(c.Rules) == 0 {
		f.Add("rules", "err.required")
	}
	for kind, r := range c.Rules {
		if !containsStr(chamber.BodyKinds, kind) {
			f.Add("rules."+kind, "err.invalid_value")
			continue
		}
		r.Validate("rules."+kind, &f)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Charter
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.insertCharter(c)
		if err != nil {
			return err
		}
		return tx.Audit("charter.create", "charter", out.ID, nil, out)
	})
	return out, err
}

func (tx *Tx) insertCharter(c chamber.Charter) (*chamber.Charter, error) {
	rules, err := json.Marshal(c.Rules)
	if err != nil {
		return nil, err
	}
	var version int
	if err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM charters`).Scan(&version); err != nil {
		return nil, err
	}
	return scanCharter(tx.QueryRowContext(tx.ctx, `INSERT INTO charters(version, effective_on, rules, note, filed_on, filing_no, motion_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+charterColumns,
		version, c.EffectiveOn, string(rules), c.Note, nullStr(c.FiledOn), c.FilingNo, nullID(c.MotionID), micros(tx.Now())))
}

// seedCharter records the model charter once.
func (tx *Tx) seedCharter() error {
	if _, done, err := tx.setting("seed.charter"); err != nil || done {
		return err
	}
	c, err := tx.insertCharter(chamber.Charter{EffectiveOn: "2000-01-01", Rules: chamber.DefaultCharter(), Note: "示范章程（默认）"})
	if err != nil {
		return err
	}
	if err := tx.setSetting("seed.charter", "1"); err != nil {
		return err
	}
	return tx.Audit("charter.create", "charter", c.ID, nil, c)
}

func containsStr(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

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

// ---- check-in

// CheckIn records a member's attendance with the proxies it holds and
// returns the voting credential (shown once; only its hash is kept). Staff
// with meeting.manage check anyone in; a member's portal login checks
// itself in.
func (db *DB) CheckIn(ctx context.Context, meetingID, memberID chamber.ID, proxyFor []chamber.ID) (*chamber.CheckIn, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if !actor.Can(chamber.PermMeetingManage) && !db.staffSelfCheckIn(ctx, actor, meetingID, memberID) {
		if !actor.Can(chamber.PermPortal) || actor.MemberID == 0 || actor.MemberID != memberID {
			return nil, &chamber.Error{Code: chamber.EFORBIDDEN, Key: "err.forbidden", Args: []any{string(chamber.PermMeetingManage)}}
		}
	}
	if memberID <= 0 {
		return nil, fieldErr("member_id", "err.required")
	}
	secret, hash := newSecret("vote_")
	var out *chamber.CheckIn
	err := db.Write(ctx, actor, func(tx *Tx) error {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, meetingID))
		if err != nil {
			return notFound(err, "err.meeting_not_found")
		}
		if m.Status != chamber.MeetingOpen {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_not_open", Key: "err.meeting_not_open"}
		}
		names, err := tx.entitledAmong(m, append([]chamber.ID{memberID}, proxyFor...))
		if err != nil {
			return err
		}
		if _, ok := names[memberID]; !ok {
			return &chamber.Error{Code: chamber.EINVALID, Reason: "not_entitled", Key: "err.not_entitled",
				Fields: []chamber.FieldError{{Field: "member_id", Key: "err.not_entitled"}}}
		}
		charter, err := scanCharter(tx.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters WHERE version = $1`, m.CharterVersion))
		if err != nil {
			return err
		}
		var kind string
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
			return err
		}
		limit := charter.Rules[kind].ProxyLimit
		seen := map[chamber.ID]bool{memberID: true}
		for _, p := range proxyFor {
			if seen[p] {
				return &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields",
					Fields: []chamber.FieldError{{Field: "proxy_for", Key: "err.proxy_duplicate"}}}
			}
			seen[p] = true
			if _, ok := names[p]; !ok {
				return &chamber.Error{Code: chamber.EINVALID, Reason: "not_entitled", Key: "err.not_entitled",
					Fields: []chamber.FieldError{{Field: "proxy_for", Key: "err.not_entitled"}}}
			}
		}
		if len(proxyFor) > limit {
			return &chamber.Error{Code: chamber.EINVALID, Reason: "proxy_limit", Key: "err.proxy_limit", Args: []any{limit},
				Fields: []chamber.FieldError{{Field: "proxy_for", Key: "err.proxy_limit", Args: []any{limit}}}}
		}
		// Each member is represented once: in person or by one proxy.
		for id := range seen {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM represented WHERE meeting_id = $1 AND member_id = $2`, meetingID, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_represented", Key: "err.already_represented", Args: []any{names[id]}}
			}
		}
		weight := int64(1 + len(proxyFor))
		out = &chamber.CheckIn{MeetingID: meetingID, MemberID: memberID, MemberName: names[memberID], ProxyFor: proxyFor, Weight: weight,
			Credential: secret, CreatedAt: tx.Now()}
		if out.ProxyFor == nil {
			out.ProxyFor = []chamber.ID{}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO check_ins(meeting_id, member_id, weight, credential_hash, login_hash, credential_sealed, created_at)
			VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id`, meetingID, memberID, weight, hash, db.sealCredential(meetingID, memberID, secret),
			micros(tx.Now())).Scan(&out.ID); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_represented", Key: "err.already_represented", Args: []any{names[memberID]}}
			}
			return err
		}
		for id := range seen {
			if _, err := tx.ExecContext(ctx, `INSERT INTO represented(meeting_id, member_id, check_in_id) VALUES ($1, $2, $3)`, meetingID, id, out.ID); err != nil {
				if isUniqueViolation(err) {
					return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_represented", Key: "err.already_represented", Args: []any{names[id]}}
				}
				return err
			}
		}
		audited := *out
		audited.Credential = ""
		return tx.Audit("meeting.check_in", "meeting", meetingID, nil, audited)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListCheckIns lists a meeting's check-ins with the proxies they hold.
func (db *DB) ListCheckIns(ctx context.Context, meetingID chamber.ID) ([]*chamber.CheckIn, error) {
	return db.checkIns(ctx, meetingID, 0)
}

// RecentCheckIns lists the latest n check-ins, newest first, for a page that
// must not list a whole assembly.
func (db *DB) RecentCheckIns(ctx context.Context, meetingID chamber.ID, n int) ([]*chamber.CheckIn, error) {
	return db.checkIns(ctx, meetingID, max(n, 1))
}

// checkIns lists a meeting's check-ins with their proxies: all in order
// (limit 0) or the latest limit, newest first.
func (db *DB) checkIns(ctx context.Context, meetingID chamber.ID, limit int) ([]*chamber.CheckIn, error) {
	order := ` ORDER BY c.id`
	if limit > 0 {
		order = ` ORDER BY c.id DESC LIMIT ` + strconv.Itoa(limit)
	}
	list, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.CheckIn, error) {
		var c chamber.CheckIn
		var created int64
		var name sql.NullString
		err := sc.Scan(&c.ID, &c.MeetingID, &c.MemberID, &name, &c.Weight, &created)
		c.MemberName, c.CreatedAt, c.ProxyFor = name.String, fromMicros(created), []chamber.ID{}
		return &c, err
	}, `SELECT c.id, c.meeting_id, c.member_id, mb.name, c.weight, c.created_at FROM check_ins c LEFT JOIN `+db.rollTable(ctx, meetingID)+` mb ON mb.id = c.member_id
		WHERE c.meeting_id = $1`+order, meetingID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return list, nil
	}
	byID := map[chamber.ID]*chamber.CheckIn{}
	for _, c := range list {
		byID[c.ID] = c
	}
	from := list[0].ID // the oldest listed: only their proxies are read
	for _, c := range list {
		from = min(from, c.ID)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT check_in_id, member_id FROM represented WHERE meeting_id = $1 AND check_in_id >= $2 ORDER BY member_id`, meetingID, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, mid chamber.ID
		if err := rows.Scan(&cid, &mid); err != nil {
			return nil, err
		}
		if c := byID[cid]; c != nil && mid != c.MemberID {
			c.ProxyFor = append(c.ProxyFor, mid)
		}
	}
	return list, rows.Err()
}

// Quorum is API.md's quorum: entitled, present (people), represented
// (with proxies), required and quorate.
func (db *DB) Quorum(ctx context.Context, meetingID chamber.ID) (*chamber.Quorum, error) {
	return quorumOf(ctx, db.read, meetingID)
}

func quorumOf(ctx context.Context, q querier, meetingID chamber.ID) (*chamber.Quorum, error) {
	var m chamber.Meeting
	var kind string
	var entitledAtOpen sql.NullInt64
	var starts int64
	if err := q.QueryRowContext(ctx, `SELECT m.id, m.body_id, b.kind, m.starts_at, m.charter_version, m.entitled_at_open, m.department_id
		FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = $1`, meetingID).
		Scan(&m.ID, &m.BodyID, &kind, &starts, &m.CharterVersion, &entitledAtOpen, &m.DepartmentID); err != nil {
		return nil, notFound(err, "err.meeting_not_found")
	}
	m.StartsAt = fromMicros(starts)
	var qu chamber.Quorum
	if entitledAtOpen.Valid {
		qu.Entitled = entitledAtOpen.Int64
	} else {
		n, err := entitledCount(ctx, q, &m)
		if err != nil {
			return nil, err
		}
		qu.Entitled = n
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(weight), 0) FROM check_ins WHERE meeting_id = $1`, meetingID).
		Scan(&qu.Present, &qu.Represented); err != nil {
		return nil, err
	}
	c, err := scanCharter(q.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters WHERE version = $1`, m.CharterVersion))
	if err != nil {
		return nil, err
	}
	r := c.Rules[kind]
	qu.Required = chamber.QuorumRequired(qu.Entitled, r.QuorumNum, r.QuorumDen)
	qu.Quorate = qu.Entitled > 0 && qu.Represented >= qu.Required
	return &qu, nil
}

// MeetingForVoter returns the meeting a voting credential was issued for, to
// the holder of that credential (no login needed); anything else is "not
// found", so the voting page shows nothing of a meeting without one.
func (db *DB) MeetingForVoter(ctx context.Context, meetingID chamber.ID, credential string) (*chamber.Meeting, error) {
	if credential == "" || len(credential) > 200 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM check_ins WHERE meeting_id = $1 AND login_hash = $2`,
		meetingID, hashSecret(credential)).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
	}
	return db.findMeeting(ctx, meetingID)
}
