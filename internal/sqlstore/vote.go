package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/seal"
)

// A vote is a motion or an election: the same rules open, cast and close
// both. A ballot needs the sitting's credential and an open vote; its used
// mark makes a second ballot impossible. An open vote counts as it goes
// (who voted how is what open means). A secret vote stores per ballot only
// the used mark, a receipt and one fixed-size value sealed with the vote's
// own key: nothing that changes with the choice, no member, time or order.
// Close opens the seals, counts, and destroys the vote's key.
type vote struct {
	scope string // "motion" or "election"
	id    chamber.ID
}

func motionVote(id chamber.ID) vote   { return vote{"motion", id} }
func electionVote(id chamber.ID) vote { return vote{"election", id} }

func (v vote) table() string {
	if v.scope == "motion" {
		return "motions"
	}
	return "elections"
}

// ad binds sealed values to their vote: a ballot cannot be moved to another.
func (v vote) ad() []byte { return []byte(v.scope + ":" + strconv.FormatInt(v.id, 10)) }

func (v vote) errNotFound() error {
	return chamber.Errorf(chamber.ENOTFOUND, "err."+v.scope+"_not_found")
}

func (v vote) errNotOpen() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: v.scope + "_not_open", Key: "err.motion_not_open"}
}

func errUnknownCredential() error {
	return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
}

// openVote opens a draft vote: the sitting must be quorate, and a secret
// vote gets its key. An open one stays as it is (opened false); a closed
// one is refused.
func (tx *Tx) openVote(v vote, status string, meetingID chamber.ID, secret bool) (opened bool, err error) {
	switch status {
	case chamber.MotionOpen:
		return false, nil
	case chamber.MotionDraft:
	default:
		return false, &chamber.Error{Code: chamber.ECONFLICT, Reason: v.scope + "_closed", Key: "err.motion_closed"}
	}
	if err := tx.requireQuorate(meetingID); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE `+v.table()+` SET status = 'open', opened_at = $1 WHERE id = $2`, micros(tx.Now()), v.id); err != nil {
		return false, err
	}
	if secret {
		if err := tx.createVoteKey(v); err != nil {
			return false, err
		}
	}
	return true, nil
}

// closeVote closes an open vote, taking its row with the UPDATE first:
// on PostgreSQL an open ballot updates the row and a secret one holds a
// share lock on it, so close waits for the ballots under way. Closing a
// closed vote again changes nothing (closed false: the caller answers the
// same result); a draft or unknown one is refused.
func (tx *Tx) closeVote(v vote) (closed, secret bool, err error) {
	err = tx.QueryRowContext(tx.ctx, `UPDATE `+v.table()+` SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open' RETURNING secret`,
		micros(tx.Now()), v.id).Scan(&secret)
	if !errors.Is(err, sql.ErrNoRows) {
		return err == nil, secret, err
	}
	var status string
	if err := tx.QueryRowContext(tx.ctx, `SELECT status FROM `+v.table()+` WHERE id = $1`, v.id).Scan(&status); err != nil {
		return false, false, notFound(err, "err."+v.scope+"_not_found")
	}
	if status == chamber.MotionClosed {
		return false, false, nil
	}
	return false, false, v.errNotOpen()
}

// ballotTarget is what a credential may vote on.
type ballotTarget struct {
	markKey  string // the check-in's used-mark key (stays when re-issued)
	memberID chamber.ID
	weight   int64
	secret   bool
	seats    int
	key      *seal.Sealer // the vote's key, for a secret vote
}

