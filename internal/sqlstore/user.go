package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
)

const userColumns = `id, username, name, admin, member_id, locale, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*chamber.User, error) {
	var u chamber.User
	var member sql.NullInt64
	var created int64
	if err := sc.Scan(&u.ID, &u.Username, &u.Name, &u.Admin, &member, &u.Locale, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.MemberID = member.Int64
	u.CreatedAt = fromMicros(created)
	return &u, nil
}

func notFound(err error, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return chamber.Errorf(chamber.ENOTFOUND, key)
	}
	return err
}

// CreateUser creates a login. Only user.manage may, or the system (CLI).
func (db *DB) CreateUser(ctx context.Context, in chamber.NewUser) (*chamber.User, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return nil, err
	}
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.Name = strings.TrimSpace(in.Name)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := db.pw.Hash(ctx, in.Password)
	if err != nil {
		return nil, hashErr(err)
	}
	var u *chamber.User
	err = db.Write(ctx, actor, func(tx *Tx) error {
		now := micros(tx.Now())
		// The member must exist: a login linked to nothing would open a
		// portal that answers 404. (The CLI checks its --member itself;
		// the system's seeds may link a member they create next.)
		if no := strings.TrimSpace(in.MemberNo); no != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE member_no = $1`, no).Scan(&in.MemberID)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("member_no", "err.member_no_unknown", no)
			} else if err != nil {
				return err
			}
		} else if in.MemberID != 0 && !actor.System {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE id = $1`, in.MemberID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("member_id", "err.member_not_found")
			}
		}
		var member any
		if in.MemberID != 0 {
			member = in.MemberID
		}
		row := tx.QueryRowContext(ctx, `INSERT INTO users(username, name, password_hash, admin, member_id, created_at, password_changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING `+userColumns,
			in.Username, in.Name, hash, in.Admin, member, now)
		var err error
		if u, err = scanUser(row); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate_username", Key: "err.username_taken",
					Fields: []chamber.FieldError{{Field: "username", Key: "err.username_taken"}}}
			}
			return err
		}
		return tx.Audit("user.create", "user", u.ID, nil, u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func hashErr(err error) error {
	if errors.Is(err, password.ErrBusy) {
		return &chamber.Error{Code: chamber.ETHROTTLED, Key: "err.busy", RetryAfter: 1}
	}
	return err
}

// FindUser returns a login by id. A login may see itself; others need user.manage.
func (db *DB) FindUser(ctx context.Context, id chamber.ID) (*chamber.User, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || (actor.UserID != id && !actor.Can(chamber.PermUserManage)) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.user_not_found")
	}
	return db.findUser(ctx, id)
}

func (db *DB) findUser(ctx context.Context, id chamber.ID) (*chamber.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, "err.user_not_found")
}

// FindUserByUsername is for the CLI and administrators.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*chamber.User, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermUserManage); err != nil {
		return nil, err
	}
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = $1`,
		strings.ToLower(strings.TrimSpace(username))))
	return u, notFound(err, "err.user_not_found")
}

// ListUsers lists logins by id; the cursor is the last id seen.
func (db *DB) ListUsers(ctx context.Context, p chamber.Page) ([]*chamber.User, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermUserManage); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	after, err := idCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE id > $1 ORDER BY id LIMIT $2`, after, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > p.Limit {
		out = out[:p.Limit]
		next = strconv.FormatInt(out[len(out)-1].ID, 10)
	}
	return out, next, nil
}

// idCursor parses an id cursor ("" is the start).
func idCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(c, 10, 64)
	if err != nil || v < 0 {
		return 0, chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
	}
	return v, nil
}

// SetPassword is an administrator's reset: it also ends the user's sessions.
func (db *DB) SetPassword(ctx context.Context, userID chamber.ID, pw string) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return err
	}
	return db.setPassword(ctx, actor, userID, pw, "user.password_reset")
}

func (db *DB) setPassword(ctx context.Context, actor *chamber.Actor, userID chamber.ID, pw, action string) error {
	if key := chamber.ValidatePassword(pw); key != "" {
		var f chamber.Fields
		f.Add("password", key, chamber.MinPasswordLen)
		return f.Err()
	}
	hash, err := db.pw.Hash(ctx, pw)
	if err != nil {
		return hashErr(err)
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3`, hash, micros(tx.Now()), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.user_not_found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return tx.Audit(action, "user", userID, nil, nil)
	})
}

