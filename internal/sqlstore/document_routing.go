package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// Incoming documents are routed 拟办 → 批办 → 承办, each step to a
// position with an instruction and, optionally, a deadline (办理时限): the
// latest deadline is the document's. RemindDocuments (a background job)
// puts a document due tomorrow or today before the holders of its last
// routed position once, and one past its deadline before them and the
// office director once more. Outgoing documents keep who of their
// distribution read them (read receipts) and their 主送 and 抄送.

// RouteDocument routes an incoming document to a position; the position's
// holders join its readers.
func (db *DB) RouteDocument(ctx context.Context, id chamber.ID, in chamber.RouteInput) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	in.Instruction, in.Step, in.DueOn = strings.TrimSpace(in.Instruction), strings.TrimSpace(in.Step), strings.TrimSpace(in.DueOn)
	var bad chamber.Fields
	if in.Step != "" && !oneOfStr(in.Step, chamber.RouteSteps) {
		bad.Add("step", "doc.err.step")
	}
	if utf8.RuneCountInString(in.Instruction) > 1000 {
		bad.Add("instruction", "doc.err.instruction")
	}
	today := db.today(ctx)
	if in.DueOn != "" {
		if _, ok := chamber.ParseDate(in.DueOn); !ok {
			bad.Add("due_on", "err.date")
		} else if in.DueOn < today {
			bad.Add("due_on", "doc.err.due_past")
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	holders, err := db.HoldersOn(ctx, in.PositionID, 0, today)
	if err != nil || len(holders) == 0 {
		return nil, fieldErr("position_id", "err.position_not_found")
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Direction != chamber.DocIncoming || d.Status == chamber.DocDone {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_routable")
		}
		if in.Step == "" {
			in.Step = chamber.RouteSteps[min(len(d.Routes), len(chamber.RouteSteps)-1)]
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_routes(document_id, position_id, instruction, by_user_id, at, step, due_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, in.PositionID, in.Instruction, actor.UserID, micros(tx.now), in.Step, in.DueOn); err != nil {
			return err
		}
		due := d.DueOn
		if in.DueOn != "" {
			due = in.DueOn
		}
		var users []chamber.ID
		for _, h := range holders {
			if h.UserID == 0 {
				continue
			}
			users = append(users, h.UserID)
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_readers(document_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, h.UserID); err != nil {
				return err
			}
		}
		// A new deadline is reminded of afresh.
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'routing', due_on = $1,
			due_reminded = CASE WHEN $1 = due_on THEN due_reminded ELSE FALSE END,
			overdue_warned = CASE WHEN $1 = due_on THEN overdue_warned ELSE FALSE END WHERE id = $2`, due, id); err != nil {
			return err
		}
		if len(users) > 0 {
			title := "收文办理：" + d.Title
			if due != "" {
				title += "（限" + due + "前办结）"
			}
			if _, err := tx.Notify(chamber.Notification{Key: "document:" + strconv.FormatInt(id, 10) + ":route:" + strconv.FormatInt(micros(tx.now), 10),
				Title: title, Body: docLink(id), Users: users}); err != nil {
				return err
			}
		}
		return tx.Audit("document.route", "document", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

func oneOfStr(v string, set []string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// FinishDocument closes an incoming document with a note (办结).
func (db *DB) FinishDocument(ctx context.Context, id chamber.ID, note string) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return nil, fieldErr("note", "doc.err.note")
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Direction != chamber.DocIncoming || d.Status == chamber.DocDone {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_routable")
		}
		if !actor.Can(chamber.PermDocumentWrite) {
			in := false
			for _, u := range d.Distribution {
				in = in || u == actor.UserID
			}
			if !in {
				return chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermDocumentWrite))
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'done', done_note = $1 WHERE id = $2`, note, id); err != nil {
			return err
		}
		return tx.Audit("document.done", "document", id, nil, map[string]string{"note": note})
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// RemindDocuments is the background job of incoming deadlines; it also
// reminds borrowers of archive loans past their return date. It answers
// how many reminders it sent.
func (db *DB) RemindDocuments(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		actor = chamber.SystemActor
		ctx = chamber.WithActor(ctx, actor)
	}
	if !actor.System {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "system")
	}
	today := db.today(ctx)
	tomorrow := today
	if t, ok := chamber.ParseDate(today); ok {
		tomorrow = t.AddDate(0, 0, 1).Format("2006-01-02")
	}
	count := 0
	err := db.Write(ctx, actor, func(tx *Tx) error {
		type due struct {
			id              chamber.ID
			title, dueOn    string
			reminded, other bool
			position        chamber.ID
		}
		rows, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (due, error) {
			var d due
			err := sc.Scan(&d.id, &d.title, &d.dueOn, &d.reminded, &d.other, &d.position)
			return d, err
		}, `SELECT d.id, COALESCE(d.receipt_no, '') || ' ' || d.title, d.due_on, d.due_reminded, d.overdue_warned,
			COALESCE((SELECT r.position_id FROM document_routes r WHERE r.document_id = d.id ORDER BY r.id DESC LIMIT 1), 0)
			FROM documents d WHERE d.direction = 'incoming' AND d.status = 'routing' AND d.due_on <> '' AND d.due_on <= $1
			AND ((d.due_reminded = FALSE AND d.due_on >= $2) OR (d.overdue_warned = FALSE AND d.due_on < $2)) ORDER BY d.id LIMIT 500`, tomorrow, today)
		if err != nil {
			return err
		}
		for _, d := range rows {
			holders, err := positionHolders(ctx, tx, d.position, today)
			if err != nil {
				return err
			}
			late := d.dueOn < today
			title, key, set := "收文即将到期（"+d.dueOn+"）："+d.title, "due", "due_reminded = TRUE"
			if late {
				title, key, set = "收文逾期未办结（限"+d.dueOn+"）："+d.title, "overdue", "due_reminded = TRUE, overdue_warned = TRUE"
				if dir, err := officeDirector(ctx, tx, today); err != nil {
					return err
				} else {
					holders = uniqueIDs(append(holders, dir...))
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET `+set+` WHERE id = $1`, d.id); err != nil {
				return err
			}
			if len(holders) > 0 {
				if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("document:%d:%s:%s", d.id, key, d.dueOn),
					Title: title, Body: docLink(d.id), Users: holders}); err != nil {
					return err
				}
			}
			if err := tx.Audit("document.remind", "document", d.id, nil, map[string]any{"due_on": d.dueOn, "overdue": late, "users": holders}); err != nil {
				return err
			}
			count++
		}
		n, err := remindLoans(tx, today)
		count += n
		return err
	})
	return count, err
}

// positionHolders are the logins holding a position on the day.
func positionHolders(ctx context.Context, q querier, positionID chamber.ID, date string) ([]chamber.ID, error) {
	return queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var u chamber.ID
		return u, sc.Scan(&u)
	}, `SELECT DISTINCT user_id FROM posts WHERE position_id = $1 AND user_id IS NOT NULL AND user_id <> 0
		AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $2)`, positionID, date)
}

// officeDirector are the holders of the 办公室主任 post, who answer for the registry.
func officeDirector(ctx context.Context, q querier, date string) ([]chamber.ID, error) {
	var pos chamber.ID
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM positions WHERE code = 'office_director'`).Scan(&pos); err != nil || pos == 0 {
		return nil, err
	}
	return positionHolders(ctx, q, pos, date)
}

// markRead records the first read of an issued document by one of its distribution.
func markRead(tx *Tx, id, userID chamber.ID) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE document_readers SET read_at = $1 WHERE document_id = $2 AND user_id = $3 AND read_at IS NULL`,
		micros(tx.now), id, userID)
	return err
}

// DocumentReceipts lists an issued document's distribution and who read it
// when, to its author and to document.write holders who may read it.
func (db *DB) DocumentReceipts(ctx context.Context, id chamber.ID) ([]chamber.DocReceipt, error) {
	actor := chamber.ActorFrom(ctx)
	d, err := db.loadDocument(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDocument(actor, d) {
		return nil, docErr("doc.err.not_found")
	}
	if !actor.System && actor.UserID != d.AuthorID && !actor.Can(chamber.PermDocumentWrite) {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermDocumentWrite))
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.DocReceipt, error) {
		var r chamber.DocReceipt
		var at sql.NullInt64
		err := sc.Scan(&r.UserID, &r.Name, &at)
		r.ReadAt = nullMicros(at)
		return r, err
	}, `SELECT r.user_id, COALESCE(u.name, ''), r.read_at FROM document_readers r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.document_id = $1 ORDER BY r.read_at IS NULL, r.read_at, r.user_id`, id)
}

// UpdateRecipients changes a draft's 主送 and 抄送 (issued: 409).
func (db *DB) UpdateRecipients(ctx context.Context, id chamber.ID, mainTo, copyTo *string) (*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := db.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Status != chamber.DocDraft {
			return chamber.Errorf(chamber.ECONFLICT, "doc.err.not_draft")
		}
		if d.AuthorID != actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "doc.err.not_author")
		}
		n := chamber.NewDocument{Direction: d.Direction, DocType: d.DocType, Title: d.Title, Classification: d.Classification, MainTo: d.MainTo, CopyTo: d.CopyTo}
		if mainTo != nil {
			n.MainTo = *mainTo
		}
		if copyTo != nil {
			n.CopyTo = *copyTo
		}
		n.Normalize()
		if err := n.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET main_to = $1, copy_to = $2 WHERE id = $3`, n.MainTo, n.CopyTo, id); err != nil {
			return err
		}
		return tx.Audit("document.recipients", "document", id, map[string]string{"main_to": d.MainTo, "copy_to": d.CopyTo},
			map[string]string{"main_to": n.MainTo, "copy_to": n.CopyTo})
	})
	if err != nil {
		return nil, err
	}
	return db.loadDocument(ctx, db.read, id)
}

// DocumentRegister is the 发文登记簿 (issued documents of the year in
// number order) or the 收文登记簿 (registered incoming documents of the
// year by receipt number), of what the caller may read.
func (db *DB) DocumentRegister(ctx context.Context, direction string, year int) ([]*chamber.Document, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	if year < 1900 || year > 2100 {
		return nil, fieldErr("year", "err.invalid_value")
	}
	var q string
	switch direction {
	case chamber.DocOutgoing:
		q = `SELECT d.id FROM documents d WHERE d.direction = 'outgoing' AND d.doc_no LIKE $1 ORDER BY d.issued_at, d.id LIMIT 5000`
	case chamber.DocIncoming:
		q = `SELECT d.id FROM documents d WHERE d.direction = 'incoming' AND d.receipt_no LIKE $1 ORDER BY d.id LIMIT 5000`
	default:
		return nil, fieldErr("direction", "doc.err.direction")
	}
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, q, "%〔"+strconv.Itoa(year)+"〕%")
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
