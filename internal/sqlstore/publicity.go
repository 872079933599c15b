package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Publicity: announcement.write (the 办公室, 宣传) keeps the 会刊, the site
// pages and the press releases' media; published issues and the site
// pages are for everyone, visitors included.

const journalColumns = `id, number, title, issued_on, cover, articles, status, published_at, created_at`

func scanJournal(sc interface{ Scan(...any) error }) (*chamber.JournalIssue, error) {
	var j chamber.JournalIssue
	var arts string
	var pub sql.NullInt64
	var at int64
	if err := sc.Scan(&j.ID, &j.Number, &j.Title, &j.IssuedOn, &j.Cover, &arts, &j.Status, &pub, &at); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(arts), &j.Articles); err != nil {
		return nil, err
	}
	if j.Articles == nil {
		j.Articles = []chamber.JournalArticle{}
	}
	j.PublishedAt, j.CreatedAt = nullMicros(pub), fromMicros(at)
	return &j, nil
}

// checkJournal makes sure the articles' announcements are published news
// or updates, their members' stories approved profiles, and the number is
// free.
func checkJournal(ctx context.Context, tx *Tx, id chamber.ID, in chamber.JournalInput) error {
	for _, a := range in.Articles {
		if a.ProfileID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_profiles WHERE id = $1 AND approved_text <> ''`, a.ProfileID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("articles", "journal.err.article_profile")
			}
		}
		if a.AnnouncementID == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM announcements WHERE id = $1 AND status = 'published' AND kind IN ('news', 'update')`,
			a.AnnouncementID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("articles", "journal.err.article_news")
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM journal_issues WHERE number = $1 AND id <> $2`, in.Number, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fieldErr("number", "journal.err.number_taken", in.Number)
	}
	return nil
}

// CreateJournalIssue drafts an issue.
func (db *DB) CreateJournalIssue(ctx context.Context, in chamber.JournalInput) (*chamber.JournalIssue, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	arts, _ := json.Marshal(in.Articles)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := checkJournal(ctx, tx, 0, in); err != nil {
			return err
		}
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO journal_issues(number, title, issued_on, cover, articles, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $7) RETURNING id`, in.Number, in.Title, in.IssuedOn, in.Cover, string(arts), actor.UserID, now).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("journal.create", "journal_issue", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.FindJournalIssue(ctx, id)
}

// UpdateJournalIssue changes a draft (a published issue: 409).
func (db *DB) UpdateJournalIssue(ctx context.Context, id chamber.ID, in chamber.JournalInput) (*chamber.JournalIssue, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	before, err := db.FindJournalIssue(ctx, id)
	if err != nil {
		return nil, err
	}
	arts, _ := json.Marshal(in.Articles)
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if err := checkJournal(ctx, tx, id, in); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE journal_issues SET number = $1, title = $2, issued_on = $3, cover = $4, articles = $5, updated_at = $6
			WHERE id = $7 AND status = 'draft'`, in.Number, in.Title, in.IssuedOn, in.Cover, string(arts), micros(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "journal_published", Key: "journal.err.published"}
		}
		return tx.Audit("journal.update", "journal_issue", id, before, in)
	})
	if err != nil {
		return nil, err
	}
	return db.FindJournalIssue(ctx, id)
}

// PublishJournalIssue lists an issue on the public site (409 once published).
func (db *DB) PublishJournalIssue(ctx context.Context, id chamber.ID) (*chamber.JournalIssue, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if _, err := db.FindJournalIssue(ctx, id); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE journal_issues SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'`,
			micros(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "journal_published", Key: "journal.err.published"}
		}
		return tx.Audit("journal.publish", "journal_issue", id, map[string]any{"status": chamber.JournalDraft}, map[string]any{"status": chamber.JournalPublished})
	})
	if err != nil {
		return nil, err
	}
	return db.FindJournalIssue(ctx, id)
}

