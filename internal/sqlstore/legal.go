package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Legal-aid cases (法律维权). Who reads what:
//   - holders of legal.handle (the 法律维权部 and the 秘书长) read and work
//     on every case;
//   - the member concerned reads its own cases without the internal notes
//     and internal steps;
//   - everyone else gets 404, the administrator and other ticket handlers
//     included.
// The audit log records who did what to which case, never the case's
// facts (the audit trail is read by more people than the cases).

const legalCaseColumns = `c.id, c.member_id, COALESCE(m.name, ''), c.ticket_id, c.subject, c.summary, c.parties, c.dispute_fen,
	COALESCE(c.adviser_id, 0), COALESCE(k.name, ''), c.adviser_person, c.status, c.outcome, c.result, c.notes,
	c.opened_by, c.opened_at, c.closed_at`

const legalCaseFrom = ` FROM legal_cases c LEFT JOIN members m ON m.id = c.member_id LEFT JOIN contacts k ON k.id = c.adviser_id`

func scanLegalCase(sc interface{ Scan(...any) error }) (*chamber.LegalCase, error) {
	var c chamber.LegalCase
	var parties string
	var opened int64
	var closed sql.NullInt64
	if err := sc.Scan(&c.ID, &c.MemberID, &c.MemberName, &c.TicketID, &c.Subject, &c.Summary, &parties, &c.DisputeFen,
		&c.AdviserID, &c.Adviser, &c.AdviserPerson, &c.Status, &c.Outcome, &c.Result, &c.Notes,
		&c.OpenedBy, &opened, &closed); err != nil {
		return nil, err
	}
	c.Parties = []chamber.LegalParty{}
	if err := json.Unmarshal([]byte(parties), &c.Parties); err != nil {
		return nil, err
	}
	c.OpenedAt, c.ClosedAt = fromMicros(opened), nullMicros(closed)
	return &c, nil
}

var errLegalNotFound = &chamber.Error{Code: chamber.ENOTFOUND, Key: "legal.err.not_found"}

// mayReadLegalCase: the handlers, and the member concerned.
func mayReadLegalCase(a *chamber.Actor, c *chamber.LegalCase) bool {
	return a.Can(chamber.PermLegalHandle) || (a != nil && a.MemberID != 0 && a.MemberID == c.MemberID)
}

// forMember strips what only the handlers see.
func forMember(a *chamber.Actor, c *chamber.LegalCase) {
	if !a.Can(chamber.PermLegalHandle) {
		c.Notes = ""
		c.OpenedBy = 0
	}
}

// checkAdviser makes sure the adviser is a contact of the register.
func checkAdviser(ctx context.Context, q querier, id chamber.ID) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErr("adviser_contact_id", "contact.err.not_found")
	}
	return nil
}

