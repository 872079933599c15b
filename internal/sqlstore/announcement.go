package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

const announcementColumns = `id, kind, category, year, title, body, audience, require_ack, status, revision, author_id,
	approved_by, approved_at, publish_at, published_at, recipients, read_count, ack_count, created_at, updated_at, industry, source_contact_id`

func scanAnnouncement(sc interface{ Scan(...any) error }) (*chamber.Announcement, error) {
	var a chamber.Announcement
	var audience string
	var approvedAt, publishAt, publishedAt sql.NullInt64
	var created, updated int64
	var acks int64
	if err := sc.Scan(&a.ID, &a.Kind, &a.Category, &a.Year, &a.Title, &a.Body, &audience, &a.RequireAck, &a.Status, &a.Revision,
		&a.AuthorID, &a.ApprovedBy, &approvedAt, &publishAt, &publishedAt, &a.Recipients, &a.Read, &acks, &created, &updated,
		&a.Industry, &a.SourceContactID); err != nil {
		return nil, err
	}
	a.Audience = chamber.Audience(audience)
	a.ApprovedAt, a.PublishAt, a.PublishedAt = nullMicros(approvedAt), nullMicros(publishAt), nullMicros(publishedAt)
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &a, nil
}

func (tx *Tx) announcement(id chamber.ID) (*chamber.Announcement, error) {
	a, err := scanAnnouncement(tx.QueryRowContext(tx.ctx, `SELECT `+announcementColumns+` FROM announcements WHERE id = $1`, id))
	return a, notFound(err, "ann.err.not_found")
}

func (db *DB) announcement(ctx context.Context, id chamber.ID) (*chamber.Announcement, error) {
	a, err := scanAnnouncement(db.read.QueryRowContext(ctx, `SELECT `+announcementColumns+` FROM announcements WHERE id = $1`, id))
	return a, notFound(err, "ann.err.not_found")
}

// canManageAnnouncements: writers and approvers see every announcement.
func canManageAnnouncements(a *chamber.Actor) bool {
	return a.Can(chamber.PermAnnounceWrite) || a.Can(chamber.PermAnnounceApprove)
}

// checkAudience makes sure a body or tier audience names something real.
func checkAudience(ctx context.Context, q querier, aud chamber.Audience) error {
	var n int
	switch {
	case aud.BodyID() != 0:
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies WHERE id = $1`, aud.BodyID()).Scan(&n); err != nil {
			return err
		}
	case aud.Tier() != "":
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_tiers WHERE code = $1`, aud.Tier()).Scan(&n); err != nil {
			return err
		}
	default:
		return nil
	}
	if n == 0 {
		var f chamber.Fields
		f.Add("audience", "ann.err.audience")
		return f.Err()
	}
	return nil
}

// CreateAnnouncement saves a draft (announcement.write).
func (db *DB) CreateAnnouncement(ctx context.Context, in chamber.AnnouncementInput) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := checkAudience(ctx, db.read, in.Audience); err != nil {
		return nil, err
	}
	if in.SourceContactID != 0 {
		if err := mustExist(ctx, db.read, "contacts", "source_contact_id", "contact.err.not_found", in.SourceContactID); err != nil {
			return nil, err
		}
	}
	var out *chamber.Announcement
	err := db.Write(ctx, actor, func(tx *Tx) error {
		now := micros(tx.Now())
		var err error
		out, err = scanAnnouncement(tx.QueryRowContext(ctx, `INSERT INTO announcements(kind, category, year, title, body, audience, require_ack,
			status, author_id, created_at, updated_at, industry, source_contact_id) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9, $10, $11) RETURNING `+announcementColumns,
			in.Kind, in.Category, in.Year, in.Title, in.Body, string(in.Audience), in.RequireAck, actor.UserID, now, in.Industry, in.SourceContactID))
		if err != nil {
			return err
		}
		if err := indexAnnouncement(tx, out.ID); err != nil {
			return err
		}
		return tx.Audit("announcement.create", "announcement", out.ID, nil, out)
	})
	return out, err
}

