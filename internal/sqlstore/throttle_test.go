package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// reopen opens a second handle on the same database: a second instance.
func reopen(t *testing.T, db *sqlstore.DB, opt sqlstore.Options) *sqlstore.DB {
	t.Helper()
	dsn := db.DSN
	if db.Dialect == sqlstore.SQLite {
		dsn = "sqlite:" + db.Path
	}
	other, err := sqlstore.Open(context.Background(), dsn, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// TestHitSharedAcrossInstances: two handles on one database count one limit
// between them, concurrently, and the window moves on with the clock.
func TestHitSharedAcrossInstances(t *testing.T) {
	clk := newClock()
	a := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clk)})
	b := a // SQLite serves one instance: its windows live in the process
	if a.Dialect == sqlstore.Postgres {
		b = reopen(t, a, optsWithClock(clk))
	}
	ctx := context.Background()
	var mu sync.Mutex
	allowed, refused := 0, 0
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		db := a
		if i%2 == 1 {
			db = b
		}
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				ok, wait, err := db.Hit(ctx, "t:7", time.Second, 100)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if ok {
					allowed++
				} else {
					refused++
					if wait <= 0 || wait > time.Second {
						t.Errorf("wait %v", wait)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 100 || refused != 60 {
		t.Fatalf("allowed %d refused %d of 160, want 100 and 60", allowed, refused)
	}
	// Another key is counted apart.
	if ok, _, _ := b.Hit(ctx, "t:8", time.Second, 100); !ok {
		t.Fatal("another key refused")
	}
	clk.Add(time.Second)
	if ok, _, err := a.Hit(ctx, "t:7", time.Second, 100); !ok || err != nil {
		t.Fatalf("next window: %v %v", ok, err)
	}
	// Cleanup forgets quiet keys.
	clk.Add(2 * time.Hour)
	if err := a.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if a.Dialect == sqlstore.Postgres {
		var n int
		if err := a.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM rate_windows`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("rows after cleanup: %d %v", n, err)
		}
	}
}