// target checks a credential against an open vote of its sitting, in one
// query, and opens the vote's key when it is secret.
func (tx *Tx) target(v vote, hash string) (*ballotTarget, error) {
	seats := "0"
	if v.scope == "election" {
		seats = "v.seats"
	}
	var t ballotTarget
	var meetingID chamber.ID
	var status string
	var credMeeting, member, weight sql.NullInt64
	var markKey sql.NullString
	var sealedKey []byte
	err := tx.QueryRowContext(tx.ctx, `SELECT v.meeting_id, v.status, v.secret, `+seats+`, c.meeting_id, c.member_id, c.weight, c.credential_hash, k.sealed
		FROM `+v.table()+` v LEFT JOIN check_ins c ON c.login_hash = $2
		LEFT JOIN vote_keys k ON k.scope = $3 AND k.ref_id = v.id WHERE v.id = $1`, v.id, hash, v.scope).
		Scan(&meetingID, &status, &t.secret, &t.seats, &credMeeting, &member, &weight, &markKey, &sealedKey)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM check_ins WHERE login_hash = $1`, hash).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, errUnknownCredential()
		}
		return nil, v.errNotFound()
	}
	if err != nil {
		return nil, err
	}
	if !credMeeting.Valid || credMeeting.Int64 != meetingID {
		return nil, errUnknownCredential()
	}
	if status != chamber.MotionOpen {
		return nil, v.errNotOpen()
	}
	t.memberID, t.weight, t.markKey = member.Int64, weight.Int64, markKey.String
	if !t.secret {
		return &t, nil
	}
	if tx.db.Dialect == Postgres && !tx.shared[v] {
		// A share lock on the vote's row holds off its close until this
		// ballot commits (close takes the row with an UPDATE), without
		// writing anything that depends on the choice. One per
		// transaction: the batch's later ballots hold it already.
		if err := tx.QueryRowContext(tx.ctx, `SELECT status FROM `+v.table()+` WHERE id = $1 FOR SHARE`, v.id).Scan(&status); err != nil {
			return nil, err
		}
		if status != chamber.MotionOpen {
			return nil, v.errNotOpen()
		}
		if tx.shared == nil {
			tx.shared = map[vote]bool{}
		}
		tx.shared[v] = true
	}
	if t.key, err = tx.db.openVoteKey(v, sealedKey); err != nil {
		return nil, err
	}
	return &t, nil
}

// markUsed records the check-in's used mark (under its first credential's
// hash, which a re-issue keeps); a second one is refused.
func (tx *Tx) markUsed(v vote, t *ballotTarget) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, v.scope, v.id, t.markKey, t.weight)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		// The insert did nothing: a clean refusal.
		return refuse(errAlreadyVoted())
	}
	return nil
}

// addReceipt stores the hash of the receipt given to the voter.
func (tx *Tx) addReceipt(v vote, receiptHash string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) VALUES ($1, $2, $3)`, receiptHash, v.scope, v.id)
	return err
}

// addSealed stores one secret ballot: a random key and the sealed value.
func (tx *Tx) addSealed(v vote, key *seal.Sealer, plain []byte) error {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO sealed_ballots(scope, ref_id, id, sealed) VALUES ($1, $2, $3, $4)`,
		v.scope, v.id, id, key.Seal(plain, v.ad()))
	return err
}

// castSoFar is the weight cast so far: the sum of the used marks.
func castSoFar(ctx context.Context, q querier, v vote) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(weight), 0) FROM ballot_marks WHERE scope = $1 AND ref_id = $2`, v.scope, v.id).Scan(&n)
	return n, err
}

// createVoteKey gives a secret vote its random key, stored sealed by the
// installation key. Without an installation key a secret vote cannot open.
func (tx *Tx) createVoteKey(v vote) error {
	if tx.db.voteKeys == nil {
		return errNoKey()
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO vote_keys(scope, ref_id, sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		v.scope, v.id, tx.db.voteKeys.Seal(seal.NewKey(), v.ad()))
	return err
}

// openVoteKey opens a vote's sealed key with the installation key: a
// missing or replaced key file is a clear error, never a wrong count.
func (db *DB) openVoteKey(v vote, sealedKey []byte) (*seal.Sealer, error) {
	if db.voteKeys == nil || sealedKey == nil {
		return nil, errNoKey()
	}
	key, err := db.voteKeys.Open(sealedKey, v.ad())
	if err != nil {
		return nil, errNoKey()
	}
	return seal.New(key)
}

// openBallots opens every sealed ballot of a secret vote for counting. The
// ballots must match the used marks one for one.
func (tx *Tx) openBallots(v vote, each func(plain []byte) error) error {
	var sealedKey []byte
	err := tx.QueryRowContext(tx.ctx, `SELECT sealed FROM vote_keys WHERE scope = $1 AND ref_id = $2`, v.scope, v.id).Scan(&sealedKey)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	key, err := tx.db.openVoteKey(v, sealedKey)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT sealed FROM sealed_ballots WHERE scope = $1 AND ref_id = $2`, v.scope, v.id)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return err
		}
		plain, err := key.Open(b, v.ad())
		if err != nil {
			return errNoKey()
		}
		if err := each(plain); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var marks int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM ballot_marks WHERE scope = $1 AND ref_id = $2`, v.scope, v.id).Scan(&marks); err != nil {
		return err
	}
	if marks != n {
		return fmt.Errorf("%s %d: %d sealed ballots but %d used marks", v.scope, v.id, n, marks)
	}
	return nil
}

