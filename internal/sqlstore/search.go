package sqlstore

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// One search over documents, regulations, the knowledge base, attachments,
// announcements, meeting minutes and archive records, each hit only if the
// caller may read it (checked in the query, an attachment of another owner
// by that owner's rule). Ranking, simple on purpose: a hit whose title
// holds every term comes before one that matches only in its text; within
// each group the newest first (a meeting's minutes by the meeting's date,
// an announcement by its publication, the rest by when they were made).

// searchKind is one kind of searchable row: its token table (keyed by the
// row's id), the row table and the columns id, title, body, at, number,
// owner kind, owner id, hide (1: show no snippet).
type searchKind struct {
	kind, table, key, rows, alias, cols string
	access                              func(arg func(any) string) string // SQL condition on the row
	recheck                             bool                              // attachments: other owners checked per hit
}

// searchKinds are the kinds the caller may search, with their access rules.
func (db *DB) searchKinds(ctx context.Context, actor *chamber.Actor) ([]searchKind, error) {
	doc := func(arg func(any) string) string { return docAccessSQL(actor, arg) }
	kinds := []searchKind{{
		kind: "document", table: "document_search", key: "document_id", rows: "documents", alias: "d", access: doc,
		cols: `d.id, d.title, d.body, d.created_at, COALESCE(d.doc_no, '') || COALESCE(d.receipt_no, ''), '', 0, CASE WHEN d.classification = 'confidential' THEN 1 ELSE 0 END`,
	}}
	kb := `TRUE`
	if !actor.System && actor.MemberID != 0 {
		kb = `c.audience = 'members'`
	}
	kinds = append(kinds, searchKind{
		kind: "knowledge", table: "kb_search", key: "item_id", rows: "kb_items", alias: "i",
		access: func(func(any) string) string {
			return `EXISTS (SELECT 1 FROM kb_collections c WHERE c.id = i.collection_id AND ` + kb + `)`
		},
		cols: `i.id, i.title, i.body, i.created_at, '', '', 0, 0`,
	}, searchKind{
		// A document's annexes by the 密级 in the query; other owners per hit.
		kind: "attachment", table: "attachment_search", key: "attachment_id", rows: "attachments", alias: "a", recheck: true,
		access: func(arg func(any) string) string {
			return `(a.owner_kind <> 'document' OR EXISTS (SELECT 1 FROM documents d WHERE d.id = a.owner_id AND ` + docAccessSQL(actor, arg) + `))`
		},
		cols: `a.id, a.name, COALESCE((SELECT t.text FROM attachment_texts t WHERE t.attachment_id = a.id), ''), a.created_at, '', a.owner_kind, a.owner_id,
			CASE WHEN a.owner_kind = 'document' AND EXISTS (SELECT 1 FROM documents d WHERE d.id = a.owner_id AND d.classification = 'confidential') THEN 1 ELSE 0 END`,
	})
	ann := func(arg func(any) string) string {
		if actor.System || canManageAnnouncements(actor) {
			return `TRUE`
		}
		u, m := actorIDs(actor)
		pu, pm := arg(u), arg(m)
		return `a.status = 'published' AND (a.audience = 'public' OR EXISTS (SELECT 1 FROM announcement_deliveries dl WHERE dl.announcement_id = a.id
			AND ((dl.user_id = ` + pu + ` AND ` + pu + ` <> 0) OR (dl.member_id = ` + pm + ` AND ` + pm + ` <> 0))))`
	}
	kinds = append(kinds, searchKind{
		kind: "announcement", table: "announcement_search", key: "announcement_id", rows: "announcements", alias: "a", access: ann,
		cols: `a.id, a.title, a.body, COALESCE(a.published_at, a.created_at), '', '', 0, 0`,
	})
	// Minutes follow their meeting's visibility.
	sc, err := db.meetingScopeOf(ctx, actor)
	if err != nil {
		return nil, err
	}
	if sc.all || len(sc.bodies) > 0 {
		access := func(arg func(any) string) string {
			if sc.all {
				return `TRUE`
			}
			var ph []string
			for id := range sc.bodies {
				ph = append(ph, arg(id))
			}
			return `m.body_id IN (` + strings.Join(ph, ", ") + `)`
		}
		kinds = append(kinds, searchKind{
			kind: "minutes", table: "minutes_search", key: "meeting_id", rows: "meetings", alias: "m", access: access,
			cols: `m.id, m.title, COALESCE((SELECT mi.body FROM minutes mi WHERE mi.meeting_id = m.id ORDER BY mi.version DESC LIMIT 1), ''), m.starts_at, '', '', 0, 0`,
		})
	}
	// The archive to its keepers (document.write), a filed document only
	// to those who may read it.
	if actor.System || actor.Can(chamber.PermDocumentWrite) {
		kinds = append(kinds, searchKind{
			kind: "archive", table: "archive_search", key: "archive_id", rows: "archive_records", alias: "r",
			access: func(arg func(any) string) string {
				return `(r.source_kind <> 'document' OR EXISTS (SELECT 1 FROM documents d WHERE d.id = r.source_id AND ` + docAccessSQL(actor, arg) + `))`
			},
			cols: `r.id, r.title, r.category, r.filed_at, r.archive_no, '', 0, 0`,
		})
	}
	return kinds, nil
}