// OpenLegalCase opens a case (legal.handle), from a legal_aid or rights
// ticket (at most one case per ticket: 409) or for a member.
func (db *DB) OpenLegalCase(ctx context.Context, n chamber.NewLegalCase) (*chamber.LegalCase, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermLegalHandle); err != nil {
		return nil, err
	}
	n.Subject, n.Summary, n.Notes = strings.TrimSpace(n.Subject), chamber.NormalizeBody(n.Summary), chamber.NormalizeBody(n.Notes)
	n.AdviserPerson = strings.TrimSpace(n.AdviserPerson)
	n.Parties = chamber.TrimParties(n.Parties)
	if n.TicketID < 0 || n.MemberID < 0 || n.AdviserID < 0 {
		return nil, fieldErr("ticket_id", "err.invalid_value")
	}
	if n.TicketID != 0 {
		t, err := db.ticket(ctx, n.TicketID)
		if err != nil {
			return nil, fieldErr("ticket_id", "ticket.err.not_found")
		}
		if t.Kind != chamber.TicketLegalAid && t.Kind != chamber.TicketRights {
			return nil, fieldErr("ticket_id", "legal.err.ticket_kind")
		}
		if t.MemberID == 0 {
			return nil, fieldErr("ticket_id", "legal.err.ticket_member")
		}
		n.MemberID = t.MemberID
		if n.Subject == "" {
			n.Subject = t.Subject
		}
		if n.Summary == "" {
			n.Summary = t.Body
		}
		if len(n.Parties) == 0 {
			n.Parties = append(n.Parties, chamber.LegalParty{Role: "applicant", Name: t.MemberName})
			if t.Parties != "" {
				n.Parties = append(n.Parties, chamber.LegalParty{Role: "respondent", Name: t.Parties})
			}
		}
		if n.DisputeFen == 0 {
			n.DisputeFen = t.DisputeFen
		}
	}
	n.MemberNo = strings.TrimSpace(n.MemberNo)
	if n.MemberID == 0 && n.MemberNo != "" {
		if err := db.read.QueryRowContext(ctx, `SELECT id FROM members WHERE member_no = $1`, n.MemberNo).Scan(&n.MemberID); err != nil {
			return nil, noRowsAs(err, fieldErr("member_no", "err.member_not_found"))
		}
	}
	var f chamber.Fields
	if n.MemberID == 0 {
		f.Add("member_id", "err.required")
	}
	chamber.ValidateLegalCase(&f, n.Subject, n.Summary, n.Parties, n.DisputeFen, n.AdviserPerson, n.Notes)
	if err := f.Err(); err != nil {
		return nil, err
	}
	parties, _ := json.Marshal(n.Parties)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, n.MemberID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("member_id", "err.member_not_found")
			}
			return err
		}
		if err := checkAdviser(ctx, tx, n.AdviserID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO legal_cases(member_id, ticket_id, subject, summary, parties, dispute_fen, adviser_id,
			adviser_person, status, notes, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11) RETURNING id`,
			n.MemberID, n.TicketID, n.Subject, n.Summary, string(parties), n.DisputeFen, nullID(n.AdviserID), n.AdviserPerson, n.Notes,
			actor.UserID, micros(tx.now)).Scan(&id)
		if isUniqueViolation(err) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "case_exists", Key: "legal.err.case_exists"}
		}
		if err != nil {
			return err
		}
		if n.TicketID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'in_progress' WHERE id = $1 AND status = 'open'`, n.TicketID); err != nil {
				return err
			}
		}
		return tx.Audit("legal.open", "legal_case", id, nil, map[string]any{"member_id": n.MemberID, "ticket_id": n.TicketID, "adviser_contact_id": n.AdviserID})
	})
	if err != nil {
		return nil, err
	}
	return db.FindLegalCase(ctx, id)
}

func (db *DB) legalCase(ctx context.Context, q querier, id chamber.ID) (*chamber.LegalCase, error) {
	c, err := scanLegalCase(q.QueryRowContext(ctx, `SELECT `+legalCaseColumns+legalCaseFrom+` WHERE c.id = $1`, id))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errLegalNotFound
		}
		return nil, err
	}
	return c, nil
}