// UpdateAnnouncement changes a draft. A published announcement is never
// edited in place: that is a conflict, and a correction is a revision.
// Changing an approved draft withdraws the approval.
func (db *DB) UpdateAnnouncement(ctx context.Context, id chamber.ID, in chamber.AnnouncementInput) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	before, err := db.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	if before.Status == chamber.AnnPublished {
		return nil, errPublished()
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := checkAudience(ctx, db.read, in.Audience); err != nil {
		return nil, err
	}
	if in.SourceContactID != 0 {
		if err := mustExist(ctx, db.read, "contacts", "source_contact_id", "contact.err.not_found", in.SourceContactID); err != nil {
			return nil, err
		}
	}
	var out *chamber.Announcement
	err = db.Write(ctx, actor, func(tx *Tx) error {
		out, err = scanAnnouncement(tx.QueryRowContext(ctx, `UPDATE announcements SET kind = $1, category = $2, year = $3, title = $4, body = $5,
			audience = $6, require_ack = $7, status = 'draft', approved_by = 0, approved_at = NULL, publish_at = NULL, updated_at = $8,
			industry = $10, source_contact_id = $11
			WHERE id = $9 AND status <> 'published' RETURNING `+announcementColumns,
			in.Kind, in.Category, in.Year, in.Title, in.Body, string(in.Audience), in.RequireAck, micros(tx.Now()), id, in.Industry, in.SourceContactID))
		if errors.Is(err, sql.ErrNoRows) {
			return errPublished()
		}
		if err != nil {
			return err
		}
		if err := indexAnnouncement(tx, id); err != nil {
			return err
		}
		return tx.Audit("announcement.update", "announcement", id, before, out)
	})
	return out, err
}

// notManager is the answer to a login that may neither write nor approve:
// announcements it may not manage do not exist for it.
func notManager(a *chamber.Actor) error {
	if a == nil {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	return chamber.Errorf(chamber.ENOTFOUND, "ann.err.not_found")
}

func errPublished() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "published_immutable", Key: "ann.err.published"}
}

// FindAnnouncement returns one announcement with its history: to writers
// and approvers always, to others when they are among its recipients or it
// is public and published (404 otherwise).
func (db *DB) FindAnnouncement(ctx context.Context, id chamber.ID) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	a, err := db.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canManageAnnouncements(actor) {
		if a.Status != chamber.AnnPublished {
			return nil, chamber.Errorf(chamber.ENOTFOUND, "ann.err.not_found")
		}
		if a.Audience != chamber.AudiencePublic {
			if _, err := db.deliveryFor(ctx, actor, id); err != nil {
				return nil, err
			}
		}
	}
	if a.History, err = db.revisions(ctx, id); err != nil {
		return nil, err
	}
	return a, nil
}

// PublicAnnouncement is a published announcement for visitors (audience public).
func (db *DB) PublicAnnouncement(ctx context.Context, id chamber.ID) (*chamber.Announcement, error) {
	a, err := db.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != chamber.AnnPublished || a.Audience != chamber.AudiencePublic {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "ann.err.not_found")
	}
	if a.History, err = db.revisions(ctx, id); err != nil {
		return nil, err
	}
	return a, nil
}

func (db *DB) revisions(ctx context.Context, id chamber.ID) ([]*chamber.AnnouncementRevision, error) {
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.AnnouncementRevision, error) {
		var r chamber.AnnouncementRevision
		var at int64
		err := sc.Scan(&r.Revision, &r.Title, &r.Body, &r.Note, &r.CreatedBy, &at)
		r.CreatedAt = fromMicros(at)
		return &r, err
	}, `SELECT revision, title, body, note, created_by, created_at FROM announcement_revisions WHERE announcement_id = $1 ORDER BY revision`, id)
}