type searchRow struct {
	hit  chamber.SearchHit
	body string
	at   int64
	hide int
}

// SearchDocuments finds by two Chinese characters, pinyin, initials or
// words, title hits first, then newest first, only what the caller may read.
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
	kinds, err := db.searchKinds(ctx, actor)
	if err != nil {
		return nil, err
	}
	var rows []searchRow
	inTitle := map[string]int{} // kind → title hits
	seen := map[string]bool{}
	titleTerms := search.InTitle(terms)
	for _, k := range kinds {
		got, err := db.searchKindRows(ctx, actor, k, titleTerms, limit)
		if err != nil {
			return nil, err
		}
		for _, r := range got {
			r.hit.InTitle = true
			seen[k.kind+":"+strconv.FormatInt(r.hit.ID, 10)] = true
			rows = append(rows, r)
		}
		inTitle[k.kind] = len(got)
	}
	if len(rows) < limit {
		for _, k := range kinds {
			got, err := db.searchKindRows(ctx, actor, k, terms, limit+inTitle[k.kind])
			if err != nil {
				return nil, err
			}
			for _, r := range got {
				if !seen[k.kind+":"+strconv.FormatInt(r.hit.ID, 10)] {
					rows = append(rows, r)
				}
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.hit.InTitle != b.hit.InTitle {
			return a.hit.InTitle
		}
		if a.at != b.at {
			return a.at > b.at
		}
		return a.hit.ID > b.hit.ID
	})
	out := make([]chamber.SearchHit, 0, min(limit, len(rows)))
	for _, r := range rows[:min(limit, len(rows))] {
		if r.hide == 0 { // a confidential body shows only when opened (and logged)
			r.hit.Snippet = Snippet(r.body, q)
		}
		r.hit.At = fromMicros(r.at)
		out = append(out, r.hit)
	}
	return out, nil
}

