package sqlstore

import (
	"context"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// The knowledge base. Staff logins read every collection, member portal
// logins those for members; the holders of document.write or ticket.handle
// (the secretariat and the legal-aid and policy services) add to it.
// Entries are indexed for search like documents.

func mayWriteKB(a *chamber.Actor) error {
	if a != nil && (a.Can(chamber.PermDocumentWrite) || a.Can(chamber.PermTicketHandle)) {
		return nil
	}
	return a.Require(chamber.PermDocumentWrite)
}

func mayReadKB(a *chamber.Actor, audience string) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	return a.UserID != 0 && (a.MemberID == 0 || audience == chamber.KBMembers)
}

const kbCollectionColumns = `id, name, description, audience, created_by, created_at`

func scanKBCollection(sc interface{ Scan(...any) error }) (*chamber.KBCollection, error) {
	var c chamber.KBCollection
	var at int64
	err := sc.Scan(&c.ID, &c.Name, &c.Description, &c.Audience, &c.CreatedBy, &at)
	c.CreatedAt = fromMicros(at)
	return &c, err
}

const kbItemColumns = `i.id, i.collection_id, c.name, i.title, i.body, i.source, i.document_id, i.created_by, COALESCE(u.name, ''), i.created_at, c.audience`

const kbItemFrom = ` FROM kb_items i JOIN kb_collections c ON c.id = i.collection_id LEFT JOIN users u ON u.id = i.created_by`

type kbItemRow struct {
	*chamber.KBItem
	audience string
}

func scanKBItem(sc interface{ Scan(...any) error }) (kbItemRow, error) {
	var it chamber.KBItem
	var at int64
	var aud string
	err := sc.Scan(&it.ID, &it.CollectionID, &it.Collection, &it.Title, &it.Body, &it.Source, &it.DocumentID, &it.CreatedBy, &it.Author, &at, &aud)
	it.CreatedAt = fromMicros(at)
	return kbItemRow{&it, aud}, err
}

// CreateCollection adds a collection (a duplicate name is 409).
func (db *DB) CreateCollection(ctx context.Context, n chamber.NewKBCollection) (*chamber.KBCollection, error) {
	actor := chamber.ActorFrom(ctx)
	if err := mayWriteKB(actor); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.KBCollection
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM kb_collections WHERE name = $1`, n.Name).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "kb.err.duplicate")
		}
		var err error
		if out, err = scanKBCollection(tx.QueryRowContext(ctx, `INSERT INTO kb_collections(name, description, audience, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING `+kbCollectionColumns, n.Name, n.Description, n.Audience, actor.UserID, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("kb.collection.create", "kb_collection", out.ID, nil, out)
	})
	return out, err
}

// ListCollections lists the collections the caller may read, by name.
func (db *DB) ListCollections(ctx context.Context) ([]*chamber.KBCollection, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	all, err := queryAll(ctx, db.read, scanKBCollection, `SELECT `+kbCollectionColumns+` FROM kb_collections ORDER BY name LIMIT 500`)
	if err != nil {
		return nil, err
	}
	out := []*chamber.KBCollection{}
	for _, c := range all {
		if mayReadKB(actor, c.Audience) {
			out = append(out, c)
		}
	}
	return out, nil
}

// FindCollection is a collection with its entries, newest first.
func (db *DB) FindCollection(ctx context.Context, id chamber.ID) (*chamber.KBCollection, error) {
	c, err := scanKBCollection(db.read.QueryRowContext(ctx, `SELECT `+kbCollectionColumns+` FROM kb_collections WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "kb.err.not_found")
	}
	if !mayReadKB(chamber.ActorFrom(ctx), c.Audience) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "kb.err.not_found")
	}
	rows, err := queryAll(ctx, db.read, scanKBItem, `SELECT `+kbItemColumns+kbItemFrom+` WHERE i.collection_id = $1 ORDER BY i.id DESC LIMIT 1000`, id)
	if err != nil {
		return nil, err
	}
	c.Items = []*chamber.KBItem{}
	for _, r := range rows {
		r.Body = ""
		c.Items = append(c.Items, r.KBItem)
	}
	return c, nil
}

// AddKBItem adds an entry; a linked document must be one the caller may read.
func (db *DB) AddKBItem(ctx context.Context, collectionID chamber.ID, n chamber.NewKBItem) (*chamber.KBItem, error) {
	actor := chamber.ActorFrom(ctx)
	if err := mayWriteKB(actor); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if _, err := db.FindCollection(ctx, collectionID); err != nil {
		return nil, err
	}
	if n.DocumentID != 0 {
		if _, err := db.FindDocument(ctx, n.DocumentID); err != nil {
			return nil, fieldErr("document_id", "doc.err.not_found")
		}
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO kb_items(collection_id, title, body, source, document_id, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, collectionID, n.Title, n.Body, n.Source, n.DocumentID, actor.UserID, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		if err := writeTokens(tx, "kb_search", "item_id", id, search.Indexed(n.Title, n.Body, n.Source)); err != nil {
			return err
		}
		return tx.Audit("kb.item.add", "kb_item", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.FindKBItem(ctx, id)
}

// FindKBItem is one entry, to those who may read its collection.
func (db *DB) FindKBItem(ctx context.Context, id chamber.ID) (*chamber.KBItem, error) {
	r, err := scanKBItem(db.read.QueryRowContext(ctx, `SELECT `+kbItemColumns+kbItemFrom+` WHERE i.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "kb.err.not_found")
	}
	if !mayReadKB(chamber.ActorFrom(ctx), r.audience) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "kb.err.not_found")
	}
	return r.KBItem, nil
}

// writeTokens (re)writes the search tokens of one row of a search table:
// FTS5 by rowid on SQLite, a tsvector keyed by keyCol on PostgreSQL.
func writeTokens(tx *Tx, table, keyCol string, id chamber.ID, tokens []string) error {
	ctx := tx.ctx
	joined := strings.Join(tokens, " ")
	if tx.db.Dialect == Postgres {
		_, err := tx.ExecContext(ctx, `INSERT INTO `+table+`(`+keyCol+`, tokens) VALUES ($1, array_to_tsvector(string_to_array($2, ' ')))
			ON CONFLICT (`+keyCol+`) DO UPDATE SET tokens = excluded.tokens`, id, joined)
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid = $1`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+`(rowid, tokens) VALUES ($1, $2)`, id, joined)
	return err
}

// IndexAttachmentText stores an attachment's extracted text and search
// tokens; for bulk loads (benchmarks, imports), as AddAttachment does.
func (tx *Tx) IndexAttachmentText(id chamber.ID, name, text string) error {
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO attachment_texts(attachment_id, text) VALUES ($1, $2)`, id, text); err != nil {
		return err
	}
	return writeTokens(tx, "attachment_search", "attachment_id", id, search.Indexed(name, text))
}
