// Package sqlstoretest opens real, migrated databases for tests: a temp-file
// SQLite by default, or a fresh schema in the PostgreSQL named by
// CHAMBER_TEST_POSTGRES_URL. With CHAMBER_TEST_REQUIRE_POSTGRES=1 a missing
// PostgreSQL fails the test instead of falling back.
package sqlstoretest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// Options for Open.
type Options struct {
	sqlstore.Options
	// SQLiteOnly forces SQLite even when PostgreSQL is configured (for tests
	// of SQLite's own behaviour: the file, VACUUM INTO).
	SQLiteOnly bool
}

// DSN returns a database address for one test: a new SQLite file, or a new
// schema in the test PostgreSQL, dropped when the test ends.
func DSN(t testing.TB, sqliteOnly bool) string {
	t.Helper()
	pg := os.Getenv("CHAMBER_TEST_POSTGRES_URL")
	if pg == "" && os.Getenv("CHAMBER_TEST_REQUIRE_POSTGRES") == "1" && !sqliteOnly {
		t.Fatal("CHAMBER_TEST_REQUIRE_POSTGRES=1 but CHAMBER_TEST_POSTGRES_URL is not set")
	}
	if pg == "" || sqliteOnly {
		return "sqlite:" + filepath.Join(t.TempDir(), "chamber.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated database for one test, closed when it ends.
func Open(t testing.TB, opt Options) *sqlstore.DB {
	t.Helper()
	if opt.Hasher == nil {
		opt.Hasher = password.New(password.Fast, 0)
	}
	db, err := sqlstore.Open(context.Background(), DSN(t, opt.SQLiteOnly), opt.Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
