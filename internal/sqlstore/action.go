package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

const actionColumns = `a.id, a.meeting_id, m.title, a.title, a.owner_id, a.owner, a.due_on, a.status, a.note, a.created_at, a.done_at`
const actionFrom = ` FROM action_items a JOIN meetings m ON m.id = a.meeting_id`

func scanAction(sc interface{ Scan(...any) error }) (*chamber.ActionItem, error) {
	var a chamber.ActionItem
	var created int64
	var done sql.NullInt64
	if err := sc.Scan(&a.ID, &a.MeetingID, &a.Meeting, &a.Title, &a.OwnerID, &a.Owner, &a.DueOn, &a.Status, &a.Note, &created, &done); err != nil {
		return nil, err
	}
	a.CreatedAt, a.DoneAt = fromMicros(created), nullMicros(done)
	return &a, nil
}

// CreateActionItem records a task decided at a meeting (meeting.manage).
func (db *DB) CreateActionItem(ctx context.Context, meetingID chamber.ID, n chamber.NewActionItem) (*chamber.ActionItem, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.ActionItem
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE id = $1`, meetingID).Scan(&c); err != nil || c == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
		}
		var owner string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, n.OwnerID).Scan(&owner); err != nil {
			return fieldErr("owner_user_id", "err.user_not_found")
		}
		var id chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO action_items(meeting_id, title, owner_id, owner, due_on, status, created_at)
			VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id`, meetingID, n.Title, n.OwnerID, owner, n.DueOn, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, err = scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE a.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("action_item.create", "action_item", id, nil, out)
	})
	return out, err
}

// CompleteActionItem marks an item done, by its owner or meeting.manage.
func (db *DB) CompleteActionItem(ctx context.Context, id chamber.ID, note string) (*chamber.ActionItem, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 1000 {
		return nil, fieldErr("note", "err.too_long", 1000)
	}
	var out *chamber.ActionItem
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE a.id = $1`, id))
		if err != nil {
			return notFound(err, "action.err.not_found")
		}
		if a.OwnerID != actor.UserID && !actor.Can(chamber.PermMeetingManage) {
			return chamber.Errorf(chamber.ENOTFOUND, "action.err.not_found")
		}
		if a.Status == chamber.ActionDone {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_done", Key: "action.err.done"}
		}
		before := *a
		now := tx.now
		a.Status, a.Note, a.DoneAt = chamber.ActionDone, note, &now
		if _, err := tx.ExecContext(ctx, `UPDATE action_items SET status = 'done', note = $1, done_at = $2 WHERE id = $3`, note, micros(now), id); err != nil {
			return err
		}
		out = a
		return tx.Audit("action_item.done", "action_item", id, &before, a)
	})
	return out, err
}

// ListActionItems lists items: all for meeting.manage, else the caller's own.
func (db *DB) ListActionItems(ctx context.Context, f chamber.ActionFilter) ([]*chamber.ActionItem, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var conds []string
	var args []any
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, c+" $"+strconv.Itoa(len(args)))
	}
	if !actor.Can(chamber.PermMeetingManage) {
		// One's own items, and those of the meetings one sees (a staff
		// meeting's decisions are the business of those on its roll).
		sc, err := db.meetingScopeOf(ctx, actor)
		if err != nil {
			return nil, err
		}
		args = append(args, actor.UserID)
		own := "a.owner_id = $" + strconv.Itoa(len(args))
		cond, more := sc.filter(len(args) + 1)
		args = append(args, more...)
		if cond == " AND 1 = 0" {
			conds = append(conds, own)
		} else {
			conds = append(conds, "("+own+" OR (1 = 1"+cond+"))")
		}
	}
	if f.Open {
		add("a.status =", chamber.ActionOpen)
	}
	if f.OwnerID != 0 {
		add("a.owner_id =", f.OwnerID)
	}
	if f.MeetingID != 0 {
		add("a.meeting_id =", f.MeetingID)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return queryAll(ctx, db.read, scanAction, `SELECT `+actionColumns+actionFrom+where+` ORDER BY a.due_on, a.id LIMIT 1000`, args...)
}
