package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/chamber-org/chamber"
)

const motionColumns = `id, meeting_id, title, kind, secret, threshold, status, opened_at, closed_at, paper`

func scanMotion(sc interface{ Scan(...any) error }) (*chamber.Motion, error) {
	var m chamber.Motion
	var opened, closed sql.NullInt64
	if err := sc.Scan(&m.ID, &m.MeetingID, &m.Title, &m.Kind, &m.Secret, &m.Threshold, &m.Status, &opened, &closed, &m.Paper); err != nil {
		return nil, err
	}
	m.OpenedAt, m.ClosedAt = nullMicros(opened), nullMicros(closed)
	return &m, nil
}

// voter is who casts a ballot: the credential, never a login.
var voter = &chamber.Actor{Username: "voter"}

// CreateMotion puts a question on a meeting; threshold and secrecy come
// from the charter for the motion's kind and the body, unless given.
func (db *DB) CreateMotion(ctx context.Context, meetingID chamber.ID, in chamber.NewMotion) (*chamber.Motion, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Motion
	err := db.Write(ctx, actor, func(tx *Tx) error {
		rules, err := tx.unclosedMeetingRules(meetingID)
		if err != nil {
			return err
		}
		threshold, secret := rules.ThresholdFor(in.Kind), rules.SecretFor(in.Kind)
		if in.Threshold != nil {
			threshold = *in.Threshold
		}
		if in.Secret != nil {
			secret = *in.Secret
		}
		if out, err = scanMotion(tx.QueryRowContext(ctx, `INSERT INTO motions(meeting_id, title, kind, secret, threshold, status, created_at)
			VALUES ($1, $2, $3, $4, $5, 'draft', $6) RETURNING `+motionColumns,
			meetingID, in.Title, in.Kind, secret, threshold, micros(tx.Now()))); err != nil {
			return err
		}
		return tx.Audit("motion.create", "motion", out.ID, nil, out)
	})
	return out, err
}

// unclosedMeetingRules loads a meeting that has not closed and the
// charter's rules for its body.
func (tx *Tx) unclosedMeetingRules(meetingID chamber.ID) (chamber.BodyRules, error) {
	m, err := scanMeeting(tx.QueryRowContext(tx.ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, meetingID))
	if err != nil {
		return chamber.BodyRules{}, notFound(err, "err.meeting_not_found")
	}
	if m.Status == chamber.MeetingClosed {
		return chamber.BodyRules{}, &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_closed", Key: "err.meeting_closed"}
	}
	return tx.rulesOf(m)
}

// requireQuorate refuses unless the sitting is open and quorate: votes open only then.
func (tx *Tx) requireQuorate(meetingID chamber.ID) error {
	var status string
	if err := tx.QueryRowContext(tx.ctx, `SELECT status FROM meetings WHERE id = $1`, meetingID).Scan(&status); err != nil {
		return err
	}
	if status != chamber.MeetingOpen {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_not_open", Key: "err.meeting_not_open"}
	}
	q, err := quorumOf(tx.ctx, tx, meetingID)
	if err != nil {
		return err
	}
	if !q.Quorate {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_quorate", Key: "err.not_quorate", Args: []any{q.Represented, q.Required}}
	}
	return nil
}

func (tx *Tx) rulesOf(m *chamber.Meeting) (chamber.BodyRules, error) {
	c, err := scanCharter(tx.QueryRowContext(tx.ctx, `SELECT `+charterColumns+` FROM charters WHERE version = $1`, m.CharterVersion))
	if err != nil {
		return chamber.BodyRules{}, err
	}
	var kind string
	if err := tx.QueryRowContext(tx.ctx, `SELECT kind FROM bodies WHERE id = $1`, m.BodyID).Scan(&kind); err != nil {
		return chamber.BodyRules{}, err
	}
	return c.Rules[kind], nil
}

func (db *DB) FindMotion(ctx context.Context, id chamber.ID) (*chamber.Motion, error) {
	m, err := scanMotion(db.read.QueryRowContext(ctx, `SELECT `+motionColumns+` FROM motions WHERE id = $1`, id))
	return m, notFound(err, "err.motion_not_found")
}

