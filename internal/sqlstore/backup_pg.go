package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// PostgreSQL restore and the pg_dump/pg_restore tools: their paths, their
// connection parameters (libpq's, not pgx's) and the backup's schema.

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
