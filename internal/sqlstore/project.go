package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/chamber-org/chamber"
)

// Projects (项目推进). Holders of workplan.manage start projects; the
// owner (a login: the 副会长 or leader responsible) and workplan.manage
// change the status and add and complete milestones. Every login but a
// member's portal login reads them; a portal login reads its own projects.

// projectReader: a staff login, or a portal login reading its own project.
func projectStaff(a *chamber.Actor) bool {
	return a != nil && (a.System || (a.UserID != 0 && (a.MemberID == 0 || a.Admin || a.Can(chamber.PermWorkPlanManage))))
}

// CreateProject starts a project (linked to its plan item when given).
func (db *DB) CreateProject(ctx context.Context, n chamber.NewProject) (*chamber.Project, error) {
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
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, n.OwnerID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("owner_id", "project.err.owner")
			}
			return err
		}
		if n.PlanItemID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM work_plan_items WHERE id = $1`, n.PlanItemID).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("plan_item_id", "workplan.err.item_not_found")
				}
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO projects(title, goal, owner_id, status, plan_item_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			n.Title, n.Goal, n.OwnerID, n.Status, n.PlanItemID, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		seen := map[chamber.ID]bool{}
		for _, m := range n.MemberIDs {
			if seen[m] {
				continue
			}
			seen[m] = true
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM members WHERE id = $1`, m).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("member_ids", "project.err.member")
				}
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO project_members(project_id, member_id) VALUES ($1, $2)`, id, m); err != nil {
				return err
			}
		}
		if n.PlanItemID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO work_plan_links(item_id, kind, target_id) VALUES ($1, 'project', $2) ON CONFLICT DO NOTHING`,
				n.PlanItemID, id); err != nil {
				return err
			}
		}
		return tx.Audit("project.create", "project", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.FindProject(ctx, id)
}

// projectWrite runs fn for the project's owner or a holder of workplan.manage.
func (db *DB) projectWrite(ctx context.Context, id chamber.ID, fn func(tx *Tx, status string) error) error {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || (actor.UserID == 0 && !actor.System) {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		var owner chamber.ID
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT owner_id, status FROM projects WHERE id = $1`, id).Scan(&owner, &status); err != nil {
			return notFound(err, "project.err.not_found")
		}
		if !actor.Can(chamber.PermWorkPlanManage) && owner != actor.UserID {
			if !projectStaff(actor) {
				return chamber.Errorf(chamber.ENOTFOUND, "project.err.not_found")
			}
			return chamber.Errorf(chamber.EFORBIDDEN, "project.err.not_owner")
		}
		return fn(tx, status)
	})
}

// SetProjectStatus changes a project's status (planned, active, done, suspended).
func (db *DB) SetProjectStatus(ctx context.Context, id chamber.ID, status string) (*chamber.Project, error) {
	if !chamber.ValidProjectStatus(status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	err := db.projectWrite(ctx, id, func(tx *Tx, before string) error {
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET status = $2 WHERE id = $1`, id, status); err != nil {
			return err
		}
		return tx.Audit("project.status", "project", id, map[string]string{"status": before}, map[string]string{"status": status})
	})
	if err != nil {
		return nil, err
	}
	return db.FindProject(ctx, id)
}