func (db *DB) ListMotions(ctx context.Context, meetingID chamber.ID) ([]*chamber.Motion, error) {
	return queryAll(ctx, db.read, scanMotion, `SELECT `+motionColumns+` FROM motions WHERE meeting_id = $1 ORDER BY id`, meetingID)
}

// OpenMotion starts the vote: the sitting must be open and quorate.
func (db *DB) OpenMotion(ctx context.Context, id chamber.ID) (*chamber.Motion, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var out *chamber.Motion
	err := db.Write(ctx, actor, func(tx *Tx) error {
		mo, err := scanMotion(tx.QueryRowContext(ctx, `SELECT `+motionColumns+` FROM motions WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "err.motion_not_found")
		}
		if mo.Status == chamber.MotionOpen {
			out = mo
			return nil
		}
		if mo.Status != chamber.MotionDraft {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "motion_closed", Key: "err.motion_closed"}
		}
		if err := tx.requireQuorate(mo.MeetingID); err != nil {
			return err
		}
		if out, err = scanMotion(tx.QueryRowContext(ctx, `UPDATE motions SET status = 'open', opened_at = $1 WHERE id = $2 RETURNING `+motionColumns,
			micros(tx.Now()), id)); err != nil {
			return err
		}
		return tx.Audit("motion.open", "motion", id, mo, out)
	})
	return out, err
}

// CloseMotion ends the vote and fixes the result; closing again returns
// the same result.
func (db *DB) CloseMotion(ctx context.Context, id chamber.ID) (*chamber.Result, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var res *chamber.Result
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		res, err = tx.closeMotion(id)
		return err
	})
	return res, err
}

func (tx *Tx) closeMotion(id chamber.ID) (*chamber.Result, error) {
	ctx := tx.ctx
	// Taking the row with an UPDATE first serialises against ballots on PostgreSQL.
	var meetingID chamber.ID
	var threshold string
	var yes int64
	err := tx.QueryRowContext(ctx, `UPDATE motions SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'
		RETURNING meeting_id, threshold, yes`, micros(tx.Now()), id).Scan(&meetingID, &threshold, &yes)
	if errors.Is(err, sql.ErrNoRows) {
		mo, ferr := scanMotion(tx.QueryRowContext(ctx, `SELECT `+motionColumns+` FROM motions WHERE id = $1`, id))
		if ferr != nil {
			return nil, notFound(ferr, "err.motion_not_found")
		}
		if mo.Status == chamber.MotionClosed {
			return motionResult(ctx, tx, id)
		}
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "motion_not_open", Key: "err.motion_not_open"}
	}
	if err != nil {
		return nil, err
	}
	q, err := quorumOf(ctx, tx, meetingID)
	if err != nil {
		return nil, err
	}
	var cast int64
	if err := tx.QueryRowContext(ctx, `SELECT cast_weight FROM motions WHERE id = $1`, id).Scan(&cast); err != nil {
		return nil, err
	}
	passed := chamber.Passes(threshold, yes, q.Represented, cast, q.Entitled)
	if _, err := tx.ExecContext(ctx, `UPDATE motions SET present = $1, entitled = $2, passed = $3, follow_up = $4 WHERE id = $5`,
		q.Represented, q.Entitled, passed, map[bool]string{true: "pending", false: ""}[passed], id); err != nil {
		return nil, err
	}
	if passed {
		if err := tx.pendingCharterFor(id); err != nil {
			return nil, err
		}
	}
	res, err := motionResult(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return res, tx.Audit("motion.close", "motion", id, nil, res)
}

// MotionResult is API.md's result; an open secret motion shows only its
// status and the count cast.
func (db *DB) MotionResult(ctx context.Context, id chamber.ID) (*chamber.Result, error) {
	return motionResult(ctx, db.read, id)
}

func motionResult(ctx context.Context, q querier, id chamber.ID) (*chamber.Result, error) {
	var r chamber.Result
	var meetingID chamber.ID
	var secret bool
	var yes, no, abstain int64
	var present, entitled sql.NullInt64
	var passed sql.NullBool
	err := q.QueryRowContext(ctx, `SELECT meeting_id, status, secret, threshold, yes, no, abstain, cast_weight, present, entitled, passed
		FROM motions WHERE id = $1`, id).Scan(&meetingID, &r.Status, &secret, &r.Threshold, &yes, &no, &abstain, &r.Cast, &present, &entitled, &passed)
	if err != nil {
		return nil, notFound(err, "err.motion_not_found")
	}
	if r.Status == chamber.MotionDraft {
		r.Threshold = ""
		return &r, nil
	}
	if r.Status == chamber.MotionOpen && secret {
		r.Threshold = ""
		return &r, nil
	}
	r.Yes, r.No, r.Abstain = &yes, &no, &abstain
	if r.Status == chamber.MotionClosed {
		r.Present, r.Entitled = &present.Int64, &entitled.Int64
		p := passed.Bool
		r.Passed = &p
		return &r, nil
	}
	// An open, open-ballot motion: the running count against the weight present now.
	qu, err := quorumOf(ctx, q, meetingID)
	if err != nil {
		return nil, err
	}
	p := chamber.Passes(r.Threshold, yes, qu.Represented, r.Cast, qu.Entitled)
	r.Present, r.Entitled, r.Passed = &qu.Represented, &qu.Entitled, &p
	return &r, nil
}

// credentialOf finds the check-in behind a credential.
func (tx *Tx) credentialOf(hash string) (meetingID, memberID chamber.ID, weight int64, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT meeting_id, member_id, weight FROM check_ins WHERE credential_hash = $1`, hash).
		Scan(&meetingID, &memberID, &weight)
	if errors.Is(err, sql.ErrNoRows) {
		err = &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
	}
	return
}

// CastBallot records one ballot in one transaction: the credential's used
// mark (its primary key makes a second ballot impossible) and the running
// tally. A secret ballot leaves nothing that names the voter or the time.
func (db *DB) CastBallot(ctx context.Context, motionID chamber.ID, credential, choice string) (string, error) {
	var dy, dn, da int64
	switch choice {
	case "yes":
		dy = 1
	case "no":
		dn = 1
	case "abstain":
		da = 1
	default:
		return "", fieldErr("choice", "err.ballot_choice")
	}
	if credential == "" || len(credential) > 200 {
		return "", &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
	}
	hash := hashSecret(credential)
	receipt, receiptHash := newSecret("rcpt_")
	err := db.writeBatched(ctx, voter, func(tx *Tx) error {
		meetingID, memberID, w, err := tx.credentialOf(hash)
		if err != nil {
			return err
		}
		var secret bool
		err = tx.QueryRowContext(ctx, `UPDATE motions SET yes = yes + $1, no = no + $2, abstain = abstain + $3, cast_weight = cast_weight + $4
			WHERE id = $5 AND meeting_id = $6 AND status = 'open' RETURNING secret`, dy*w, dn*w, da*w, w, motionID, meetingID).Scan(&secret)
		if errors.Is(err, sql.ErrNoRows) {
			var otherMeeting chamber.ID
			if ferr := tx.QueryRowContext(ctx, `SELECT meeting_id FROM motions WHERE id = $1`, motionID).Scan(&otherMeeting); ferr != nil {
				return chamber.Errorf(chamber.ENOTFOUND, "err.motion_not_found")
			}
			if otherMeeting != meetingID {
				return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
			}
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "motion_not_open", Key: "err.motion_not_open"}
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight) VALUES ('motion', $1, $2, $3)`, motionID, hash, w); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_voted", Key: "err.already_voted"}
			}
			return err
		}
		var after any
		if !secret {
			if _, err := tx.ExecContext(ctx, `INSERT INTO open_ballots(motion_id, member_id, choice, weight) VALUES ($1, $2, $3, $4)`, motionID, memberID, choice, w); err != nil {
				return err
			}
			after = map[string]any{"member_id": memberID, "choice": choice, "weight": w}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) VALUES ($1, 'motion', $2)`, receiptHash, motionID); err != nil {
			return err
		}
		return tx.Audit("ballot.cast", "motion", motionID, nil, after)
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// ---- elections

const electionColumns = `id, meeting_id, title, seats, secret, status`

func scanElection(sc interface{ Scan(...any) error }) (*chamber.Election, error) {
	var e chamber.Election
	err := sc.Scan(&e.ID, &e.MeetingID, &e.Title, &e.Seats, &e.Secret, &e.Status)
	return &e, err
}

func (db *DB) loadCandidates(ctx context.Context, q querier, e *chamber.Election) error {
	rows, err := q.QueryContext(ctx, `SELECT member_id FROM election_candidates WHERE election_id = $1 ORDER BY member_id`, e.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	e.Candidates = []chamber.ID{}
	for rows.Next() {
		var id chamber.ID
		if err := rows.Scan(&id); err != nil {
			return err
		}
		e.Candidates = append(e.Candidates, id)
	}
	e.Contested = len(e.Candidates) > e.Seats
	return rows.Err()
}

// CreateElection sets up an election with its candidates (members).
func (db *DB) CreateElection(ctx context.Context, meetingID chamber.ID, in chamber.NewElection) (*chamber.Election, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Election
	err := db.Write(ctx, actor, func(tx *Tx) error {
		rules, err := tx.unclosedMeetingRules(meetingID)
		if err != nil {
			return err
		}
		secret := rules.SecretFor(chamber.KindElection)
		if in.Secret != nil {
			secret = *in.Secret
		}
		for _, c := range in.Candidates {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE id = $1`, c).Scan(&n); err != nil || n == 0 {
				return fieldErr("candidates", "err.candidate_unknown", c)
			}
		}
		if out, err = scanElection(tx.QueryRowContext(ctx, `INSERT INTO elections(meeting_id, title, seats, secret, status, created_at)
			VALUES ($1, $2, $3, $4, 'draft', $5) RETURNING `+electionColumns, meetingID, in.Title, in.Seats, secret, micros(tx.Now()))); err != nil {
			return err
		}
		for _, c := range in.Candidates {
			if _, err := tx.ExecContext(ctx, `INSERT INTO election_candidates(election_id, member_id) VALUES ($1, $2)`, out.ID, c); err != nil {
				return err
			}
		}
		if err := db.loadCandidates(ctx, tx, out); err != nil {
			return err
		}
		return tx.Audit("election.create", "election", out.ID, nil, out)
	})
	return out, err
}

func (db *DB) FindElection(ctx context.Context, id chamber.ID) (*chamber.Election, error) {
	e, err := scanElection(db.read.QueryRowContext(ctx, `SELECT `+electionColumns+` FROM elections WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "err.election_not_found")
	}
	return e, db.loadCandidates(ctx, db.read, e)
}

func (db *DB) ListElections(ctx context.Context, meetingID chamber.ID) ([]*chamber.Election, error) {
	list, err := queryAll(ctx, db.read, scanElection, `SELECT `+electionColumns+` FROM elections WHERE meeting_id = $1 ORDER BY id`, meetingID)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if err := db.loadCandidates(ctx, db.read, e); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// OpenElection starts the vote (sitting open and quorate, as motions).
func (db *DB) OpenElection(ctx context.Context, id chamber.ID) (*chamber.Election, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var out *chamber.Election
	err := db.Write(ctx, actor, func(tx *Tx) error {
		e, err := scanElection(tx.QueryRowContext(ctx, `SELECT `+electionColumns+` FROM elections WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "err.election_not_found")
		}
		if e.Status == chamber.MotionOpen {
			out = e
			return db.loadCandidates(ctx, tx, out)
		}
		if e.Status != chamber.MotionDraft {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "election_closed", Key: "err.motion_closed"}
		}
		if err := tx.requireQuorate(e.MeetingID); err != nil {
			return err
		}
		if out, err = scanElection(tx.QueryRowContext(ctx, `UPDATE elections SET status = 'open', opened_at = $1 WHERE id = $2 RETURNING `+electionColumns,
			micros(tx.Now()), id)); err != nil {
			return err
		}
		if err := db.loadCandidates(ctx, tx, out); err != nil {
			return err
		}
		return tx.Audit("election.open", "election", id, nil, out)
	})
	return out, err
}

// CloseElection ends the vote; closing again returns the same result.
func (db *DB) CloseElection(ctx context.Context, id chamber.ID) (*chamber.ElectionResult, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var res *chamber.ElectionResult
	err := db.Write(ctx, actor, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE elections SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'`, micros(tx.Now()), id)
		if err != nil {
			return err
		}
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM elections WHERE id = $1`, id).Scan(&status); err != nil {
			return notFound(err, "err.election_not_found")
		}
		if status != chamber.MotionClosed {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "election_not_open", Key: "err.motion_not_open"}
		}
		if res, err = electionResult(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("election.close", "election", id, nil, res)
	})
	return res, err
}

func (db *DB) ElectionResult(ctx context.Context, id chamber.ID) (*chamber.ElectionResult, error) {
	return electionResult(ctx, db.read, id)
}

func electionResult(ctx context.Context, q querier, id chamber.ID) (*chamber.ElectionResult, error) {
	var r chamber.ElectionResult
	var seats int
	var secret bool
	if err := q.QueryRowContext(ctx, `SELECT status, seats, secret, cast_weight FROM elections WHERE id = $1`, id).Scan(&r.Status, &seats, &secret, &r.Cast); err != nil {
		return nil, notFound(err, "err.election_not_found")
	}
	r.Tally, r.Elected, r.Tied = []chamber.TallyRow{}, []chamber.ID{}, []chamber.ID{}
	if r.Status == chamber.MotionOpen && secret || r.Status == chamber.MotionDraft {
		return &r, nil
	}
	rows, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.TallyRow, error) {
		var t chamber.TallyRow
		var name sql.NullString
		err := sc.Scan(&t.MemberID, &name, &t.Votes)
		t.Name = name.String
		return t, err
	}, `SELECT c.member_id, m.name, c.votes FROM election_candidates c LEFT JOIN members m ON m.id = c.member_id
		WHERE c.election_id = $1 ORDER BY c.votes DESC, c.member_id`, id)
	if err != nil {
		return nil, err
	}
	r.Tally = rows
	if r.Status == chamber.MotionClosed {
		elected, tied := chamber.Elect(rows, seats)
		if elected != nil {
			r.Elected = elected
		}
		if tied != nil {
			r.Tied = tied
		}
	}
	return &r, nil
}

// CastElectionBallot records a ballot for up to seats candidates (none is a
// blank ballot), weighted like motions.
func (db *DB) CastElectionBallot(ctx context.Context, electionID chamber.ID, credential string, choices []chamber.ID) (string, error) {
	if credential == "" || len(credential) > 200 {
		return "", &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
	}
	hash := hashSecret(credential)
	receipt, receiptHash := newSecret("rcpt_")
	err := db.writeBatched(ctx, voter, func(tx *Tx) error {
		meetingID, _, w, err := tx.credentialOf(hash)
		if err != nil {
			return err
		}
		var seats int
		err = tx.QueryRowContext(ctx, `UPDATE elections SET cast_weight = cast_weight + $1 WHERE id = $2 AND meeting_id = $3 AND status = 'open' RETURNING seats`,
			w, electionID, meetingID).Scan(&seats)
		if errors.Is(err, sql.ErrNoRows) {
			var other chamber.ID
			if ferr := tx.QueryRowContext(ctx, `SELECT meeting_id FROM elections WHERE id = $1`, electionID).Scan(&other); ferr != nil {
				return chamber.Errorf(chamber.ENOTFOUND, "err.election_not_found")
			}
			if other != meetingID {
				return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "unknown_credential", Key: "err.unknown_credential"}
			}
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "election_not_open", Key: "err.motion_not_open"}
		}
		if err != nil {
			return err
		}
		if len(choices) > seats {
			return fieldErr("choices", "err.too_many_choices", seats)
		}
		seen := map[chamber.ID]bool{}
		for _, c := range choices {
			if seen[c] {
				return fieldErr("choices", "err.proxy_duplicate")
			}
			seen[c] = true
			res, err := tx.ExecContext(ctx, `UPDATE election_candidates SET votes = votes + $1 WHERE election_id = $2 AND member_id = $3`, w, electionID, c)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fieldErr("choices", "err.candidate_unknown", c)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_marks(scope, ref_id, credential_hash, weight) VALUES ('election', $1, $2, $3)`, electionID, hash, w); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_voted", Key: "err.already_voted"}
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_receipts(receipt_hash, scope, ref_id) VALUES ($1, 'election', $2)`, receiptHash, electionID); err != nil {
			return err
		}
		return tx.Audit("ballot.cast", "election", electionID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// HasVoted reports whether a credential's used mark exists.
func (db *DB) HasVoted(ctx context.Context, scope string, refID chamber.ID, credential string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM ballot_marks WHERE scope = $1 AND ref_id = $2 AND credential_hash = $3`,
		scope, refID, hashSecret(credential)).Scan(&n)
	return n > 0, err
}
