package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Agreements (合作协议, MOU): relations.write keeps them, relations.read
// reads them; the renewal reminder is a background job.

const agreementColumns = `a.id, a.contact_id, COALESCE(c.name, ''), a.title, a.signed_on, a.expires_on, a.owner_id, COALESCE(u.name, ''),
	a.notes, a.reminded_at, a.created_at`

const agreementFrom = ` FROM agreements a LEFT JOIN contacts c ON c.id = a.contact_id LEFT JOIN users u ON u.id = a.owner_id`

// agreementExpiry sorts open-ended agreements last.
const agreementExpiry = `COALESCE(NULLIF(a.expires_on, ''), '9999-12-31')`

func scanAgreement(sc interface{ Scan(...any) error }) (*chamber.Agreement, error) {
	var a chamber.Agreement
	var reminded sql.NullInt64
	var at int64
	if err := sc.Scan(&a.ID, &a.ContactID, &a.Contact, &a.Title, &a.SignedOn, &a.ExpiresOn, &a.OwnerID, &a.Owner, &a.Notes, &reminded, &at); err != nil {
		return nil, err
	}
	a.RemindedAt, a.CreatedAt = nullMicros(reminded), fromMicros(at)
	return &a, nil
}

// CreateAgreement records an agreement with a contact; its owner (default
// the caller) is reminded before it expires.
func (db *DB) CreateAgreement(ctx context.Context, in chamber.NewAgreement) (*chamber.Agreement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.OwnerID == 0 {
		in.OwnerID = actor.UserID
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "contacts", "contact_id", "contact.err.not_found", in.ContactID); err != nil {
			return err
		}
		if err := mustExist(ctx, tx, "users", "owner_user_id", "err.user_not_found", in.OwnerID); err != nil {
			return err
		}
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO agreements(contact_id, title, signed_on, expires_on, owner_id, notes, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, in.ContactID, in.Title, in.SignedOn, in.ExpiresOn, in.OwnerID, in.Notes,
			actor.UserID, now).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("agreement.create", "agreement", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.FindAgreement(ctx, id)
}

// FindAgreement returns one agreement.
func (db *DB) FindAgreement(ctx context.Context, id chamber.ID) (*chamber.Agreement, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, err
	}
	a, err := scanAgreement(db.read.QueryRowContext(ctx, `SELECT `+agreementColumns+agreementFrom+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "agreement.err.not_found")
	}
	a.Status = chamber.AgreementStatus(a.ExpiresOn, db.today(ctx))
	return a, nil
}

// ListAgreements lists agreements soonest expiry first (open-ended last),
// by status and contact.
func (db *DB) ListAgreements(ctx context.Context, status string, contactID chamber.ID, p chamber.Page) ([]*chamber.Agreement, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, "", err
	}
	today := db.today(ctx)
	t, _ := chamber.ParseDate(today)
	soon := t.AddDate(0, 0, chamber.AgreementRenewalDays).Format("2006-01-02")
	where := "1 = 1"
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch status {
	case "":
	case chamber.AgreementExpiring:
		where += " AND a.expires_on <> '' AND a.expires_on >= " + arg(today) + " AND a.expires_on <= " + arg(soon)
	case chamber.AgreementExpired:
		where += " AND a.expires_on <> '' AND a.expires_on < " + arg(today)
	case chamber.AgreementActive:
		where += " AND (a.expires_on = '' OR a.expires_on > " + arg(soon) + ")"
	default:
		return nil, "", fieldErr("status", "err.invalid_value")
	}
	if contactID != 0 {
		where += " AND a.contact_id = " + arg(contactID)
	}
	p = p.Normalize()
	if p.Cursor != "" {
		k, id, err := parseKeyCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		ka, ia := arg(k), arg(id)
		where += " AND (" + agreementExpiry + " > " + ka + " OR (" + agreementExpiry + " = " + ka + " AND a.id > " + ia + "))"
	}
	items, err := queryAll(ctx, db.read, scanAgreement, `SELECT `+agreementColumns+agreementFrom+` WHERE `+where+
		` ORDER BY `+agreementExpiry+`, a.id LIMIT `+arg(p.Limit+1), args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > p.Limit {
		items = items[:p.Limit]
		last := items[len(items)-1]
		k := last.ExpiresOn
		if k == "" {
			k = "9999-12-31"
		}
		next = keyCursor(k, last.ID)
	}
	for _, a := range items {
		a.Status = chamber.AgreementStatus(a.ExpiresOn, today)
	}
	if items == nil {
		items = []*chamber.Agreement{}
	}
	return items, next, nil
}

