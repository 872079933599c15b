package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

const memberColumns = `m.id, m.member_no, m.kind, m.name, m.tier, m.industry, m.region, m.credit_code, m.legal_rep, m.address,
	m.size, m.website, m.company, m.contact_name, m.phone, m.email, m.joined_on, m.status, m.lapsed, m.tags,
	m.public_listing, m.cert_code, m.created_at, m.updated_at`

var memberColumnsBare = strings.ReplaceAll(memberColumns, "m.", "")

func scanMember(sc interface{ Scan(...any) error }) (*chamber.Member, error) {
	var m chamber.Member
	var credit sql.NullString
	var tags string
	var created, updated int64
	if err := sc.Scan(&m.ID, &m.MemberNo, &m.Kind, &m.Name, &m.Tier, &m.Industry, &m.Region, &credit, &m.LegalRep, &m.Address,
		&m.Size, &m.Website, &m.Company, &m.ContactName, &m.Phone, &m.Email, &m.JoinedOn, &m.Status, &m.Lapsed, &tags,
		&m.PublicList, &m.CertCode, &created, &updated); err != nil {
		return nil, err
	}
	m.CreditCode = credit.String
	m.Tags = []string{}
	if tags != "" {
		if err := json.Unmarshal([]byte(tags), &m.Tags); err != nil {
			return nil, fmt.Errorf("member %d tags: %w", m.ID, err)
		}
	}
	m.CreatedAt, m.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &m, nil
}

func tagsJSON(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// newCertCode is the random code a certificate's QR code carries.
func newCertCode() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// memberTokens are what search finds a member by.
func memberTokens(m *chamber.Member) string {
	return strings.Join(search.Tokens(m.Name, m.Company, m.ContactName, m.CreditCode, m.MemberNo), " ")
}

// querier is a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// tierCodes maps every accepted spelling of a tier (code, Chinese and
// English name) to its code.
func tierCodes(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, name_zh, name_en FROM member_tiers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, zh, en string
		if err := rows.Scan(&code, &zh, &en); err != nil {
			return nil, err
		}
		out[code], out[zh], out[strings.ToLower(en)] = code, code, code
	}
	return out, rows.Err()
}

// resolveTier sets in.Tier to a tier code, or records a field error.
func resolveTier(codes map[string]string, in *chamber.MemberInput, f *chamber.Fields) {
	if in.Tier == "" {
		in.Tier = chamber.DefaultTier
		return
	}
	if c, ok := codes[in.Tier]; ok {
		in.Tier = c
		return
	}
	if c, ok := codes[strings.ToLower(in.Tier)]; ok {
		in.Tier = c
		return
	}
	f.Add("tier", "err.member_tier")
}

// checkMember normalises and validates a member form, tier included.
func checkMember(ctx context.Context, q querier, in *chamber.MemberInput) error {
	in.Normalize()
	var f chamber.Fields
	if err := in.Validate(); err != nil {
		var e *chamber.Error
		if !errors.As(err, &e) {
			return err
		}
		f = e.Fields
	}
	codes, err := tierCodes(ctx, q)
	if err != nil {
		return err
	}
	if !f.Has("tier") {
		resolveTier(codes, in, &f)
	}
	return f.Err()
}

func duplicateCreditCode() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate_credit_code", Key: "err.credit_code_taken",
		Fields: []chamber.FieldError{{Field: "credit_code", Key: "err.credit_code_taken"}}}
}

// nextMemberNos reserves n member numbers and returns the first.
func (tx *Tx) nextMemberNos(n int) (int64, error) {
	var last int64
	if err := tx.QueryRowContext(tx.ctx, `UPDATE member_counters SET value = value + $1 WHERE name = 'member_no' RETURNING value`, n).Scan(&last); err != nil {
		return 0, err
	}
	return last - int64(n) + 1, nil
}

func formatMemberNo(year int, n int64) string { return fmt.Sprintf("%d%05d", year, n) }

