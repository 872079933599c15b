package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Delegations (出访/来访): relations.write keeps them, relations.read reads
// them. Their costs are read from the ledger: the expense lines tagged with
// chamber.DelegationProject, so budget vs actual is what the books say.

const delegationColumns = `d.id, d.direction, d.title, d.destination, d.purpose, d.from_date, d.to_date, d.contact_id, COALESCE(c.name, ''),
	d.programme, d.budget_fen, d.report, d.reported_at, d.owner_id, COALESCE(u.name, ''), d.created_at`

const delegationFrom = ` FROM delegations d LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN users u ON u.id = d.owner_id`

func scanDelegation(sc interface{ Scan(...any) error }) (*chamber.Delegation, error) {
	var d chamber.Delegation
	var reported sql.NullInt64
	var at int64
	if err := sc.Scan(&d.ID, &d.Direction, &d.Title, &d.Destination, &d.Purpose, &d.From, &d.To, &d.ContactID, &d.Contact,
		&d.Programme, &d.BudgetFen, &d.Report, &reported, &d.OwnerID, &d.Owner, &at); err != nil {
		return nil, err
	}
	d.ReportedAt, d.CreatedAt = nullMicros(reported), fromMicros(at)
	d.Project = chamber.DelegationProject(d.ID)
	d.MemberIDs, d.StaffIDs = []chamber.ID{}, []chamber.ID{}
	d.Members, d.Staff, d.Costs = []chamber.Participant{}, []chamber.Participant{}, []chamber.DelegationCost{}
	return &d, nil
}

