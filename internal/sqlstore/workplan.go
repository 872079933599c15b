package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/chamber-org/chamber"
)

// The annual work plan (年度工作计划). Holders of workplan.manage write the
// plan and its items; an item's owner (the holder of its owner post, or
// workplan.manage) reports progress. Everyone with a staff login reads it.

// CreateWorkPlan starts a year's plan.
func (db *DB) CreateWorkPlan(ctx context.Context, n chamber.NewWorkPlan) (*chamber.WorkPlan, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermWorkPlanManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO work_plans(year, title, created_at) VALUES ($1, $2, $3) RETURNING id`,
			n.Year, n.Title, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("workplan.create", "work_plan", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.FindWorkPlan(ctx, id)
}

// PatchWorkPlan renames a plan or records the resolution that adopted it.
func (db *DB) PatchWorkPlan(ctx context.Context, id chamber.ID, p chamber.WorkPlanPatch) (*chamber.WorkPlan, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermWorkPlanManage); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var title string
		var adopted chamber.ID
		if err := tx.QueryRowContext(ctx, `SELECT title, adopted_by FROM work_plans WHERE id = $1`, id).Scan(&title, &adopted); err != nil {
			return notFound(err, "workplan.err.not_found")
		}
		before := map[string]any{"title": title, "adopted_by": adopted}
		if p.Title != nil {
			title = strings.TrimSpace(*p.Title)
			var f chamber.Fields
			if title == "" {
				f.Add("title", "err.required")
			} else if len([]rune(title)) > 120 {
				f.Add("title", "err.too_long", 120)
			}
			if err := f.Err(); err != nil {
				return err
			}
		}
		if p.AdoptedBy != nil {
			adopted = *p.AdoptedBy
			if adopted != 0 {
				// Adopted means by a passed resolution of the assembly or the council.
				if err := tx.passedResolution(adopted, "adopted_by", nil, adoptingBodies); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_plans SET title = $2, adopted_by = $3 WHERE id = $1`, id, title, adopted); err != nil {
			return err
		}
		return tx.Audit("workplan.update", "work_plan", id, before, map[string]any{"title": title, "adopted_by": adopted})
	})
	if err != nil {
		return nil, err
	}
	return db.FindWorkPlan(ctx, id)
}

// AddWorkPlanItem adds an item to a plan.
func (db *DB) AddWorkPlanItem(ctx context.Context, planID chamber.ID, n chamber.NewWorkPlanItem) (*chamber.WorkPlanItem, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermWorkPlanManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM work_plans WHERE id = $1`, planID).Scan(&one); err != nil {
			return notFound(err, "workplan.err.not_found")
		}
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM departments WHERE id = $1`, n.DepartmentID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("department_id", "err.invalid_value")
			}
			return err
		}
		if n.OwnerPositionID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM positions WHERE id = $1`, n.OwnerPositionID).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("owner_position_id", "err.invalid_value")
				}
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO work_plan_items(plan_id, title, department_id, owner_position_id, due_on, target)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, planID, n.Title, n.DepartmentID, n.OwnerPositionID, n.DueOn, n.Target).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("workplan.item_create", "work_plan_item", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.workPlanItem(ctx, id)
}

// LinkWorkPlanItem ties an item to the event, meeting or document that carries it out.
func (db *DB) LinkWorkPlanItem(ctx context.Context, itemID chamber.ID, l chamber.WorkPlanLink) (*chamber.WorkPlanItem, error) {
	actor := chamber.ActorFrom(ctx)
	if !actor.Can(chamber.PermWorkPlanManage) && !actor.Can(chamber.PermEventManage) {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermWorkPlanManage))
	}
	table := map[string]string{"event": "events", "meeting": "meetings", "document": "documents", "project": "projects"}[l.Kind]
	if table == "" {
		return nil, fieldErr("kind", "err.invalid_value")
	}
	if l.ID <= 0 {
		return nil, fieldErr("id", "err.required")
	}
	if l.Kind == "document" {
		if _, err := db.read.ExecContext(ctx, `SELECT 1 FROM documents WHERE 1 = 0`); err != nil {
			return nil, fieldErr("kind", "err.invalid_value") // documents are not installed
		}
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM work_plan_items WHERE id = $1`, itemID).Scan(&one); err != nil {
			return notFound(err, "workplan.err.item_not_found")
		}
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, l.ID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("id", "workplan.err.link_target")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO work_plan_links(item_id, kind, target_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			itemID, l.Kind, l.ID); err != nil {
			return err
		}
		return tx.Audit("workplan.link", "work_plan_item", itemID, nil, l)
	})
	if err != nil {
		return nil, err
	}
	return db.workPlanItem(ctx, itemID)
}