// AddMilestone adds a milestone to a project.
func (db *DB) AddMilestone(ctx context.Context, id chamber.ID, n chamber.NewMilestone) (*chamber.Project, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	err := db.projectWrite(ctx, id, func(tx *Tx, _ string) error {
		var mid chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO project_milestones(project_id, title, due_on, note) VALUES ($1, $2, $3, $4) RETURNING id`,
			id, n.Title, n.DueOn, n.Note).Scan(&mid); err != nil {
			return err
		}
		return tx.Audit("project.milestone", "project", id, nil, map[string]any{"milestone_id": mid, "title": n.Title, "due_on": n.DueOn})
	})
	if err != nil {
		return nil, err
	}
	return db.FindProject(ctx, id)
}

// CompleteMilestone marks a milestone done (today when no day is given); twice is 409.
func (db *DB) CompleteMilestone(ctx context.Context, id, mid chamber.ID, d chamber.MilestoneDone) (*chamber.Project, error) {
	if d.DoneOn != "" && (!chamber.ValidDate(d.DoneOn) || !chamber.DateStringInRange(d.DoneOn)) {
		return nil, fieldErr("done_on", "err.date")
	}
	if len([]rune(d.Note)) > 2000 {
		return nil, fieldErr("note", "err.too_long", 2000)
	}
	err := db.projectWrite(ctx, id, func(tx *Tx, _ string) error {
		var done, note string
		if err := tx.QueryRowContext(ctx, `SELECT done_on, note FROM project_milestones WHERE id = $1 AND project_id = $2`, mid, id).Scan(&done, &note); err != nil {
			return notFound(err, "project.err.milestone_not_found")
		}
		if done != "" {
			return chamber.Errorf(chamber.ECONFLICT, "project.err.milestone_done")
		}
		day := d.DoneOn
		if day == "" {
			day = tx.now.In(tx.db.location(tx.ctx)).Format("2006-01-02")
		}
		if d.Note != "" {
			note = d.Note
		}
		if _, err := tx.ExecContext(ctx, `UPDATE project_milestones SET done_on = $2, note = $3 WHERE id = $1`, mid, day, note); err != nil {
			return err
		}
		return tx.Audit("project.milestone_done", "project", id, nil, map[string]any{"milestone_id": mid, "done_on": day})
	})
	if err != nil {
		return nil, err
	}
	return db.FindProject(ctx, id)
}

const projectSelect = `SELECT p.id, p.title, p.goal, p.owner_id, COALESCE(u.name, ''), p.status, p.plan_item_id, COALESCE(i.title, ''), COALESCE(i.plan_id, 0), p.created_at
	FROM projects p LEFT JOIN users u ON u.id = p.owner_id LEFT JOIN work_plan_items i ON i.id = p.plan_item_id`

func scanProject(sc interface{ Scan(...any) error }) (*chamber.Project, error) {
	var p chamber.Project
	var created int64
	err := sc.Scan(&p.ID, &p.Title, &p.Goal, &p.OwnerID, &p.Owner, &p.Status, &p.PlanItemID, &p.PlanItem, &p.PlanID, &created)
	p.CreatedAt = fromMicros(created)
	return &p, err
}

// FindProject reads a project with its members and milestones.
func (db *DB) FindProject(ctx context.Context, id chamber.ID) (*chamber.Project, error) {
	a := chamber.ActorFrom(ctx)
	p, err := scanProject(db.read.QueryRowContext(ctx, projectSelect+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "project.err.not_found")
	}
	if !projectStaff(a) && (a == nil || a.UserID == 0 || a.UserID != p.OwnerID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "project.err.not_found")
	}
	if p.Members, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.ProjectMember, error) {
		var m chamber.ProjectMember
		return &m, sc.Scan(&m.ID, &m.Name)
	}, `SELECT m.id, m.name FROM project_members pm JOIN members m ON m.id = pm.member_id WHERE pm.project_id = $1 ORDER BY m.id`, id); err != nil {
		return nil, err
	}
	if p.Milestones, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.Milestone, error) {
		var m chamber.Milestone
		return &m, sc.Scan(&m.ID, &m.ProjectID, &m.Title, &m.DueOn, &m.DoneOn, &m.Note)
	}, `SELECT id, project_id, title, due_on, done_on, note FROM project_milestones WHERE project_id = $1 ORDER BY due_on, id`, id); err != nil {
		return nil, err
	}
	return p, nil
}

// ListProjects lists the projects, newest first (a portal login: its own).
func (db *DB) ListProjects(ctx context.Context) ([]*chamber.Project, error) {
	a := chamber.ActorFrom(ctx)
	if a == nil || (a.UserID == 0 && !a.System) {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	q, args := projectSelect+` ORDER BY p.id DESC LIMIT 500`, []any{}
	if !projectStaff(a) {
		q, args = projectSelect+` WHERE p.owner_id = $1 ORDER BY p.id DESC LIMIT 500`, []any{a.UserID}
	}
	ps, err := queryAll(ctx, db.read, scanProject, q, args...)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		p.Members, p.Milestones = []*chamber.ProjectMember{}, []*chamber.Milestone{}
	}
	return ps, nil
}

// ProjectLogins lists the logins a project may be given to (for the
// form; workplan.manage), by name.
func (db *DB) ProjectLogins(ctx context.Context) ([]*chamber.ProjectMember, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermWorkPlanManage); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.ProjectMember, error) {
		var m chamber.ProjectMember
		return &m, sc.Scan(&m.ID, &m.Name)
	}, `SELECT id, CASE WHEN name = '' THEN username ELSE name || ' (' || username || ')' END FROM users WHERE NOT disabled ORDER BY id LIMIT 500`)
}
