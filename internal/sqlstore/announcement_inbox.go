package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// The inbox: a login sees the deliveries addressed to it and those
// addressed to the member it represents (users.member_id).

const recipientMatch = `((d.user_id = $2 AND $2 <> 0) OR (d.member_id = $3 AND $3 <> 0))`

func actorIDs(a *chamber.Actor) (user, member chamber.ID) {
	if a == nil {
		return 0, 0
	}
	return a.UserID, a.MemberID
}

const inboxColumns = `d.id, a.id, a.kind, a.title, a.revision, a.published_at, d.read_at, a.require_ack, d.acked_at`

func scanInbox(sc interface{ Scan(...any) error }) (*chamber.InboxItem, error) {
	var it chamber.InboxItem
	var published sql.NullInt64
	var read, acked sql.NullInt64
	if err := sc.Scan(&it.DeliveryID, &it.ID, &it.Kind, &it.Title, &it.Revision, &published, &read, &it.RequireAck, &acked); err != nil {
		return nil, err
	}
	if published.Valid {
		it.PublishedAt = fromMicros(published.Int64)
	}
	it.ReadAt, it.AckedAt = nullMicros(read), nullMicros(acked)
	return &it, nil
}

// deliveryFor is the caller's delivery of an announcement, or 404.
func (db *DB) deliveryFor(ctx context.Context, actor *chamber.Actor, annID chamber.ID) (*chamber.InboxItem, error) {
	u, m := actorIDs(actor)
	it, err := scanInbox(db.read.QueryRowContext(ctx, `SELECT `+inboxColumns+` FROM announcement_deliveries d
		JOIN announcements a ON a.id = d.announcement_id
		WHERE d.announcement_id = $1 AND `+recipientMatch+` ORDER BY d.id LIMIT 1`, annID, u, m))
	return it, notFound(err, "ann.err.not_found")
}

