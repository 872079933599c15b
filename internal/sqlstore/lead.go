package sqlstore

import (
	"context"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Investment leads (招商引资): relations.write keeps them, relations.read
// reads them and the funnel.

const leadColumns = `l.id, l.title, l.source, l.industry, l.region, l.amount_fen, l.contact_id, COALESCE(c.name, ''), l.member_id, COALESCE(m.name, ''),
	l.stage, l.reached, l.owner_id, COALESCE(u.name, ''), l.next_step, l.next_on, l.created_on, l.created_at, l.updated_at`

const leadFrom = ` FROM leads l LEFT JOIN contacts c ON c.id = l.contact_id LEFT JOIN members m ON m.id = l.member_id LEFT JOIN users u ON u.id = l.owner_id`

func scanLead(sc interface{ Scan(...any) error }) (*chamber.Lead, error) {
	var l chamber.Lead
	var on string
	var at, up int64
	if err := sc.Scan(&l.ID, &l.Title, &l.Source, &l.Industry, &l.Region, &l.AmountFen, &l.ContactID, &l.Contact, &l.MemberID, &l.Member,
		&l.Stage, &l.Reached, &l.OwnerID, &l.Owner, &l.NextStep, &l.NextOn, &on, &at, &up); err != nil {
		return nil, err
	}
	l.Year, _ = strconv.Atoi(on[:min(4, len(on))])
	l.CreatedAt, l.UpdatedAt = fromMicros(at), fromMicros(up)
	return &l, nil
}

// CreateLead records a lead at stage new, owned by the caller unless
// another login is named.
func (db *DB) CreateLead(ctx context.Context, in chamber.NewLead) (*chamber.Lead, error) {
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
	today := db.today(ctx)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if in.ContactID != 0 {
			if err := mustExist(ctx, tx, "contacts", "contact_id", "contact.err.not_found", in.ContactID); err != nil {
				return err
			}
		}
		if in.MemberID != 0 {
			if err := mustExist(ctx, tx, "members", "member_id", "err.member_not_found", in.MemberID); err != nil {
				return err
			}
		}
		if err := mustExist(ctx, tx, "users", "owner_user_id", "err.user_not_found", in.OwnerID); err != nil {
			return err
		}
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO leads(title, source, industry, region, amount_fen, contact_id, member_id, stage, reached,
			owner_id, next_step, next_on, created_on, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', 'new', $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			in.Title, in.Source, in.Industry, in.Region, in.AmountFen, in.ContactID, in.MemberID, in.OwnerID, in.NextStep, in.NextOn,
			today, actor.UserID, now).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("lead.create", "lead", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.FindLead(ctx, id)
}

// FindLead returns a lead with its stage history.
func (db *DB) FindLead(ctx context.Context, id chamber.ID) (*chamber.Lead, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, err
	}
	l, err := scanLead(db.read.QueryRowContext(ctx, `SELECT `+leadColumns+leadFrom+` WHERE l.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "lead.err.not_found")
	}
	l.Steps, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.LeadStep, error) {
		var s chamber.LeadStep
		var at int64
		err := sc.Scan(&s.From, &s.To, &s.Note, &s.UserID, &s.User, &at)
		s.At = fromMicros(at)
		return &s, err
	}, `SELECT s.from_stage, s.to_stage, s.note, s.user_id, COALESCE(u.name, ''), s.at FROM lead_steps s LEFT JOIN users u ON u.id = s.user_id
		WHERE s.lead_id = $1 ORDER BY s.id`, id)
	if err != nil {
		return nil, err
	}
	if l.Steps == nil {
		l.Steps = []*chamber.LeadStep{}
	}
	return l, nil
}

// ListLeads lists leads newest first, by stage and year.
func (db *DB) ListLeads(ctx context.Context, f chamber.LeadFilter, p chamber.Page) ([]*chamber.Lead, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, "", err
	}
	where := "1 = 1"
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Stage != "" {
		if f.Stage != chamber.LeadLost && chamber.LeadStageIndex(f.Stage) < 0 {
			return nil, "", fieldErr("stage", "err.invalid_value")
		}
		where += " AND l.stage = " + arg(f.Stage)
	}
	if f.Year != 0 {
		if f.Year < 1900 || f.Year > 2100 {
			return nil, "", fieldErr("year", "err.invalid_value")
		}
		y := strconv.Itoa(f.Year)
		where += " AND l.created_on >= " + arg(y+"-01-01") + " AND l.created_on <= " + arg(y+"-12-31")
	}
	p = p.Normalize()
	if p.Cursor != "" {
		before, err := idCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		where += " AND l.id < " + arg(before)
	}
	items, err := queryAll(ctx, db.read, scanLead, `SELECT `+leadColumns+leadFrom+` WHERE `+where+` ORDER BY l.id DESC LIMIT `+arg(p.Limit+1), args...)
	if err != nil {
		return nil, "", err
	}
	items, next := idPage(items, p.Limit, func(x *chamber.Lead) chamber.ID { return x.ID })
	if items == nil {
		items = []*chamber.Lead{}
	}
	return items, next, nil
}

// MoveLead moves a lead to another stage: only forward, or to lost from
// an open stage; anything else is a conflict (409). The move is kept with
// its note, and the next step may be set with it.
func (db *DB) MoveLead(ctx context.Context, id chamber.ID, m chamber.LeadMove) (*chamber.Lead, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	before, err := db.FindLead(ctx, id)
	if err != nil {
		return nil, err
	}
	if !chamber.LeadMoveAllowed(before.Stage, m.Stage) {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "stage_not_forward", Key: "lead.err.stage"}
	}
	reached := before.Reached
	if m.Stage != chamber.LeadLost {
		reached = m.Stage
	}
	step, on := before.NextStep, before.NextOn
	if m.NextStep != nil {
		step = *m.NextStep
	}
	if m.NextOn != nil {
		on = *m.NextOn
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE leads SET stage = $1, reached = $2, next_step = $3, next_on = $4, updated_at = $5 WHERE id = $6 AND stage = $7`,
			m.Stage, reached, step, on, micros(tx.now), id, before.Stage)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "stage_not_forward", Key: "lead.err.stage"}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO lead_steps(lead_id, from_stage, to_stage, note, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, before.Stage, m.Stage, m.Note, actor.UserID, micros(tx.now)); err != nil {
			return err
		}
		return tx.Audit("lead.stage", "lead", id, map[string]any{"stage": before.Stage},
			map[string]any{"stage": m.Stage, "note": m.Note, "next_step": step, "next_on": on})
	})
	if err != nil {
		return nil, err
	}
	return db.FindLead(ctx, id)
}

