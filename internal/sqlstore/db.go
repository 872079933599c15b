// Package sqlstore implements chamber's services on SQLite and PostgreSQL
// with one set of SQL. Real differences sit in the dialect type.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"               // registers "sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database kind.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: one writer and a reader pool on SQLite, one pool
// on PostgreSQL.
type DB struct {
	Dialect Dialect
	// Path is the SQLite file (empty for PostgreSQL); DSN the PostgreSQL URL.
	Path string
	DSN  string

	write *sql.DB
	read  *sql.DB
	clock chamber.Clock
	pw    *password.Hasher

	// secrets, voteKeys and credentials are sub-keys of the installation
	// key (nil without one).
	secrets, voteKeys, credentials *seal.Sealer

	batchOnce sync.Once
	batchCh   chan *batchReq
	batchDone chan struct{}
	batches   batchStats // what the group commit did (batch.go)

	memHits  memWindows // SQLite's rate windows (throttle.go)
	fastOnce sync.Once  // PostgreSQL's pool for throttle counters (throttle.go)
	fast     *sql.DB
	fastErr  error

	texts     func(lang, key string, args ...any) string
	readSheet func(name string, r io.Reader) ([][]string, error)

	progress sync.Map // job id → *atomic.Int64: the progress of a job this instance runs
}

// Options tune Open.
type Options struct {
	Clock chamber.Clock
	// Hasher hashes passwords; nil means a default pool.
	Hasher *password.Hasher
	// Key is the installation key (seal.KeySize bytes, from the key file
	// outside the database: seal.LoadOrCreate). It seals secret ballots and
	// stored secrets; without it secret votes and the SMTP password refuse.
	Key []byte
	// Texts renders a message-catalog key in a language (the program
	// passes internal/i18n.T). The store composes the texts it queues in
	// the same transaction as the write (a member's welcome, an
	// invitation, an announcement's mail) with it and knows no catalog of
	// its own; nil renders the key itself.
	Texts func(lang, key string, args ...any) string
	// ReadSheet reads an uploaded spreadsheet (csv or xlsx by its name)
	// into rows for the background import jobs (the program passes
	// internal/sheet's reader). An error that is a *chamber.Error gives
	// the job's refusal its key; nil refuses every file.
	ReadSheet func(name string, r io.Reader) ([][]string, error)
}

// Languages the store writes queued texts in: the chamber's language of
// record first, then English (the catalog's two).
const (
	langZH = "zh-CN"
	langEN = "en"
)

// ParseDSN splits a --db value into dialect and target: "sqlite:PATH" (or a
// path ending in .db) and "postgres://…" / "postgresql://…".
func ParseDSN(dsn string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		p = strings.TrimPrefix(p, "//")
		if p == "" {
			return "", "", fmt.Errorf("sqlite: needs a file path, e.g. sqlite:./chamber.db")
		}
		return SQLite, p, nil
	}
	return "", "", fmt.Errorf("unknown database %q: use sqlite:PATH or postgres://USER@HOST/DB", dsn)
}

