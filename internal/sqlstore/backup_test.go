package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func TestBackupRestoreSQLite(t *testing.T) {
	src := sqlstoretest.Open(t, sqlstoretest.Options{SQLiteOnly: true})
	dst := "sqlite:" + filepath.Join(t.TempDir(), "restored", "chamber.db")
	backupRestoreWhileWriting(t, src, dst)
}

func TestBackupRestorePostgres(t *testing.T) {
	pg := postgresURL(t)
	src := sqlstoretest.Open(t, sqlstoretest.Options{}) // a schema of its own
	backupRestoreWhileWriting(t, src, freshDatabase(t, pg))
}

// postgresURL returns CHAMBER_TEST_POSTGRES_URL, skipping the test when it
// is not set (failing it when CHAMBER_TEST_REQUIRE_POSTGRES=1).
func postgresURL(t *testing.T) string {
	t.Helper()
	pg := os.Getenv("CHAMBER_TEST_POSTGRES_URL")
	if pg == "" {
		if os.Getenv("CHAMBER_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("CHAMBER_TEST_REQUIRE_POSTGRES=1 but CHAMBER_TEST_POSTGRES_URL is not set")
		}
		t.Skip("CHAMBER_TEST_POSTGRES_URL is not set")
	}
	return pg
}

// freshDatabase creates an empty database on the test server, dropped when
// the test ends, and returns its DSN (no search_path: the public schema).
func freshDatabase(t *testing.T, pg string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "chamber_t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
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

func openRestored(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// backupRestoreWhileWriting backs src up while a writer keeps adding tokens,
// restores the backup into dst and checks what arrived.
func backupRestoreWhileWriting(t *testing.T, src *sqlstore.DB, dst string) {
	ctx := sysCtx
	var users []*chamber.User
	for i := range 5 {
		u := mustCreateUser(t, src, fmt.Sprintf("user%d", i), i == 0)
		if _, _, err := src.CreateToken(ctx, u.ID, "api"); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}

	stop := make(chan struct{})
	wrote := make(chan struct{}, 1)
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := src.CreateToken(ctx, users[i%len(users)].ID, "busy"); err != nil {
				writeErr = err
				return
			}
			select {
			case wrote <- struct{}{}:
			default:
			}
		}
	}()
	stopWriter := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopWriter()
	select { // the writer is under way
	case <-wrote:
	case <-time.After(5 * time.Second):
		t.Fatal("the writer made no write")
	}

	headBefore := auditHead(t, src)
	out := filepath.Join(t.TempDir(), "chamber.backup")
	if err := src.Backup(ctx, out); err != nil {
		t.Fatalf("backup: %v", err)
	}
	headAfter := auditHead(t, src)
	if err := src.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(out)); len(ents) != 1 {
		t.Fatalf("backup left files behind: %v", ents)
	}

	if err := sqlstore.Restore(ctx, out, dst); err != nil {
		t.Fatalf("restore: %v", err)
	}
	db := openRestored(t, dst)
	if pending, err := db.PendingMigrations(ctx); err != nil || len(pending) > 0 {
		t.Fatalf("restored database has pending migrations %v (%v)", pending, err)
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || !res.OK {
		t.Fatalf("verify restored: %+v %v", res, err)
	}
	t.Logf("audit records: %d at backup start, %d restored, %d at backup end", headBefore, res.Checked, headAfter)
	if res.Checked < headBefore || res.Checked > headAfter {
		t.Fatalf("restored %d audit records, want between %d (backup start) and %d (backup end)", res.Checked, headBefore, headAfter)
	}
	for _, u := range users {
		got, err := db.FindUserByUsername(ctx, u.Username)
		if err != nil || got.ID != u.ID {
			t.Fatalf("user %s after restore: %+v %v", u.Username, got, err)
		}
	}
	var tokens, tokenAudits int
	if err := db.Reader().QueryRow(`SELECT (SELECT COUNT(*) FROM api_tokens),
		(SELECT COUNT(*) FROM audit_log WHERE action = 'token.create')`).Scan(&tokens, &tokenAudits); err != nil {
		t.Fatal(err)
	}
	if tokens != tokenAudits || tokens < len(users) {
		t.Fatalf("restored %d tokens and %d token.create records", tokens, tokenAudits)
	}
	// The restored database takes writes (identity sequences came along).
	if _, err := db.CreateUser(ctx, chamber.NewUser{Username: "after", Name: "恢复后", Password: "secret-password"}); err != nil {
		t.Fatalf("write after restore: %v", err)
	}

	// A second restore into what is now a chamber database is refused.
	if err := sqlstore.Restore(ctx, out, dst); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("restore into a non-empty database: %v", err)
	}
	stopWriter()
	if writeErr != nil {
		t.Fatalf("writer: %v", writeErr)
	}
}

