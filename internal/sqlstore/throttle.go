package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"time"
)

// Hit counts one event against key in fixed windows of length window and
// reports whether it is within limit; when it is not, also how long until
// the window ends. The count lives in the database (rate_windows), so every
// instance on one PostgreSQL shares it: one upsert per call.
//
// The counters are not worth an fsync each: on SQLite the upsert runs on the
// writer connection with synchronous=NORMAL for that one statement (WAL
// mode stays consistent, a crash may forget the last counts), on PostgreSQL
// on a small pool of its own with synchronous_commit=off.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration, limit int) (bool, time.Duration, error) {
	now := db.Now()
	start := now.Truncate(window)
	const q = `INSERT INTO rate_windows(key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.hits + 1 ELSE 1 END,
			window_start = excluded.window_start
		RETURNING hits`
	var hits int64
	var err error
	switch db.Dialect {
	case SQLite:
		err = db.relaxed(ctx, func(c *sql.Conn) error {
			return c.QueryRowContext(ctx, q, key, micros(start)).Scan(&hits)
		})
	default:
		var pool *sql.DB
		if pool, err = db.fastPool(); err == nil {
			err = pool.QueryRowContext(ctx, q, key, micros(start)).Scan(&hits)
		}
	}
	if err != nil {
		return false, 0, fmt.Errorf("rate window: %w", err)
	}
	if hits > int64(limit) {
		return false, start.Add(window).Sub(now), nil
	}
	return true, 0, nil
}

// relaxed runs fn on SQLite's writer connection with synchronous=NORMAL,
// restoring FULL afterwards.
func (db *DB) relaxed(ctx context.Context, fn func(c *sql.Conn) error) error {
	c, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA synchronous=NORMAL`); err != nil {
		return err
	}
	ferr := fn(c)
	if _, err := c.ExecContext(context.Background(), `PRAGMA synchronous=FULL`); err != nil {
		// Never hand back a connection that stays relaxed.
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
		return err
	}
	return ferr
}

// fastPool is PostgreSQL's pool for counters: synchronous_commit=off.
func (db *DB) fastPool() (*sql.DB, error) {
	db.fastOnce.Do(func() {
		dsn := db.DSN
		if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
			q := u.Query()
			q.Set("synchronous_commit", "off")
			u.RawQuery = q.Encode()
			dsn = u.String()
		} else {
			dsn += " synchronous_commit=off"
		}
		db.fast, db.fastErr = sql.Open("pgx", dsn)
		if db.fastErr == nil {
			db.fast.SetMaxOpenConns(4)
			db.fast.SetMaxIdleConns(4)
			db.fast.SetConnMaxIdleTime(5 * time.Minute)
		}
	})
	return db.fast, db.fastErr
}

// cleanupRateWindows deletes the counters of keys quiet for an hour.
func (tx *Tx) cleanupRateWindows(now time.Time) error {
	_, err := tx.ExecContext(tx.ctx, `DELETE FROM rate_windows WHERE window_start < $1`, micros(now.Add(-time.Hour)))
	return err
}
