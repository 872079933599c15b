package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/chamber-org/chamber/internal/password"
)

// Backup writes a consistent copy of the database to out while writes go on.
// It refuses to overwrite: out must not exist. The file is written beside out
// under a temporary name, synced, and only then given its name, so out is
// either absent or complete.
//
// SQLite: VACUUM INTO, a compact single file (no -wal) that Restore and
// sqlite3 open directly. PostgreSQL: pg_dump's custom format, which needs the
// PostgreSQL client tools on PATH; a DSN with search_path dumps only the
// first schema named there.
//
// Backup covers the database only, not the blob folder beside it.
func (db *DB) Backup(ctx context.Context, out string) error {
	if out == "" {
		return errors.New("backup: no output file given")
	}
	if err := refuseExisting(out); err != nil {
		return err
	}
	dir := filepath.Dir(out)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // a no-op once installed

	switch db.Dialect {
	case SQLite:
		err = db.backupSQLite(ctx, tmpName)
	case Postgres:
		err = db.backupPostgres(ctx, tmpName)
	default:
		err = fmt.Errorf("unknown dialect %q", db.Dialect)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := installNew(tmpName, out); err != nil {
		return err
	}
	return syncDir(dir)
}

func refuseExisting(out string) error {
	_, err := os.Lstat(out)
	if err == nil {
		return fmt.Errorf("backup: %s already exists: choose a new file name (a backup never overwrites)", out)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// installNew gives tmp the name out without replacing a file that appeared
// there meanwhile: a hard link fails if out exists. Where links are not
// supported it falls back to a checked rename.
func installNew(tmp, out string) error {
	err := os.Link(tmp, out)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return refuseExisting(out)
	}
	if err := refuseExisting(out); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// backupSQLite runs VACUUM INTO on a connection of its own: the reader pool
// is query_only, which forbids it, and the writer must stay free for writes.
// In WAL mode the VACUUM reads one snapshot and blocks no writer.
func (db *DB) backupSQLite(ctx context.Context, tmp string) error {
	abs, err := filepath.Abs(tmp) // a relative name could be taken for a URI
	if err != nil {
		return err
	}
	conn, err := sql.Open("sqlite", sqliteURI(db.Path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, abs); err != nil {
		return fmt.Errorf("VACUUM INTO: %w", err)
	}
	return nil
}

func sqliteURI(path, query string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
}

func (db *DB) backupPostgres(ctx context.Context, tmp string) error {
	bin, err := pgTool("pg_dump")
	if err != nil {
		return err
	}
	t, err := libpqTarget(db.DSN)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--file", tmp}
	if t.schema != "" {
		args = append(args, "--schema", quoteIdent(t.schema))
	}
	args = append(args, "--dbname", t.conn)
	return runTool(ctx, t.env, nil, bin, args...)
}

// Restore loads a backup made by Backup into an empty database and checks
// that the result opens and migrates (a no-op when it is up to date, the
// pending migrations when the backup is older than this binary). It refuses a
// database that holds anything.
//
// SQLite: the target file must be absent or hold no table; the backup is
// copied beside it, checked with PRAGMA integrity_check, synced and renamed
// into place. Nothing may have the target open meanwhile.
//
// PostgreSQL: needs pg_restore and psql on PATH. The restore runs in one
// transaction into the schema the DSN's search_path names first (default
// public); a backup of another schema is renamed to it, in which case the
// schema ends up owned by the restoring role. Owners are not restored
// (--no-owner): the restoring role owns everything.
func Restore(ctx context.Context, file, dsn string) error {
	d, target, err := ParseDSN(dsn)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: backup file: %w", err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("restore: backup %s is not a regular file", file)
	}
	switch d {
	case SQLite:
		err = restoreSQLite(ctx, file, target)
	case Postgres:
		err = restorePostgres(ctx, file, target)
	}
	if err != nil {
		return err
	}
	// No password is hashed here: the cheap hasher spares an OWASP hash at Open.
	db, err := Open(ctx, dsn, Options{Hasher: password.New(password.Fast, 1)})
	if err != nil {
		return fmt.Errorf("restore: the restored database does not open: %w", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("restore: the restored database does not migrate: %w", err)
	}
	return nil
}

func restoreSQLite(ctx context.Context, file, target string) error {
	if err := sqliteTargetEmpty(ctx, target); err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmpName := tmp.Name()
	defer removeSQLiteFiles(tmpName) // no-op once renamed, but for its side files
	err = copyInto(tmp, file)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: copy %s: %w", file, err)
	}
	// Check the copy, which is what gets installed.
	if err := checkSQLiteBackup(ctx, tmpName); err != nil {
		return fmt.Errorf("restore: %s: %w", file, err)
	}
	// Reopening the checked copy may have left empty side files; a leftover
	// WAL of the old target would be replayed onto the new file: both go.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(tmpName + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmpName, target); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(dir)
}

// sqliteTargetEmpty accepts a target that does not exist or holds no table.
func sqliteTargetEmpty(ctx context.Context, target string) error {
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("restore: %s is not a regular file", target)
	}
	conn, err := sql.Open("sqlite", sqliteURI(target, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil {
		return fmt.Errorf("restore: %s exists and is not an empty database (%v): restore only into a new file", target, err)
	}
	if n > 0 {
		return fmt.Errorf("restore: %s is not empty (%d tables): restore only into a new file or an empty database", target, n)
	}
	return nil
}

// checkSQLiteBackup opens a backup read-only and checks that it is sound and
// is a chamber database.
func checkSQLiteBackup(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", sqliteURI(path, "mode=ro"))
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := sqliteIntegrity(ctx, conn); err != nil {
		return fmt.Errorf("not a sound SQLite backup: %w", err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("not a chamber backup (no schema_migrations table)")
	}
	return nil
}

// sqliteIntegrity runs PRAGMA integrity_check and foreign_key_check.
func sqliteIntegrity(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) error {
	rows, err := q.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
	}
	rows, err = q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign_key_check: rows refer to missing parents")
	}
	return rows.Err()
}

// CheckIntegrity checks the database file itself: on SQLite PRAGMA
// integrity_check and foreign_key_check; PostgreSQL keeps its own and needs
// nothing here. It does not check the audit chain (VerifyAudit does).
func (db *DB) CheckIntegrity(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	return sqliteIntegrity(ctx, db.read)
}

func removeSQLiteFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func copyInto(dst *os.File, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if _, err := io.Copy(dst, in); err != nil {
		return err
	}
	return dst.Sync()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename in dir durable. Some systems cannot sync a
// directory; that is not an error worth failing a backup for.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	_ = d.Sync()
	return d.Close()
}