// ChangeOwnPassword changes the acting user's password after checking the old one.
func (db *DB) ChangeOwnPassword(ctx context.Context, oldPW, newPW string) error {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var hash string
	if err := db.read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, actor.UserID).Scan(&hash); err != nil {
		return notFound(err, "err.user_not_found")
	}
	if err := db.pw.Check(ctx, hash, oldPW); err != nil {
		if errors.Is(err, password.ErrMismatch) {
			var f chamber.Fields
			f.Add("old_password", "err.old_password_wrong")
			return f.Err()
		}
		return hashErr(err)
	}
	return db.setPassword(ctx, actor, actor.UserID, newPW, "user.password_change")
}

// SetUserDisabled disables or enables a login; disabling ends its sessions.
func (db *DB) SetUserDisabled(ctx context.Context, userID chamber.ID, disabled bool) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return err
	}
	if actor.UserID == userID && disabled {
		return chamber.Errorf(chamber.ECONFLICT, "err.cannot_disable_self")
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.user_not_found")
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
				return err
			}
		}
		return tx.Audit("user.disable", "user", userID, nil, map[string]bool{"disabled": disabled})
	})
}

// SetLocale stores the acting user's language choice ("zh-CN", "en" or "").
func (db *DB) SetLocale(ctx context.Context, locale string) error {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if locale != "" && locale != "zh-CN" && locale != "en" {
		var f chamber.Fields
		f.Add("locale", "err.invalid_value")
		return f.Err()
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET locale = $1 WHERE id = $2`, locale, actor.UserID)
		return err
	})
}

// Throttling of failed logins, kept in the database so that every instance
// sees it: per (account, address) — five wrong passwords lock that account
// for that address only, so nobody can lock the chairman out from afar —
// and per address over all accounts (IPv6 by /64, see chamber.AddressKey).
const (
	failWindow     = 15 * time.Minute
	accountFailMax = 5
	addressFailMax = 50
	firstLockout   = 30 * time.Second
	maxLockout     = 15 * time.Minute
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

// newSecret returns a random URL-safe secret and the hex SHA-256 stored for it.
func newSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a session for a user who just logged in.
func (db *DB) CreateSession(ctx context.Context, userID chamber.ID) (string, error) {
	secret, hash := newSecret("")
	actor := &chamber.Actor{UserID: userID}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		now := tx.Now()
		if err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = $1`, userID).Scan(&actor.Username); err != nil {
			return notFound(err, "err.user_not_found")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions(id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
			hash, userID, micros(now), micros(now.Add(chamber.SessionAbsolute))); err != nil {
			return err
		}
		return tx.Audit("user.login", "user", userID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// SessionActor returns the actor of a live session.
func (db *DB) SessionActor(ctx context.Context, secret string) (*chamber.Actor, error) {
	if secret == "" || len(secret) > 200 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.session_expired")
	}
	hash := hashSecret(secret)
	now := db.Now()
	var userID chamber.ID
	var lastSeen, expires int64
	err := db.read.QueryRowContext(ctx, `SELECT user_id, last_seen_at, expires_at FROM sessions WHERE id_hash = $1`, hash).Scan(&userID, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.session_expired")
	}
	if err != nil {
		return nil, err
	}
	if !now.Before(fromMicros(expires)) || now.Sub(fromMicros(lastSeen)) >= chamber.SessionIdle {
		_ = db.Write(ctx, nil, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hash)
			return err
		})
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.session_expired")
	}
	if now.Sub(fromMicros(lastSeen)) > time.Minute {
		if err := db.Write(ctx, nil, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, micros(now), hash)
			return err
		}); err != nil {
			return nil, err
		}
	}
	return db.loadActor(ctx, userID)
}

// DeleteSession logs out.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	hash := hashSecret(secret)
	return db.Write(ctx, chamber.ActorFrom(ctx), func(tx *Tx) error {
		var userID chamber.ID
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id`, hash).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return tx.Audit("user.logout", "user", userID, nil, nil)
	})
}

// CreateToken makes an API token for userID. A login may make its own; making
// one for another login needs user.manage.
func (db *DB) CreateToken(ctx context.Context, userID chamber.ID, name string) (string, *chamber.Token, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return "", nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if actor.UserID != userID {
		if err := actor.Require(chamber.PermUserManage); err != nil {
			return "", nil, err
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "api"
	}
	if len([]rune(name)) > 100 {
		var f chamber.Fields
		f.Add("name", "err.too_long", 100)
		return "", nil, f.Err()
	}
	secret, hash := newSecret("chm_")
	tok := &chamber.Token{UserID: userID, Name: name}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var disabled bool
		if err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE id = $1`, userID).Scan(&disabled); err != nil {
			return notFound(err, "err.user_not_found")
		}
		if disabled {
			return chamber.Errorf(chamber.ECONFLICT, "err.user_disabled")
		}
		tok.CreatedAt = tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens(user_id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, name, hash, micros(tok.CreatedAt)).Scan(&tok.ID); err != nil {
			return err
		}
		return tx.Audit("token.create", "api_token", tok.ID, nil, tok)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, tok, nil
}

