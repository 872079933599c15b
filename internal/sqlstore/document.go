package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Official documents (公文). Who reads what:
//   - public: every login; internal: every staff login (not member portals);
//   - confidential (秘密): only the author, the distribution and the sign-off
//     chain (an administrator included in nobody's need-to-know is refused
//     with 404); each such read is appended to document_access.
// A 文号 or 收文编号 comes from doc_sequences inside the issuing write
// transaction: SQLite has one writer, PostgreSQL locks the sequence row,
// so numbers have neither gaps nor duplicates. Issued documents never change.

const docColumns = `d.id, d.direction, d.doc_type, d.title, d.body, d.classification, d.status, d.author_id, COALESCE(u.name, ''),
	d.created_at, COALESCE(d.doc_no, ''), d.issued_at, d.supersedes, d.sender, d.sender_doc_no, d.received_on,
	COALESCE(d.receipt_no, ''), d.done_note, d.main_to, d.copy_to, d.due_on`

const docFrom = ` FROM documents d LEFT JOIN users u ON u.id = d.author_id`

func scanDocument(sc interface{ Scan(...any) error }) (*chamber.Document, error) {
	var d chamber.Document
	var created int64
	var issued sql.NullInt64
	if err := sc.Scan(&d.ID, &d.Direction, &d.DocType, &d.Title, &d.Body, &d.Classification, &d.Status, &d.AuthorID, &d.Author,
		&created, &d.DocNo, &issued, &d.Supersedes, &d.Sender, &d.SenderDocNo, &d.ReceivedOn, &d.ReceiptNo, &d.DoneNote,
		&d.MainTo, &d.CopyTo, &d.DueOn); err != nil {
		return nil, err
	}
	d.CreatedAt, d.IssuedAt = fromMicros(created), nullMicros(issued)
	return &d, nil
}

func docErr(key string) error { return chamber.Errorf(chamber.ENOTFOUND, key) }

