package sqlstore

import (
	"context"
	"database/sql"
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
	out, next := idPage(out, p.Limit, func(x *chamber.User) chamber.ID { return x.ID })
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
