package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

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
	} else if !actor.System && !actor.Admin && actor.MemberID != 0 {
		// A member's portal login works the portal in a browser; tokens
		// are for the secretariat's staff and integrations (an
		// administrator may still make one for it).
		return "", nil, &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "portal_token", Key: "err.token_portal"}
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
