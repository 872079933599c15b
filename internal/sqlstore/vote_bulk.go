package sqlstore

import (
	"crypto/rand"
	"database/sql"
	"errors"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/seal"
)

// Motion ballots on PostgreSQL, a batch at a time: a group-commit batch's
// ballots on one motion are cast together in a fixed number of statements
// whatever their number (the motion's row with the check-ins of all their
// credentials, then one statement for every used mark, receipt and open or
// sealed ballot and the open count), not two round trips per ballot. The rules are the ones
// of CastBallot's single path (target, castOpenMotionPG, castSealedPG),
// applied to each ballot in the batch's order: a credential of another
// sitting is unknown, a closed motion refuses, the first ballot of a used
// mark counts and any later one (in this batch or an earlier one) is
// refused. Every refusal here is clean, made before or instead of a write;
// any database error aborts the batch, which runs again one request at a
// time through the single path (runBatch).

// motionBallot is one CastBallot request, for the bulk path.
type motionBallot struct {
	v           vote
	hash        string // the credential's login hash
	receiptHash string
	choice      string
	dy, dn, da  int64
}

// castMotionBallotsPG casts bs, ballots on motion v, and gives each its
// answer in results (nil: cast): two statements for an open motion (the
// lookup, then the marks, receipts, open ballots and count), three for a
// secret one (its share lock in between), whatever the number of ballots.
func (tx *Tx) castMotionBallotsPG(v vote, bs []*motionBallot, results []error, last bool) error {
	type checkIn struct {
		ok              bool
		meeting, member chamber.ID
		weight          int64
		mark            string
	}
	hashes := make([]string, len(bs))
	for i, b := range bs {
		hashes[i] = b.hash
	}
	// One query: the motion (on every row, NULL when there is none) and
	// each credential's check-in.
	var meetingID chamber.ID
	var status string
	var secret, found bool
	var sealedKey []byte
	ins := make([]checkIn, len(bs))
	rows, err := tx.QueryContext(tx.ctx, `SELECT h.i, v.meeting_id, v.status, v.secret, k.sealed, c.meeting_id, c.member_id, c.weight, c.credential_hash
		FROM unnest($2::text[]) WITH ORDINALITY AS h(hash, i) LEFT JOIN motions v ON v.id = $1
		LEFT JOIN vote_keys k ON k.scope = 'motion' AND k.ref_id = v.id LEFT JOIN check_ins c ON c.login_hash = h.hash`, v.id, hashes)
	if err != nil {
		return err
	}
	for rows.Next() {
		var i int
		var vMeeting, cMeeting, member, weight sql.NullInt64
		var vStatus, mark sql.NullString
		var vSecret sql.NullBool
		var key []byte
		if err := rows.Scan(&i, &vMeeting, &vStatus, &vSecret, &key, &cMeeting, &member, &weight, &mark); err != nil {
			rows.Close()
			return err
		}
		if vMeeting.Valid {
			found, meetingID, status, secret, sealedKey = true, vMeeting.Int64, vStatus.String, vSecret.Bool, key
		}
		if cMeeting.Valid {
			ins[i-1] = checkIn{ok: true, meeting: cMeeting.Int64, member: member.Int64, weight: weight.Int64, mark: mark.String}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// Who may vote, in the batch's order (target's checks).
	var cands []int
	for i, c := range ins {
		switch {
		case !found && c.ok:
			results[i] = v.errNotFound()
		case !c.ok || c.meeting != meetingID:
			results[i] = errUnknownCredential()
		case status != chamber.MotionOpen:
			results[i] = v.errNotOpen()
		default:
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	refuseAll := func(err error) error {
		if e := (*chamber.Error)(nil); !errors.As(err, &e) {
			return err
		}
		for _, i := range cands {
			results[i] = err
		}
		return nil
	}
	var key *seal.Sealer
	if secret {
		if !tx.shared[v] {
			// The share lock of target: close waits for these ballots.
			if err := tx.QueryRowContext(tx.ctx, `SELECT status FROM motions WHERE id = $1 FOR SHARE`, v.id).Scan(&status); err != nil {
				return err
			}
			if status != chamber.MotionOpen {
				return refuseAll(v.errNotOpen())
			}
			if tx.shared == nil {
				tx.shared = map[vote]bool{}
			}
			tx.shared[v] = true
		}
		if key, err = tx.db.openVoteKey(v, sealedKey); err != nil {
			return refuseAll(err)
		}
	}

	// The first ballot of each used mark goes to the database; a later one
	// of the same mark in this batch is refused as the single path would.
	seen := make(map[string]bool, len(cands))
	var marks, receipts, choices []string
	var weights, members []int64
	var ids, seals [][]byte
	var sent []int
	for _, i := range cands {
		c, b := ins[i], bs[i]
		if seen[c.mark] {
			results[i] = errAlreadyVoted()
			continue
		}
		seen[c.mark] = true
		sent = append(sent, i)
		marks, weights, receipts = append(marks, c.mark), append(weights, c.weight), append(receipts, b.receiptHash)
		if !secret {
			members, choices = append(members, c.member), append(choices, b.choice)
			continue
		}
		id := make([]byte, 16)
		if _, err := rand.Read(id); err != nil {
			return err
		}
		ids, seals = append(ids, id), append(seals, key.Seal(motionPlain(b.choice, c.weight), v.ad()))
	}
	const marked = `m AS (INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight)
			SELECT 'motion', $1::bigint, mark, weight FROM i ON CONFLICT DO NOTHING RETURNING credential_hash),
		n AS (SELECT i.* FROM i JOIN m ON m.credential_hash = i.mark),
		r AS (INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) SELECT receipt, 'motion', $1::bigint FROM n)`
	var q string
	var args []any
	reserve := false
	if secret {
		q = `WITH i AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::bytea[], $6::bytea[]) AS u(mark, weight, receipt, id, sealed)), ` + marked + `,
		s AS (INSERT INTO sealed_ballots(scope, ref_id, id, sealed) SELECT 'motion', $1::bigint, id, sealed FROM n)
		SELECT credential_hash, 1, 0, '' FROM m`
		args = []any{v.id, marks, weights, receipts, ids, seals}
	} else {
		// The open ballots' count goes on the motion's row in the same
		// statement; a motion closed meanwhile (close took the row first)
		// updates nothing, and the batch fails as unclean, so its ballots
		// run again one by one and are refused (as flushTallies does).
		// In the batch's last statement the audit chain's head moves too,
		// by the transaction's records so far and the ballots', after the
		// motion's row (every write takes the head last): flushAudit then
		// needs no round trip of its own to take it.
		q = `WITH i AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[]) AS u(mark, weight, receipt, member, choice)), ` + marked + `,
		o AS (INSERT INTO open_ballots(motion_id, member_id, choice, weight) SELECT $1::bigint, member, choice, weight FROM n),
		c AS (SELECT COALESCE(SUM(weight) FILTER (WHERE choice = 'yes'), 0) AS y, COALESCE(SUM(weight) FILTER (WHERE choice = 'no'), 0) AS nn,
			COALESCE(SUM(weight) FILTER (WHERE choice = 'abstain'), 0) AS a, COALESCE(SUM(weight), 0) AS w FROM n),
		t AS (UPDATE motions SET yes = yes + c.y, no = no + c.nn, abstain = abstain + c.a, cast_weight = cast_weight + c.w
			FROM c WHERE id = $1 AND status = 'open' AND EXISTS (SELECT 1 FROM m) RETURNING 1),
		h AS (UPDATE chain_heads SET seq = seq + (SELECT COUNT(*) FROM m) + $8 WHERE name = 'audit' AND $7 AND EXISTS (SELECT 1 FROM t) RETURNING seq, hash)
		SELECT credential_hash, (SELECT COUNT(*) FROM t), COALESCE((SELECT seq FROM h), 0), COALESCE((SELECT hash FROM h), '') FROM m`
		reserve = last && len(tx.tallies) == 0
		args = []any{v.id, marks, weights, receipts, members, choices, reserve, len(tx.pending)}
	}
	rows, err = tx.QueryContext(tx.ctx, q, args...)
	if err != nil {
		return err
	}
	stored := make(map[string]bool, len(sent))
	counted := true
	var headSeq int64
	var headHash string
	for rows.Next() {
		var mark string
		var n int
		if err := rows.Scan(&mark, &n, &headSeq, &headHash); err != nil {
			rows.Close()
			return err
		}
		stored[mark], counted = true, counted && n == 1
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if !counted {
		return errUnclean
	}
	if reserve && len(stored) > 0 {
		tx.reserveAudit(len(tx.pending)+len(stored), headSeq, headHash)
	}
	for _, i := range sent {
		c, b := ins[i], bs[i]
		if !stored[c.mark] {
			results[i] = errAlreadyVoted() // used in an earlier batch: nothing written
			continue
		}
		if secret {
			continue
		}
		if err := tx.Audit("ballot.cast", "motion", v.id, nil, map[string]any{"member_id": c.member, "choice": b.choice, "weight": c.weight}); err != nil {
			return err
		}
	}
	return nil
}

// addTally adds one open ballot to the transaction's counts of its motion
// (written at commit by flushTallies).
func (tx *Tx) addTally(id chamber.ID, w, dy, dn, da int64) {
	if tx.tallies == nil {
		tx.tallies = map[chamber.ID]*[4]int64{}
	}
	c := tx.tallies[id]
	if c == nil {
		c = &[4]int64{}
		tx.tallies[id] = c
	}
	c[0], c[1], c[2], c[3] = c[0]+dy*w, c[1]+dn*w, c[2]+da*w, c[3]+w
}

// castBulkPG runs the batch's motion ballots on the bulk path, motion by
// motion in the order they first appear; a ballot whose caller went away
// before gets that answer and nothing is done for it. It runs after the
// batch's other requests: the last motion's statement may take the audit
// head (castMotionBallotsPG), and after it the transaction takes no other
// row, so it keeps the order every write takes the head in (last).
func (tx *Tx) castBulkPG(batch []*batchReq, results []error) error {
	var order []chamber.ID
	groups := map[chamber.ID][]int{}
	for i, r := range batch {
		if r.ballot == nil {
			continue
		}
		if err := r.ctx.Err(); err != nil {
			results[i] = err // gone before its turn: nothing done, nothing acknowledged
			continue
		}
		id := r.ballot.v.id
		if groups[id] == nil {
			order = append(order, id)
		}
		groups[id] = append(groups[id], i)
	}
	for k, id := range order {
		idx := groups[id]
		bs := make([]*motionBallot, len(idx))
		for j, i := range idx {
			bs[j] = batch[i].ballot
		}
		res := make([]error, len(idx))
		if err := tx.castMotionBallotsPG(motionVote(id), bs, res, k == len(order)-1); err != nil {
			return err
		}
		for j, i := range idx {
			results[i] = res[j]
		}
	}
	return nil
}