// FindLegalCase returns a case with its steps as its reader may see them.
func (db *DB) FindLegalCase(ctx context.Context, id chamber.ID) (*chamber.LegalCase, error) {
	actor := chamber.ActorFrom(ctx)
	c, err := db.legalCase(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadLegalCase(actor, c) {
		return nil, errLegalNotFound
	}
	q := `SELECT s.id, s.case_id, s.date, s.kind, s.note, s.internal, COALESCE(u.name, ''), s.created_at
		FROM legal_case_steps s LEFT JOIN users u ON u.id = s.by_user WHERE s.case_id = $1`
	if !actor.Can(chamber.PermLegalHandle) {
		q += ` AND s.internal = FALSE`
	}
	c.Steps, err = queryAll(ctx, db.read, scanLegalStep, q+` ORDER BY s.date, s.id`, id)
	if err != nil {
		return nil, err
	}
	if c.Steps == nil {
		c.Steps = []*chamber.LegalStep{}
	}
	forMember(actor, c)
	return c, nil
}

func scanLegalStep(sc interface{ Scan(...any) error }) (*chamber.LegalStep, error) {
	var s chamber.LegalStep
	var at int64
	err := sc.Scan(&s.ID, &s.CaseID, &s.Date, &s.Kind, &s.Note, &s.Internal, &s.By, &at)
	s.CreatedAt = fromMicros(at)
	return &s, err
}

// ListLegalCases lists cases newest first: every case for the handlers,
// its own for a member portal login, none for anyone else.
func (db *DB) ListLegalCases(ctx context.Context, f chamber.LegalCaseFilter, p chamber.Page) ([]*chamber.LegalCase, string, error) {
	actor := chamber.ActorFrom(ctx)
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case actor.Can(chamber.PermLegalHandle):
		if f.MemberID != 0 {
			where = append(where, "c.member_id = "+arg(f.MemberID))
		}
	case actor != nil && actor.MemberID != 0:
		where = append(where, "c.member_id = "+arg(actor.MemberID))
	case actor != nil:
		return []*chamber.LegalCase{}, "", nil
	default:
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if f.Status != "" {
		if !containsStr(chamber.LegalStatuses, f.Status) {
			return nil, "", fieldErr("status", "err.invalid_value")
		}
		where = append(where, "c.status = "+arg(f.Status))
	}
	p = p.Normalize()
	if p.Cursor != "" {
		before, err := idCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "c.id < "+arg(before))
	}
	q := `SELECT ` + legalCaseColumns + legalCaseFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY c.id DESC LIMIT ` + arg(p.Limit+1)
	items, err := queryAll(ctx, db.read, scanLegalCase, q, args...)
	if err != nil {
		return nil, "", err
	}
	items, next := idPage(items, p.Limit, func(x *chamber.LegalCase) chamber.ID { return x.ID })
	for _, c := range items {
		forMember(actor, c)
	}
	if items == nil {
		items = []*chamber.LegalCase{}
	}
	return items, next, nil
}

var errLegalClosed = &chamber.Error{Code: chamber.ECONFLICT, Reason: "case_closed", Key: "legal.err.closed"}

// changeLegalCase runs fn on an open case inside one transaction
// (legal.handle) and audits the change with what fn returns.
func (db *DB) changeLegalCase(ctx context.Context, id chamber.ID, action string, fn func(tx *Tx, c *chamber.LegalCase) (any, error)) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermLegalHandle); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		c, err := db.legalCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status == chamber.LegalClosed {
			return errLegalClosed
		}
		detail, err := fn(tx, c)
		if err != nil {
			return err
		}
		return tx.Audit(action, "legal_case", id, nil, detail)
	})
}

// PatchLegalCase changes the adviser, parties, amount or notes of an open case.
func (db *DB) PatchLegalCase(ctx context.Context, id chamber.ID, p chamber.LegalCasePatch) (*chamber.LegalCase, error) {
	err := db.changeLegalCase(ctx, id, "legal.update", func(tx *Tx, c *chamber.LegalCase) (any, error) {
		changed := []string{}
		if p.AdviserID != nil {
			if *p.AdviserID < 0 {
				return nil, fieldErr("adviser_contact_id", "err.invalid_value")
			}
			c.AdviserID, changed = *p.AdviserID, append(changed, "adviser_contact_id")
		}
		if p.AdviserPerson != nil {
			c.AdviserPerson, changed = strings.TrimSpace(*p.AdviserPerson), append(changed, "adviser_person")
		}
		if p.Parties != nil {
			c.Parties, changed = chamber.TrimParties(*p.Parties), append(changed, "parties")
		}
		if p.DisputeFen != nil {
			c.DisputeFen, changed = *p.DisputeFen, append(changed, "dispute_amount_fen")
		}
		if p.Notes != nil {
			c.Notes, changed = chamber.NormalizeBody(*p.Notes), append(changed, "notes")
		}
		var f chamber.Fields
		chamber.ValidateLegalCase(&f, c.Subject, c.Summary, c.Parties, c.DisputeFen, c.AdviserPerson, c.Notes)
		if err := f.Err(); err != nil {
			return nil, err
		}
		if err := checkAdviser(ctx, tx, c.AdviserID); err != nil {
			return nil, err
		}
		parties, _ := json.Marshal(c.Parties)
		if _, err := tx.ExecContext(ctx, `UPDATE legal_cases SET adviser_id = $1, adviser_person = $2, parties = $3, dispute_fen = $4, notes = $5
			WHERE id = $6`, nullID(c.AdviserID), c.AdviserPerson, string(parties), c.DisputeFen, c.Notes, id); err != nil {
			return nil, err
		}
		return map[string]any{"changed": changed, "adviser_contact_id": c.AdviserID}, nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindLegalCase(ctx, id)
}

// AddLegalStep records a dated step of an open case; the first one puts
// the case in progress. Internal steps are never shown to the member.
func (db *DB) AddLegalStep(ctx context.Context, id chamber.ID, s chamber.LegalStep) (*chamber.LegalStep, error) {
	s.Note = chamber.NormalizeBody(s.Note)
	var f chamber.Fields
	if !chamber.ValidDate(s.Date) {
		f.Add("date", "err.date")
	} else if s.Date > db.today(ctx) {
		f.Add("date", "err.date_future")
	}
	if !containsStr(chamber.LegalStepKinds, s.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	if s.Note == "" {
		f.Add("note", "err.required")
	} else if len([]rune(s.Note)) > 5000 {
		f.Add("note", "err.too_long", 5000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := s
	out.CaseID = id
	err := db.changeLegalCase(ctx, id, "legal.step", func(tx *Tx, c *chamber.LegalCase) (any, error) {
		out.By, out.CreatedAt = tx.actor.Name, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO legal_case_steps(case_id, date, kind, note, internal, by_user, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, s.Date, s.Kind, s.Note, s.Internal, tx.actor.UserID, micros(tx.now)).Scan(&out.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE legal_cases SET status = 'in_progress' WHERE id = $1 AND status = 'open'`, id); err != nil {
			return nil, err
		}
		return map[string]any{"step_id": out.ID, "date": s.Date, "kind": s.Kind, "internal": s.Internal}, nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CloseLegalCase ends a case with its outcome and result; the member is told.