// RenewAgreement moves an agreement's expiry later (续签); its owner is
// reminded again before the new date.
func (db *DB) RenewAgreement(ctx context.Context, id chamber.ID, r chamber.AgreementRenewal) (*chamber.Agreement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if !chamber.ValidDate(r.ExpiresOn) {
		f.Add("expires_on", "err.date")
	}
	if !chamber.TextOK(r.Note, true) || len([]rune(r.Note)) > 500 {
		f.Add("note", "err.invalid_value")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before, err := db.FindAgreement(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.ExpiresOn <= before.ExpiresOn || r.ExpiresOn <= before.SignedOn {
		return nil, fieldErr("expires_on", "agreement.err.renew_later")
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agreements SET expires_on = $1, reminded_at = NULL, updated_at = $2 WHERE id = $3 AND expires_on = $4`,
			r.ExpiresOn, micros(tx.now), id, before.ExpiresOn)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "changed", Key: "agreement.err.changed"}
		}
		return tx.Audit("agreement.renew", "agreement", id, map[string]any{"expires_on": before.ExpiresOn},
			map[string]any{"expires_on": r.ExpiresOn, "note": r.Note})
	})
	if err != nil {
		return nil, err
	}
	return db.FindAgreement(ctx, id)
}

// RemindAgreements puts each agreement that expires within
// AgreementRenewalDays, and was not reminded of this expiry yet, in its
// owner's inbox. The mark and the inbox item are written together and the
// item is keyed by agreement and expiry, so running it twice, or on two
// instances at once, reminds once.
func (db *DB) RemindAgreements(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		actor = chamber.SystemActor
		ctx = chamber.WithActor(ctx, actor)
	}
	if !actor.System {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "system")
	}
	today := db.today(ctx)
	t, _ := chamber.ParseDate(today)
	soon := t.AddDate(0, 0, chamber.AgreementRenewalDays).Format("2006-01-02")
	count := 0
	err := db.Write(ctx, actor, func(tx *Tx) error {
		due, err := queryAll(ctx, tx, scanAgreement, `SELECT `+agreementColumns+agreementFrom+` WHERE a.reminded_at IS NULL
			AND a.expires_on <> '' AND a.expires_on >= $1 AND a.expires_on <= $2 ORDER BY a.expires_on, a.id LIMIT 500`, today, soon)
		if err != nil {
			return err
		}
		for _, a := range due {
			res, err := tx.ExecContext(ctx, `UPDATE agreements SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL`, micros(tx.now), a.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue
			}
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("agreement:%d:renewal:%s", a.ID, a.ExpiresOn),
				Title: fmt.Sprintf("合作协议将于%s到期，请商议续签：%s（%s）", a.ExpiresOn, a.Title, a.Contact),
				Body:  agreementLink(a.ID), Users: []chamber.ID{a.OwnerID}}); err != nil {
				return err
			}
			if err := tx.Audit("agreement.remind", "agreement", a.ID, nil, map[string]any{"expires_on": a.ExpiresOn, "owner_user_id": a.OwnerID}); err != nil {
				return err
			}
			count++
		}
		return nil
	})
	return count, err
}

func agreementLink(id chamber.ID) string { return "/agreements/" + strconv.FormatInt(id, 10) }