// ReportProgress records an owner's progress on an item.
func (db *DB) ReportProgress(ctx context.Context, itemID chamber.ID, p chamber.ItemProgressReport) (*chamber.WorkPlanItem, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var owner chamber.ID
		var before int
		if err := tx.QueryRowContext(ctx, `SELECT owner_position_id, percent FROM work_plan_items WHERE id = $1`, itemID).Scan(&owner, &before); err != nil {
			return notFound(err, "workplan.err.item_not_found")
		}
		if !actor.Can(chamber.PermWorkPlanManage) {
			var holds int
			today := tx.now.In(tx.db.location(tx.ctx)).Format("2006-01-02")
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts WHERE position_id = $1 AND user_id = $2 AND starts_on <= $3
				AND (ends_on IS NULL OR ends_on = '' OR ends_on >= $3)`, owner, actor.UserID, today).Scan(&holds); err != nil {
				return err
			}
			if owner == 0 || holds == 0 {
				return chamber.Errorf(chamber.EFORBIDDEN, "workplan.err.not_owner")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_plan_items SET percent = $2 WHERE id = $1`, itemID, p.Percent); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO work_plan_progress(item_id, percent, note, user_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			itemID, p.Percent, p.Note, actor.UserID, micros(tx.now)); err != nil {
			return err
		}
		return tx.Audit("workplan.progress", "work_plan_item", itemID, map[string]int{"percent": before}, p)
	})
	if err != nil {
		return nil, err
	}
	return db.workPlanItem(ctx, itemID)
}

const itemColumns = `i.id, i.plan_id, i.title, i.department_id, COALESCE(d.name, ''), i.owner_position_id, COALESCE(p.name, ''),
	i.due_on, i.target, i.percent`

const itemFrom = ` FROM work_plan_items i LEFT JOIN departments d ON d.id = i.department_id LEFT JOIN positions p ON p.id = i.owner_position_id`

func scanItem(sc interface{ Scan(...any) error }) (*chamber.WorkPlanItem, error) {
	var it chamber.WorkPlanItem
	return &it, sc.Scan(&it.ID, &it.PlanID, &it.Title, &it.DepartmentID, &it.Department, &it.OwnerPositionID, &it.OwnerPosition,
		&it.DueOn, &it.Target, &it.Percent)
}

func (db *DB) workPlanItem(ctx context.Context, id chamber.ID) (*chamber.WorkPlanItem, error) {
	it, err := scanItem(db.read.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE i.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "workplan.err.item_not_found")
	}
	if err := db.fillItems(ctx, []*chamber.WorkPlanItem{it}, true); err != nil {
		return nil, err
	}
	return it, nil
}

