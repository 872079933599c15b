package sqlstoretest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sheet"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// A seeded set is a database that a seed function filled once per test
// process (the demo chamber takes seconds to write, longer on
// PostgreSQL); each test of it gets its own copy: a copy of the SQLite
// file, or a PostgreSQL database made with the set as its template.
type seededSet struct {
	once   sync.Once
	sqlite string // the set's file, or
	pg     string // the set's PostgreSQL database
	err    error
}

var (
	seededMu   sync.Mutex
	seededSets = map[string]*seededSet{}
	// seededKey is the installation key of every seeded set and its copies:
	// what the seed sealed (vote keys) opens with it.
	seededKey = seal.NewKey()
)

func seededOptions() sqlstore.Options {
	return sqlstore.Options{Hasher: password.New(password.Fast, 0), Key: seededKey, Texts: i18n.T, ReadSheet: sheet.ReadImport}
}

// OpenSeeded is Open for a database holding what seed writes into a new
// one: seed runs once per test process for each name, and every test gets
// a copy of its own, closed and dropped when the test ends. The copies have
// Open's default options but one installation key for the process (what
// the seed sealed must open). Call DropSeeded when the process's tests
// have run.
func OpenSeeded(t testing.TB, name string, seed func(context.Context, *sqlstore.DB) error) *sqlstore.DB {
	t.Helper()
	pg := os.Getenv("CHAMBER_TEST_POSTGRES_URL")
	if pg == "" && os.Getenv("CHAMBER_TEST_REQUIRE_POSTGRES") == "1" {
		t.Fatal("CHAMBER_TEST_REQUIRE_POSTGRES=1 but CHAMBER_TEST_POSTGRES_URL is not set")
	}
	seededMu.Lock()
	set := seededSets[name]
	if set == nil {
		set = &seededSet{}
		seededSets[name] = set
	}
	seededMu.Unlock()
	set.once.Do(func() { set.err = set.build(pg, seed) })
	if set.err != nil {
		t.Fatalf("seeded set %s: %v", name, set.err)
	}
	var dsn string
	if set.pg != "" {
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatal(err)
		}
		copyName := newDatabaseName()
		if err := createFrom(admin, copyName, set.pg); err != nil {
			admin.Close()
			t.Fatalf("postgres: %v", err)
		}
		t.Cleanup(func() {
			admin.Exec(`DROP DATABASE IF EXISTS ` + copyName + ` WITH (FORCE)`)
			admin.Close()
		})
		dsn = withDatabase(t, pg, copyName)
	} else {
		path := filepath.Join(t.TempDir(), "chamber.db")
		for _, suffix := range []string{"", "-wal"} { // a log left by the seed goes with its file
			if err := copyFile(set.sqlite+suffix, path+suffix); err != nil && !(suffix != "" && os.IsNotExist(err)) {
				t.Fatal(err)
			}
		}
		dsn = "sqlite:" + path
	}
	db, err := sqlstore.Open(context.Background(), dsn, seededOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// build makes the set: a migrated database, seeded, closed.
func (s *seededSet) build(pg string, seed func(context.Context, *sqlstore.DB) error) error {
	ctx := context.Background()
	var dsn string
	if pg != "" {
		tmpl, err := postgresTemplate(pg)
		if err != nil {
			return err
		}
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			return err
		}
		defer admin.Close()
		s.pg = newDatabaseName()
		if err := createFrom(admin, s.pg, tmpl); err != nil {
			return err
		}
		dsn = withDatabase(nopTB{}, pg, s.pg)
	} else {
		dir, err := os.MkdirTemp("", "chamber-seeded-")
		if err != nil {
			return err
		}
		s.sqlite = filepath.Join(dir, "seed.db")
		dsn = "sqlite:" + s.sqlite
	}
	db, err := sqlstore.Open(ctx, dsn, seededOptions())
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	err = seed(ctx, db)
	// Closing checkpoints SQLite's write-ahead log into the file and ends
	// every PostgreSQL connection, so the set can be copied.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// DropSeeded removes the process's seeded sets (their copies go with
// their tests).
func DropSeeded() {
	seededMu.Lock()
	defer seededMu.Unlock()
	for name, s := range seededSets {
		if s.pg != "" {
			if admin, err := sql.Open("pgx", os.Getenv("CHAMBER_TEST_POSTGRES_URL")); err == nil {
				admin.Exec(`DROP DATABASE IF EXISTS ` + s.pg + ` WITH (FORCE)`)
				admin.Close()
			}
		}
		if s.sqlite != "" {
			os.RemoveAll(filepath.Dir(s.sqlite))
		}
		delete(seededSets, name)
	}
}

func newDatabaseName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "t_" + hex.EncodeToString(b)
}

// createFrom makes database name as a copy of tmpl, waiting while another
// copy of tmpl is being made (PostgreSQL refuses a template in use).
func createFrom(admin *sql.DB, name, tmpl string) error {
	var err error
	for try := 0; try <= 100; try++ {
		if _, err = admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + tmpl); err == nil || !strings.Contains(err.Error(), "being accessed by other users") {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
