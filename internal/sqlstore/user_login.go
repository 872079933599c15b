package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
)

func throttleKeys(username, addr string) (account, address string) {
	a := chamber.AddressKey(addr)
	return "u:" + strings.ToLower(strings.TrimSpace(username)) + "|" + a, "a:" + a
}

// Login checks a username and password.
func (db *DB) Login(ctx context.Context, username, pw, addr string) (*chamber.User, error) {
	now := db.Now()
	accKey, addrKey := throttleKeys(username, addr)
	if wait, err := db.lockedFor(ctx, now, accKey, addrKey); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, throttled(wait)
	}
	var hash string
	var disabled bool
	var id chamber.ID
	err := db.read.QueryRowContext(ctx, `SELECT id, password_hash, disabled FROM users WHERE username = $1`,
		strings.ToLower(strings.TrimSpace(username))).Scan(&id, &hash, &disabled)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	cerr := db.pw.Check(ctx, hash, pw) // an empty hash costs the same and fails
	if cerr != nil && !errors.Is(cerr, password.ErrMismatch) {
		return nil, hashErr(cerr)
	}
	if cerr != nil || disabled {
		wait, err := db.recordFailure(ctx, now, accKey, addrKey)
		if err != nil {
			return nil, err
		}
		if wait > 0 {
			return nil, throttled(wait)
		}
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.login_failed")
	}
	u, err := db.findUser(ctx, id)
	if err != nil {
		return nil, err
	}
	actor := &chamber.Actor{UserID: u.ID, Username: u.Username}
	if err := db.Write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accKey); err != nil {
			return err
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return u, nil
}

func throttled(wait time.Duration) error {
	secs := int((wait + time.Second - 1) / time.Second)
	return &chamber.Error{Code: chamber.ETHROTTLED, Reason: "too_many_attempts", Key: "err.too_many_attempts", Args: []any{secs}, RetryAfter: secs}
}

func (db *DB) lockedFor(ctx context.Context, now time.Time, keys ...string) (time.Duration, error) {
	var wait time.Duration
	for _, k := range keys {
		var until int64
		err := db.read.QueryRowContext(ctx, `SELECT locked_until FROM login_failures WHERE key = $1`, k).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if w := fromMicros(until).Sub(now); w > wait {
			wait = w
		}
	}
	return wait, nil
}

// recordFailure counts one failure against both keys and returns how long
// the caller must now wait (0: not locked yet).
func (db *DB) recordFailure(ctx context.Context, now time.Time, accKey, addrKey string) (time.Duration, error) {
	var wait time.Duration
	err := db.Write(ctx, nil, func(tx *Tx) error {
		for _, k := range []struct {
			key string
			max int
		}{{accKey, accountFailMax}, {addrKey, addressFailMax}} {
			var failures int
			var start, lockedUntil int64
			err := tx.QueryRowContext(ctx, `SELECT failures, window_start, locked_until FROM login_failures WHERE key = $1`, k.key).Scan(&failures, &start, &lockedUntil)
			// A quiet spell of one window (after any lockout ended) starts the count afresh.
			quiet := now.Sub(fromMicros(max(start, lockedUntil))) > failWindow
			if errors.Is(err, sql.ErrNoRows) || (err == nil && quiet) {
				failures, start = 0, micros(now)
			} else if err != nil {
				return err
			}
			failures++
			var until int64
			if failures >= k.max {
				lock := firstLockout << min(failures-k.max, 10)
				lock = min(lock, maxLockout)
				until = micros(now.Add(lock))
				wait = max(wait, lock)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures(key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4)
				ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
				k.key, failures, start, until); err != nil {
				return err
			}
		}
		return nil
	})
	return wait, err
}
