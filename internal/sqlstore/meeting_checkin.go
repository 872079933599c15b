package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/chamber-org/chamber"
)

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
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET checked_in = checked_in + 1, checked_in_weight = checked_in_weight + $1 WHERE id = $2`,
			weight, meetingID); err != nil {
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
	// The member number (a login's username on a staff meeting) tells
	// namesakes apart on the list.
	roll, numberCol := db.rollTable(ctx, meetingID), "mb.member_no"
	if roll == "users" {
		numberCol = "mb.username"
	}
	list, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.CheckIn, error) {
		var c chamber.CheckIn
		var created int64
		var name, no sql.NullString
		err := sc.Scan(&c.ID, &c.MeetingID, &c.MemberID, &name, &no, &c.Weight, &created)
		c.MemberName, c.MemberNo, c.CreatedAt, c.ProxyFor = name.String, no.String, fromMicros(created), []chamber.ID{}
		return &c, err
	}, `SELECT c.id, c.meeting_id, c.member_id, mb.name, `+numberCol+`, c.weight, c.created_at FROM check_ins c LEFT JOIN `+roll+` mb ON mb.id = c.member_id
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
	var qu chamber.Quorum
	if err := q.QueryRowContext(ctx, `SELECT m.id, m.body_id, b.kind, m.starts_at, m.charter_version, m.entitled_at_open, m.department_id,
		m.checked_in, m.checked_in_weight FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = $1`, meetingID).
		Scan(&m.ID, &m.BodyID, &kind, &starts, &m.CharterVersion, &entitledAtOpen, &m.DepartmentID, &qu.Present, &qu.Represented); err != nil {
		return nil, notFound(err, "err.meeting_not_found")
	}
	m.StartsAt = fromMicros(starts)
	if entitledAtOpen.Valid {
		qu.Entitled = entitledAtOpen.Int64
	} else {
		n, err := entitledCount(ctx, q, &m)
		if err != nil {
			return nil, err
		}
		qu.Entitled = n
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
