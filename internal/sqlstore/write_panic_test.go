package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestPanickingWriteDoesNotBlockTheNext: a write whose function panics
// (holding the audit chain's row and, on SQLite, the one writer
// connection) is rolled back, and the next write goes through at once.
func TestPanickingWriteDoesNotBlockTheNext(t *testing.T) {
	db := openDB(t)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not reach the caller")
			}
		}()
		_ = db.Write(sysCtx, chamber.SystemActor, func(tx *sqlstore.Tx) error {
			if _, err := tx.Exec(`UPDATE chain_heads SET seq = seq WHERE name = 'audit'`); err != nil {
				t.Error(err)
			}
			if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('panic.test', 'left behind')`); err != nil {
				t.Error(err)
			}
			panic("boom")
		})
	}()
	done := make(chan error, 1)
	go func() {
		_, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "after", Name: "之后", Password: "secret-password"})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the write after the panic: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the write after a panicking write is blocked")
	}
	var n int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM settings WHERE key = 'panic.test'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the panicking write was not rolled back: %d rows (%v)", n, err)
	}
}