// insertMember writes a new member with its tags and search tokens.
func (tx *Tx) insertMember(in *chamber.MemberInput, memberNo string, status chamber.MemberStatus) (*chamber.Member, error) {
	ctx := tx.ctx
	now := micros(tx.Now())
	row := tx.QueryRowContext(ctx, `INSERT INTO members (member_no, kind, name, tier, industry, region, credit_code, legal_rep, address,
		size, website, company, contact_name, phone, email, joined_on, status, lapsed, tags, public_listing, cert_code, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, FALSE, $18, $19, $20, $21, $21)
		RETURNING `+memberColumnsBare,
		memberNo, in.Kind, in.Name, in.Tier, in.Industry, in.Region, nullString(in.CreditCode), in.LegalRep, in.Address,
		in.Size, in.Website, in.Company, in.ContactName, in.Phone, in.Email, in.JoinedOn, status, tagsJSON(in.Tags), in.PublicList,
		newCertCode(), now)
	m, err := scanMember(row)
	if err != nil {
		if isUniqueViolation(err) && strings.Contains(err.Error(), "credit_code") {
			return nil, duplicateCreditCode()
		}
		return nil, err
	}
	if err := tx.writeMemberIndex(m, false); err != nil {
		return nil, err
	}
	return m, nil
}

// writeMemberIndex writes the member's tags and search tokens.
func (tx *Tx) writeMemberIndex(m *chamber.Member, replace bool) error {
	ctx := tx.ctx
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM member_tags WHERE member_id = $1`, m.ID); err != nil {
			return err
		}
	}
	for _, t := range m.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO member_tags(member_id, tag) VALUES ($1, $2)`, m.ID, t); err != nil {
			return err
		}
	}
	tokens := memberTokens(m)
	if tx.db.Dialect == Postgres {
		_, err := tx.ExecContext(ctx, `INSERT INTO member_search(member_id, tokens) VALUES ($1, array_to_tsvector(string_to_array($2, ' ')))
			ON CONFLICT (member_id) DO UPDATE SET tokens = excluded.tokens`, m.ID, tokens)
		return err
	}
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM member_search WHERE rowid = $1`, m.ID); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO member_search(rowid, tokens) VALUES ($1, $2)`, m.ID, tokens)
	return err
}

// CreateMember registers a member directly (member.write): it is admitted
// at once, with the next member number.
func (db *DB) CreateMember(ctx context.Context, in chamber.MemberInput) (*chamber.Member, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	if err := checkMember(ctx, db.read, &in); err != nil {
		return nil, err
	}
	var m *chamber.Member
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		m, err = tx.admit(&in)
		return err
	})
	return m, err
}

// admit creates an active member with the next number; joined_on defaults to today.
func (tx *Tx) admit(in *chamber.MemberInput) (*chamber.Member, error) {
	loc, err := tx.location()
	if err != nil {
		return nil, err
	}
	today := tx.Now().In(loc)
	if in.JoinedOn == "" {
		in.JoinedOn = today.Format("2006-01-02")
	}
	n, err := tx.nextMemberNos(1)
	if err != nil {
		return nil, err
	}
	m, err := tx.insertMember(in, formatMemberNo(today.Year(), n), chamber.StatusActive)
	if err != nil {
		return nil, err
	}
	return m, tx.Audit("member.create", "member", m.ID, nil, m)
}

// location is the chamber's time zone.
func (tx *Tx) location() (*time.Location, error) { return zoneOf(tx.ctx, tx) }

// FindMember returns a member to staff with member.read, or to the
// member's own portal login.
func (db *DB) FindMember(ctx context.Context, id chamber.ID) (*chamber.Member, error) {
	if !canSeeMember(chamber.ActorFrom(ctx), id) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	return db.findMember(ctx, db.read, id)
}

func canSeeMember(a *chamber.Actor, id chamber.ID) bool {
	return a.Can(chamber.PermMemberRead) || (a != nil && a.MemberID == id && id != 0 && a.Can(chamber.PermPortal))
}