// searchKindRows is the newest limit rows of one kind matching terms that
// the caller may read.
func (db *DB) searchKindRows(ctx context.Context, actor *chamber.Actor, k searchKind, terms []search.Term, limit int) ([]searchRow, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	fetch := limit
	if k.recheck {
		fetch = limit*4 + 20
	}
	scan := func(sc interface{ Scan(...any) error }) (searchRow, error) {
		r := searchRow{hit: chamber.SearchHit{Kind: k.kind}}
		err := sc.Scan(&r.hit.ID, &r.hit.Title, &r.body, &r.at, &r.hit.Number, &r.hit.OwnerKind, &r.hit.OwnerID, &r.hide)
		return r, err
	}
	var got []searchRow
	var err error
	if db.Dialect == Postgres {
		got, err = db.pgKindRows(ctx, k, terms, fetch, scan)
	} else {
		match := k.table + ` MATCH ` + arg(search.FTS5(terms)) + ` AND ` + k.alias + `.id = s.rowid`
		got, err = queryAll(ctx, db.read, scan, `SELECT `+k.cols+` FROM `+k.table+` s CROSS JOIN `+k.rows+` `+k.alias+
			` WHERE `+match+` AND `+k.access(arg)+` ORDER BY s.rowid DESC LIMIT `+arg(fetch), args...)
	}
	if err != nil || !k.recheck {
		return got, err
	}
	out := got[:0]
	for _, r := range got {
		if len(out) == limit {
			break
		}
		if r.hit.OwnerKind != chamber.OwnerDocument {
			if err := db.mayReadOwner(ctx, actor, r.hit.OwnerKind, r.hit.OwnerID); err != nil {
				if chamber.ErrorCode(err) == chamber.ENOTFOUND {
					continue
				}
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// pgKindRows is searchKindRows on PostgreSQL, by a plan right whatever
// the terms. The planner cannot see that the tokens are TOASTed (some 12 kB
// a document, read apart from the row): it prices checking a row's tokens
// as nothing, and walks the key backwards checking row after row for a
// term it guesses common, or scans the table, for seconds at 100,000
// documents. So the only rows whose tokens are read one by one are the
// newest few, a window of the key (a common term fills the page there);
// while at least half of a window matches, the next one, four times as
// large. Otherwise older matches come only from the GIN index (a
// materialized CTE without LIMIT or ORDER BY, where walking the key gains
// nothing), newest first. Rows are read and access-checked only for the
// keys of a round (not for every match), four times as many keys each
// round until the page is full.
func (db *DB) pgKindRows(ctx context.Context, k searchKind, terms []search.Term, fetch int, scan func(interface{ Scan(...any) error }) (searchRow, error)) ([]searchRow, error) {
	match := `s.tokens @@ ` + tsqueryLiteral(terms) + `::tsquery`
	var out []searchRow
	readable := func(keys []int64) error {
		if len(keys) == 0 {
			return nil
		}
		var args []any
		arg := func(v any) string {
			args = append(args, v)
			return "$" + strconv.Itoa(len(args))
		}
		in := make([]string, len(keys))
		for i, id := range keys {
			in[i] = strconv.FormatInt(id, 10)
		}
		got, err := queryAll(ctx, db.read, scan, `SELECT `+k.cols+` FROM `+k.rows+` `+k.alias+` WHERE `+k.alias+`.id IN (`+strings.Join(in, ", ")+
			`) AND `+k.access(arg)+` ORDER BY `+k.alias+`.id DESC LIMIT `+strconv.Itoa(fetch-len(out)), args...)
		out = append(out, got...)
		return err
	}
	type keyMatch struct {
		key int64
		ok  bool
	}
	walk := true // the first round, and after a round where most rows matched
	below := ""
	for n := 2*fetch + 10; ; n *= 4 {
		var keys []int64
		var rows int
		if walk {
			window, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (keyMatch, error) {
				var r keyMatch
				return r, sc.Scan(&r.key, &r.ok)
			}, `SELECT s.`+k.key+`, `+match+` FROM (SELECT s.`+k.key+`, s.tokens FROM `+k.table+` s WHERE TRUE`+below+
				` ORDER BY s.`+k.key+` DESC LIMIT `+strconv.Itoa(n)+`) s ORDER BY 1 DESC`)
			if err != nil {
				return nil, err
			}
			for _, w := range window {
				if w.ok {
					keys = append(keys, w.key)
				}
			}
			rows, walk = len(window), 2*len(keys) >= len(window)
			if rows > 0 {
				below = ` AND s.` + k.key + ` < ` + strconv.FormatInt(window[rows-1].key, 10)
			}
		} else {
			var err error
			keys, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (int64, error) {
				var id int64
				return id, sc.Scan(&id)
			}, `WITH m AS MATERIALIZED (SELECT s.`+k.key+` AS id FROM `+k.table+` s WHERE `+match+below+
				`) SELECT id FROM m ORDER BY id DESC LIMIT `+strconv.Itoa(n))
			if err != nil {
				return nil, err
			}
			if rows = len(keys); rows > 0 {
				below = ` AND s.` + k.key + ` < ` + strconv.FormatInt(keys[rows-1], 10)
			}
		}
		if err := readable(keys); err != nil || len(out) >= fetch || rows < n {
			return out, err
		}
	}
}

// tsqueryLiteral renders terms as an SQL literal of a tsquery, in the
// query's text rather than a parameter, so that PostgreSQL plans every
// search with its terms: their frequencies (the tokens' statistics,
// migration 0075) size the GIN scan. A parameter would let it cache one
// generic plan for every term. Terms are ASCII letters and digits
// (search.Query); anything else would be a bug, and matches nothing.
func tsqueryLiteral(terms []search.Term) string {
	for _, t := range terms {
		if t.Text == "" || strings.Trim(t.Text, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			return `''`
		}
	}
	return `'` + strings.ReplaceAll(search.TSQuery(terms), `'`, `''`) + `'`
}