// nextNumber takes the next number of prefix in year inside tx.
func nextNumber(tx *Tx, prefix string, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO doc_sequences(prefix, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET last = doc_sequences.last + 1 RETURNING last`, prefix, year).Scan(&n)
	return n, err
}

// CreateDocument drafts an outgoing document or registers an incoming one.
func (db *DB) CreateDocument(ctx context.Context, n chamber.NewDocument) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if n.Supersedes != 0 {
		old, err := db.FindDocument(ctx, n.Supersedes)
		if err != nil {
			return nil, fieldErr("supersedes", "doc.err.not_found")
		}
		if old.Status != chamber.DocIssued {
			return nil, fieldErr("supersedes", "doc.err.supersede_issued")
		}
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		status, receipt := chamber.DocDraft, any(nil)
		if n.Direction == chamber.DocIncoming {
			status = chamber.DocRegistered
			seq, err := nextNumber(tx, "收", tx.now.In(db.location(ctx)).Year())
			if err != nil {
				return err
			}
			receipt = chamber.FormatReceiptNo(tx.now.In(db.location(ctx)).Year(), seq)
			n.DocType = ""
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO documents(direction, doc_type, title, body, classification, status, author_id,
			created_at, supersedes, sender, sender_doc_no, received_on, receipt_no, main_to, copy_to)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			n.Direction, n.DocType, n.Title, n.Body, n.Classification, status, actor.UserID, micros(tx.now), n.Supersedes,
			n.Sender, n.SenderDocNo, n.ReceivedOn, receipt, n.MainTo, n.CopyTo).Scan(&id); err != nil {
			return err
		}
		readers := map[chamber.ID]bool{}
		for _, u := range n.Distribution {
			readers[u] = true
		}
		for _, b := range n.DistributionBodies {
			rows, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
				var u chamber.ID
				return u, sc.Scan(&u)
			}, `SELECT DISTINCT user_id FROM posts WHERE body_id = $1 AND user_id IS NOT NULL AND user_id <> 0`, b)
			if err != nil {
				return err
			}
			for _, u := range rows {
				readers[u] = true
			}
		}
		for u := range readers {
			var ok int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, u).Scan(&ok); err != nil {
				return err
			}
			if ok == 0 {
				return fieldErr("distribution", "err.user_not_found")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_readers(document_id, user_id) VALUES ($1, $2)`, id, u); err != nil {
				return err
			}
		}
		if err := indexDocument(tx, id, false); err != nil {
			return err
		}
		return tx.Audit("document.create", "document", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// loadDocument reads a document with its distribution and steps, unchecked.
func (db *DB) loadDocument(ctx context.Context, q querier, id chamber.ID) (*chamber.Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "doc.err.not_found")
	}
	if d.Distribution, err = queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var u chamber.ID
		return u, sc.Scan(&u)
	}, `SELECT user_id FROM document_readers WHERE document_id = $1 ORDER BY user_id`, id); err != nil {
		return nil, err
	}
	if d.Steps, err = queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (*chamber.DocStep, error) {
		var s chamber.DocStep
		var at sql.NullInt64
		err := sc.Scan(&s.Seq, &s.PositionID, &s.Position, &s.UserID, &s.Name, &s.Acting, &s.Decision, &s.Comment, &at)
		s.DecidedAt = nullMicros(at)
		return &s, err
	}, `SELECT s.seq, s.position_id, COALESCE(p.name, ''), s.user_id, COALESCE(u.name, ''), s.acting, s.decision, s.comment, s.decided_at
		FROM document_steps s LEFT JOIN positions p ON p.id = s.position_id LEFT JOIN users u ON u.id = s.user_id
		WHERE s.document_id = $1 ORDER BY s.round, s.seq`, id); err != nil {
		return nil, err
	}
	for _, s := range d.Steps {
		if s.Decision == "pending" && d.Status == chamber.DocReviewing {
			d.AwaitingPositionID = s.PositionID
			break
		}
	}
	if d.Routes, err = queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (*chamber.DocRouting, error) {
		var r chamber.DocRouting
		var at int64
		err := sc.Scan(&r.Step, &r.PositionID, &r.Position, &r.DueOn, &r.Instruction, &r.ByUserID, &at)
		r.At = fromMicros(at)
		return &r, err
	}, `SELECT r.step, r.position_id, COALESCE(p.name, ''), r.due_on, r.instruction, r.by_user_id, r.at FROM document_routes r
		LEFT JOIN positions p ON p.id = r.position_id WHERE r.document_id = $1 ORDER BY r.id`, id); err != nil {
		return nil, err
	}
	d.Overdue = d.Direction == chamber.DocIncoming && d.Status != chamber.DocDone && d.DueOn != "" && d.DueOn < db.today(ctx)
	return d, nil
}

// mayReadDocument applies the 密级.
func mayReadDocument(a *chamber.Actor, d *chamber.Document) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	if a.UserID != 0 && a.UserID == d.AuthorID {
		return true
	}
	for _, u := range d.Distribution {
		if u == a.UserID {
			return true
		}
	}
	for _, s := range d.Steps {
		if s.UserID == a.UserID {
			return true
		}
	}
	switch d.Classification {
	case chamber.ClassPublic:
		return a.UserID != 0
	case chamber.ClassInternal:
		return a.UserID != 0 && a.MemberID == 0
	}
	return false
}

// FindDocument returns a document the caller may read (404 otherwise);
// a read of a confidential one is logged.
func (db *DB) FindDocument(ctx context.Context, id chamber.ID) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	d, err := db.loadDocument(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDocument(actor, d) {
		return nil, docErr("doc.err.not_found")
	}
	if actor.System {
		return d, nil
	}
	unread := false
	if d.Status == chamber.DocIssued {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM document_readers WHERE document_id = $1 AND user_id = $2 AND read_at IS NULL`,
			id, actor.UserID).Scan(&n); err != nil {
			return nil, err
		}
		unread = n > 0
	}
	if d.Classification == chamber.ClassConfidential || unread {
		if err := db.Write(ctx, actor, func(tx *Tx) error {
			if unread {
				if err := markRead(tx, id, actor.UserID); err != nil {
					return err
				}
			}
			if d.Classification != chamber.ClassConfidential {
				return nil
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO document_access(document_id, user_id, at) VALUES ($1, $2, $3)`, id, actor.UserID, micros(tx.now))
			return err
		}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// ListDocuments lists what the caller may read, newest first.