// Open opens (and creates, for SQLite) the database. It does not migrate.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	d, target, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{Dialect: d, clock: opt.Clock, pw: opt.Hasher, texts: opt.Texts, readSheet: opt.ReadSheet}
	if db.texts == nil {
		db.texts = func(_, key string, _ ...any) string { return key }
	}
	if db.readSheet == nil {
		db.readSheet = func(string, io.Reader) ([][]string, error) {
			return nil, errors.New("sqlstore: no spreadsheet reader given (Options.ReadSheet)")
		}
	}
	if db.clock == nil {
		db.clock = chamber.SystemClock{}
	}
	if db.pw == nil {
		db.pw = password.New(password.OWASP, 0)
	}
	if err := db.setKey(opt.Key); err != nil {
		return nil, err
	}
	switch d {
	case SQLite:
		db.Path = target
		if dir := filepath.Dir(target); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
		}
		base := "file:" + (&url.URL{Path: target}).EscapedPath() +
			"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)" +
			"&_pragma=synchronous(FULL)&_time_format=sqlite"
		if db.write, err = sql.Open("sqlite", base+"&_txlock=immediate"); err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxIdleTime(0)
		if db.read, err = sql.Open("sqlite", base+"&_pragma=query_only(1)"); err != nil {
			db.write.Close()
			return nil, err
		}
		db.read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	case Postgres:
		db.DSN = target
		if db.write, err = sql.Open("pgx", target); err != nil {
			return nil, err
		}
		// Idle connections are kept up to the pool's size: database/sql
		// keeps 2 by default, so under load (a hall voting) every other
		// request would open a new PostgreSQL connection (a fork on the
		// server, a TLS and auth handshake) and close it again.
		conns := max(8, runtime.NumCPU()*4)
		db.write.SetMaxOpenConns(conns)
		db.write.SetMaxIdleConns(conns)
		db.write.SetConnMaxIdleTime(5 * time.Minute)
		db.write.SetConnMaxLifetime(time.Hour)
		db.read = db.write
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.write.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.batchDone != nil {
		close(db.batchDone)
	}
	var errs []error
	if db.fast != nil {
		errs = append(errs, db.fast.Close())
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Now is the store's clock, truncated to microseconds as stored.
func (db *DB) Now() time.Time { return db.clock.Now().UTC().Truncate(time.Microsecond) }

// Hasher returns the password hasher.
func (db *DB) Hasher() *password.Hasher { return db.pw }

// Tx is a write transaction with the acting user, for audit records.
type Tx struct {
	*sql.Tx
	ctx   context.Context
	db    *DB
	actor *chamber.Actor
	now   time.Time
	// pending are the audit records written at commit (audit.go).
	pending  []*chamber.AuditRecord
	reserved *auditReserve                      // the audit head as a statement already moved it (audit.go)
	books    *chamber.FinanceSettings           // loaded on first use (books.go)
	shared   map[vote]bool                      // votes whose row this transaction holds FOR SHARE (vote.go)
	tallies  map[chamber.ID]*[4]int64           // open motions' counts (yes, no, abstain, cast) added at commit (vote.go)
	cands    map[chamber.ID]map[chamber.ID]bool // elections' candidates, read once per transaction (election.go)
	stmts    int                                // statements sent in it, counted for the group commit's figures (batch.go)
}

// ExecContext, QueryContext and QueryRowContext count the transaction's
// statements (the round trips of a batch of ballots are its cost).
func (tx *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.stmts++
	return tx.Tx.ExecContext(ctx, q, args...)
}

func (tx *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.stmts++
	return tx.Tx.QueryContext(ctx, q, args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	tx.stmts++
	return tx.Tx.QueryRowContext(ctx, q, args...)
}

// Now is the transaction's time: every record written in it carries the same instant.
func (tx *Tx) Now() time.Time { return tx.now }

// Write runs fn in one write transaction and commits when it returns nil.
func (db *DB) Write(ctx context.Context, actor *chamber.Actor, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, db: db, actor: actor, now: db.Now()}
	// A panic in fn rolls back before it goes on up: with SQLite's one
	// writer connection, a transaction left open would block every later write.
	committed := false
	defer func() {
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flushTallies(); err != nil {
		return err
	}
	if err := tx.flushAudit(); err != nil {
		return err
	}
	committed = true
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Ping reports whether the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error { return db.write.PingContext(ctx) }

// Reader is the pool for queries that change nothing.
func (db *DB) Reader() *sql.DB { return db.read }

// Writer is the write pool, for maintenance work (backup, migrations).
func (db *DB) Writer() *sql.DB { return db.write }

// micros and fromMicros convert instants to the stored form (UTC microseconds).
func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// isTriggerAbort reports an error raised by one of the schema's triggers
// (RAISE(ABORT) on SQLite, RAISE EXCEPTION on PostgreSQL), by its code.
func isTriggerAbort(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "P0001" // raise_exception
	}
	return false
}

// isUniqueViolation reports a unique-constraint failure on either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// writeAs runs fn in one write as ctx's actor, who must hold perm, and
// returns what fn made.
func writeAs[T any](ctx context.Context, db *DB, perm chamber.Permission, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(perm); err != nil {
		return out, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// idPage cuts a keyset query's rows (fetched with LIMIT limit+1, newest id
// first) to one page and returns the cursor of the next: the last id shown,
// or "" on the last page.
func idPage[T any](rows []T, limit int, id func(T) chamber.ID) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, strconv.FormatInt(int64(id(rows[len(rows)-1])), 10)
}

// idBefore is where a keyset page newest-first by id starts: below the
// cursor's id, or from the top without one.
func idBefore(p chamber.Page) (int64, error) {
	if p.Cursor == "" {
		return 1<<62 - 1, nil
	}
	return idCursor(p.Cursor)
}