// Inbox lists the caller's announcements, newest first.
func (db *DB) Inbox(ctx context.Context, p chamber.Page) ([]*chamber.InboxItem, string, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	u, m := actorIDs(actor)
	items, err := queryAll(ctx, db.read, scanInbox, `SELECT `+inboxColumns+` FROM announcement_deliveries d
		JOIN announcements a ON a.id = d.announcement_id
		WHERE d.id < $1 AND `+recipientMatch+` ORDER BY d.id DESC LIMIT $4`, before, u, m, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	items, next := idPage(items, p.Limit, func(x *chamber.InboxItem) chamber.ID { return x.DeliveryID })
	return items, next, nil
}

// UnreadCount is how many of the caller's announcements are unread.
func (db *DB) UnreadCount(ctx context.Context) (int64, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return 0, nil
	}
	u, m := actorIDs(actor)
	var n int64
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM announcement_deliveries d WHERE d.read_at IS NULL AND `+
		strings.ReplaceAll(strings.ReplaceAll(recipientMatch, "$2", "$1"), "$3", "$2"), u, m).Scan(&n)
	return n, err
}

// ReadAnnouncement opens an announcement from the inbox and records the
// read receipt the first time (for a member, the first of its representatives).
func (db *DB) ReadAnnouncement(ctx context.Context, id chamber.ID) (*chamber.Announcement, *chamber.InboxItem, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	it, err := db.deliveryFor(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if it.ReadAt == nil {
		if err := db.Write(ctx, actor, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE announcement_deliveries SET read_at = $1, read_by = $2 WHERE id = $3 AND read_at IS NULL`,
				micros(tx.Now()), actor.UserID, it.DeliveryID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE announcements SET read_count = read_count + 1 WHERE id = $1`, id); err != nil {
				return err
			}
			t := tx.Now()
			it.ReadAt = &t
			return tx.Audit("announcement.read", "announcement", id, nil, map[string]any{"delivery_id": it.DeliveryID})
		}); err != nil {
			return nil, nil, err
		}
	}
	a, err := db.announcement(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if a.History, err = db.revisions(ctx, id); err != nil {
		return nil, nil, err
	}
	return a, it, nil
}

// AcknowledgeAnnouncement records the 回执 of a notice that asks for one.
func (db *DB) AcknowledgeAnnouncement(ctx context.Context, id chamber.ID) error {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	it, err := db.deliveryFor(ctx, actor, id)
	if err != nil {
		return err
	}
	if !it.RequireAck {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "no_ack_requested", Key: "ann.err.no_ack"}
	}
	if it.AckedAt != nil {
		return nil
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		now := micros(tx.Now())
		res, err := tx.ExecContext(ctx, `UPDATE announcement_deliveries SET acked_at = $1, acked_by = $2 WHERE id = $3 AND acked_at IS NULL`,
			now, actor.UserID, it.DeliveryID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		var read int64
		if res, err = tx.ExecContext(ctx, `UPDATE announcement_deliveries SET read_at = $1, read_by = $2 WHERE id = $3 AND read_at IS NULL`,
			now, actor.UserID, it.DeliveryID); err != nil {
			return err
		}
		read, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, `UPDATE announcements SET ack_count = ack_count + 1, read_count = read_count + $1 WHERE id = $2`, read, id); err != nil {
			return err
		}
		return tx.Audit("announcement.acknowledge", "announcement", id, nil, map[string]any{"delivery_id": it.DeliveryID})
	})
}

// AnnouncementReceipts are the read figures (writers and approvers).
func (db *DB) AnnouncementReceipts(ctx context.Context, id chamber.ID) (*chamber.Receipts, error) {
	actor := chamber.ActorFrom(ctx)
	if !canManageAnnouncements(actor) {
		return nil, notManager(actor)
	}
	a, err := db.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	var acks int64
	if err := db.read.QueryRowContext(ctx, `SELECT ack_count FROM announcements WHERE id = $1`, id).Scan(&acks); err != nil {
		return nil, err
	}
	return &chamber.Receipts{Recipients: a.Recipients, Read: a.Read, Acked: acks}, nil
}

// AnnouncementRecipients lists who received it (unreadOnly: who has not read it yet).
func (db *DB) AnnouncementRecipients(ctx context.Context, id chamber.ID, unreadOnly bool, p chamber.Page) ([]*chamber.Recipient, string, error) {
	actor := chamber.ActorFrom(ctx)
	if !canManageAnnouncements(actor) {
		return nil, "", notManager(actor)
	}
	if _, err := db.announcement(ctx, id); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	after, err := idCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT d.id, d.member_id, d.user_id, COALESCE(m.name, u.name, ''), d.read_at, d.acked_at FROM announcement_deliveries d
		LEFT JOIN members m ON m.id = d.member_id AND d.member_id <> 0
		LEFT JOIN users u ON u.id = d.user_id AND d.user_id <> 0
		WHERE d.announcement_id = $1 AND d.id > $2`
	if unreadOnly {
		q += ` AND d.read_at IS NULL`
	}
	type row struct {
		id int64
		r  *chamber.Recipient
	}
	rows, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (row, error) {
		var r chamber.Recipient
		var id int64
		var read, acked sql.NullInt64
		err := sc.Scan(&id, &r.MemberID, &r.UserID, &r.Name, &read, &acked)
		r.ReadAt, r.AckedAt = nullMicros(read), nullMicros(acked)
		return row{id, &r}, err
	}, q+` ORDER BY d.id LIMIT $3`, id, after, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	rows, next := idPage(rows, p.Limit, func(x row) chamber.ID { return x.id })
	out := make([]*chamber.Recipient, len(rows))
	for i, r := range rows {
		out[i] = r.r
	}
	return out, next, nil
}

