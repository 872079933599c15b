package sqlstore

import (
	"context"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// Full-text search over documents: bigram, pinyin and initials tokens
// (internal/search) in FTS5 or a tsvector, written with every change;
// results only what the caller may read, the 密级 checked in the query.

// indexDocument (re)writes the search tokens of a document inside tx.
func indexDocument(tx *Tx, id chamber.ID, replace bool) error {
	ctx := tx.ctx
	var title, body, docNo, receiptNo, sender, senderNo string
	if err := tx.QueryRowContext(ctx, `SELECT title, body, COALESCE(doc_no, ''), COALESCE(receipt_no, ''), sender, sender_doc_no FROM documents WHERE id = $1`, id).
		Scan(&title, &body, &docNo, &receiptNo, &sender, &senderNo); err != nil {
		return err
	}
	tokens := strings.Join(search.Tokens(title, body, docNo, receiptNo, sender, senderNo), " ")
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

// SearchDocuments finds documents by two Chinese characters, pinyin,
// initials or words, newest first, only those the caller may read.
func (db *DB) SearchDocuments(ctx context.Context, q string, limit int) ([]chamber.SearchHit, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	q = strings.TrimSpace(q)
	if q == "" || utf8.RuneCountInString(q) > 100 {
		return nil, fieldErr("q", "search.err.query")
	}
	terms := search.Query(q)
	if len(terms) == 0 {
		return []chamber.SearchHit{}, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var from, match, order string
	if db.Dialect == Postgres {
		from, match, order = `document_search s JOIN documents d ON d.id = s.document_id`, `s.tokens @@ `+arg(search.TSQuery(terms))+`::tsquery`, `d.id DESC`
	} else {
		from, match, order = `document_search s CROSS JOIN documents d`, `document_search MATCH `+arg(search.FTS5(terms))+` AND d.id = s.rowid`, `s.rowid DESC`
	}
	access := docAccessSQL(actor, arg)
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.SearchHit, error) {
		var h chamber.SearchHit
		var body, class, docNo, receiptNo string
		if err := sc.Scan(&h.ID, &h.Title, &body, &class, &docNo, &receiptNo); err != nil {
			return h, err
		}
		h.Kind, h.Number = "document", docNo+receiptNo
		if class != chamber.ClassConfidential { // a confidential body shows only when opened (and logged)
			h.Snippet = Snippet(body, q)
		}
		return h, nil
	}, `SELECT d.id, d.title, d.body, d.classification, COALESCE(d.doc_no, ''), COALESCE(d.receipt_no, '') FROM `+from+
		` WHERE `+match+` AND `+access+` ORDER BY `+order+` LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []chamber.SearchHit{}
	}
	if len(out) < limit {
		more, err := db.searchKnowledge(ctx, actor, terms, q, limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	if len(out) < limit {
		more, err := db.searchAttachments(ctx, actor, terms, q, limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

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

// matchSQL is the FROM and WHERE of a search table joined to its rows.
func (db *DB) matchSQL(table, keyCol, rows, alias string, terms []search.Term) (string, any) {
	if db.Dialect == Postgres {
		return table + ` s JOIN ` + rows + ` ` + alias + ` ON ` + alias + `.id = s.` + keyCol + ` WHERE s.tokens @@ $1::tsquery`, search.TSQuery(terms)
	}
	return table + ` s CROSS JOIN ` + rows + ` ` + alias + ` WHERE ` + table + ` MATCH $1 AND ` + alias + `.id = s.rowid`, search.FTS5(terms)
}

// searchKnowledge finds knowledge-base entries of collections the caller may read.
func (db *DB) searchKnowledge(ctx context.Context, actor *chamber.Actor, terms []search.Term, q string, limit int) ([]chamber.SearchHit, error) {
	from, m := db.matchSQL("kb_search", "item_id", "kb_items", "i", terms)
	audience := `TRUE`
	if !actor.System && actor.MemberID != 0 {
		audience = `c.audience = 'members'`
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.SearchHit, error) {
		h := chamber.SearchHit{Kind: "knowledge"}
		var body string
		err := sc.Scan(&h.ID, &h.Title, &body)
		h.Snippet = Snippet(body, q)
		return h, err
	}, `SELECT i.id, i.title, i.body FROM `+from+` AND EXISTS (SELECT 1 FROM kb_collections c WHERE c.id = i.collection_id AND `+audience+`)
		ORDER BY i.id DESC LIMIT $2`, m, limit)
}

// searchAttachments finds files by their name and extracted text, of
// owners the caller may read (checked per hit, a few more fetched).
func (db *DB) searchAttachments(ctx context.Context, actor *chamber.Actor, terms []search.Term, q string, limit int) ([]chamber.SearchHit, error) {
	from, m := db.matchSQL("attachment_search", "attachment_id", "attachments", "a", terms)
	type hit struct {
		h          chamber.SearchHit
		kind, text string
		owner      chamber.ID
		class      string
	}
	// A document's annexes are checked by the 密级 in the query; other
	// owners by their own rule, per hit, a few more fetched.
	args := []any{m, limit*4 + 20}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	docOK := `EXISTS (SELECT 1 FROM documents d WHERE d.id = a.owner_id AND ` + docAccessSQL(actor, arg) + `)`
	rows, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (hit, error) {
		x := hit{h: chamber.SearchHit{Kind: "attachment"}}
		err := sc.Scan(&x.h.ID, &x.h.Title, &x.kind, &x.owner, &x.text, &x.class)
		return x, err
	}, `SELECT a.id, a.name, a.owner_kind, a.owner_id, COALESCE((SELECT t.text FROM attachment_texts t WHERE t.attachment_id = a.id), ''),
		CASE WHEN a.owner_kind = 'document' THEN COALESCE((SELECT d.classification FROM documents d WHERE d.id = a.owner_id), '') ELSE '' END
		FROM `+from+` AND (a.owner_kind <> 'document' OR `+docOK+`) ORDER BY a.id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, err
	}
	out := []chamber.SearchHit{}
	for _, x := range rows {
		if len(out) == limit {
			break
		}
		if x.kind != chamber.OwnerDocument {
			if err := db.mayReadOwner(ctx, actor, x.kind, x.owner); err != nil {
				if chamber.ErrorCode(err) == chamber.ENOTFOUND {
					continue
				}
				return nil, err
			}
		}
		if x.class != chamber.ClassConfidential { // a confidential annex shows only when opened (and logged)
			x.h.Snippet = Snippet(x.text, q)
		}
		x.h.OwnerKind, x.h.OwnerID = x.kind, x.owner
		out = append(out, x.h)
	}
	return out, nil
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