func (db *DB) CloseLegalCase(ctx context.Context, id chamber.ID, outcome, result string) (*chamber.LegalCase, error) {
	result = chamber.NormalizeBody(result)
	var f chamber.Fields
	if !containsStr(chamber.LegalOutcomes, outcome) {
		f.Add("outcome", "err.invalid_value")
	}
	if result == "" {
		f.Add("result", "err.required")
	} else if len([]rune(result)) > 5000 {
		f.Add("result", "err.too_long", 5000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := db.changeLegalCase(ctx, id, "legal.close", func(tx *Tx, c *chamber.LegalCase) (any, error) {
		if _, err := tx.ExecContext(ctx, `UPDATE legal_cases SET status = 'closed', outcome = $1, result = $2, closed_at = $3 WHERE id = $4`,
			outcome, result, micros(tx.now), id); err != nil {
			return nil, err
		}
		if _, err := tx.Notify(chamber.Notification{Key: "legal:" + strconv.FormatInt(id, 10) + ":closed",
			Title: "您的维权案件已结案：" + c.Subject, Body: "/portal/legal/" + strconv.FormatInt(id, 10), Members: []chamber.ID{c.MemberID}}); err != nil {
			return nil, err
		}
		return map[string]any{"outcome": outcome}, nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindLegalCase(ctx, id)
}