// LeadFunnel counts a year's leads (by the day they were recorded) at each
// stage they reached or passed, with their amounts, and those lost.
func (db *DB) LeadFunnel(ctx context.Context, year int) (*chamber.Funnel, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermRelationsRead); err != nil {
		return nil, err
	}
	if year < 1900 || year > 2100 {
		return nil, fieldErr("year", "err.invalid_value")
	}
	f := &chamber.Funnel{Year: year, Lost: chamber.FunnelRow{Stage: chamber.LeadLost}}
	for _, s := range chamber.LeadStages {
		f.Stages = append(f.Stages, chamber.FunnelRow{Stage: s})
	}
	y := strconv.Itoa(year)
	rows, err := db.read.QueryContext(ctx, `SELECT stage, reached, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM leads
		WHERE created_on >= $1 AND created_on <= $2 GROUP BY stage, reached`, y+"-01-01", y+"-12-31")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var stage, reached string
		var n int
		var amount int64
		if err := rows.Scan(&stage, &reached, &n, &amount); err != nil {
			return nil, err
		}
		f.Total += n
		if stage == chamber.LeadLost {
			f.Lost.Count += n
			f.Lost.AmountFen += amount
		}
		for i := 0; i <= chamber.LeadStageIndex(reached); i++ {
			f.Stages[i].Count += n
			f.Stages[i].AmountFen += amount
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f.Years, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (int, error) {
		var s string
		if err := sc.Scan(&s); err != nil {
			return 0, err
		}
		n, _ := strconv.Atoi(s)
		return n, nil
	}, `SELECT DISTINCT substr(created_on, 1, 4) FROM leads ORDER BY 1 DESC`)
	return f, err
}
