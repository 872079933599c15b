package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

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
	// Every election's candidates in one query, not one per election.
	byID := make(map[chamber.ID]*chamber.Election, len(list))
	for _, e := range list {
		e.Candidates, byID[e.ID] = []chamber.ID{}, e
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.election_id, c.member_id FROM election_candidates c
		JOIN elections e ON e.id = c.election_id WHERE e.meeting_id = $1 ORDER BY c.election_id, c.member_id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var eid, mid chamber.ID
		if err := rows.Scan(&eid, &mid); err != nil {
			return nil, err
		}
		if e := byID[eid]; e != nil {
			e.Candidates = append(e.Candidates, mid)
		}
	}
	for _, e := range list {
		e.Contested = len(e.Candidates) > e.Seats
	}
	return list, rows.Err()
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
		opened, err := tx.openVote(electionVote(id), e.Status, e.MeetingID, e.Secret)
		if err != nil {
			return err
		}
		if !opened {
			out = e
			return db.loadCandidates(ctx, tx, out)
		}
		if out, err = scanElection(tx.QueryRowContext(ctx, `SELECT `+electionColumns+` FROM elections WHERE id = $1`, id)); err != nil {
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
	return writeAs(ctx, db, chamber.PermMeetingManage, func(tx *Tx) (*chamber.ElectionResult, error) { return tx.closeElection(id) })
}

// closeElection closes an open election: a secret one's seals are opened
// and counted into the candidates' votes, and its key destroyed.
func (tx *Tx) closeElection(id chamber.ID) (*chamber.ElectionResult, error) {
	ctx := tx.ctx
	closed, secret, err := tx.closeVote(electionVote(id))
	if err != nil {
		return nil, err
	}
	if !closed {
		return electionResult(ctx, tx, id)
	}
	var seats int
	if err := tx.QueryRowContext(ctx, `SELECT seats FROM elections WHERE id = $1`, id).Scan(&seats); err != nil {
		return nil, err
	}
	if secret {
		v := electionVote(id)
		votes := map[chamber.ID]int64{}
		var cast int64
		err := tx.openBallots(v, func(plain []byte) error {
			choices, w, err := parseElectionPlain(plain, seats)
			if err != nil {
				return err
			}
			for _, c := range choices {
				votes[c] += w
			}
			cast += w
			return nil
		})
		if err != nil {
			return nil, err
		}
		for c, n := range votes {
			res, err := tx.ExecContext(ctx, `UPDATE election_candidates SET votes = $1 WHERE election_id = $2 AND member_id = $3`, n, id, c)
			if err != nil {
				return nil, err
			}
			if k, err := res.RowsAffected(); err != nil || k != 1 {
				return nil, cmp.Or(err, fmt.Errorf("election %d: a sealed ballot names %d, who is no candidate", id, c))
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET cast_weight = $1 WHERE id = $2`, cast, id); err != nil {
			return nil, err
		}
		if err := tx.destroyVoteKey(v); err != nil {
			return nil, err
		}
	}
	res, err := electionResult(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return res, tx.Audit("election.close", "election", id, nil, res)
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
	if r.Status == chamber.MotionDraft {
		return &r, nil
	}
	if r.Status == chamber.MotionOpen && secret {
		// Nothing is counted before close: only the weight cast shows.
		var err error
		r.Cast, err = castSoFar(ctx, q, electionVote(id))
		return &r, err
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
// blank ballot), weighted like motions; a secret one is sealed, padded to
// the seats.
func (db *DB) CastElectionBallot(ctx context.Context, electionID chamber.ID, credential string, choices []chamber.ID) (string, error) {
	if credential == "" || len(credential) > 200 {
		return "", errUnknownCredential()
	}
	hash := hashSecret(credential)
	receipt, receiptHash := newSecret("rcpt_")
	v := electionVote(electionID)
	err := db.writeBatched(ctx, voter, func(tx *Tx) error {
		t, err := tx.target(v, hash)
		if err != nil {
			return refuse(err)
		}
		if len(choices) > t.seats {
			return refuse(fieldErr("choices", "err.too_many_choices", t.seats))
		}
		if err := tx.checkCandidates(electionID, choices); err != nil {
			return refuse(err)
		}
		if t.secret && tx.db.Dialect == Postgres {
			return tx.castSealedPG(v, t, receiptHash, electionPlain(t.seats, choices, t.weight))
		}
		if err := tx.markUsed(v, t); err != nil {
			return err
		}
		if err := tx.addReceipt(v, receiptHash); err != nil {
			return err
		}
		if t.secret {
			return tx.addSealed(v, t.key, electionPlain(t.seats, choices, t.weight))
		}
		res, err := tx.ExecContext(tx.ctx, `UPDATE elections SET cast_weight = cast_weight + $1 WHERE id = $2 AND status = 'open'`, t.weight, electionID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, v.errNotOpen())
		}
		for _, c := range choices {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE election_candidates SET votes = votes + $1 WHERE election_id = $2 AND member_id = $3`, t.weight, electionID, c); err != nil {
				return err
			}
		}
		return tx.Audit("ballot.cast", "election", electionID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// checkCandidates refuses a ballot naming someone twice or no candidate.
// The candidates are read once per transaction: they are fixed when the
// election is created, so a batch of ballots reads them once, not once per
// ballot.
func (tx *Tx) checkCandidates(electionID chamber.ID, choices []chamber.ID) error {
	if len(choices) == 0 {
		return nil
	}
	candidate, err := tx.candidates(electionID)
	if err != nil {
		return err
	}
	seen := map[chamber.ID]bool{}
	for _, c := range choices {
		if seen[c] {
			return fieldErr("choices", "err.proxy_duplicate")
		}
		seen[c] = true
		if !candidate[c] {
			return fieldErr("choices", "err.candidate_unknown", c)
		}
	}
	return nil
}

// candidates is the set of an election's candidates (see checkCandidates).
func (tx *Tx) candidates(electionID chamber.ID) (map[chamber.ID]bool, error) {
	if c, ok := tx.cands[electionID]; ok {
		return c, nil
	}
	ids, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT member_id FROM election_candidates WHERE election_id = $1`, electionID)
	if err != nil {
		return nil, err
	}
	c := make(map[chamber.ID]bool, len(ids))
	for _, id := range ids {
		c[id] = true
	}
	if tx.cands == nil {
		tx.cands = map[chamber.ID]map[chamber.ID]bool{}
	}
	tx.cands[electionID] = c
	return c, nil
}