func (db *DB) ListDocuments(ctx context.Context, direction string) ([]*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	where, args := "", []any{}
	if direction != "" {
		where, args = ` WHERE d.direction = $1`, append(args, direction)
	}
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT d.id FROM documents d`+where+` ORDER BY d.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	var out []*chamber.Document
	for _, id := range ids {
		d, err := db.loadDocument(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		if mayReadDocument(actor, d) {
			d.Body = ""
			out = append(out, d)
		}
	}
	return out, nil
}

// editable loads a document for a change by the caller, under the rules of state.
func (db *DB) editable(ctx context.Context, tx *Tx, id chamber.ID) (*chamber.Document, error) {
	d, err := db.loadDocument(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDocument(tx.actor, d) {
		return nil, docErr("doc.err.not_found")
	}
	return d, nil
}

// UpdateDocument changes a draft's title or body; an issued document is 409.
func (db *DB) UpdateDocument(ctx context.Context, id chamber.ID, title, body *string) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Status != chamber.DocDraft && d.Status != chamber.DocRegistered {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_draft")
		}
		if d.AuthorID != actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "doc.err.not_author")
		}
		before := *d
		if title != nil {
			d.Title = strings.TrimSpace(*title)
		}
		if body != nil {
			d.Body = *body
		}
		if d.Title == "" {
			return fieldErr("title", "doc.err.title")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = $1, body = $2 WHERE id = $3`, d.Title, d.Body, id); err != nil {
			return err
		}
		if err := indexDocument(tx, id, true); err != nil {
			return err
		}
		return tx.Audit("document.update", "document", id, map[string]string{"title": before.Title}, map[string]string{"title": d.Title})
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

func docLink(id chamber.ID) string { return "/documents/" + strconv.FormatInt(id, 10) }

// SubmitDocument sends a draft up the author's reports-to chain: to the
// 秘书长, and on to the 会长 for decisions and regulations.
func (db *DB) SubmitDocument(ctx context.Context, id chamber.ID) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	d, err := db.loadDocument(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDocument(actor, d) {
		return nil, docErr("doc.err.not_found")
	}
	if d.AuthorID != actor.UserID {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "doc.err.not_author")
	}
	full, err := db.ApprovalChain(ctx, d.AuthorID, db.today(ctx))
	if err != nil {
		return nil, chamber.Errorf(chamber.ECONFLICT, "doc.err.no_chain")
	}
	var chain []chamber.Approver
	for _, a := range full {
		chain = append(chain, a)
		if a.PositionCode == chamber.PosPresident || a.PositionCode == chamber.PosSecretaryGeneral && !chamber.NeedsPresident(d.DocType) {
			break
		}
	}
	if len(chain) == 0 {
		return nil, chamber.Errorf(chamber.ECONFLICT, "doc.err.no_chain")
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM documents WHERE id = $1`, id).Scan(&status); err != nil {
			return err
		}
		if status != chamber.DocDraft || d.Direction != chamber.DocOutgoing {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_draft")
		}
		var round int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) + 1 FROM document_steps WHERE document_id = $1`, id).Scan(&round); err != nil {
			return err
		}
		for i, a := range chain {
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_steps(document_id, seq, position_id, user_id, acting, round)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, a.PositionID, a.UserID, a.Acting, round); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'reviewing' WHERE id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Notify(chamber.Notification{Key: "document:" + strconv.FormatInt(id, 10) + ":step:" + strconv.Itoa(round) + ":1",
			Title: "待核签公文：" + d.Title, Body: docLink(id), Users: []chamber.ID{chain[0].UserID}}); err != nil {
			return err
		}
		return tx.Audit("document.submit", "document", id, nil, chain)
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// DecideDocument records the awaited holder's approval or rejection; a
// rejection sends the document back to its author as a draft.
func (db *DB) DecideDocument(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return nil, fieldErr("comment", "doc.err.reject_comment")
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Status != chamber.DocReviewing {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_reviewing")
		}
		var round, seq int
		var uid chamber.ID
		if err := tx.QueryRowContext(ctx, `SELECT round, seq, user_id FROM document_steps WHERE document_id = $1 AND decision = 'pending'
			ORDER BY round, seq LIMIT 1`, id).Scan(&round, &seq, &uid); err != nil {
			return err
		}
		if uid != actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "doc.err.not_awaited")
		}
		decision := "approved"
		if !approve {
			decision = "rejected"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE document_steps SET decision = $1, comment = $2, decided_at = $3
			WHERE document_id = $4 AND round = $5 AND seq = $6`, decision, comment, micros(tx.now), id, round, seq); err != nil {
			return err
		}
		next := chamber.ID(0)
		if approve {
			err := tx.QueryRowContext(ctx, `SELECT user_id FROM document_steps WHERE document_id = $1 AND round = $2 AND seq = $3`, id, round, seq+1).Scan(&next)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		} else {
			// The rest of this round will not be asked.
			if _, err := tx.ExecContext(ctx, `UPDATE document_steps SET decision = 'skipped' WHERE document_id = $1 AND round = $2 AND decision = 'pending'`, id, round); err != nil {
				return err
			}
		}
		status := chamber.DocReviewing
		switch {
		case !approve:
			status = chamber.DocDraft
		case next == 0:
			status = chamber.DocApproved
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = $1 WHERE id = $2`, status, id); err != nil {
			return err
		}
		tell := next
		if tell == 0 {
			tell = d.AuthorID
		}
		if _, err := tx.Notify(chamber.Notification{Key: "document:" + strconv.FormatInt(id, 10) + ":step:" + strconv.Itoa(round) + ":" + strconv.Itoa(seq+1) + ":" + decision,
			Title: "公文核签：" + d.Title, Body: docLink(id), Users: []chamber.ID{tell}}); err != nil {
			return err
		}
		return tx.Audit("document."+map[bool]string{true: "approve", false: "reject"}[approve], "document", id, nil, map[string]any{"seq": seq, "comment": comment})
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// IssueDocument gives a signed-off document its 文号 and sends it to the
// distribution's inboxes.
func (db *DB) IssueDocument(ctx context.Context, id chamber.ID) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	prefix := chamber.DefaultDocPrefix
	loc := db.location(ctx)
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Status != chamber.DocApproved {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_approved")
		}
		year := tx.now.In(loc).Year()
		seq, err := nextNumber(tx, prefix, year)
		if err != nil {
			return err
		}
		no := chamber.FormatDocNo(prefix, year, seq)
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'issued', doc_no = $1, issued_at = $2 WHERE id = $3 AND status = 'approved'`,
			no, micros(tx.now), id); err != nil {
			return err
		}
		if len(d.Distribution) > 0 {
			if _, err := tx.Notify(chamber.Notification{Key: "document:" + strconv.FormatInt(id, 10) + ":issued",
				Title: no + " " + d.Title, Body: docLink(id), Users: d.Distribution}); err != nil {
				return err
			}
		}
		if err := indexDocument(tx, id, true); err != nil {
			return err
		}
		return tx.Audit("document.issue", "document", id, nil, map[string]string{"doc_no": no})
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// DocumentAccessLog lists the reads of a confidential document, for those who may read it.
func (db *DB) DocumentAccessLog(ctx context.Context, id chamber.ID) ([]chamber.DocAccess, error) {
	actor := chamber.ActorFrom(ctx)
	d, err := db.loadDocument(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDocument(actor, d) {
		return nil, docErr("doc.err.not_found")
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.DocAccess, error) {
		var a chamber.DocAccess
		var at int64
		err := sc.Scan(&a.UserID, &at)
		a.At = fromMicros(at)
		return a, err
	}, `SELECT user_id, at FROM document_access WHERE document_id = $1 ORDER BY id`, id)
}

// CurrentRegulations is the regulations register (规章制度): issued
// regulations no issued later version supersedes, that the caller may read.
func (db *DB) CurrentRegulations(ctx context.Context) ([]*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT d.id FROM documents d WHERE d.doc_type = 'regulation' AND d.status = 'issued'
		AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.supersedes = d.id AND n.status = 'issued') ORDER BY d.issued_at DESC, d.id DESC`)
	if err != nil {
		return nil, err
	}
	out := []*chamber.Document{}
	for _, id := range ids {
		d, err := db.loadDocument(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		if mayReadDocument(actor, d) {
			d.Body = ""
			out = append(out, d)
		}
	}
	return out, nil
}
