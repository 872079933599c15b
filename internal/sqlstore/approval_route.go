package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Claims' approval limits and routes (also used by purchases and
// recruitment), and the gap-free number sequences.

// nextNumber takes the next number of a named gapless counter inside tx.
func (tx *Tx) nextNumber(name string) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO finance_counters(name, seq) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET seq = finance_counters.seq + 1 RETURNING seq`, name).Scan(&seq)
	return seq, err
}

// ReimbursementLimits are the amounts above which a claim goes higher (any login).
func (db *DB) ReimbursementLimits(ctx context.Context) ([]chamber.ApprovalLimit, error) {
	if chamber.ActorFrom(ctx) == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	ls, err := db.reimbursementLimits(ctx)
	if err != nil {
		return nil, err
	}
	// Named as on the org chart, for pages in any language.
	for i := range ls {
		var name string
		err := db.read.QueryRowContext(ctx, `SELECT name FROM positions WHERE code = $1`, ls[i].PositionCode).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		ls[i].PositionName = cmp.Or(name, ls[i].PositionCode)
	}
	return ls, nil
}

func (db *DB) reimbursementLimits(ctx context.Context) ([]chamber.ApprovalLimit, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, limitsSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return append([]chamber.ApprovalLimit(nil), chamber.DefaultReimbursementLimits...), nil
	} else if err != nil {
		return nil, err
	}
	ls, ok := chamber.ParseLimits(v)
	if !ok {
		return append([]chamber.ApprovalLimit(nil), chamber.DefaultReimbursementLimits...), nil
	}
	return ls, nil
}

// SetReimbursementLimits replaces the approval limits (settings.write).
func (db *DB) SetReimbursementLimits(ctx context.Context, ls []chamber.ApprovalLimit) ([]chamber.ApprovalLimit, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	if err := chamber.ValidateLimits(ls); err != nil {
		return nil, err
	}
	var f chamber.Fields
	for i, l := range ls {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE code = $1`, l.PositionCode).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			f.Add(fmt.Sprintf("limits[%d].position_code", i), "err.invalid_value")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before, err := db.reimbursementLimits(ctx)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.setSetting(limitsSetting, chamber.FormatLimits(ls)); err != nil {
			return err
		}
		return tx.Audit("reimbursement.limits", "settings", 0, chamber.FormatLimits(before), chamber.FormatLimits(ls))
	})
	if err != nil {
		return nil, err
	}
	return ls, nil
}

// claimantDepartment is the department of the position the approval chain
// starts from (the same choice ApprovalChain makes), 0 for a body officer.
func (db *DB) claimantDepartment(ctx context.Context, userID chamber.ID, on string) (chamber.ID, string, error) {
	var id chamber.ID
	var name string
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(q.department_id, 0), COALESCE(d.name, '') FROM posts p
		JOIN positions q ON q.id = p.position_id LEFT JOIN departments d ON d.id = q.department_id
		WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY p.acting, CASE WHEN q.rank = 0 THEN 999 ELSE q.rank END, p.id LIMIT 1`, userID, on).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, name, err
}

// approvalRoute is who approves an amount userID asks for on a day: the
// approval chain above the user's position, up to the highest position
// the approval limits (finance.reimbursement_limits) name for the amount.
// Claims and purchase requests share it; keys is the area's key prefix
// for the errors ("reimb", "purchase").
func (db *DB) approvalRoute(ctx context.Context, userID chamber.ID, on string, total int64, keys string) ([]chamber.Approver, error) {
	chain, err := db.ApprovalChain(ctx, userID, on)
	if chamber.ErrorCode(err) == chamber.ENOTFOUND {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_position", Key: keys + ".err.no_position"}
	} else if err != nil {
		return nil, err
	}
	limits, err := db.reimbursementLimits(ctx)
	if err != nil {
		return nil, err
	}
	steps := chamber.ApprovalSteps(chain, total, limits)
	if len(steps) == 0 {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_approver", Key: keys + ".err.no_approver"}
	}
	return steps, nil
}

// routeTables name where a routed record (a claim, a purchase request, a
// recruitment opening) keeps its approval steps: the steps table, its
// column naming the record, and the record's own table.
type routeTables struct{ steps, fk, parent string }

var (
	claimRoute    = routeTables{"reimbursement_steps", "reimbursement_id", "reimbursements"}
	purchaseRoute = routeTables{"purchase_steps", "purchase_id", "purchases"}
	openingRoute  = routeTables{"opening_steps", "opening_id", "openings"}
)

// decisionComment trims an approver's comment and checks its length; a
// refusal's reason may be required.
func decisionComment(comment string, required bool) (string, error) {
	comment = strings.TrimSpace(comment)
	if required && comment == "" {
		return "", fieldErr("comment", "reimb.err.reason")
	}
	if len([]rune(comment)) > 500 {
		return "", fieldErr("comment", "err.too_long", 500)
	}
	return comment, nil
}

// recordStep writes the current approver's decision ("approved" or
// "rejected") on steps[cur] of record id.
func (tx *Tx) recordStep(t routeTables, id chamber.ID, steps []chamber.ReimbursementStep, cur int, decision, comment string) error {
	st := &steps[cur]
	now := tx.now
	st.Decision, st.Comment, st.DecidedAt = decision, comment, &now
	_, err := tx.ExecContext(tx.ctx, `UPDATE `+t.steps+` SET decision = $1, comment = $2, decided_at = $3 WHERE `+t.fk+` = $4 AND seq = $5`,
		decision, comment, micros(now), id, st.Seq)
	return err
}

// waitingFor names, for the pending records among ids, whom their current
// step waits for: one query for a whole list.
func waitingFor(ctx context.Context, q querier, t routeTables, ids []chamber.ID) (map[chamber.ID]string, error) {
	out := map[chamber.ID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	var in strings.Builder
	for i, id := range ids {
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT s.`+t.fk+`, s.approver FROM `+t.steps+` s JOIN `+t.parent+` p ON p.id = s.`+t.fk+`
		AND s.seq = p.current_step WHERE p.status = 'pending' AND p.id IN (`+in.String()+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id chamber.ID
		var who string
		if err := rows.Scan(&id, &who); err != nil {
			return nil, err
		}
		out[id] = who
	}
	return out, rows.Err()
}
