package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Audit appends one record to the hash chain of tx. before and after are
// marshalled to JSON now (nil stays empty); the record is written when the
// transaction commits (flushAudit), with all the others of the transaction
// in one pass: the chain head is taken once per transaction, not once per
// record. On PostgreSQL that matters beyond round trips: every UPDATE of
// the head row inside one transaction adds a row version the next lookup
// must walk past, so a 100,000-row import taking the head per record was
// quadratic. Taking the head with an UPDATE serialises appends on
// PostgreSQL too; the row lock is held from the flush to commit.
func (tx *Tx) Audit(action, entity string, entityID chamber.ID, before, after any) error {
	rec := &chamber.AuditRecord{At: tx.now, Action: action, Entity: entity, EntityID: entityID}
	if a := tx.actor; a != nil {
		rec.ActorID = a.UserID
		rec.Actor = a.Username
	}
	if rec.Actor == "" {
		rec.Actor = "system"
	}
	var err error
	if rec.Before, err = marshalAudit(before); err != nil {
		return err
	}
	if rec.After, err = marshalAudit(after); err != nil {
		return err
	}
	tx.pending = append(tx.pending, rec)
	return nil
}

// auditChunk is how many records one INSERT carries (11 parameters each,
// well inside both databases' limits).
const auditChunk = 500

// flushAudit writes the transaction's pending records: the head moves once
// by their number, the hashes are chained here, the records go in with
// multi-row INSERTs and the head takes the last hash.
func (tx *Tx) flushAudit() error {
	recs := tx.pending
	tx.pending = nil
	if len(recs) == 0 {
		return nil
	}
	ctx := tx.ctx
	var last int64
	var prev string
	if r := tx.reserved; r != nil {
		// A statement of this transaction took the head already and moved
		// it by r.n (reserveAudit); it moves on by the rest.
		tx.reserved = nil
		last, prev = r.seq, r.hash
		switch extra := len(recs) - r.n; {
		case extra < 0:
			return fmt.Errorf("audit head: %d records reserved, %d to write", r.n, len(recs))
		case extra > 0:
			if err := tx.QueryRowContext(ctx, `UPDATE chain_heads SET seq = seq + $1 WHERE name = 'audit' RETURNING seq`, extra).Scan(&last); err != nil {
				return fmt.Errorf("audit head: %w", err)
			}
		}
	} else if err := tx.QueryRowContext(ctx, `UPDATE chain_heads SET seq = seq + $1 WHERE name = 'audit' RETURNING seq, hash`, len(recs)).
		Scan(&last, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	first := last - int64(len(recs)) + 1
	for i, rec := range recs {
		rec.Seq, rec.PrevHash = first+int64(i), prev
		rec.Hash = rec.ComputeHash()
		prev = rec.Hash
	}
	for start := 0; start < len(recs); start += auditChunk {
		chunk := recs[start:min(start+auditChunk, len(recs))]
		// On PostgreSQL the last chunk's INSERT also gives the head its
		// hash (a data-modifying WITH): one round trip fewer per write.
		lastChunk := tx.db.Dialect == Postgres && start+auditChunk >= len(recs)
		var q strings.Builder
		if lastChunk {
			q.WriteString(`WITH a AS (`)
		}
		q.WriteString(`INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash) VALUES `)
		args := make([]any, 0, 11*len(chunk)+1)
		for i, rec := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tx.placeholders(len(args), 11))
			args = append(args, rec.Seq, micros(rec.At), rec.ActorID, rec.Actor, rec.Action, rec.Entity, rec.EntityID,
				string(rec.Before), string(rec.After), rec.PrevHash, rec.Hash)
		}
		if lastChunk {
			args = append(args, prev)
			q.WriteString(`) UPDATE chain_heads SET hash = ` + tx.ph(len(args)) + ` WHERE name = 'audit'`)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
	}
	if tx.db.Dialect == Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE chain_heads SET hash = $1 WHERE name = 'audit'`, prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// auditReserve is the chain head as a statement of the transaction moved
// it: by n records, to seq, its hash still the one before them (flushAudit
// writes it).
type auditReserve struct {
	n    int
	seq  int64
	hash string
}

// reserveAudit records that a statement moved the audit head by n records
// to seq (the head row is then locked by this transaction until commit).
func (tx *Tx) reserveAudit(n int, seq int64, hash string) {
	tx.reserved = &auditReserve{n: n, seq: seq, hash: hash}
}

// placeholders is "($k+1, …, $k+n)" for the bulk INSERTs; on SQLite
// plain "?": its numbered parameters cost a linear lookup each, so a
// statement with thousands of them is quadratic to prepare and bind.
func (tx *Tx) placeholders(k, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		b.WriteString(tx.ph(k + i))
	}
	b.WriteByte(')')
	return b.String()
}

// ph is the bulk INSERTs' parameter k (see placeholders).
func (tx *Tx) ph(k int) string {
	if tx.db.Dialect == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(k)
}

func marshalAudit(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit marshal: %w", err)
	}
	return b, nil
}

const auditColumns = `seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (*chamber.AuditRecord, error) {
	var r chamber.AuditRecord
	var at int64
	var before, after string
	if err := sc.Scan(&r.Seq, &at, &r.ActorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &before, &after, &r.PrevHash, &r.Hash); err != nil {
		return nil, err
	}
	r.At = fromMicros(at)
	if before != "" {
		r.Before = json.RawMessage(before)
	}
	if after != "" {
		r.After = json.RawMessage(after)
	}
	return &r, nil
}

// ListAudit lists audit records, newest first. The cursor is the last seq seen.
func (db *DB) ListAudit(ctx context.Context, f chamber.AuditFilter, p chamber.Page) ([]*chamber.AuditRecord, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermAuditRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log WHERE seq < $1`
	args := []any{before}
	if f.Entity != "" {
		args = append(args, f.Entity)
		q += fmt.Sprintf(" AND entity = $%d", len(args))
		if f.EntityID != 0 {
			args = append(args, f.EntityID)
			q += fmt.Sprintf(" AND entity_id = $%d", len(args))
		}
	}
	if f.ActorID != 0 {
		args = append(args, f.ActorID)
		q += fmt.Sprintf(" AND actor_id = $%d", len(args))
	}
	if f.Actor != "" {
		args = append(args, f.Actor)
		q += fmt.Sprintf(" AND actor = $%d", len(args))
	}
	args = append(args, p.Limit+1)
	q += fmt.Sprintf(" ORDER BY seq DESC LIMIT $%d", len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.AuditRecord) chamber.ID { return x.Seq })
	return out, next, nil
}

// VerifyAudit recomputes the whole chain in order, then replays the states
// the records hold and compares them with the tables. It needs no
// permission check beyond audit.read for a login; the CLI runs it as the
// system.
func (db *DB) VerifyAudit(ctx context.Context) (*chamber.VerifyResult, error) {
	return db.VerifyAuditHead(ctx, nil)
}

// VerifyAuditHead is VerifyAudit that also proves that the chain still
// holds head, a head taken earlier (printed on signed minutes): a chain
// rewritten from any record up to head.Seq, or cut short before it, fails.
func (db *DB) VerifyAuditHead(ctx context.Context, head *chamber.AuditHead) (*chamber.VerifyResult, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermAuditRead); err != nil {
		return nil, err
	}
	// One read transaction: a consistent snapshot while writes go on.
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return db.verifyIn(ctx, tx, head)
}

// AuditHead is the chain's last record (seq 0 and the genesis hash when
// the log is empty).
func (db *DB) AuditHead(ctx context.Context) (*chamber.AuditHead, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermAuditRead); err != nil {
		return nil, err
	}
	return auditHead(ctx, db.read)
}

func auditHead(ctx context.Context, q querier) (*chamber.AuditHead, error) {
	var h chamber.AuditHead
	if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = 'audit'`).Scan(&h.Seq, &h.Hash); err != nil {
		return nil, err
	}
	return &h, nil
}

