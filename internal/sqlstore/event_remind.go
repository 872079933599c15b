package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
)

// RemindEvents tells everyone with a confirmed registration, the day
// before (from local midnight of the eve until the start), through the
// inbox and the mail outbox of Notify. Once per event: the event row is
// marked in the same transaction, the notification has its own key, and
// serve runs this under its own lease (remind_events). It returns how many
// events it reminded of.
func (db *DB) RemindEvents(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		actor = chamber.SystemActor
		ctx = chamber.WithActor(ctx, actor)
	}
	if !actor.System {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "system")
	}
	loc := db.location(ctx)
	now := db.Now().In(loc)
	y, m, d := now.Date()
	until := time.Date(y, m, d+2, 0, 0, 0, 0, loc) // the start of the day after tomorrow
	count := 0
	err := db.Write(ctx, actor, func(tx *Tx) error {
		type due struct {
			id       chamber.ID
			title    string
			location string
			starts   int64
		}
		list, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (due, error) {
			var e due
			return e, sc.Scan(&e.id, &e.title, &e.location, &e.starts)
		}, `SELECT id, title, location, starts_at FROM events WHERE reminded_at IS NULL AND status IN ('open', 'closed')
			AND starts_at > $1 AND starts_at < $2 ORDER BY starts_at, id LIMIT 200`, micros(tx.now), micros(until))
		if err != nil {
			return err
		}
		for _, e := range list {
			res, err := tx.ExecContext(ctx, `UPDATE events SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL`, micros(tx.now), e.id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue
			}
			members, err := queryAll(ctx, tx, scanID, `SELECT DISTINCT member_id FROM event_registrations
				WHERE event_id = $1 AND status = 'confirmed' AND member_id <> 0 ORDER BY member_id`, e.id)
			if err != nil {
				return err
			}
			when := fromMicros(e.starts).In(loc).Format("2006-01-02 15:04")
			if len(members) > 0 {
				body := fmt.Sprintf("时间：%s\n地点：%s\n请携带报名码（二维码）签到。%s", when, e.location, eventLink(e.id))
				if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("event:%d:reminder", e.id),
					Title: "活动提醒：" + e.title + "（" + when + "）", Body: body, Members: members}); err != nil {
					return err
				}
			}
			if err := tx.Audit("event.remind", "event", e.id, nil, map[string]any{"starts_at": when, "members": len(members)}); err != nil {
				return err
			}
			count++
		}
		return nil
	})
	return count, err
}