// CreateDelegation records a delegation owned by the caller.
func (db *DB) CreateDelegation(ctx context.Context, in chamber.NewDelegation) (*chamber.Delegation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if in.ContactID != 0 {
			if err := mustExist(ctx, tx, "contacts", "contact_id", "contact.err.not_found", in.ContactID); err != nil {
				return err
			}
		}
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO delegations(direction, title, destination, purpose, from_date, to_date, contact_id, programme,
			budget_fen, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			in.Direction, in.Title, in.Destination, in.Purpose, in.From, in.To, in.ContactID, in.Programme, in.BudgetFen, actor.UserID, now).Scan(&id); err != nil {
			return err
		}
		if err := setParticipants(ctx, tx, id, &in.MemberIDs, &in.StaffIDs); err != nil {
			return err
		}
		return tx.Audit("delegation.create", "delegation", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.FindDelegation(ctx, id)
}

// setParticipants replaces the members and staff named (nil: unchanged),
// each of which must exist.
func setParticipants(ctx context.Context, tx *Tx, id chamber.ID, members, staff *[]chamber.ID) error {
	for _, part := range []struct {
		kind, table, field, key string
		ids                     *[]chamber.ID
	}{{"member", "members", "member_ids", "err.member_not_found", members}, {"staff", "users", "staff_user_ids", "err.user_not_found", staff}} {
		if part.ids == nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM delegation_participants WHERE delegation_id = $1 AND kind = $2`, id, part.kind); err != nil {
			return err
		}
		for _, ref := range uniqueIDs(*part.ids) {
			if err := mustExist(ctx, tx, part.table, part.field, part.key, ref); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO delegation_participants(delegation_id, kind, ref_id) VALUES ($1, $2, $3)`, id, part.kind, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// FindDelegation returns a delegation with its participants and the costs
// booked against it.
func (db *DB) FindDelegation(ctx context.Context, id chamber.ID) (*chamber.Delegation, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, err
	}
	d, err := scanDelegation(db.read.QueryRowContext(ctx, `SELECT `+delegationColumns+delegationFrom+` WHERE d.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "delegation.err.not_found")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT p.kind, p.ref_id, COALESCE(m.name, u.name, '') FROM delegation_participants p
		LEFT JOIN members m ON p.kind = 'member' AND m.id = p.ref_id LEFT JOIN users u ON p.kind = 'staff' AND u.id = p.ref_id
		WHERE p.delegation_id = $1 ORDER BY p.kind, p.ref_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var pt chamber.Participant
		if err := rows.Scan(&kind, &pt.ID, &pt.Name); err != nil {
			return nil, err
		}
		if kind == "member" {
			d.MemberIDs, d.Members = append(d.MemberIDs, pt.ID), append(d.Members, pt)
		} else {
			d.StaffIDs, d.Staff = append(d.StaffIDs, pt.ID), append(d.Staff, pt)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	costs, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.DelegationCost, error) {
		var c chamber.DelegationCost
		var debit, credit int64
		err := sc.Scan(&c.VoucherID, &c.Number, &c.Date, &c.Account, &c.AccountName, &c.Memo, &debit, &credit)
		c.AmountFen = debit - credit
		return c, err
	}, `SELECT v.id, v.number, l.date, l.account, a.name, l.memo, l.debit_fen, l.credit_fen FROM voucher_lines l
		JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.code = l.account
		WHERE l.project = $1 AND a.kind = 'expense' ORDER BY l.date, v.id, l.line_no LIMIT 500`, d.Project)
	if err != nil {
		return nil, err
	}
	for _, c := range costs {
		d.ActualFen += c.AmountFen
	}
	if costs != nil {
		d.Costs = costs
	}
	d.Alert = chamber.BudgetAlert(d.ActualFen, d.BudgetFen)
	return d, nil
}

// ListDelegations lists delegations latest trip first.
func (db *DB) ListDelegations(ctx context.Context, p chamber.Page) ([]*chamber.Delegation, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	where, args := "1 = 1", []any{}
	if p.Cursor != "" {
		k, id, err := parseKeyCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		where, args = "(d.from_date < $1 OR (d.from_date = $1 AND d.id < $2))", []any{k, id}
	}
	args = append(args, p.Limit+1)
	items, err := queryAll(ctx, db.read, scanDelegation, `SELECT `+delegationColumns+delegationFrom+` WHERE `+where+
		` ORDER BY d.from_date DESC, d.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > p.Limit {
		items = items[:p.Limit]
		last := items[len(items)-1]
		next = keyCursor(last.From, last.ID)
	}
	if items == nil {
		items = []*chamber.Delegation{}
	}
	return items, next, nil
}

// PlanDelegation changes the programme, budget or participants.
func (db *DB) PlanDelegation(ctx context.Context, id chamber.ID, p chamber.DelegationPlan) (*chamber.Delegation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	before, err := db.FindDelegation(ctx, id)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		prog, budget := before.Programme, before.BudgetFen
		if p.Programme != nil {
			prog = *p.Programme
		}
		if p.BudgetFen != nil {
			budget = *p.BudgetFen
		}
		if _, err := tx.ExecContext(ctx, `UPDATE delegations SET programme = $1, budget_fen = $2, updated_at = $3 WHERE id = $4`,
			prog, budget, micros(tx.now), id); err != nil {
			return err
		}
		if err := setParticipants(ctx, tx, id, p.MemberIDs, p.StaffIDs); err != nil {
			return err
		}
		return tx.Audit("delegation.plan", "delegation", id, map[string]any{"programme": before.Programme, "budget_fen": before.BudgetFen,
			"member_ids": before.MemberIDs, "staff_user_ids": before.StaffIDs}, p)
	})
	if err != nil {
		return nil, err
	}
	return db.FindDelegation(ctx, id)
}

// ReportDelegation records the trip report once the trip has begun (409
// before); a later call replaces it, the audit log keeps each.
func (db *DB) ReportDelegation(ctx context.Context, id chamber.ID, text string) (*chamber.Delegation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	var f chamber.Fields
	if text == "" || len([]rune(text)) > 20000 || !chamber.TextOK(text, true) {
		f.Add("text", "delegation.err.report")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	d, err := db.FindDelegation(ctx, id)
	if err != nil {
		return nil, err
	}
	if db.today(ctx) < d.From {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_started", Key: "delegation.err.not_started"}
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE delegations SET report = $1, reported_at = $2, updated_at = $2 WHERE id = $3`, text, micros(tx.now), id); err != nil {
			return err
		}
		return tx.Audit("delegation.report", "delegation", id, map[string]any{"report": d.Report}, map[string]any{"report": text})
	})
	if err != nil {
		return nil, err
	}
	return db.FindDelegation(ctx, id)
}

// PositionHolders lists the logins holding a position today, by name.
func (db *DB) PositionHolders(ctx context.Context) ([]chamber.Participant, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, err
	}
	today := db.today(ctx)
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.Participant, error) {
		var p chamber.Participant
		return p, sc.Scan(&p.ID, &p.Name)
	}, `SELECT DISTINCT u.id, u.name FROM posts p JOIN users u ON u.id = p.user_id
		WHERE p.position_id IS NOT NULL AND p.starts_on <= $1 AND (p.ends_on IS NULL OR p.ends_on >= $1) ORDER BY u.name, u.id LIMIT 500`, today)
}