// verifyIn checks the chain, the anchor head and the replayed states in q.
func (db *DB) verifyIn(ctx context.Context, tx querier, head *chamber.AuditHead) (*chamber.VerifyResult, error) {
	var headSeq, maxSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash, (SELECT COALESCE(MAX(seq), 0) FROM audit_log) FROM chain_heads WHERE name = 'audit'`).
		Scan(&headSeq, &headHash, &maxSeq); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq <= $1 ORDER BY seq`, headSeq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	res := &chamber.VerifyResult{OK: true}
	walk := newChainWalk("audit record")
	fail := func(seq int64, problem string) (*chamber.VerifyResult, error) {
		res.OK = false
		res.FirstBad = seq
		res.Record = "audit " + strconv.FormatInt(seq, 10)
		res.Problem = problem
		res.Problems = 1
		return res, nil
	}
	replay := newStateReplay()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		if head != nil && r.Seq == head.Seq && r.Hash != head.Hash {
			return fail(r.Seq, fmt.Sprintf("audit record %d is not the head recorded earlier (%s): the chain was rewritten", r.Seq, head))
		}
		if bad, p := walk.next(r.Seq, "", r.PrevHash, r.Hash, r.ComputeHash()); p != "" {
			return fail(bad, p)
		}
		res.Checked++
		replay.apply(r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if bad, p := walk.end(headSeq, headHash, maxSeq); p != "" {
		return fail(bad, p)
	}
	if head != nil && head.Seq > headSeq {
		return fail(headSeq+1, fmt.Sprintf("the chain ends at record %d but held record %d (%s) earlier: it was cut short", headSeq, head.Seq, head))
	}
	found, err := replay.compare(ctx, tx)
	if err != nil {
		return nil, err
	}
	if f := firstFinding(found); f != nil {
		res.OK = false
		res.FirstBad, res.Record, res.Problem, res.Problems = f.seq, f.record, f.problem, len(found)
		if f.seq > 0 {
			res.Record = "audit " + strconv.FormatInt(f.seq, 10) + " (" + f.record + ")"
		}
		return res, nil
	}
	// The presence kept on each meeting is recomputed from its check-ins.
	var bad chamber.ID
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(m.id), 0) FROM meetings m LEFT JOIN
		(SELECT meeting_id, COUNT(*) AS n, SUM(weight) AS w FROM check_ins GROUP BY meeting_id) c ON c.meeting_id = m.id
		WHERE m.checked_in <> COALESCE(c.n, 0) OR m.checked_in_weight <> COALESCE(c.w, 0)`).Scan(&bad); err != nil {
		return nil, err
	}
	if bad != 0 {
		res.OK, res.Problems = false, 1
		res.Record = "meeting " + strconv.FormatInt(bad, 10)
		res.Problem = fmt.Sprintf("meeting %d: the presence it keeps differs from its check-ins", bad)
		return res, nil
	}
	// So are the member counts the dashboards read.
	p, err := checkMemberCounts(ctx, tx)
	if err != nil {
		return nil, err
	}
	if p != "" {
		res.OK, res.Problems, res.Record, res.Problem = false, 1, "member_counts", p
	}
	return res, nil
}
