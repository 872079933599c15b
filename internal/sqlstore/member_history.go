package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/chamber-org/chamber"
)

// MemberHistory lists the member's file: its creation first, then every
// change with each field's value before and after, from the audit chain.
func (db *DB) MemberHistory(ctx context.Context, id chamber.ID) ([]chamber.HistoryEntry, error) {
	if !canSeeMember(chamber.ActorFrom(ctx), id) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	if _, err := db.findMember(ctx, db.read, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT at, actor, action, before, after FROM audit_log
		WHERE entity = 'member' AND entity_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []chamber.HistoryEntry{}
	for rows.Next() {
		var at int64
		var e chamber.HistoryEntry
		var before, after string
		if err := rows.Scan(&at, &e.Actor, &e.Action, &before, &after); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		if e.Changes, err = diffJSON(before, after); err != nil {
			return nil, fmt.Errorf("audit record of member %d: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// diffJSON compares two JSON objects field by field.
func diffJSON(before, after string) (map[string]chamber.FieldChange, error) {
	var b, a map[string]any
	if before != "" {
		if err := json.Unmarshal([]byte(before), &b); err != nil {
			return nil, err
		}
	}
	if after != "" {
		if err := json.Unmarshal([]byte(after), &a); err != nil {
			return nil, err
		}
	}
	out := map[string]chamber.FieldChange{}
	for k, v := range a {
		if historyIgnored[k] {
			continue
		}
		old, had := b[k]
		if !had && (v == "" || v == nil || v == false) {
			continue
		}
		if !reflect.DeepEqual(old, v) {
			out[k] = chamber.FieldChange{From: old, To: v}
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && !historyIgnored[k] && a != nil {
			out[k] = chamber.FieldChange{From: v, To: nil}
		}
	}
	return out, nil
}

// MemberStatusRecords lists a member's status decisions, oldest first.
func (db *DB) MemberStatusRecords(ctx context.Context, id chamber.ID) ([]*chamber.StatusRecord, error) {
	if !canSeeMember(chamber.ActorFrom(ctx), id) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, member_id, from_status, to_status, reason, decided_on, decision_ref, decided_by, at
		FROM member_status_log WHERE member_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.StatusRecord
	for rows.Next() {
		var r chamber.StatusRecord
		var at int64
		if err := rows.Scan(&r.ID, &r.MemberID, &r.From, &r.To, &r.Reason, &r.DecidedOn, &r.DecisionRef, &r.DecidedBy, &at); err != nil {
			return nil, err
		}
		r.At = fromMicros(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// Tiers lists the member tiers by rank.
func (db *DB) Tiers(ctx context.Context) ([]chamber.Tier, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, name_zh, name_en, rank FROM member_tiers ORDER BY rank, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.Tier
	for rows.Next() {
		var t chamber.Tier
		if err := rows.Scan(&t.Code, &t.NameZH, &t.NameEN, &t.Rank); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// VerifyCertificate finds a member by its certificate code; anyone may ask.
func (db *DB) VerifyCertificate(ctx context.Context, code string) (*chamber.Member, error) {
	if code == "" || len(code) > 64 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	m, err := scanMember(db.read.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.cert_code = $1`, code))
	return m, notFound(err, "err.member_not_found")
}

// Representatives lists a member's representatives.
func (db *DB) Representatives(ctx context.Context, memberID chamber.ID) ([]*chamber.Representative, error) {
	if !canSeeMember(chamber.ActorFrom(ctx), memberID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, member_id, name, title, phone, email FROM member_representatives WHERE member_id = $1 ORDER BY id`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.Representative
	for rows.Next() {
		var r chamber.Representative
		if err := rows.Scan(&r.ID, &r.MemberID, &r.Name, &r.Title, &r.Phone, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// AddRepresentative adds a representative to a member (member.write).
func (db *DB) AddRepresentative(ctx context.Context, memberID chamber.ID, r chamber.Representative) (*chamber.Representative, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.MemberID = memberID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if _, err := db.findMember(ctx, tx, memberID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO member_representatives(member_id, name, title, phone, email, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, memberID, r.Name, r.Title, r.Phone, r.Email, micros(tx.Now())).Scan(&r.ID); err != nil {
			return err
		}
		return tx.Audit("member.representative_add", "member", memberID, nil, map[string]any{"representative": r.Name, "title": r.Title})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RemoveRepresentative removes a representative (member.write).
func (db *DB) RemoveRepresentative(ctx context.Context, memberID, repID chamber.ID) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `DELETE FROM member_representatives WHERE id = $1 AND member_id = $2 RETURNING name`, repID, memberID).Scan(&name); err != nil {
			return notFound(err, "err.not_found")
		}
		return tx.Audit("member.representative_remove", "member", memberID, map[string]any{"representative": name}, nil)
	})
}
