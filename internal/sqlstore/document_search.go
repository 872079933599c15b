package sqlstore

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// The search tokens of documents: bigram, pinyin and initials tokens
// (internal/search) in FTS5 or a tsvector, written with every change; the
// search itself is in search.go.

// indexDocument (re)writes the search tokens of a document inside tx.
func indexDocument(tx *Tx, id chamber.ID, replace bool) error {
	ctx := tx.ctx
	var title, body, docNo, receiptNo, sender, senderNo string
	if err := tx.QueryRowContext(ctx, `SELECT title, body, COALESCE(doc_no, ''), COALESCE(receipt_no, ''), sender, sender_doc_no FROM documents WHERE id = $1`, id).
		Scan(&title, &body, &docNo, &receiptNo, &sender, &senderNo); err != nil {
		return err
	}
	tokens := strings.Join(search.Indexed(title, body, docNo, receiptNo, sender, senderNo), " ")
	if tx.db.Dialect == Postgres {
		_, err := tx.ExecContext(ctx, `INSERT INTO document_search(document_id, tokens) VALUES ($1, array_to_tsvector(string_to_array($2, ' ')))
			ON CONFLICT (document_id) DO UPDATE SET tokens = excluded.tokens`, id, tokens)
		return err
	}
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM document_search WHERE rowid = $1`, id); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO document_search(rowid, tokens) VALUES ($1, $2)`, id, tokens)
	return err
}

// IndexDocumentTokens writes a document's tokens; for bulk loads (benchmarks, imports).
func (tx *Tx) IndexDocumentTokens(id chamber.ID) error { return indexDocument(tx, id, false) }

// docAccessSQL is the 密级 rule of mayReadDocument as SQL on documents d,
// its arguments added through arg.
func docAccessSQL(actor *chamber.Actor, arg func(any) string) string {
	if actor.System {
		return `TRUE`
	}
	uid := arg(actor.UserID)
	return `(d.author_id = ` + uid + ` OR d.classification = 'public' OR (d.classification = 'internal' AND ` + arg(actor.MemberID == 0) + `)
			OR EXISTS (SELECT 1 FROM document_readers r WHERE r.document_id = d.id AND r.user_id = ` + uid + `)
			OR EXISTS (SELECT 1 FROM document_steps st WHERE st.document_id = d.id AND st.user_id = ` + uid + `))`
}

// Snippet cuts about 60 characters of text around the first place the
// query occurs, HTML-escaped, the match in <mark>.
func Snippet(text, q string) string {
	rs := []rune(text)
	qr := []rune(q)
	at := -1
	lower := strings.ToLower(text)
	if i := strings.Index(lower, strings.ToLower(q)); i >= 0 {
		at = utf8.RuneCountInString(text[:i])
	}
	if at < 0 {
		if len(rs) > 60 {
			return html.EscapeString(string(rs[:60])) + "…"
		}
		return html.EscapeString(text)
	}
	from, to := max(0, at-25), min(len(rs), at+len(qr)+35)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	b.WriteString(html.EscapeString(string(rs[from:at])))
	b.WriteString("<mark>" + html.EscapeString(string(rs[at:at+len(qr)])) + "</mark>")
	b.WriteString(html.EscapeString(string(rs[at+len(qr) : to])))
	if to < len(rs) {
		b.WriteString("…")
	}
	return b.String()
}