// RemindUnread queues a reminder e-mail to every member recipient that has
// not read the announcement yet, and returns how many were queued.
func (db *DB) RemindUnread(ctx context.Context, id chamber.ID) (int64, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return 0, err
	}
	var n int64
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := tx.announcement(id)
		if err != nil {
			return err
		}
		if a.Status != chamber.AnnPublished {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_published", Key: "ann.err.not_published"}
		}
		content, err := tx.mailContents(func(lang string) (string, string) { return tx.T(lang, "ann.mail.reminder", a.Title), a.Body })
		if err != nil {
			return err
		}
		prefix := "ann" + strconv.FormatInt(a.ID, 10) + ".rem" + strconv.FormatInt(micros(tx.Now()), 10) + ".m"
		if n, err = tx.queueMemberMail(content, prefix, `d.announcement_id = $4 AND d.read_at IS NULL`, a.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE announcement_deliveries SET reminded_at = $1 WHERE announcement_id = $2 AND read_at IS NULL`,
			micros(tx.Now()), id); err != nil {
			return err
		}
		return tx.Audit("announcement.remind", "announcement", id, nil, map[string]any{"queued": n})
	})
	return n, err
}

// Notify sends a message through the announcement path for another domain
// (meeting notices and minutes, dues reminders, admission results): it is
// published at once to the audience or the listed members and logins, lands
// in their inboxes and is queued for e-mail. With a Key it happens once:
// a second call with the same key returns the first announcement's id.
// The caller needs announcement.write or must be the system; inside another
// service's transaction call tx.Notify instead.
func (db *DB) Notify(ctx context.Context, n chamber.Notification) (chamber.ID, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return 0, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		id, err = tx.Notify(n)
		return err
	})
	return id, err
}

// Notify is db.Notify inside the caller's transaction: the notification
// commits, or not, with the caller's own change. The caller has checked
// its own permission.
func (tx *Tx) Notify(n chamber.Notification) (chamber.ID, error) {
	ctx := tx.ctx
	if n.Kind == "" {
		n.Kind = chamber.KindNotice
	}
	in := chamber.AnnouncementInput{Kind: n.Kind, Title: n.Title, Body: n.Body, Audience: n.Audience, RequireAck: n.RequireAck}
	explicit := len(n.Members) > 0 || len(n.Users) > 0
	if explicit {
		in.Audience = chamber.AudiencePublic // validated as well-formed; stored as direct below
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var key any
	if n.Key != "" {
		key = n.Key
		var id chamber.ID
		err := tx.QueryRowContext(ctx, `SELECT id FROM announcements WHERE notify_key = $1`, n.Key).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	aud := string(in.Audience)
	if explicit {
		aud = "direct"
	}
	var authorID chamber.ID
	if tx.actor != nil {
		authorID = tx.actor.UserID
	}
	now := micros(tx.Now())
	a, err := scanAnnouncement(tx.QueryRowContext(ctx, `INSERT INTO announcements(kind, title, body, audience, require_ack, status, author_id,
		notify_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $8) RETURNING `+announcementColumns,
		in.Kind, in.Title, in.Body, aud, in.RequireAck, authorID, key, now))
	if err != nil {
		return 0, err
	}
	var count int64
	for _, m := range n.Members {
		res, err := tx.ExecContext(ctx, `INSERT INTO announcement_deliveries(announcement_id, member_id, user_id, created_at)
			VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING`, a.ID, m, now)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		count += k
	}
	for _, u := range n.Users {
		res, err := tx.ExecContext(ctx, `INSERT INTO announcement_deliveries(announcement_id, member_id, user_id, created_at)
			VALUES ($1, 0, $2, $3) ON CONFLICT DO NOTHING`, a.ID, u, now)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		count += k
	}
	if _, err := tx.ExecContext(ctx, `UPDATE announcements SET recipients = $1 WHERE id = $2`, count, a.ID); err != nil {
		return 0, err
	}
	a.Recipients = count
	out, err := tx.publishMail(a, n.Mail)
	if err != nil {
		return 0, err
	}
	return out.ID, tx.Audit("announcement.notify", "announcement", out.ID, nil, out)
}
