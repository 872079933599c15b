package sqlstore

import (
	"context"
	"errors"
	"fmt"

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
	ctx  context.Context // the caller's: consulted only before fn starts
	fn   func(tx *Tx) error
	done chan error
}

var errClosed = errors.New("database closed")

// writeBatched runs fn as one durable write, batched with others. fn runs
// in the batch's transaction and must use tx.ctx, never the caller's
// context: one voter going away must not abort the others' ballots (on
// PostgreSQL a cancelled statement aborts the whole transaction).
func (db *DB) writeBatched(ctx context.Context, actor *chamber.Actor, fn func(tx *Tx) error) error {
	db.batchOnce.Do(func() {
		db.batchCh = make(chan *batchReq, 4*maxBatch)
		db.batchDone = make(chan struct{})
		go db.batcher(actor)
	})
	req := &batchReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
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
		results := make([]error, len(batch))
		err := db.Write(context.Background(), actor, func(tx *Tx) error {
			for i, r := range batch {
				if err := r.ctx.Err(); err != nil {
					results[i] = err // gone before its turn: nothing done, nothing acknowledged
					continue
				}
				sp, mark := fmt.Sprintf("b%d", i), len(tx.pending)
				if _, err := tx.ExecContext(tx.ctx, `SAVEPOINT `+sp); err != nil {
					return err
				}
				if results[i] = r.fn(tx); results[i] != nil {
					if _, err := tx.ExecContext(tx.ctx, `ROLLBACK TO `+sp); err != nil {
						return err
					}
					tx.pending = tx.pending[:mark] // its audit records go with it
				}
				if _, err := tx.ExecContext(tx.ctx, `RELEASE `+sp); err != nil {
					return err
				}
			}
			return nil
		})
		for i, r := range batch {
			if err != nil {
				r.done <- err
			} else {
				r.done <- results[i]
			}
		}
	}
}
