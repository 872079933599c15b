package sqlstore

import (
	"context"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// maxCheckInMatches bounds the answer: more than this many is "type more".
const maxCheckInMatches = 8

// MatchEntitled finds the members entitled to sit in a meeting whom a
// typed text names: a member number, a name or part of one (two
// characters), its pinyin or its initials (meeting.manage). Exact name or
// number matches come first; at most maxCheckInMatches+1 are returned.
func (db *DB) MatchEntitled(ctx context.Context, meetingID chamber.ID, text string) ([]chamber.CheckInMatch, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	terms := search.Query(text)
	if len(terms) == 0 {
		return nil, nil
	}
	m, err := db.findMeeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	// A secretariat meeting's roll is logins: by name or username.
	var kind string
	if err := db.read.QueryRowContext(ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
		return nil, err
	}
	if kind == chamber.BodySecretariat {
		return db.matchStaff(ctx, m, text)
	}
	// The token index gives candidates; the roll filters them. A name
	// shared by more than a few hundred members is told apart by number.
	q := `SELECT m.id, m.member_no, m.name FROM member_search s CROSS JOIN members m
		WHERE member_search MATCH $1 AND m.id = s.rowid AND m.status = 'active' ORDER BY s.rowid DESC LIMIT 400`
	arg := search.FTS5(terms)
	if db.Dialect == Postgres {
		q = `SELECT m.id, m.member_no, m.name FROM member_search s JOIN members m ON m.id = s.member_id
			WHERE s.tokens @@ $1::tsquery AND m.status = 'active' ORDER BY m.id DESC LIMIT 400`
		arg = search.TSQuery(terms)
	}
	found, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.CheckInMatch, error) {
		var c chamber.CheckInMatch
		err := sc.Scan(&c.MemberID, &c.MemberNo, &c.Name)
		return c, err
	}, q, arg)
	if err != nil {
		return nil, err
	}
	ids := make([]chamber.ID, len(found))
	for i, c := range found {
		ids[i] = c.MemberID
	}
	entitled, err := entitledAmong(ctx, db.read, m, ids)
	if err != nil {
		return nil, err
	}
	var exact, other []chamber.CheckInMatch
	for _, c := range found {
		if _, ok := entitled[c.MemberID]; !ok {
			continue
		}
		if c.Name == text || c.MemberNo == text {
			exact = append(exact, c)
		} else {
			other = append(other, c)
		}
	}
	out := append(exact, other...)
	if len(out) > maxCheckInMatches+1 {
		out = out[:maxCheckInMatches+1]
	}
	return out, nil
}

// proxyHolder resolves who a member's "proxy" reply names: a member
// number or the name of one entitled member other than itself.
func (tx *Tx) proxyHolder(m *chamber.Meeting, memberID chamber.ID, text string) (chamber.ID, string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, "", fieldErr("proxy_holder", "err.proxy_holder_required")
	}
	ids, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT id FROM members WHERE (member_no = $1 OR name = $1) AND status = 'active' ORDER BY id LIMIT 20`, text)
	if err != nil {
		return 0, "", err
	}
	entitled, err := tx.entitledAmong(m, ids)
	if err != nil {
		return 0, "", err
	}
	delete(entitled, memberID)
	switch len(entitled) {
	case 0:
		return 0, "", fieldErr("proxy_holder", "err.proxy_holder_unknown", text)
	case 1:
		for id, name := range entitled {
			return id, name, nil
		}
	}
	return 0, "", fieldErr("proxy_holder", "err.proxy_holder_ambiguous", text)
}

// matchStaff finds logins on a staff meeting's roll by name (or part of
// it) or username; MemberNo carries the username.
func (db *DB) matchStaff(ctx context.Context, m *chamber.Meeting, text string) ([]chamber.CheckInMatch, error) {
	found, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.CheckInMatch, error) {
		var c chamber.CheckInMatch
		err := sc.Scan(&c.MemberID, &c.MemberNo, &c.Name)
		return c, err
	}, `SELECT id, username, name FROM users WHERE disabled = FALSE AND (name LIKE $1 OR username = $2) ORDER BY id LIMIT 200`,
		"%"+strings.NewReplacer("%", "", "_", "").Replace(text)+"%", strings.ToLower(text))
	if err != nil {
		return nil, err
	}
	ids := make([]chamber.ID, len(found))
	for i, c := range found {
		ids[i] = c.MemberID
	}
	roll, err := staffRollAmong(ctx, db.read, m, ids)
	if err != nil {
		return nil, err
	}
	var out []chamber.CheckInMatch
	for _, c := range found {
		if _, ok := roll[c.MemberID]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}