// TokenActor returns the actor of a live API token and the token's id.
func (db *DB) TokenActor(ctx context.Context, secret string) (*chamber.Actor, chamber.ID, error) {
	if !strings.HasPrefix(secret, "chm_") || len(secret) > 200 {
		return nil, 0, chamber.Errorf(chamber.EUNAUTHORIZED, "err.bad_token")
	}
	var id, userID chamber.ID
	var lastUsed sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT id, user_id, last_used_at FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL`,
		hashSecret(secret)).Scan(&id, &userID, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, chamber.Errorf(chamber.EUNAUTHORIZED, "err.bad_token")
	}
	if err != nil {
		return nil, 0, err
	}
	now := db.Now()
	if !lastUsed.Valid || now.Sub(fromMicros(lastUsed.Int64)) > time.Minute {
		if err := db.Write(ctx, nil, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, micros(now), id)
			return err
		}); err != nil {
			return nil, 0, err
		}
	}
	a, err := db.loadActor(ctx, userID)
	return a, id, err
}

// ListTokens lists a login's tokens (its own, or any with user.manage).
func (db *DB) ListTokens(ctx context.Context, userID chamber.ID) ([]*chamber.Token, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if actor.UserID != userID {
		if err := actor.Require(chamber.PermUserManage); err != nil {
			return nil, err
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.Token
	for rows.Next() {
		var t chamber.Token
		var created int64
		var used, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, err
		}
		t.CreatedAt = fromMicros(created)
		t.LastUsedAt = nullMicros(used)
		t.RevokedAt = nullMicros(revoked)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token (one's own, or any with user.manage).
func (db *DB) RevokeToken(ctx context.Context, tokenID chamber.ID) error {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		var owner chamber.ID
		var revoked sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT user_id, revoked_at FROM api_tokens WHERE id = $1`, tokenID).Scan(&owner, &revoked); err != nil {
			return notFound(err, "err.token_not_found")
		}
		if owner != actor.UserID && !actor.Can(chamber.PermUserManage) {
			return chamber.Errorf(chamber.ENOTFOUND, "err.token_not_found")
		}
		if revoked.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, micros(tx.Now()), tokenID); err != nil {
			return err
		}
		return tx.Audit("token.revoke", "api_token", tokenID, nil, nil)
	})
}

// Actor loads a user's actor with today's permissions.
func (db *DB) Actor(ctx context.Context, userID chamber.ID) (*chamber.Actor, error) {
	return db.loadActor(ctx, userID)
}

func (db *DB) loadActor(ctx context.Context, userID chamber.ID) (*chamber.Actor, error) {
	u, err := db.findUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.user_disabled")
	}
	return db.actorOn(ctx, u, db.today(ctx))
}

// actorOn is a login's actor with the permissions it holds on date: those
// of its roles and of every post it holds that day.
func (db *DB) actorOn(ctx context.Context, u *chamber.User, date string) (*chamber.Actor, error) {
	a := &chamber.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Admin: u.Admin, MemberID: u.MemberID, Locale: u.Locale,
		Permissions: map[chamber.Permission]bool{}}
	var roles []string
	if u.Admin {
		roles = append(roles, string(chamber.RoleAdmin))
	}
	if u.MemberID != 0 {
		roles = append(roles, string(chamber.RoleMember))
	}
	for _, r := range roles {
		if err := db.addGrants(ctx, a, "role", r); err != nil {
			return nil, err
		}
	}
	if err := db.addPostGrants(ctx, a, date); err != nil {
		return nil, err
	}
	return a, nil
}

func (db *DB) addGrants(ctx context.Context, a *chamber.Actor, kind, subject string) error {
	rows, err := db.read.QueryContext(ctx, `SELECT permission FROM grants WHERE subject_kind = $1 AND subject = $2`, kind, subject)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		a.Permissions[chamber.Permission(p)] = true
	}
	return rows.Err()
}

// Cleanup deletes ended sessions and stale throttle counters. serve runs it
// periodically; it is safe on several instances at once.
func (db *DB) Cleanup(ctx context.Context) error {
	now := db.Now()
	return db.Write(ctx, nil, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`,
			micros(now), micros(now.Add(-chamber.SessionIdle))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE window_start < $1 AND locked_until < $1`,
			micros(now.Add(-2*maxLockout))); err != nil {
			return err
		}
		return tx.cleanupRateWindows(now)
	})
}
