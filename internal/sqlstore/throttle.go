package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// Hit counts one event against key in fixed windows of length window and
// reports whether it is within limit; when it is not, also how long until
// the window ends. On PostgreSQL the count lives in the database
// (rate_windows), so every instance on it shares it: one upsert per call,
// on a small pool of its own with synchronous_commit=off. SQLite serves
// one instance, and its one writer is what ballots, registrations and
// every other write queue for: there the counts live in this process
// (memory), which a restart forgets.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration, limit int) (bool, time.Duration, error) {
	now := db.Now()
	start := now.Truncate(window)
	if db.Dialect == SQLite {
		if db.memHits.Hit(key, start, limit) {
			return true, 0, nil
		}
		return false, start.Add(window).Sub(now), nil
	}
	const q = `INSERT INTO rate_windows(key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.hits + 1 ELSE 1 END,
			window_start = excluded.window_start
		RETURNING hits`
	var hits int64
	pool, err := db.fastPool()
	if err == nil {
		err = pool.QueryRowContext(ctx, q, key, micros(start)).Scan(&hits)
	}
	if err != nil {
		return false, 0, fmt.Errorf("rate window: %w", err)
	}
	if hits > int64(limit) {
		return false, start.Add(window).Sub(now), nil
	}
	return true, 0, nil
}

// memWindows are SQLite's rate windows (see Hit).
type memWindows struct {
	mu sync.Mutex
	m  map[string]memWindow
}

type memWindow struct {
	start time.Time
	hits  int
}

// Hit counts one event in key's window starting at start; it reports
// whether the count is within limit.
func (w *memWindows) Hit(key string, start time.Time, limit int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[string]memWindow{}
	}
	c := w.m[key]
	if !c.start.Equal(start) {
		c = memWindow{start: start}
	}
	c.hits++
	w.m[key] = c
	return c.hits <= limit
}

// forget drops the windows that started before t.
func (w *memWindows) forget(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, c := range w.m {
		if c.start.Before(t) {
			delete(w.m, k)
		}
	}
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
	tx.db.memHits.forget(now.Add(-time.Hour))
	_, err := tx.ExecContext(tx.ctx, `DELETE FROM rate_windows WHERE window_start < $1`, micros(now.Add(-time.Hour)))
	return err
}
