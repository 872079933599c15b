package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/chamber-org/chamber"
)

// Settings returns the installation settings.
func (db *DB) Settings(ctx context.Context) (*chamber.Settings, error) {
	s := &chamber.Settings{Name: "商会", TimeZone: chamber.DefaultTimeZone}
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('name', 'time_zone', 'intro', 'address', 'phone', 'email')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		switch k {
		case "name":
			s.Name = v
		case "time_zone":
			s.TimeZone = v
		default:
			if p := s.Public(k); p != nil {
				*p = v
			}
		}
	}
	return s, rows.Err()
}

// UpdateSettings changes the settings (settings.write).
func (db *DB) UpdateSettings(ctx context.Context, s chamber.Settings) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	before, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		for k, v := range map[string]string{"name": s.Name, "time_zone": s.TimeZone, "intro": s.Intro, "address": s.Address, "phone": s.Phone, "email": s.Email} {
			if err := tx.setSetting(k, v); err != nil {
				return err
			}
		}
		return tx.Audit("settings.update", "settings", 0, before, s)
	})
}

func (tx *Tx) setSetting(key, value string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO settings(key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// zoneOf is the chamber's time zone read through q: every "on day D" rule
// (seats, posts, grants, terms, dues years, periods) takes D in this zone.
func zoneOf(ctx context.Context, q querier) (*time.Location, error) {
	var tz string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'time_zone'`).Scan(&tz)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return (&chamber.Settings{TimeZone: tz}).Location(), nil
}

// dateIn is t's calendar date (YYYY-MM-DD) in the chamber's time zone.
func dateIn(ctx context.Context, q querier, t time.Time) (string, error) {
	loc, err := zoneOf(ctx, q)
	if err != nil {
		return "", err
	}
	return t.In(loc).Format("2006-01-02"), nil
}

func (tx *Tx) setting(key string) (string, bool, error) {
	var v string
	err := tx.QueryRowContext(tx.ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

// Counts returns the home page figures. The audit count is the chain head's
// sequence, so nothing scans the log.
func (db *DB) Counts(ctx context.Context) (*chamber.Counts, error) {
	var c chamber.Counts
	// Each figure is an indexed count or a chain head, not a scan of a big table.
	if err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM users),
		(SELECT COUNT(*) FROM sessions WHERE expires_at > $1),
		(SELECT seq FROM chain_heads WHERE name = 'audit'),
		(SELECT COUNT(*) FROM members WHERE status = 'active'),
		(SELECT COUNT(*) FROM member_applications WHERE status IN ('submitted', 'info_requested', 'reviewed')),
		(SELECT COUNT(*) FROM meetings WHERE status = 'open' OR (status = 'scheduled' AND starts_at > $1)),
		(SELECT COALESCE((SELECT seq FROM chain_heads WHERE name = 'ledger'), 0)),
		(SELECT COUNT(*) FROM announcements WHERE status = 'published')`, micros(db.Now())).
		Scan(&c.Users, &c.Sessions, &c.AuditRecords, &c.ActiveMembers, &c.Applications, &c.UpcomingMeetings, &c.Vouchers, &c.Published); err != nil {
		return nil, err
	}
	return &c, nil
}

// seed fills what a new database holds, once: the default grants of the
// roles. Later domains add their standard data here, each behind its own
// marker so an administrator's edits are never undone.
func (db *DB) seed(ctx context.Context) error {
	return db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
		if err := tx.seedGrants(); err != nil {
			return err
		}
		if err := tx.seedOrg(); err != nil {
			return err
		}
		if err := tx.seedHolidays(); err != nil {
			return err
		}
		if err := tx.seedEventGrants(); err != nil {
			return err
		}
		if err := tx.seedLegalGrants(); err != nil {
			return err
		}
		if err := tx.seedRelationsGrants(); err != nil {
			return err
		}
		if err := tx.seedReportGrants(); err != nil {
			return err
		}
		return tx.seedCharter()
	})
}

func (tx *Tx) seedGrants() error {
	ctx := tx.ctx
	{
		if _, done, err := tx.setting("seed.grants"); err != nil || done {
			return err
		}
		for role, perms := range chamber.DefaultRoleGrants() {
			for _, p := range perms {
				if _, err := tx.ExecContext(ctx, `INSERT INTO grants(subject_kind, subject, permission) VALUES ('role', $1, $2)
					ON CONFLICT DO NOTHING`, string(role), string(p)); err != nil {
					return err
				}
			}
		}
		if err := tx.setSetting("seed.grants", "1"); err != nil {
			return err
		}
		return tx.Audit("grants.seed", "grants", 0, nil, chamber.DefaultRoleGrants())
	}
}
