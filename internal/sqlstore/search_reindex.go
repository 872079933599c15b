package sqlstore

import (
	"context"
	"errors"
	"io/fs"

	"github.com/chamber-org/chamber"
)

// PendingText is a file whose text was never extracted: uploaded before
// attachment text existed (migration 0047), or of a kind read only since
// (PDF).
type PendingText struct {
	ID                      chamber.ID
	Hash, ContentType, Name string
}

// ReindexStats is what Reindex did.
type ReindexStats struct {
	Extracted int `json:"extracted"` // files whose text was extracted now
	Rows      int `json:"rows"`      // rows whose search tokens were rewritten
	Missing   int `json:"missing"`   // files not in the blob folder (left for a later run)
}

// reindexBatch is how many rows one transaction rewrites.
const reindexBatch = 500

// Reindex extracts the text of every file that has none yet (extract
// reads it; a file without text is marked by an empty text, so it is not
// read again; one extract reports missing with fs.ErrNotExist is left for a
// later run), then rewrites the search tokens of every searchable row:
// documents, knowledge-base entries, attachments, announcements, minutes
// and archive records. Running it again changes nothing but the tokens'
// storage. Audited once, with the counts.
func (db *DB) Reindex(ctx context.Context, extract func(PendingText) (string, error)) (*ReindexStats, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || !actor.System {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden")
	}
	st := &ReindexStats{}
	for after := chamber.ID(0); ; {
		pending, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (PendingText, error) {
			var p PendingText
			return p, sc.Scan(&p.ID, &p.Hash, &p.ContentType, &p.Name)
		}, `SELECT a.id, a.hash, a.content_type, a.name FROM attachments a
			WHERE a.id > $1 AND NOT EXISTS (SELECT 1 FROM attachment_texts t WHERE t.attachment_id = a.id) ORDER BY a.id LIMIT 50`, after)
		if err != nil {
			return nil, err
		}
		if len(pending) == 0 {
			break
		}
		texts := make([]string, len(pending))
		found := make([]bool, len(pending))
		for i, p := range pending { // outside the transaction: a PDF may take seconds
			texts[i], err = extract(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				st.Missing++
			case err != nil:
				return nil, err
			default:
				found[i] = true
			}
		}
		err = db.Write(ctx, actor, func(tx *Tx) error {
			for i, p := range pending {
				if !found[i] {
					continue
				}
				res, err := tx.ExecContext(ctx, `INSERT INTO attachment_texts(attachment_id, text) VALUES ($1, $2) ON CONFLICT (attachment_id) DO NOTHING`, p.ID, texts[i])
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n > 0 && texts[i] != "" {
					st.Extracted++
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		after = pending[len(pending)-1].ID
	}
	for _, k := range []struct {
		ids   string
		index func(*Tx, chamber.ID) error
	}{
		{`SELECT id FROM documents WHERE id > $1 ORDER BY id LIMIT $2`, func(tx *Tx, id chamber.ID) error { return indexDocument(tx, id, true) }},
		{`SELECT id FROM kb_items WHERE id > $1 ORDER BY id LIMIT $2`, indexKBItem},
		{`SELECT id FROM attachments WHERE id > $1 ORDER BY id LIMIT $2`, indexAttachment},
		{`SELECT id FROM announcements WHERE id > $1 AND notify_key IS NULL ORDER BY id LIMIT $2`, indexAnnouncement},
		{`SELECT id FROM meetings m WHERE id > $1 AND EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_id = m.id) ORDER BY id LIMIT $2`, indexMinutes},
		{`SELECT id FROM archive_records WHERE id > $1 ORDER BY id LIMIT $2`, indexArchive},
	} {
		for after := chamber.ID(0); ; {
			ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
				var id chamber.ID
				return id, sc.Scan(&id)
			}, k.ids, after, reindexBatch)
			if err != nil {
				return nil, err
			}
			if len(ids) == 0 {
				break
			}
			if err := db.Write(ctx, actor, func(tx *Tx) error {
				for _, id := range ids {
					if err := k.index(tx, id); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return nil, err
			}
			st.Rows += len(ids)
			after = ids[len(ids)-1]
		}
	}
	if db.Dialect == Postgres {
		// Every token was rewritten: the plans read their frequencies
		// (migration 0075), so they are counted again now, not whenever
		// autovacuum gets to it.
		if _, err := db.write.ExecContext(ctx, `ANALYZE document_search, attachment_search, kb_search, announcement_search, minutes_search, archive_search`); err != nil {
			return nil, err
		}
	}
	err := db.Write(ctx, actor, func(tx *Tx) error { return tx.Audit("search.reindex", "search", 0, nil, st) })
	return st, err
}
