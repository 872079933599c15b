package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// sysCtx acts as the system (CLI).
var sysCtx = chamber.WithActor(context.Background(), chamber.SystemActor)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
}

func openDB(t *testing.T) *sqlstore.DB {
	return sqlstoretest.Open(t, sqlstoretest.Options{})
}

func mustCreateUser(t *testing.T, db *sqlstore.DB, username string, admin bool) *chamber.User {
	t.Helper()
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: username, Name: "用户" + username, Password: "secret-password", Admin: admin})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

func actorCtx(t *testing.T, db *sqlstore.DB, id chamber.ID) context.Context {
	t.Helper()
	a, err := db.Actor(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return chamber.WithActor(context.Background(), a)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := chamber.ErrorCode(err); got != code {
		t.Fatalf("got error %v (code %q), want code %q", err, got, code)
	}
}