func (db *DB) findMember(ctx context.Context, q querier, id chamber.ID) (*chamber.Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.id = $1`, id))
	return m, notFound(err, "err.member_not_found")
}

// nameCursor is the cursor of a list sorted by name: the last name and id.
func nameCursor(name string, id chamber.ID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + strconv.FormatInt(id, 10)))
}

func parseNameCursor(c string) (string, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if name, id, ok := strings.Cut(string(b), "\x00"); ok {
			if v, err := strconv.ParseInt(id, 10, 64); err == nil && v > 0 {
				return name, v, nil
			}
		}
	}
	return "", 0, chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
}

// ListMembers lists and searches members. Search goes through the token
// index (FTS5 or GIN), newest first; without a search text the list is
// newest first or by name. Pages are keyset cursors: no OFFSET, no COUNT.
func (db *DB) ListMembers(ctx context.Context, f chamber.MemberFilter, p chamber.Page) ([]*chamber.Member, string, error) {
	a := chamber.ActorFrom(ctx)
	switch {
	case f.PublicOnly:
	case f.Directory && a.Can(chamber.PermPortal):
	default:
		if err := a.Require(chamber.PermMemberRead); err != nil {
			return nil, "", err
		}
	}
	if f.Directory || f.PublicOnly {
		f.Status = chamber.StatusActive
	}
	p = p.Normalize()
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var where []string
	from := `members m`
	order := `m.id DESC`
	byName := f.Sort == "name" && strings.TrimSpace(f.Q) == ""
	if q := strings.TrimSpace(f.Q); q != "" {
		terms := search.Query(q)
		if len(terms) == 0 {
			return nil, "", nil
		}
		if db.Dialect == Postgres {
			from = `member_search s JOIN members m ON m.id = s.member_id`
			where = append(where, `s.tokens @@ `+arg(search.TSQuery(terms))+`::tsquery`)
		} else {
			// CROSS JOIN keeps the index outermost: it yields ids newest
			// first and the LIMIT stops it early.
			from = `member_search s CROSS JOIN members m`
			where = append(where, `member_search MATCH `+arg(search.FTS5(terms)), `m.id = s.rowid`)
			order = `s.rowid DESC`
		}
	}
	if f.Status != "" {
		where = append(where, `m.status = `+arg(string(f.Status)))
	}
	if f.Tier != "" {
		// A tier may be named by its code or its name (理事单位).
		codes, err := tierCodes(ctx, db.read)
		if err != nil {
			return nil, "", err
		}
		if c, ok := codes[f.Tier]; ok {
			f.Tier = c
		}
		where = append(where, `m.tier = `+arg(f.Tier))
	}
	if f.Industry != "" {
		where = append(where, `m.industry = `+arg(f.Industry))
	}
	if f.Region != "" {
		where = append(where, `m.region = `+arg(f.Region))
	}
	if f.Tag != "" {
		where = append(where, `EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag = `+arg(f.Tag)+`)`)
	}
	if f.PublicOnly {
		where = append(where, `m.public_listing = TRUE AND m.status = 'active'`)
	}
	if p.Cursor != "" {
		if byName {
			name, id, err := parseNameCursor(p.Cursor)
			if err != nil {
				return nil, "", err
			}
			where = append(where, `(m.name > `+arg(name)+` OR (m.name = `+arg(name)+` AND m.id > `+arg(id)+`))`)
		} else {
			id, err := idCursor(p.Cursor)
			if err != nil {
				return nil, "", err
			}
			col := "m.id"
			if strings.HasPrefix(order, "s.rowid") {
				col = "s.rowid"
			}
			where = append(where, col+` < `+arg(id))
		}
	}
	if byName {
		order = `m.name, m.id`
	}
	q := `SELECT ` + memberColumns + ` FROM ` + from
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY ` + order + ` LIMIT ` + arg(p.Limit+1)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > p.Limit {
		out = out[:p.Limit]
		last := out[len(out)-1]
		if byName {
			next = nameCursor(last.Name, last.ID)
		} else {
			next = strconv.FormatInt(last.ID, 10)
		}
	}
	return out, next, nil
}

// UpdateMember changes a member (member.write); the change is kept in its history.
func (db *DB) UpdateMember(ctx context.Context, id chamber.ID, p chamber.MemberPatch) (*chamber.Member, error) {
	return writeAs(ctx, db, chamber.PermMemberWrite, func(tx *Tx) (*chamber.Member, error) { return tx.updateMember(id, p, "member.update") })
}