func auditHead(t *testing.T, db *sqlstore.DB) int64 {
	t.Helper()
	c, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.AuditRecords
}

func TestRestoreSQLiteRefusals(t *testing.T) {
	ctx := sysCtx
	src := sqlstoretest.Open(t, sqlstoretest.Options{SQLiteOnly: true})
	mustCreateUser(t, src, "wang", false)
	dir := t.TempDir()
	out := filepath.Join(dir, "good.backup")
	if err := src.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}

	// Into the live source database itself: not empty.
	if err := sqlstore.Restore(ctx, out, "sqlite:"+src.Path); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("restore over a database: %v", err)
	}
	// A target that is not a database at all.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600)
	if err := sqlstore.Restore(ctx, out, "sqlite:"+junk); err == nil {
		t.Fatal("restore over a non-database file accepted")
	}
	// A damaged backup leaves no target behind.
	bad := filepath.Join(dir, "bad.backup")
	os.WriteFile(bad, []byte(strings.Repeat("garbage ", 1000)), 0o600)
	target := filepath.Join(dir, "new.db")
	if err := sqlstore.Restore(ctx, bad, "sqlite:"+target); err == nil {
		t.Fatal("restore of garbage accepted")
	}
	// An empty SQLite database is not a chamber backup.
	empty, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "empty.backup"))
	if err != nil {
		t.Fatal(err)
	}
	empty.Exec(`CREATE TABLE x(y)`)
	empty.Close()
	if err := sqlstore.Restore(ctx, filepath.Join(dir, "empty.backup"), "sqlite:"+target); err == nil || !strings.Contains(err.Error(), "not a chamber backup") {
		t.Fatalf("restore of a foreign database: %v", err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("failed restores left %s: %v", target, err)
	}
	// An empty file (what Open leaves before migrating) is an empty target.
	os.WriteFile(target, nil, 0o600)
	if err := sqlstore.Restore(ctx, out, "sqlite:"+target); err != nil {
		t.Fatalf("restore into an empty file: %v", err)
	}
	if _, err := openRestored(t, "sqlite:"+target).FindUserByUsername(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("restore left %s behind", e.Name())
		}
	}
}

func TestRestorePostgresTargets(t *testing.T) {
	pg := postgresURL(t)
	ctx := sysCtx
	src := sqlstoretest.Open(t, sqlstoretest.Options{})
	mustCreateUser(t, src, "wang", false)
	out := filepath.Join(t.TempDir(), "chamber.dump")
	if err := src.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}

	// Into the source itself: it holds a chamber database.
	if err := sqlstore.Restore(ctx, out, src.DSN); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("restore into the source: %v", err)
	}
	// Into another database that holds a chamber already.
	if err := sqlstore.Restore(ctx, out, sqlstoretest.DSN(t, false)); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("restore into another chamber database: %v", err)
	}
	// Into a database whose public schema holds something else.
	busy := freshDatabase(t, pg)
	func() {
		conn, err := sql.Open("pgx", busy)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Exec(`CREATE TABLE other_app(x int)`); err != nil {
			t.Fatal(err)
		}
	}()
	if err := sqlstore.Restore(ctx, out, busy); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("restore into a busy schema: %v", err)
	}
	// Without the client tools the error says what to install.
	t.Setenv("PATH", t.TempDir())
	if err := src.Backup(ctx, filepath.Join(t.TempDir(), "x.dump")); err == nil || !strings.Contains(err.Error(), "pg_dump not found on PATH") {
		t.Fatalf("backup without pg_dump: %v", err)
	}
}
