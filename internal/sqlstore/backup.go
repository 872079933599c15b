package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
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

func restorePostgres(ctx context.Context, file, dsn string) error {
	pgRestore, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	psql, err := pgTool("psql")
	if err != nil {
		return err
	}
	t, err := libpqTarget(dsn)
	if err != nil {
		return err
	}
	into := t.schema
	if into == "" {
		into = "public"
	}
	var list bytes.Buffer
	if err := runTool(ctx, t.env, &list, pgRestore, "--list", file); err != nil {
		return fmt.Errorf("restore: %s: %w", file, err)
	}
	from, created, ok := backupSchema(list.String())
	if !ok {
		return fmt.Errorf("restore: %s is not a chamber backup (no schema_migrations table in it)", file)
	}

	// The target must be empty. A backup of another schema is restored under
	// its own name and then renamed, so that name must be free.
	var pre, post []string
	if err := func() error {
		conn, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer conn.Close()
		var rels int
		var hasMigrations, intoExists, fromExists bool
		if err := conn.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1),
			EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'schema_migrations'),
			EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
			EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $2)`, into, from).
			Scan(&rels, &hasMigrations, &intoExists, &fromExists); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		switch {
		case hasMigrations:
			return fmt.Errorf("restore: schema %s already holds a chamber database (schema_migrations exists): restore only into an empty database", into)
		case rels > 0:
			return fmt.Errorf("restore: schema %s is not empty (%d tables, indexes or sequences): restore only into an empty database", into, rels)
		case from != into && fromExists:
			return fmt.Errorf("restore: the backup's schema %s already exists in the target database: restore into another database", from)
		case !created && from != into:
			return fmt.Errorf("restore: the backup holds the database's %s schema: restore it with a DSN without search_path", from)
		}
		if created {
			if intoExists {
				// RESTRICT: fails, and rolls back the restore, if anything is in it.
				pre = append(pre, "DROP SCHEMA "+quoteIdent(into)+" RESTRICT")
			}
			if from != into {
				post = append(post, "ALTER SCHEMA "+quoteIdent(from)+" RENAME TO "+quoteIdent(into))
			}
		} else {
			pre = append(pre, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(into))
		}
		return nil
	}(); err != nil {
		return err
	}

	// pg_restore turns the archive into SQL; psql runs it with our statements
	// before and after in one transaction, stopping at the first error.
	args := []string{"--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction"}
	for _, s := range pre {
		args = append(args, "--command", s)
	}
	args = append(args, "--file", "-")
	for _, s := range post {
		args = append(args, "--command", s)
	}
	args = append(args, "--dbname", t.conn)

	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	var dumpErr, loadErr bytes.Buffer
	dump := exec.CommandContext(ctx, pgRestore, "--no-owner", "--file", "-", file)
	dump.Env = append(os.Environ(), t.env...)
	dump.Stdout, dump.Stderr = w, &dumpErr
	load := exec.CommandContext(ctx, psql, args...)
	load.Env = append(os.Environ(), t.env...)
	load.Stdin, load.Stdout, load.Stderr = r, io.Discard, &loadErr
	if err := load.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("restore: psql: %w", err)
	}
	r.Close()
	if err := dump.Start(); err != nil {
		w.Close()
		load.Wait()
		return fmt.Errorf("restore: pg_restore: %w", err)
	}
	w.Close()
	derr := dump.Wait()
	lerr := load.Wait()
	if lerr != nil {
		return fmt.Errorf("restore: psql: %v: %s", lerr, strings.TrimSpace(loadErr.String()))
	}
	if derr != nil {
		return fmt.Errorf("restore: pg_restore: %v: %s", derr, strings.TrimSpace(dumpErr.String()))
	}
	return nil
}

// backupSchema reads pg_restore --list output: the schema holding
// schema_migrations, and whether the archive creates that schema (a dump
// taken with --schema does; a whole-database dump does not create public).
func backupSchema(list string) (schema string, created, ok bool) {
	schemas := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		if strings.HasPrefix(line, ";") {
			continue
		}
		// "215; 1259 18596 TABLE t_x schema_migrations owner", "6; 2615 18595 SCHEMA - t_x owner"
		f := strings.Fields(line)
		if len(f) < 6 {
			continue
		}
		switch {
		case f[3] == "TABLE" && f[5] == "schema_migrations":
			schema, ok = f[4], true
		case f[3] == "SCHEMA" && f[4] == "-":
			schemas[f[5]] = true
		}
	}
	return schema, schemas[schema], ok
}

func pgTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found on PATH: install the PostgreSQL client tools (the same major version as the server, or newer)", name)
	}
	return p, nil
}

// runTool runs a PostgreSQL client tool and returns its message on failure.
func runTool(ctx context.Context, env []string, stdout io.Writer, bin string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %v: %s", filepath.Base(bin), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// pgTarget is a DSN made fit for libpq's tools.
type pgTarget struct {
	conn   string   // URI without the password and without pgx-only parameters
	schema string   // the first schema of search_path, "" if none was given
	env    []string // PGPASSWORD, so that the password is not on a command line
}

// libpqParams are the connection parameters libpq accepts; pgx takes others
// (search_path and other run-time settings, its own options) that libpq's
// tools reject.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true,
	"passfile": true, "channel_binding": true, "connect_timeout": true, "client_encoding": true,
	"options": true, "application_name": true, "fallback_application_name": true,
	"keepalives": true, "keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true,
	"requiressl": true, "sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true,
	"sslcertmode": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"sslnegotiation": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "krbsrvname": true, "gsslib": true, "gssdelegation": true,
	"service": true, "target_session_attrs": true, "load_balance_hosts": true, "require_auth": true,
}

func libpqTarget(dsn string) (pgTarget, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return pgTarget{}, fmt.Errorf("postgres DSN: %w", err)
	}
	var t pgTarget
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		t.schema = firstSchema(sp)
	}
	if pw := q.Get("password"); pw != "" {
		t.env = append(t.env, "PGPASSWORD="+pw)
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			t.env = append(t.env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	u.RawQuery = q.Encode()
	t.conn = u.String()
	return t, nil
}

// firstSchema returns the schema that tables are created in for a
// search_path value: its first entry other than $user, case-folded unless quoted.
func firstSchema(searchPath string) string {
	for _, s := range strings.Split(searchPath, ",") {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
			s = strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
			if s == "$user" {
				continue
			}
			return s
		}
		if s == "" || s == "$user" {
			continue
		}
		return strings.ToLower(s)
	}
	return ""
}

// quoteIdent quotes a PostgreSQL identifier; the same form is a literal name
// in pg_dump's --schema patterns.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
