// Package sqlstoretest opens real, migrated databases for tests: a temp-file
// SQLite by default, or a fresh schema in the PostgreSQL named by
// CHAMBER_TEST_POSTGRES_URL (a copy of a migrated template database). With CHAMBER_TEST_REQUIRE_POSTGRES=1 a missing
// PostgreSQL fails the test instead of falling back.
package sqlstoretest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sheet"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// Options for Open. A nil Key gets a random installation key for the test;
// give one (seal.NewKey) to reopen the same database with it.
type Options struct {
	sqlstore.Options
	// SQLiteOnly forces SQLite even when PostgreSQL is configured (for tests
	// of SQLite's own behaviour: the file, VACUUM INTO).
	SQLiteOnly bool
}

// DSN returns a database address for one test: a new SQLite file, or a new
// database in the test PostgreSQL, dropped when the test ends.
func DSN(t testing.TB, sqliteOnly bool) string {
	t.Helper()
	pg := os.Getenv("CHAMBER_TEST_POSTGRES_URL")
	if pg == "" && os.Getenv("CHAMBER_TEST_REQUIRE_POSTGRES") == "1" && !sqliteOnly {
		t.Fatal("CHAMBER_TEST_REQUIRE_POSTGRES=1 but CHAMBER_TEST_POSTGRES_URL is not set")
	}
	if pg == "" || sqliteOnly {
		return "sqlite:" + filepath.Join(t.TempDir(), "chamber.db")
	}
	tmpl, err := postgresTemplate(pg)
	if err != nil {
		t.Fatalf("postgres template: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	// Copying a migrated template is several times faster than migrating.
	for try := 0; ; try++ {
		err = createFrom(admin, name, tmpl)
		if err == nil || try == 20 || !strings.Contains(err.Error(), "does not exist") {
			break
		}
		forgetTemplate() // dropped by another worktree's run: build it again
		if tmpl, err = postgresTemplate(pg); err != nil {
			break
		}
	}
	if err != nil {
		admin.Close()
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	return withDatabase(t, pg, name)
}

func withDatabase(t testing.TB, pg, name string) string {
	u, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	templateMu    sync.Mutex
	templateBuilt bool
	templateName  string
	templateErr   error
)

// forgetTemplate makes the next postgresTemplate look again (another
// worktree's test run may have dropped it).
func forgetTemplate() {
	templateMu.Lock()
	templateBuilt = false
	templateMu.Unlock()
}

// postgresTemplate makes (once per migration set, shared by every test
// process) a migrated database that tests copy.
func postgresTemplate(pg string) (string, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	if templateBuilt {
		return templateName, templateErr
	}
	templateBuilt = true
	func() {
		h := sha256.New()
		names, err := sqlstore.MigrationNames(sqlstore.Postgres)
		if err != nil {
			templateErr = err
			return
		}
		for _, n := range names {
			body, _ := sqlstore.MigrationFile(sqlstore.Postgres, n)
			h.Write(body)
		}
		h.Write([]byte(sqlstore.SeedVersion))
		name := "chamber_tmpl_" + hex.EncodeToString(h.Sum(nil))[:12]
		ctx := context.Background()
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			templateErr = err
			return
		}
		defer admin.Close()
		conn, err := admin.Conn(ctx)
		if err != nil {
			templateErr = err
			return
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727273)`); err != nil {
			templateErr = err
			return
		}
		defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(727273)`)
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
			templateErr = err
			return
		}
		templateName = name
		if n > 0 {
			return
		}
		// Templates of other migration sets stay: several worktrees with
		// different migrations share this server, and dropping another's
		// template (WITH FORCE) fails its running tests.
		build := name + "_build"
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+build+` WITH (FORCE)`)
		if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+build); err != nil {
			templateErr = err
			return
		}
		db, err := sqlstore.Open(ctx, withDatabase(nopTB{}, pg, build), sqlstore.Options{Hasher: password.New(password.Fast, 0)})
		if err != nil {
			templateErr = err
			return
		}
		err = db.Migrate(ctx)
		db.Close()
		if err != nil {
			templateErr = err
			return
		}
		_, templateErr = conn.ExecContext(ctx, `ALTER DATABASE `+build+` RENAME TO `+name)
	}()
	return templateName, templateErr
}

// nopTB lets withDatabase run outside a test.
type nopTB struct{ testing.TB }

func (nopTB) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (nopTB) Helper()           {}

// Open returns a migrated database for one test, closed when it ends.
func Open(t testing.TB, opt Options) *sqlstore.DB {
	t.Helper()
	if opt.Hasher == nil {
		opt.Hasher = password.New(password.Fast, 0)
	}
	if opt.Key == nil {
		opt.Key = seal.NewKey() // an installation key of this test only
	}
	if opt.Texts == nil {
		opt.Texts = i18n.T // what the program passes
	}
	if opt.ReadSheet == nil {
		opt.ReadSheet = sheet.ReadImport
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
