package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/chamber-org/chamber"
)

// ---- the charter

func scanCharter(sc interface{ Scan(...any) error }) (*chamber.Charter, error) {
	var c chamber.Charter
	var rules string
	var filed, submitted sql.NullString
	var motion sql.NullInt64
	var created int64
	if err := sc.Scan(&c.ID, &c.Version, &c.EffectiveOn, &rules, &c.Note, &submitted, &filed, &c.FilingNo, &motion, &created); err != nil {
		return nil, err
	}
	c.FiledOn, c.SubmittedOn, c.MotionID = filed.String, submitted.String, motion.Int64
	c.Pending = c.EffectiveOn >= pendingDate
	if err := json.Unmarshal([]byte(rules), &c.Rules); err != nil {
		return nil, err
	}
	return &c, nil
}

const charterColumns = `id, version, effective_on, rules, note, submitted_on, filed_on, filing_no, motion_id, created_at`

// pendingDate is the effective date of a charter version not in force yet
// (waiting for its filing).
const pendingDate = "9999-12-31"

// CurrentCharter is the charter version in force on date.
func (db *DB) CurrentCharter(ctx context.Context, date string) (*chamber.Charter, error) {
	return db.charterOn(ctx, db.read, date)
}

func (db *DB) charterOn(ctx context.Context, q querier, date string) (*chamber.Charter, error) {
	c, err := scanCharter(q.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters WHERE effective_on <= $1
		ORDER BY effective_on DESC, version DESC LIMIT 1`, date))
	if errors.Is(err, sql.ErrNoRows) {
		// Before the first version took effect: the earliest one.
		c, err = scanCharter(q.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters ORDER BY version LIMIT 1`))
	}
	return c, notFound(err, "err.not_found")
}

// ListCharters lists every version, newest first.
func (db *DB) ListCharters(ctx context.Context) ([]*chamber.Charter, error) {
	return queryAll(ctx, db.read, scanCharter, `SELECT `+charterColumns+` FROM charters ORDER BY version DESC`)
}

// CreateCharter records a new charter version (an administrator's edit, or
// a passed charter amendment).
func (db *DB) CreateCharter(ctx context.Context, c chamber.Charter) (*chamber.Charter, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if _, ok := chamber.ParseDate(c.EffectiveOn); !ok {
		f.Add("effective_on", "err.date")
	}
	if len(c.Rules) == 0 {
		f.Add("rules", "err.required")
	}
	for kind, r := range c.Rules {
		if !containsStr(chamber.BodyKinds, kind) {
			f.Add("rules."+kind, "err.invalid_value")
			continue
		}
		r.Validate("rules."+kind, &f)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Charter
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.insertCharter(c)
		if err != nil {
			return err
		}
		return tx.Audit("charter.create", "charter", out.ID, nil, out)
	})
	return out, err
}

func (tx *Tx) insertCharter(c chamber.Charter) (*chamber.Charter, error) {
	rules, err := json.Marshal(c.Rules)
	if err != nil {
		return nil, err
	}
	var version int
	if err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM charters`).Scan(&version); err != nil {
		return nil, err
	}
	return scanCharter(tx.QueryRowContext(tx.ctx, `INSERT INTO charters(version, effective_on, rules, note, filed_on, filing_no, motion_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+charterColumns,
		version, c.EffectiveOn, string(rules), c.Note, nullStr(c.FiledOn), c.FilingNo, nullID(c.MotionID), micros(tx.Now())))
}

// seedCharter records the model charter once.
func (tx *Tx) seedCharter() error {
	if _, done, err := tx.setting("seed.charter"); err != nil || done {
		return err
	}
	c, err := tx.insertCharter(chamber.Charter{EffectiveOn: "2000-01-01", Rules: chamber.DefaultCharter(), Note: "示范章程（默认）"})
	if err != nil {
		return err
	}
	if err := tx.setSetting("seed.charter", "1"); err != nil {
		return err
	}
	return tx.Audit("charter.create", "charter", c.ID, nil, c)
}

func containsStr(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
