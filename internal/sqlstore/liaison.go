package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// The member contact log (会员联系、考察): the 会员发展部 records visits and
// calls and lists the members nobody has contacted for months.

// LogLiaison records a contact by the calling staff member (member.write).
func (db *DB) LogLiaison(ctx context.Context, l chamber.Liaison) (*chamber.Liaison, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	var f chamber.Fields
	l.Summary = strings.TrimSpace(l.Summary)
	if !containsStr(chamber.LiaisonKinds, l.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	if !chamber.ValidDate(l.Date) {
		f.Add("date", "err.date")
	} else if l.Date > db.today(ctx) {
		f.Add("date", "err.date_future")
	}
	if l.Summary == "" {
		f.Add("summary", "err.required")
	} else if utf8.RuneCountInString(l.Summary) > 2000 {
		f.Add("summary", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := l
	out.UserID, out.By = actor.UserID, actor.Name
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, l.MemberID).Scan(&out.Member); err != nil {
			return notFound(err, "err.member_not_found")
		}
		out.CreatedAt = tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO member_liaison(member_id, date, kind, summary, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, l.MemberID, l.Date, l.Kind, l.Summary, actor.UserID, micros(out.CreatedAt)).Scan(&out.ID); err != nil {
			return err
		}
		return tx.Audit("member.liaison", "member", l.MemberID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func scanLiaison(sc interface{ Scan(...any) error }) (*chamber.Liaison, error) {
	var l chamber.Liaison
	var by sql.NullString
	var created int64
	err := sc.Scan(&l.ID, &l.MemberID, &l.Date, &l.Kind, &l.Summary, &l.UserID, &by, &created)
	l.By, l.CreatedAt = by.String, fromMicros(created)
	return &l, err
}

// MemberLiaison lists a member's contacts, latest first (member.read).
func (db *DB) MemberLiaison(ctx context.Context, memberID chamber.ID) ([]*chamber.Liaison, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanLiaison, `SELECT l.id, l.member_id, l.date, l.kind, l.summary, l.user_id, u.name, l.created_at
		FROM member_liaison l LEFT JOIN users u ON u.id = l.user_id WHERE l.member_id = $1 ORDER BY l.date DESC, l.id DESC LIMIT 200`, memberID)
}

// Unvisited lists active members last contacted before the date (never
// first, then the longest ago), by pages keyed on (last date, id).
func (db *DB) Unvisited(ctx context.Context, before string, p chamber.Page) ([]*chamber.Unvisited, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, "", err
	}
	if !chamber.ValidDate(before) {
		return nil, "", fieldErr("before", "err.date")
	}
	p = p.Normalize()
	args := []any{before}
	cond := ``
	if p.Cursor != "" {
		last, id, ok := strings.Cut(p.Cursor, "~")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || (last != "" && !chamber.ValidDate(last)) {
			return nil, "", chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
		args = append(args, last, n)
		cond = ` AND (COALESCE(l.last, '') > $2 OR (COALESCE(l.last, '') = $2 AND m.id > $3))`
	}
	args = append(args, p.Limit+1)
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.Unvisited, error) {
		var u chamber.Unvisited
		err := sc.Scan(&u.MemberID, &u.MemberNo, &u.Name, &u.Tier, &u.LastDate)
		return &u, err
	}, `SELECT m.id, m.member_no, m.name, m.tier, COALESCE(l.last, '') FROM members m
		LEFT JOIN (SELECT member_id, MAX(date) AS last FROM member_liaison GROUP BY member_id) l ON l.member_id = m.id
		WHERE m.status = 'active' AND COALESCE(l.last, '') < $1`+cond+`
		ORDER BY COALESCE(l.last, ''), m.id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > p.Limit {
		out = out[:p.Limit]
		last := out[len(out)-1]
		next = last.LastDate + "~" + strconv.FormatInt(last.MemberID, 10)
	}
	return out, next, nil
}

// liaisonWhere is the condition of a filter, with its arguments from $1.
func liaisonWhere(f chamber.LiaisonFilter) (string, []any, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var bad chamber.Fields
	if f.UserID < 0 {
		bad.Add("user_id", "err.invalid_value")
	} else if f.UserID != 0 {
		where = append(where, "l.user_id = "+arg(f.UserID))
	}
	if f.From != "" {
		if !chamber.ValidDate(f.From) {
			bad.Add("from", "err.date")
		}
		where = append(where, "l.date >= "+arg(f.From))
	}
	if f.To != "" {
		if !chamber.ValidDate(f.To) || (f.From != "" && f.To < f.From) {
			bad.Add("to", "err.date")
		}
		where = append(where, "l.date <= "+arg(f.To))
	}
	if err := bad.Err(); err != nil {
		return "", nil, err
	}
	if len(where) == 0 {
		return "", args, nil
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// LiaisonLog lists contacts latest first, by pages keyed on (date, id).
func (db *DB) LiaisonLog(ctx context.Context, f chamber.LiaisonFilter, p chamber.Page) ([]*chamber.Liaison, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, "", err
	}
	where, args, err := liaisonWhere(f)
	if err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	if p.Cursor != "" {
		date, id, ok := strings.Cut(p.Cursor, "~")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || !chamber.ValidDate(date) {
			return nil, "", chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
		args = append(args, date, n)
		cond := "(l.date < $" + strconv.Itoa(len(args)-1) + " OR (l.date = $" + strconv.Itoa(len(args)-1) + " AND l.id < $" + strconv.Itoa(len(args)) + "))"
		if where == "" {
			where = " WHERE " + cond
		} else {
			where += " AND " + cond
		}
	}
	args = append(args, p.Limit+1)
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.Liaison, error) {
		var l chamber.Liaison
		var by sql.NullString
		var created int64
		err := sc.Scan(&l.ID, &l.MemberID, &l.Member, &l.Date, &l.Kind, &l.Summary, &l.UserID, &by, &created)
		l.By, l.CreatedAt = by.String, fromMicros(created)
		return &l, err
	}, `SELECT l.id, l.member_id, m.name, l.date, l.kind, l.summary, l.user_id, u.name, l.created_at
		FROM member_liaison l JOIN members m ON m.id = l.member_id LEFT JOIN users u ON u.id = l.user_id`+where+`
		ORDER BY l.date DESC, l.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > p.Limit {
		out = out[:p.Limit]
		last := out[len(out)-1]
		next = last.Date + "~" + strconv.FormatInt(last.ID, 10)
	}
	if out == nil {
		out = []*chamber.Liaison{}
	}
	return out, next, nil
}

// LiaisonByStaff counts each staff member's contacts from–to, most first.
func (db *DB) LiaisonByStaff(ctx context.Context, from, to string) ([]chamber.LiaisonStaff, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, err
	}
	where, args, err := liaisonWhere(chamber.LiaisonFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.LiaisonStaff, error) {
		var s chamber.LiaisonStaff
		var name sql.NullString
		err := sc.Scan(&s.UserID, &name, &s.Contacts, &s.Members, &s.LastDate)
		s.Name = name.String
		return s, err
	}, `SELECT l.user_id, MAX(u.name), COUNT(*), COUNT(DISTINCT l.member_id), MAX(l.date)
		FROM member_liaison l LEFT JOIN users u ON u.id = l.user_id`+where+`
		GROUP BY l.user_id ORDER BY COUNT(*) DESC, l.user_id LIMIT 200`, args...)
	if out == nil && err == nil {
		out = []chamber.LiaisonStaff{}
	}
	return out, err
}