// FindJournalIssue returns a published issue, or a draft to a writer.
func (db *DB) FindJournalIssue(ctx context.Context, id chamber.ID) (*chamber.JournalIssue, error) {
	j, err := scanJournal(db.read.QueryRowContext(ctx, `SELECT `+journalColumns+` FROM journal_issues WHERE id = $1`, id))
	if err != nil || (j.Status != chamber.JournalPublished && !chamber.ActorFrom(ctx).Can(chamber.PermAnnounceWrite)) {
		return nil, notFound(orNoRows(err), "journal.err.not_found")
	}
	return j, nil
}

func orNoRows(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}

// ListJournalIssues lists issues latest number first: the published ones,
// and drafts too for a writer.
func (db *DB) ListJournalIssues(ctx context.Context, p chamber.Page) ([]*chamber.JournalIssue, string, error) {
	p = p.Normalize()
	before := int64(1 << 30)
	if p.Cursor != "" {
		n, err := strconv.ParseInt(p.Cursor, 10, 64)
		if err != nil {
			return nil, "", chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
		before = n
	}
	where := "number < $1"
	if !chamber.ActorFrom(ctx).Can(chamber.PermAnnounceWrite) {
		where += " AND status = 'published'"
	}
	items, err := queryAll(ctx, db.read, scanJournal, `SELECT `+journalColumns+` FROM journal_issues WHERE `+where+` ORDER BY number DESC LIMIT $2`, before, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > p.Limit {
		items = items[:p.Limit]
		next = strconv.Itoa(items[len(items)-1].Number)
	}
	if items == nil {
		items = []*chamber.JournalIssue{}
	}
	return items, next, nil
}

// JournalFile is an attachment of a published issue, for anyone.
func (db *DB) JournalFile(ctx context.Context, issueID, attachmentID chamber.ID) (*chamber.Attachment, error) {
	a, err := scanAttachment(db.read.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = $1 AND owner_kind = $2 AND owner_id = $3
		AND owner_id IN (SELECT id FROM journal_issues WHERE status = 'published')`, attachmentID, chamber.OwnerJournalIssue, issueID))
	return a, notFound(err, "att.err.not_found")
}

// JournalFiles are an issue's attachments for its page (a draft's for a writer).
func (db *DB) JournalFiles(ctx context.Context, issueID chamber.ID) ([]*chamber.Attachment, error) {
	if _, err := db.FindJournalIssue(ctx, issueID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanAttachment, `SELECT `+attachmentColumns+` FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id`,
		chamber.OwnerJournalIssue, issueID)
}

const sitePageColumns = `slug, title_zh, title_en, body_zh, body_en, position, updated_by, updated_at`

func scanSitePage(sc interface{ Scan(...any) error }) (*chamber.SitePage, error) {
	var p chamber.SitePage
	var at int64
	if err := sc.Scan(&p.Slug, &p.TitleZh, &p.TitleEn, &p.BodyZh, &p.BodyEn, &p.Position, &p.UpdatedBy, &at); err != nil {
		return nil, err
	}
	p.UpdatedAt = fromMicros(at)
	return &p, nil
}

// SitePages are the public site's pages in navigation order.
func (db *DB) SitePages(ctx context.Context) ([]*chamber.SitePage, error) {
	out, err := queryAll(ctx, db.read, scanSitePage, `SELECT `+sitePageColumns+` FROM site_pages ORDER BY position, slug LIMIT 100`)
	if out == nil {
		out = []*chamber.SitePage{}
	}
	return out, err
}

// SitePage is one page of the public site.
func (db *DB) SitePage(ctx context.Context, slug string) (*chamber.SitePage, error) {
	p, err := scanSitePage(db.read.QueryRowContext(ctx, `SELECT `+sitePageColumns+` FROM site_pages WHERE slug = $1`, slug))
	return p, notFound(err, "site.err.not_found")
}

// PutSitePage creates or replaces a page (announcement.write).
func (db *DB) PutSitePage(ctx context.Context, slug string, in chamber.SitePageInput) (*chamber.SitePage, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if !chamber.ValidSlug(slug) {
		return nil, fieldErr("slug", "site.err.slug")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanSitePage(tx.QueryRowContext(ctx, `SELECT `+sitePageColumns+` FROM site_pages WHERE slug = $1`, slug))
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_pages(slug, title_zh, title_en, body_zh, body_en, position, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO UPDATE SET title_zh = excluded.title_zh, title_en = excluded.title_en,
			body_zh = excluded.body_zh, body_en = excluded.body_en, position = excluded.position, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			slug, in.TitleZh, in.TitleEn, in.BodyZh, in.BodyEn, in.Position, actor.UserID, micros(tx.now)); err != nil {
			return err
		}
		var prev any
		if before != nil {
			prev = before
		}
		return tx.Audit("site_page.put", "site_page", 0, prev, map[string]any{"slug": slug, "page": in})
	})
	if err != nil {
		return nil, err
	}
	return db.SitePage(ctx, slug)
}

// PressMedia is a press release's media distribution (announcement.write).
func (db *DB) PressMedia(ctx context.Context, id chamber.ID) (*chamber.PressMedia, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if _, err := db.announcement(ctx, id); err != nil {
		return nil, err
	}
	return db.pressMedia(ctx, db.read, id)
}

func (db *DB) pressMedia(ctx context.Context, q querier, id chamber.ID) (*chamber.PressMedia, error) {
	out := &chamber.PressMedia{AnnouncementID: id}
	var err error
	out.Media, err = queryAll(ctx, q, scanContact, `SELECT `+contactColumns+` FROM press_media pm JOIN contacts c ON c.id = pm.contact_id
		LEFT JOIN users u ON u.id = c.owner_id WHERE pm.announcement_id = $1 ORDER BY c.name, c.id`, id)
	if out.Media == nil {
		out.Media = []*chamber.Contact{}
	}
	return out, err
}

// SetPressMedia replaces the media a press release (kind news) goes to:
// media organisations of the contacts register only.
func (db *DB) SetPressMedia(ctx context.Context, id chamber.ID, contactIDs []chamber.ID) (*chamber.PressMedia, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	a, err := db.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Kind != chamber.KindNews {
		return nil, fieldErr("announcement_id", "press.err.news_only")
	}
	if len(contactIDs) > 200 {
		return nil, fieldErr("contact_ids", "err.too_many", 200)
	}
	var out *chamber.PressMedia
	err = db.Write(ctx, actor, func(tx *Tx) error {
		before, err := db.pressMedia(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM press_media WHERE announcement_id = $1`, id); err != nil {
			return err
		}
		for _, c := range contactIDs {
			var kind string
			if err := tx.QueryRowContext(ctx, `SELECT kind FROM contacts WHERE id = $1`, c).Scan(&kind); err != nil || kind != "media" {
				if err != nil && err != sql.ErrNoRows {
					return err
				}
				return fieldErr("contact_ids", "press.err.not_media")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO press_media(announcement_id, contact_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, c); err != nil {
				return err
			}
		}
		if out, err = db.pressMedia(ctx, tx, id); err != nil {
			return err
		}
		ids := func(p *chamber.PressMedia) []chamber.ID {
			l := []chamber.ID{}
			for _, c := range p.Media {
				l = append(l, c.ID)
			}
			return l
		}
		return tx.Audit("press.media", "announcement", id, map[string]any{"media": ids(before)}, map[string]any{"media": ids(out)})
	})
	return out, err
}

// Leadership walks today's org tree for the positions held directly under
// a body (会长, 副会长, 秘书长, 监事长 …), by body and rank; the names are
// the holders as the org chart shows them.
func (db *DB) Leadership(ctx context.Context) ([]chamber.Leader, error) {
	tree, err := db.OrgTree(chamber.WithActor(ctx, chamber.SystemActor), "")
	if err != nil {
		return nil, err
	}
	out := []chamber.Leader{}
	var walk func(body string, nodes []*chamber.OrgNode)
	walk = func(body string, nodes []*chamber.OrgNode) {
		for _, n := range nodes {
			switch n.Kind {
			case "department":
				continue // the departments' heads are staff, not the leadership
			case "position":
				if len(n.Holders) > 0 {
					l := chamber.Leader{Body: body, Position: n.Name}
					for _, h := range n.Holders {
						l.Holders = append(l.Holders, h.Name)
					}
					out = append(out, l)
				}
				walk(body, n.Children)
			default:
				walk(n.Name, n.Children)
			}
		}
	}
	walk("", tree)
	return out, nil
}