func (tx *Tx) updateMember(id chamber.ID, p chamber.MemberPatch, action string) (*chamber.Member, error) {
	ctx := tx.ctx
	before, err := tx.db.findMember(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	in := p.Apply(before.Input())
	if err := checkMember(ctx, tx, &in); err != nil {
		return nil, err
	}
	after := *before
	after.Kind, after.Name, after.Tier, after.Industry, after.Region = in.Kind, in.Name, in.Tier, in.Industry, in.Region
	after.CreditCode, after.LegalRep, after.Address, after.Size, after.Website = in.CreditCode, in.LegalRep, in.Address, in.Size, in.Website
	after.Company, after.ContactName, after.Phone, after.Email, after.JoinedOn = in.Company, in.ContactName, in.Phone, in.Email, in.JoinedOn
	after.Tags, after.PublicList = in.Tags, in.PublicList
	if after.Tags == nil {
		after.Tags = []string{}
	}
	if reflect.DeepEqual(before, &after) {
		return before, nil
	}
	after.UpdatedAt = tx.Now()
	_, err = tx.ExecContext(ctx, `UPDATE members SET kind = $1, name = $2, tier = $3, industry = $4, region = $5, credit_code = $6,
		legal_rep = $7, address = $8, size = $9, website = $10, company = $11, contact_name = $12, phone = $13, email = $14,
		joined_on = $15, tags = $16, public_listing = $17, updated_at = $18 WHERE id = $19`,
		after.Kind, after.Name, after.Tier, after.Industry, after.Region, nullString(after.CreditCode),
		after.LegalRep, after.Address, after.Size, after.Website, after.Company, after.ContactName, after.Phone, after.Email,
		after.JoinedOn, tagsJSON(after.Tags), after.PublicList, micros(after.UpdatedAt), id)
	if err != nil {
		if isUniqueViolation(err) {
			return nil, duplicateCreditCode()
		}
		return nil, err
	}
	if err := tx.writeMemberIndex(&after, true); err != nil {
		return nil, err
	}
	return &after, tx.Audit(action, "member", id, before, &after)
}

// ChangeMemberStatus records a status decision: reason, date, who decided,
// and for expulsion the council decision.
func (db *DB) ChangeMemberStatus(ctx context.Context, id chamber.ID, c chamber.StatusChange) (*chamber.Member, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var m *chamber.Member
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := db.findMember(ctx, tx, id)
		if err != nil {
			return err
		}
		if !chamber.CanChangeStatus(before.Status, c.Status) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "wrong_state", Key: "err.member_status_change",
				Args: []any{string(before.Status), string(c.Status)}}
		}
		if c.DecidedOn == "" {
			loc, err := tx.location()
			if err != nil {
				return err
			}
			c.DecidedOn = tx.Now().In(loc).Format("2006-01-02")
		}
		var motion any
		if c.MotionID != 0 {
			motion = c.MotionID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO member_status_log(member_id, from_status, to_status, reason, decided_on, decision_ref, motion_id, decided_by, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, before.Status, c.Status, c.Reason, c.DecidedOn, c.DecisionRef, motion,
			actorName(actor), micros(tx.Now())); err != nil {
			return err
		}
		after := *before
		after.Status, after.UpdatedAt = c.Status, tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE members SET status = $1, updated_at = $2 WHERE id = $3`, c.Status, micros(after.UpdatedAt), id); err != nil {
			return err
		}
		m = &after
		return tx.Audit("member.status", "member", id, map[string]any{"status": before.Status},
			map[string]any{"status": c.Status, "reason": c.Reason, "decided_on": c.DecidedOn, "decision_ref": c.DecisionRef})
	})
	return m, err
}

func actorName(a *chamber.Actor) string {
	if a == nil {
		return "system"
	}
	if a.Name != "" {
		return a.Name
	}
	if a.Username != "" {
		return a.Username
	}
	return "system"
}

// SetMemberLapsed sets or clears the lapse flag (unpaid dues); it does not
// change the status.
func (db *DB) SetMemberLapsed(ctx context.Context, id chamber.ID, lapsed bool, reason string) (*chamber.Member, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	var m *chamber.Member
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := db.findMember(ctx, tx, id)
		if err != nil {
			return err
		}
		after := *before
		after.Lapsed, after.UpdatedAt = lapsed, tx.Now()
		m = &after
		if before.Lapsed == lapsed {
			m = before
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET lapsed = $1, updated_at = $2 WHERE id = $3`, lapsed, micros(after.UpdatedAt), id); err != nil {
			return err
		}
		return tx.Audit("member.lapse", "member", id, map[string]any{"lapsed": before.Lapsed}, map[string]any{"lapsed": lapsed, "reason": strings.TrimSpace(reason)})
	})
	return m, err
}

// historyIgnored are snapshot fields that are bookkeeping, not changes.
var historyIgnored = map[string]bool{"updated_at": true, "created_at": true, "id": true}
