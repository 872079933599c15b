package sqlstore_test

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestBatchRefusalsUndoOnlyThemselves: in one group-commit batch, requests
// refused before writing (the fast path, no savepoints) and a request that
// wrote and then failed (the batch runs again with a savepoint each) leave
// every other request's write in place and only their own undone; each
// caller gets its own answer.
func TestBatchRefusalsUndoOnlyThemselves(t *testing.T) {
	db := openDB(t)
	const n = 60
	put := func(tx *sqlstore.Tx, i int) error {
		_, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ($1, 'x')`, fmt.Sprintf("batch.test.%02d", i))
		return err
	}
	refused := chamber.Errorf(chamber.ECONFLICT, "err.already_voted")
	errs := make([]error, n)
	var wg sync.WaitGroup
	first := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i > 0 {
				<-first // queue behind request 0, so the rest share the next batch
			}
			errs[i] = db.WriteBatched(sysCtx, func(tx *sqlstore.Tx) error {
				switch {
				case i == 0:
					close(first)
					time.Sleep(300 * time.Millisecond)
					return put(tx, i)
				case i%5 == 1:
					return sqlstore.Refuse(refused) // before writing
				case i%10 == 3:
					if err := put(tx, i); err != nil {
						return err
					}
					return refused // after writing: must be undone
				}
				return put(tx, i)
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var key string
		row := db.Reader().QueryRow(`SELECT key FROM settings WHERE key = $1`, fmt.Sprintf("batch.test.%02d", i))
		scanErr := row.Scan(&key)
		stored := scanErr == nil
		if scanErr != nil && !errors.Is(scanErr, sql.ErrNoRows) {
			t.Fatal(scanErr)
		}
		refusedHere := i%5 == 1 || i%10 == 3
		if refusedHere {
			if chamber.ErrorCode(err) != chamber.ECONFLICT || stored {
				t.Errorf("request %d: err %v, stored %v; want a conflict and nothing stored", i, err, stored)
			}
			continue
		}
		if err != nil || !stored {
			t.Errorf("request %d: err %v, stored %v; want stored", i, err, stored)
		}
	}
}