// ListAnnouncements lists newest first. Writers and approvers see all;
// everyone else (and f.Public) only the published public ones.
func (db *DB) ListAnnouncements(ctx context.Context, f chamber.AnnouncementFilter, p chamber.Page) ([]*chamber.Announcement, string, error) {
	actor := chamber.ActorFrom(ctx)
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	where := []string{"id < $1"}
	args := []any{before}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Public || !canManageAnnouncements(actor) {
		add("status = ?", chamber.AnnPublished)
		add("audience = ?", string(chamber.AudiencePublic))
	} else if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	args = append(args, p.Limit+1)
	rows, err := queryAll(ctx, db.read, scanAnnouncement, `SELECT `+announcementColumns+` FROM announcements WHERE `+
		strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", err
	}
	rows, next := idPage(rows, p.Limit, func(x *chamber.Announcement) chamber.ID { return x.ID })
	return rows, next, nil
}

// Disclosures are the published disclosures the caller may see: every
// disclosure for members and staff, the public ones for everyone else.
func (db *DB) Disclosures(ctx context.Context) ([]*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	q := `SELECT ` + announcementColumns + ` FROM announcements WHERE kind = 'disclosure' AND status = 'published'`
	if actor == nil || !(actor.Can(chamber.PermPortal) || canManageAnnouncements(actor) || actor.Can(chamber.PermMemberRead)) {
		q += ` AND audience = 'public'`
	}
	return queryAll(ctx, db.read, scanAnnouncement, q+` ORDER BY year DESC, id DESC LIMIT 500`)
}

// approvalRequired reads the chamber's approval rule. A new installation
// does not require a second approver, so that API.md's create-then-publish
// works with one token; a chamber switches the four-eyes rule on in the mail
// settings (the demo does).
func approvalRequired(ctx context.Context, q querier) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'announcement.approval'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return v == "required", err
}

// ApproveAnnouncement records the approval of a draft by a holder of
// announcement.approve who is not its author, optionally with a time to
// publish it (worked by the background job).
func (db *DB) ApproveAnnouncement(ctx context.Context, id chamber.ID, in chamber.ApproveInput) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceApprove); err != nil {
		return nil, err
	}
	var out *chamber.Announcement
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := tx.announcement(id)
		if err != nil {
			return err
		}
		if a.Status == chamber.AnnPublished {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_published", Key: "ann.err.already_published"}
		}
		if a.AuthorID == actor.UserID && !actor.System {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "author_cannot_approve", Key: "ann.err.author_cannot_approve"}
		}
		var at any
		if in.PublishAt != nil {
			if !chamber.DateInRange(*in.PublishAt) {
				return chamber.DateRangeError("publish_at")
			}
			if !in.PublishAt.After(tx.Now()) {
				var f chamber.Fields
				f.Add("publish_at", "ann.err.publish_at_past")
				return f.Err()
			}
			at = micros(*in.PublishAt)
		}
		if out, err = scanAnnouncement(tx.QueryRowContext(ctx, `UPDATE announcements SET status = 'approved', approved_by = $1, approved_at = $2,
			publish_at = $3, updated_at = $2 WHERE id = $4 RETURNING `+announcementColumns, actor.UserID, micros(tx.Now()), at, id)); err != nil {
			return err
		}
		return tx.Audit("announcement.approve", "announcement", id, a, out)
	})
	return out, err
}