// fillItems adds the status, links (with titles) and, when asked, the progress reports.
func (db *DB) fillItems(ctx context.Context, items []*chamber.WorkPlanItem, progress bool) error {
	today := db.Today(ctx)
	for _, it := range items {
		it.Status = chamber.ItemStatus(it.Percent, it.DueOn, today)
		links, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.WorkPlanLink, error) {
			var l chamber.WorkPlanLink
			return &l, sc.Scan(&l.Kind, &l.ID, &l.Title)
		}, `SELECT l.kind, l.target_id, COALESCE(e.title, m.title, pr.title, '') FROM work_plan_links l
			LEFT JOIN events e ON l.kind = 'event' AND e.id = l.target_id
			LEFT JOIN meetings m ON l.kind = 'meeting' AND m.id = l.target_id
			LEFT JOIN projects pr ON l.kind = 'project' AND pr.id = l.target_id
			WHERE l.item_id = $1 ORDER BY l.kind, l.target_id`, it.ID)
		if err != nil {
			return err
		}
		it.Links = links
		if it.Percent >= 100 {
			var at sql.NullInt64
			if err := db.read.QueryRowContext(ctx, `SELECT MAX(created_at) FROM work_plan_progress WHERE item_id = $1 AND percent >= 100`, it.ID).Scan(&at); err != nil {
				return err
			}
			if at.Valid {
				it.DoneOn = fromMicros(at.Int64).In(db.location(ctx)).Format("2006-01-02")
			}
		}
		if progress {
			ps, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.ItemProgress, error) {
				var p chamber.ItemProgress
				var at int64
				err := sc.Scan(&p.Percent, &p.Note, &p.By, &at)
				p.At = fromMicros(at)
				return &p, err
			}, `SELECT g.percent, g.note, COALESCE(u.name, ''), g.created_at FROM work_plan_progress g LEFT JOIN users u ON u.id = g.user_id
				WHERE g.item_id = $1 ORDER BY g.id`, it.ID)
			if err != nil {
				return err
			}
			it.Progress = ps
		}
	}
	return nil
}

// FindWorkPlan reads a plan with its items.
func (db *DB) FindWorkPlan(ctx context.Context, id chamber.ID) (*chamber.WorkPlan, error) {
	if a := chamber.ActorFrom(ctx); a == nil || (a.UserID == 0 && !a.System) || (a.MemberID != 0 && !a.Can(chamber.PermWorkPlanManage)) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "workplan.err.not_found")
	}
	var p chamber.WorkPlan
	var created int64
	if err := db.read.QueryRowContext(ctx, `SELECT id, year, title, adopted_by, created_at FROM work_plans WHERE id = $1`, id).
		Scan(&p.ID, &p.Year, &p.Title, &p.AdoptedBy, &created); err != nil {
		return nil, notFound(err, "workplan.err.not_found")
	}
	p.CreatedAt = fromMicros(created)
	items, err := queryAll(ctx, db.read, scanItem, `SELECT `+itemColumns+itemFrom+` WHERE i.plan_id = $1 ORDER BY i.due_on, i.id`, id)
	if err != nil {
		return nil, err
	}
	if err := db.fillItems(ctx, items, false); err != nil {
		return nil, err
	}
	p.Items = items
	return &p, nil
}

// ListWorkPlans lists the plans, newest year first (without items).
func (db *DB) ListWorkPlans(ctx context.Context) ([]*chamber.WorkPlan, error) {
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.WorkPlan, error) {
		var p chamber.WorkPlan
		var created int64
		err := sc.Scan(&p.ID, &p.Year, &p.Title, &p.AdoptedBy, &created)
		p.CreatedAt = fromMicros(created)
		return &p, err
	}, `SELECT id, year, title, adopted_by, created_at FROM work_plans ORDER BY year DESC, id DESC`)
}

// OverdueItems lists the items past due below 100 % (for the 秘书长's home page).
func (db *DB) OverdueItems(ctx context.Context) ([]*chamber.WorkPlanItem, error) {
	items, err := queryAll(ctx, db.read, scanItem, `SELECT `+itemColumns+itemFrom+` WHERE i.percent < 100 AND i.due_on < $1
		ORDER BY i.due_on, i.id LIMIT 50`, db.Today(ctx))
	if err != nil {
		return nil, err
	}
	return items, db.fillItems(ctx, items, false)
}

// HeldPositions lists the positions the caller holds today: the owner
// posts of the items it may report progress on.
func (db *DB) HeldPositions(ctx context.Context) (map[chamber.ID]bool, error) {
	out := map[chamber.ID]bool{}
	a := chamber.ActorFrom(ctx)
	if a == nil || a.UserID == 0 {
		return out, nil
	}
	today := db.Today(ctx)
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT position_id FROM posts WHERE user_id = $1 AND position_id IS NOT NULL AND starts_on <= $2 AND (ends_on IS NULL OR ends_on = '' OR ends_on >= $2)`, a.UserID, today)
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
