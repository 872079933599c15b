package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/chamber-org/chamber"
)

// Group commit for small, hot writes on SQLite (ballots): requests that
// arrive while a commit is under way wait and then share one transaction,
// each in a savepoint of its own, so one refused ballot does not undo the
// others and a hall of voters costs one fsync per batch instead of one per
// ballot. Nothing is acknowledged before its batch commits. On PostgreSQL
// the same batching matters as much: every ballot takes the motion's row
// and the audit chain's head, so ballots would otherwise commit one by one.

const maxBatch = 256

type batchReq struct {
	ctx    context.Context // the caller's: consulted only before fn starts
	fn     func(tx *Tx) error
	ballot *motionBallot // a motion ballot's bulk form (PostgreSQL's fast path), or nil
	done   chan error
}

var errClosed = errors.New("database closed")

// writeBatched runs fn as one durable write, batched with others. fn runs
// in the batch's transaction and must use tx.ctx, never the caller's
// context: one voter going away must not abort the others' ballots (on
// PostgreSQL a cancelled statement aborts the whole transaction).
func (db *DB) writeBatched(ctx context.Context, actor *chamber.Actor, fn func(tx *Tx) error) error {
	return db.enqueue(ctx, actor, &batchReq{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// castBatched is writeBatched for a motion ballot: on PostgreSQL's fast
// path the batch casts its motion ballots together (vote_bulk.go); fn is
// the single path, for SQLite and for a batch run again with savepoints.
func (db *DB) castBatched(ctx context.Context, actor *chamber.Actor, b *motionBallot, fn func(tx *Tx) error) error {
	return db.enqueue(ctx, actor, &batchReq{ctx: ctx, fn: fn, ballot: b, done: make(chan error, 1)})
}

func (db *DB) enqueue(ctx context.Context, actor *chamber.Actor, req *batchReq) error {
	db.batchOnce.Do(func() {
		db.batchCh = make(chan *batchReq, 4*maxBatch)
		db.batchDone = make(chan struct{})
		go db.batcher(actor)
	})
	select {
	case db.batchCh <- req:
	case <-db.batchDone:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the outcome is decided by the batch: wait for it even if
	// the caller goes away, so nothing is half known.
	select {
	case err := <-req.done:
		return err
	case <-db.batchDone:
		return errClosed
	}
}

func (db *DB) batcher(actor *chamber.Actor) {
	for {
		var first *batchReq
		select {
		case first = <-db.batchCh:
		case <-db.batchDone:
			return
		}
		batch := []*batchReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-db.batchCh:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		results, err := db.runBatch(actor, batch, false)
		for again := 0; again < 2 && errors.Is(err, errUnclean); again++ {
			// A write failed after another had been made (or a motion
			// closed under the batch): run it again, each request in a
			// savepoint of its own.
			results, err = db.runBatch(actor, batch, true)
		}
		for i, r := range batch {
			if err != nil {
				r.done <- err
			} else {
				r.done <- results[i]
			}
		}
	}
}

// runBatch runs a batch's requests in one transaction. Without savepoints
// (the fast path: two statements fewer per ballot and no subtransactions,
// which PostgreSQL's snapshots pay for past 64 per transaction) a request
// may only be refused before it wrote anything (refuse); any other error
// aborts the transaction with errUnclean and the batch runs again with a
// savepoint per request, so one refused ballot does not undo the others.
// On PostgreSQL the fast path casts the motion ballots in bulk, after the
// other requests (castBulkPG: a few statements per motion, not two per
// ballot).
func (db *DB) runBatch(actor *chamber.Actor, batch []*batchReq, savepoints bool) ([]error, error) {
	results := make([]error, len(batch))
	var run *Tx
	defer func() {
		if run != nil {
			db.batches.runs.Add(1)
			if savepoints {
				db.batches.reruns.Add(1)
			}
			db.batches.requests.Add(int64(len(batch)))
			db.batches.statements.Add(int64(run.stmts))
		}
	}()
	err := db.Write(context.Background(), actor, func(tx *Tx) error {
		run = tx
		bulk := !savepoints && db.Dialect == Postgres
		for i, r := range batch {
			if bulk && r.ballot != nil {
				continue // after the others: see castBulkPG
			}
			if err := r.ctx.Err(); err != nil {
				results[i] = err // gone before its turn: nothing done, nothing acknowledged
				continue
			}
			if !savepoints {
				mark := len(tx.pending)
				if results[i] = r.fn(tx); results[i] != nil {
					var c cleanRefusal
					if !errors.As(results[i], &c) {
						return errUnclean
					}
					results[i], tx.pending = c.error, tx.pending[:mark]
				}
				continue
			}
			sp, mark := fmt.Sprintf("b%d", i), len(tx.pending)
			tallies := cloneTallies(tx.tallies)
			if _, err := tx.ExecContext(tx.ctx, `SAVEPOINT `+sp); err != nil {
				return err
			}
			if results[i] = r.fn(tx); results[i] != nil {
				var c cleanRefusal
				if errors.As(results[i], &c) {
					results[i] = c.error
				}
				if _, err := tx.ExecContext(tx.ctx, `ROLLBACK TO `+sp); err != nil {
					return err
				}
				tx.pending = tx.pending[:mark] // its audit records go with it
				tx.shared = nil                // and the row locks it took
				tx.tallies = tallies           // and the counts it added
			}
			if _, err := tx.ExecContext(tx.ctx, `RELEASE `+sp); err != nil {
				return err
			}
		}
		if bulk {
			if err := tx.castBulkPG(batch, results); err != nil {
				return errUnclean
			}
		}
		return nil
	})
	return results, err
}

// batchStats counts the group commit's work: the batch runs, the requests
// in them and the statements they sent (BEGIN and COMMIT aside), which the
// tests read as the load-independent cost of a ballot.
type batchStats struct{ runs, reruns, requests, statements atomic.Int64 }

// GroupCommitStats is what the group commit did so far.
type GroupCommitStats struct {
	Runs       int64 // transactions run (a batch run again counts twice)
	Reruns     int64 // of them, runs again with a savepoint per request
	Requests   int64 // requests in them
	Statements int64 // statements they sent, BEGIN and COMMIT aside
}

// GroupCommitStats reports the group commit's work so far (for the load
// scenario: statements per batch do not depend on the machine's load).
func (db *DB) GroupCommitStats() GroupCommitStats {
	return GroupCommitStats{db.batches.runs.Load(), db.batches.reruns.Load(), db.batches.requests.Load(), db.batches.statements.Load()}
}

func cloneTallies(m map[chamber.ID]*[4]int64) map[chamber.ID]*[4]int64 {
	out := make(map[chamber.ID]*[4]int64, len(m))
	for id, c := range m {
		cc := *c
		out[id] = &cc
	}
	return out
}

// errUnclean aborts a batch run without savepoints (see runBatch).
var errUnclean = errors.New("batch: a request failed after writing")

// cleanRefusal marks a batched request's refusal made before it wrote
// anything: nothing needs undoing.
type cleanRefusal struct{ error }

func (c cleanRefusal) Unwrap() error { return c.error }

// refuse marks a domain refusal as clean (see cleanRefusal); a database
// error stays what it is (on PostgreSQL it has aborted the transaction).
func refuse(err error) error {
	if e := (*chamber.Error)(nil); errors.As(err, &e) {
		return cleanRefusal{err}
	}
	return err
}