// destroyVoteKey overwrites and deletes a vote's key at close
// (crypto-shredding): its sealed ballots never open again.
func (tx *Tx) destroyVoteKey(v vote) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE vote_keys SET sealed = $1 WHERE scope = $2 AND ref_id = $3`,
		make([]byte, seal.KeySize+seal.Overhead), v.scope, v.id); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `DELETE FROM vote_keys WHERE scope = $1 AND ref_id = $2`, v.scope, v.id)
	return err
}

// A motion ballot's plain text: version, choice, weight — 10 bytes.
var choiceCodes = map[string]byte{"yes": 1, "no": 2, "abstain": 3}

func motionPlain(choice string, weight int64) []byte {
	b := make([]byte, 10)
	b[0], b[1] = 1, choiceCodes[choice]
	binary.BigEndian.PutUint64(b[2:], uint64(weight))
	return b
}

func parseMotionPlain(b []byte) (choice byte, weight int64, err error) {
	if len(b) != 10 || b[0] != 1 || b[1] < 1 || b[1] > 3 {
		return 0, 0, errors.New("sealed motion ballot of an unknown form")
	}
	return b[1], int64(binary.BigEndian.Uint64(b[2:])), nil
}

// An election ballot's plain text: version, weight, then the chosen member
// ids in order, padded with zeros to the seats, so every ballot of an
// election has the same size whatever and however many were chosen.
func electionPlain(seats int, choices []chamber.ID, weight int64) []byte {
	b := make([]byte, 9+8*seats)
	b[0] = 1
	binary.BigEndian.PutUint64(b[1:], uint64(weight))
	sorted := slices.Clone(choices)
	slices.Sort(sorted)
	for i, c := range sorted {
		binary.BigEndian.PutUint64(b[9+8*i:], uint64(c))
	}
	return b
}

func parseElectionPlain(b []byte, seats int) (choices []chamber.ID, weight int64, err error) {
	if len(b) != 9+8*seats || b[0] != 1 {
		return nil, 0, errors.New("sealed election ballot of an unknown form")
	}
	weight = int64(binary.BigEndian.Uint64(b[1:]))
	for i := 0; i < seats; i++ {
		if c := chamber.ID(binary.BigEndian.Uint64(b[9+8*i:])); c != 0 {
			choices = append(choices, c)
		}
	}
	return choices, weight, nil
}

// On PostgreSQL a ballot's writes go in one statement (the batch runs its
// ballots one after another, so each round trip saved is throughput):
// the used mark, and only if it was new, the receipt and the rest.

// castSealedPG stores a secret ballot's mark, receipt and seal in one
// statement; a credential already used writes nothing (a clean refusal).
func (tx *Tx) castSealedPG(v vote, t *ballotTarget, receiptHash string, plain []byte) error {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	res, err := tx.ExecContext(tx.ctx, `WITH m AS (INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1),
		r AS (INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) SELECT CAST($5 AS TEXT), CAST($1 AS TEXT), CAST($2 AS BIGINT) FROM m)
		INSERT INTO sealed_ballots(scope, ref_id, id, sealed) SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), CAST($6 AS BYTEA), CAST($7 AS BYTEA) FROM m`,
		v.scope, v.id, t.markKey, t.weight, receiptHash, id, t.key.Seal(plain, v.ad()))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return refuse(errAlreadyVoted())
	}
	return nil
}

// castOpenMotionPG stores an open motion's ballot in one statement: the
// mark, the receipt and who voted how; a used credential writes nothing.
// The count is added to the motion's row once per transaction, at commit
// (flushTallies), so a batch of ballots updates that row once, not once
// per ballot.
func (tx *Tx) castOpenMotionPG(v vote, t *ballotTarget, receiptHash, choice string, dy, dn, da int64) error {
	var marked int
	err := tx.QueryRowContext(tx.ctx, `WITH m AS (INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight)
			VALUES ('motion', $1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1),
		r AS (INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) SELECT CAST($4 AS TEXT), 'motion', CAST($1 AS BIGINT) FROM m),
		o AS (INSERT INTO open_ballots(motion_id, member_id, choice, weight)
			SELECT CAST($1 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS TEXT), CAST($3 AS BIGINT) FROM m)
		SELECT COUNT(*) FROM m`,
		v.id, t.markKey, t.weight, receiptHash, t.memberID, choice).Scan(&marked)
	switch {
	case err != nil:
		return err
	case marked == 0:
		return refuse(errAlreadyVoted())
	}
	tx.addTally(v.id, t.weight, dy, dn, da)
	return nil
}

// flushTallies adds the open motions' counts of the transaction's ballots
// to their rows, in id order. A motion closed meanwhile (close took the
// row first) fails the transaction as unclean: the batch runs again and
// its ballots are refused, none counted or acknowledged.
func (tx *Tx) flushTallies() error {
	ids := make([]chamber.ID, 0, len(tx.tallies))
	for id := range tx.tallies {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := tx.tallies[id]
		res, err := tx.ExecContext(tx.ctx, `UPDATE motions SET yes = yes + $1, no = no + $2, abstain = abstain + $3, cast_weight = cast_weight + $4
			WHERE id = $5 AND status = 'open'`, c[0], c[1], c[2], c[3], id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errUnclean
		}
	}
	return nil
}

func errAlreadyVoted() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_voted", Key: "err.already_voted"}
}
