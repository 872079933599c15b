package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
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
		opened, err := tx.openVote(motionVote(id), mo.Status, mo.MeetingID, mo.Secret)
		if err != nil || !opened {
			out = mo
			return err
		}
		if out, err = scanMotion(tx.QueryRowContext(ctx, `SELECT `+motionColumns+` FROM motions WHERE id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("motion.open", "motion", id, mo, out)
	})
	return out, err
}

// CloseMotion ends the vote and fixes the result; closing again returns
// the same result.
func (db *DB) CloseMotion(ctx context.Context, id chamber.ID) (*chamber.Result, error) {
	return writeAs(ctx, db, chamber.PermMeetingManage, func(tx *Tx) (*chamber.Result, error) { return tx.closeMotion(id) })
}

func (tx *Tx) closeMotion(id chamber.ID) (*chamber.Result, error) {
	ctx := tx.ctx
	closed, secret, err := tx.closeVote(motionVote(id))
	if err != nil {
		return nil, err
	}
	if !closed {
		return motionResult(ctx, tx, id)
	}
	var meetingID chamber.ID
	var threshold string
	var yes, no, abstain, cast int64
	if err := tx.QueryRowContext(ctx, `SELECT meeting_id, threshold, yes, no, abstain, cast_weight FROM motions WHERE id = $1`, id).
		Scan(&meetingID, &threshold, &yes, &no, &abstain, &cast); err != nil {
		return nil, err
	}
	if secret {
		// Open the seals and count; then the motion's key goes.
		v := motionVote(id)
		err := tx.openBallots(v, func(plain []byte) error {
			c, w, err := parseMotionPlain(plain)
			if err != nil {
				return err
			}
			switch c {
			case 1:
				yes += w
			case 2:
				no += w
			default:
				abstain += w
			}
			cast += w
			return nil
		})
		if err != nil {
			return nil, err
		}
		if err := tx.destroyVoteKey(v); err != nil {
			return nil, err
		}
	}
	q, err := quorumOf(ctx, tx, meetingID)
	if err != nil {
		return nil, err
	}
	passed := chamber.Passes(threshold, yes, q.Represented, cast, q.Entitled)
	if _, err := tx.ExecContext(ctx, `UPDATE motions SET yes = $1, no = $2, abstain = $3, cast_weight = $4, present = $5, entitled = $6, passed = $7, follow_up = $8
		WHERE id = $9`, yes, no, abstain, cast, q.Represented, q.Entitled, passed, map[bool]string{true: "pending", false: ""}[passed], id); err != nil {
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
		// Nothing is counted before close: only the weight cast shows.
		r.Threshold = ""
		r.Cast, err = castSoFar(ctx, q, motionVote(id))
		return &r, err
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

// CastBallot records one ballot, batched with others (group commit): the
// credential's used mark (a second ballot is refused) and a receipt; for an
// open motion the choice with the member and the running count; for a
// secret one only the choice sealed with the motion's key, so nothing
// stored names the voter, the time, the order or, until close, the choice.
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
		return "", errUnknownCredential()
	}
	hash := hashSecret(credential)
	receipt, receiptHash := newSecret("rcpt_")
	v := motionVote(motionID)
	bulk := &motionBallot{v: v, hash: hash, receiptHash: receiptHash, choice: choice, dy: dy, dn: dn, da: da}
	err := db.castBatched(ctx, voter, bulk, func(tx *Tx) error {
		t, err := tx.target(v, hash)
		if err != nil {
			return refuse(err)
		}
		if tx.db.Dialect == Postgres {
			if t.secret {
				return tx.castSealedPG(v, t, receiptHash, motionPlain(choice, t.weight))
			}
			if err := tx.castOpenMotionPG(v, t, receiptHash, choice, dy, dn, da); err != nil {
				return err
			}
			return tx.Audit("ballot.cast", "motion", motionID, nil, map[string]any{"member_id": t.memberID, "choice": choice, "weight": t.weight})
		}
		if err := tx.markUsed(v, t); err != nil {
			return err
		}
		if err := tx.addReceipt(v, receiptHash); err != nil {
			return err
		}
		if t.secret {
			return tx.addSealed(v, t.key, motionPlain(choice, t.weight))
		}
		w := t.weight
		res, err := tx.ExecContext(tx.ctx, `UPDATE motions SET yes = yes + $1, no = no + $2, abstain = abstain + $3, cast_weight = cast_weight + $4
			WHERE id = $5 AND status = 'open'`, dy*w, dn*w, da*w, w, motionID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, v.errNotOpen())
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO open_ballots(motion_id, member_id, choice, weight) VALUES ($1, $2, $3, $4)`, motionID, t.memberID, choice, w); err != nil {
			return err
		}
		return tx.Audit("ballot.cast", "motion", motionID, nil, map[string]any{"member_id": t.memberID, "choice": choice, "weight": w})
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// HasVoted reports whether the used mark of a credential's check-in exists.
func (db *DB) HasVoted(ctx context.Context, scope string, refID chamber.ID, credential string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM ballot_marks b JOIN check_ins c ON c.credential_hash = b.credential_hash
		WHERE b.scope = $1 AND b.ref_id = $2 AND c.login_hash = $3`, scope, refID, hashSecret(credential)).Scan(&n)
	return n > 0, err
}
