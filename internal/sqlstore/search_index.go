package sqlstore

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// The search tokens of announcements, minutes, archive records, knowledge
// entries and attachments, (re)written inside the transaction that
// changes them, and by Reindex for rows written before.

// indexAnnouncement indexes what the announcement writers publish; the
// inbox notifications of Notify (they have a notify_key) are not searched.
func indexAnnouncement(tx *Tx, id chamber.ID) error {
	var title, body, category string
	if err := tx.QueryRowContext(tx.ctx, `SELECT title, body, category FROM announcements WHERE id = $1`, id).Scan(&title, &body, &category); err != nil {
		return err
	}
	return writeTokens(tx, "announcement_search", "announcement_id", id, search.Indexed(title, body, category))
}

// indexMinutes indexes a meeting by its title and its latest minutes; a
// meeting without minutes is not in this index.
func indexMinutes(tx *Tx, meetingID chamber.ID) error {
	var title, body string
	err := tx.QueryRowContext(tx.ctx, `SELECT m.title, mi.body FROM meetings m JOIN minutes mi ON mi.meeting_id = m.id
		WHERE m.id = $1 ORDER BY mi.version DESC LIMIT 1`, meetingID).Scan(&title, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return writeTokens(tx, "minutes_search", "meeting_id", meetingID, search.Indexed(title, body))
}

func indexArchive(tx *Tx, id chamber.ID) error {
	var title, no, category string
	if err := tx.QueryRowContext(tx.ctx, `SELECT title, archive_no, category FROM archive_records WHERE id = $1`, id).Scan(&title, &no, &category); err != nil {
		return err
	}
	return writeTokens(tx, "archive_search", "archive_id", id, search.Indexed(title, no, category))
}

func indexKBItem(tx *Tx, id chamber.ID) error {
	var title, body, source string
	if err := tx.QueryRowContext(tx.ctx, `SELECT title, body, source FROM kb_items WHERE id = $1`, id).Scan(&title, &body, &source); err != nil {
		return err
	}
	return writeTokens(tx, "kb_search", "item_id", id, search.Indexed(title, body, source))
}

// indexAttachment indexes a file by its name and its extracted text, if any.
func indexAttachment(tx *Tx, id chamber.ID) error {
	var name, text string
	if err := tx.QueryRowContext(tx.ctx, `SELECT a.name, COALESCE((SELECT t.text FROM attachment_texts t WHERE t.attachment_id = a.id), '')
		FROM attachments a WHERE a.id = $1`, id).Scan(&name, &text); err != nil {
		return err
	}
	return writeTokens(tx, "attachment_search", "attachment_id", id, search.Indexed(name, text))
}

// searchIndexes are the token tables BulkIndex writes, by name.
var searchIndexes = map[string][2]string{
	"document": {"document_search", "document_id"}, "attachment": {"attachment_search", "attachment_id"},
	"knowledge": {"kb_search", "item_id"}, "announcement": {"announcement_search", "announcement_id"},
	"minutes": {"minutes_search", "meeting_id"}, "archive": {"archive_search", "archive_id"},
}

// BulkIndex writes the tokens (from search.Indexed) of many rows new to
// one index ("document", "attachment", …) in few statements: for bulk
// loads (benchmarks, imports).
func (tx *Tx) BulkIndex(index string, ids []chamber.ID, tokens [][]string) error {
	t, ok := searchIndexes[index]
	if !ok {
		return errors.New("sqlstore: no search index " + index)
	}
	for len(ids) > 0 {
		n := min(len(ids), 200)
		var b strings.Builder
		args := make([]any, 0, 2*n)
		if tx.db.Dialect == Postgres {
			b.WriteString(`INSERT INTO ` + t[0] + `(` + t[1] + `, tokens) VALUES `)
		} else {
			b.WriteString(`INSERT INTO ` + t[0] + `(rowid, tokens) VALUES `)
		}
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, ids[i], strings.Join(tokens[i], " "))
			p, q := "$"+strconv.Itoa(2*i+1), "$"+strconv.Itoa(2*i+2)
			if tx.db.Dialect == Postgres {
				b.WriteString(`(` + p + `, array_to_tsvector(string_to_array(` + q + `, ' ')))`)
			} else {
				b.WriteString(`(` + p + `, ` + q + `)`)
			}
		}
		if _, err := tx.ExecContext(tx.ctx, b.String(), args...); err != nil {
			return err
		}
		ids, tokens = ids[n:], tokens[n:]
	}
	return nil
}