// PublishAnnouncement publishes now. When the chamber requires approval
// (the default) the announcement must be approved already, or the caller
// must hold announcement.approve and not be its author: then this call is
// the approval and the publication at once (both audited). An author who
// cannot approve gets 409 approval_required.
func (db *DB) PublishAnnouncement(ctx context.Context, id chamber.ID) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if !canManageAnnouncements(actor) {
		return nil, notManager(actor)
	}
	var out *chamber.Announcement
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := tx.announcement(id)
		if err != nil {
			return err
		}
		if a.Status == chamber.AnnPublished {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_published", Key: "ann.err.already_published"}
		}
		required, err := approvalRequired(ctx, tx)
		if err != nil {
			return err
		}
		if !required { // a typical case (典型事例) is never published unapproved
			if required, err = tx.isTypicalCase(id); err != nil {
				return err
			}
		}
		if a.Status != chamber.AnnApproved {
			switch {
			case actor.Can(chamber.PermAnnounceApprove) && (a.AuthorID != actor.UserID || actor.System):
				if _, err := tx.ExecContext(ctx, `UPDATE announcements SET approved_by = $1, approved_at = $2 WHERE id = $3`,
					actor.UserID, micros(tx.Now()), id); err != nil {
					return err
				}
				if err := tx.Audit("announcement.approve", "announcement", id, nil, map[string]any{"approved_by": actor.UserID}); err != nil {
					return err
				}
			case !required && actor.Can(chamber.PermAnnounceWrite):
			default:
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "approval_required", Key: "ann.err.approval_required"}
			}
		}
		if out, err = tx.publish(a); err != nil {
			return err
		}
		return tx.Audit("announcement.publish", "announcement", id, a, out)
	})
	return out, err
}

// PublishDue publishes the approved announcements whose time has come. The
// background job calls it; it is safe on several instances at once (the
// status check in the transaction publishes each once).
func (db *DB) PublishDue(ctx context.Context) (int, error) {
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT id FROM announcements WHERE status = 'approved' AND publish_at IS NOT NULL AND publish_at <= $1 ORDER BY publish_at LIMIT 100`,
		micros(db.Now()))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
			a, err := tx.announcement(id)
			if err != nil || a.Status != chamber.AnnApproved {
				return err
			}
			out, err := tx.publish(a)
			if err != nil {
				return err
			}
			n++
			return tx.Audit("announcement.publish", "announcement", id, a, out)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ReviseAnnouncement publishes a correction of a published announcement:
// a new revision; the earlier texts stay visible as its history.
func (db *DB) ReviseAnnouncement(ctx context.Context, id chamber.ID, in chamber.RevisionInput) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if !canManageAnnouncements(actor) {
		return nil, notManager(actor)
	}
	var out *chamber.Announcement
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := tx.announcement(id)
		if err != nil {
			return err
		}
		if a.Status != chamber.AnnPublished {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_published", Key: "ann.err.not_published"}
		}
		title, err := in.Validate(a.Title)
		if err != nil {
			return err
		}
		rev := a.Revision + 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO announcement_revisions(announcement_id, revision, title, body, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, rev, title, in.Body, strings.TrimSpace(in.Note), actor.UserID, micros(tx.Now())); err != nil {
			return err
		}
		if out, err = scanAnnouncement(tx.QueryRowContext(ctx, `UPDATE announcements SET title = $1, body = $2, revision = $3, updated_at = $4
			WHERE id = $5 RETURNING `+announcementColumns, title, in.Body, rev, micros(tx.Now()), id)); err != nil {
			return err
		}
		if err := tx.queueAnnouncementMail(out, true, nil); err != nil {
			return err
		}
		if err := indexAnnouncement(tx, id); err != nil {
			return err
		}
		return tx.Audit("announcement.revise", "announcement", id, a, out)
	})
	if err != nil {
		return nil, err
	}
	out.History, err = db.revisions(ctx, id)
	return out, err
}

// publish delivers a to its audience in tx: the first revision, one
// delivery per recipient, the e-mail and webhook queued, the counts set.
func (tx *Tx) publish(a *chamber.Announcement) (*chamber.Announcement, error) {
	return tx.publishMail(a, nil)
}

// publishMail publishes a with its e-mail in each language from text (nil:
// as written).
func (tx *Tx) publishMail(a *chamber.Announcement, text mailText) (*chamber.Announcement, error) {
	ctx := tx.ctx
	now := micros(tx.Now())
	actorID := chamber.ID(0)
	if tx.actor != nil {
		actorID = tx.actor.UserID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO announcement_revisions(announcement_id, revision, title, body, created_by, created_at)
		VALUES ($1, 1, $2, $3, $4, $5)`, a.ID, a.Title, a.Body, actorID, now); err != nil {
		return nil, err
	}
	n, err := tx.deliver(a.ID, a.Audience)
	if err != nil {
		return nil, err
	}
	out, err := scanAnnouncement(tx.QueryRowContext(ctx, `UPDATE announcements SET status = 'published', revision = 1, published_at = $1,
		recipients = recipients + $2, updated_at = $1 WHERE id = $3 RETURNING `+announcementColumns, now, n, a.ID))
	if err != nil {
		return nil, err
	}
	if err := tx.queueAnnouncementMail(out, false, text); err != nil {
		return nil, err
	}
	if err := tx.queueWebhook(out); err != nil {
		return nil, err
	}
	return out, nil
}

// deliver puts one delivery per recipient of the audience and returns how
// many were added. Members: every active member of the audience. A body:
// the members and logins holding a seat on it or one of its officer
// positions today. Staff: the logins holding a post in the secretariat today.
func (tx *Tx) deliver(annID chamber.ID, aud chamber.Audience) (int64, error) {
	ctx := tx.ctx
	now := micros(tx.Now())
	date := tx.db.today(ctx)
	exec := func(q string, args ...any) (int64, error) {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	const ins = `INSERT INTO announcement_deliveries(announcement_id, member_id, user_id, created_at) `
	const onDate = ` AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3)`
	switch {
	case aud == chamber.AudienceAllMembers:
		return exec(ins+`SELECT CAST($1 AS BIGINT), id, 0, CAST($2 AS BIGINT) FROM members WHERE status = 'active' ON CONFLICT DO NOTHING`, annID, now)
	case aud.Tier() != "":
		return exec(ins+`SELECT CAST($1 AS BIGINT), id, 0, CAST($2 AS BIGINT) FROM members WHERE status = 'active' AND tier = $3 ON CONFLICT DO NOTHING`, annID, now, aud.Tier())
	case aud == chamber.AudienceCouncil || aud.BodyID() != 0:
		body := aud.BodyID()
		if body == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM bodies WHERE code = 'council'`).Scan(&body); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return 0, nil
				}
				return 0, err
			}
		}
		held := ` FROM posts p LEFT JOIN positions q ON q.id = p.position_id WHERE (p.body_id = $4 OR q.body_id = $4)` + onDate
		m, err := exec(ins+`SELECT DISTINCT CAST($1 AS BIGINT), p.member_id, 0, CAST($2 AS BIGINT)`+held+` AND p.member_id IS NOT NULL ON CONFLICT DO NOTHING`, annID, now, date, body)
		if err != nil {
			return 0, err
		}
		u, err := exec(ins+`SELECT DISTINCT CAST($1 AS BIGINT), 0, p.user_id, CAST($2 AS BIGINT)`+held+` AND p.member_id IS NULL AND p.user_id IS NOT NULL ON CONFLICT DO NOTHING`,
			annID, now, date, body)
		return m + u, err
	case aud == chamber.AudienceStaff:
		return exec(ins+`SELECT DISTINCT CAST($1 AS BIGINT), 0, p.user_id, CAST($2 AS BIGINT) FROM posts p JOIN positions q ON q.id = p.position_id
			LEFT JOIN bodies b ON b.id = q.body_id
			WHERE p.user_id IS NOT NULL AND (q.department_id IS NOT NULL OR b.kind = 'secretariat')`+onDate+` ON CONFLICT DO NOTHING`, annID, now, date)
	case aud == chamber.AudienceSubscribers:
		// The bulletin's industry: members subscribed to it or to every
		// industry; a bulletin for every industry reaches every subscriber.
		return exec(ins+`SELECT DISTINCT CAST($1 AS BIGINT), s.member_id, 0, CAST($2 AS BIGINT) FROM policy_subscriptions s
			JOIN members m ON m.id = s.member_id JOIN announcements a ON a.id = $1
			WHERE m.status = 'active' AND (s.industry = '' OR a.industry = '' OR s.industry = a.industry) ON CONFLICT DO NOTHING`, annID, now)
	}
	return 0, nil // public, or explicit recipients added by Notify
}
