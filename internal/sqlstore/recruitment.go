package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Recruitment (招聘): HR (isHR) opens a vacancy for a position; it goes up
// the requester's approval chain to the 秘书长 (acting holders standing
// in, vacant posts skipped), like a claim. Once open, HR records the
// applicants, their CVs (attachments), interviews and the hire, which makes
// the staff record and appoints the person to the position in one
// transaction. Everything is HR's: an approver sees the opening itself,
// nobody else any of it (404).

const openingColumns = `o.id, o.position_id, COALESCE(p.name, ''), o.title, o.headcount, o.description, o.status, o.requester_id, o.requester,
	o.current_step, o.hired, o.created_at, o.updated_at,
	(SELECT COUNT(*) FROM applicants a WHERE a.opening_id = o.id)`
const openingFrom = ` FROM openings o LEFT JOIN positions p ON p.id = o.position_id`

func scanOpening(sc interface{ Scan(...any) error }) (*chamber.Opening, error) {
	var o chamber.Opening
	var c, u int64
	if err := sc.Scan(&o.ID, &o.PositionID, &o.Position, &o.Title, &o.Headcount, &o.Description, &o.Status, &o.RequesterID, &o.Requester,
		&o.CurrentStep, &o.Hired, &c, &u, &o.ApplicantCnt); err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = fromMicros(c), fromMicros(u)
	return &o, nil
}

// loadOpening reads an opening with its steps through q.
func (db *DB) loadOpening(ctx context.Context, q rowQuerier, id chamber.ID) (*chamber.Opening, error) {
	o, err := scanOpening(q.QueryRowContext(ctx, `SELECT `+openingColumns+openingFrom+` WHERE o.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "opening.err.not_found")
	}
	rows, err := q.QueryContext(ctx, `SELECT seq, position_code, position_name, approver_id, approver, acting, decision, comment, decided_at
		FROM opening_steps WHERE opening_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s chamber.ReimbursementStep
		var at sql.NullInt64
		if err := rows.Scan(&s.Seq, &s.PositionCode, &s.PositionName, &s.ApproverID, &s.Approver, &s.Acting, &s.Decision, &s.Comment, &at); err != nil {
			return nil, err
		}
		s.DecidedAt = nullMicros(at)
		o.Steps = append(o.Steps, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if o.Status == chamber.OpeningPending && o.CurrentStep < len(o.Steps) {
		o.WaitingFor = o.Steps[o.CurrentStep].Approver
	}
	return o, nil
}

func onRoute(a *chamber.Actor, steps []chamber.ReimbursementStep) bool {
	for _, s := range steps {
		if a.UserID != 0 && s.ApproverID == a.UserID {
			return true
		}
	}
	return false
}

// CreateOpening files an opening (HR) and routes it to the 秘书长.
func (db *DB) CreateOpening(ctx context.Context, n chamber.NewOpening) (*chamber.Opening, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.requireHR(ctx, actor); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	today := db.today(ctx)
	chain, err := db.ApprovalChain(ctx, actor.UserID, today)
	if chamber.ErrorCode(err) == chamber.ENOTFOUND {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_position", Key: "opening.err.no_position"}
	} else if err != nil {
		return nil, err
	}
	steps := chamber.ApprovalSteps(chain, 1, []chamber.ApprovalLimit{{AboveFen: 0, PositionCode: chamber.PosSecretaryGeneral}})
	if len(steps) == 0 {
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "no_approver", Key: "opening.err.no_approver"}
	}
	name := actor.Name
	if name == "" {
		name = actor.Username
	}
	var out *chamber.Opening
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE id = $1`, n.PositionID).Scan(&c); err != nil || c == 0 {
			return fieldErr("position_id", "err.position_not_found")
		}
		var id chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO openings(position_id, title, headcount, description, status, requester_id, requester,
			created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $7) RETURNING id`, n.PositionID, n.Title, n.Headcount,
			n.Description, actor.UserID, name, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		for i, a := range steps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO opening_steps(opening_id, seq, position_id, position_code, position_name, approver_id,
				approver, acting) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, i, a.PositionID, a.PositionCode, a.PositionName, a.UserID, a.Name, a.Acting); err != nil {
				return err
			}
		}
		var err error
		if out, err = db.loadOpening(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("opening.create", "opening", id, nil, out)
	})
	return out, err
}

// FindOpening returns an opening to HR (with its applicants) and to its approvers.
func (db *DB) FindOpening(ctx context.Context, id chamber.ID) (*chamber.Opening, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	o, err := db.loadOpening(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	hr, err := db.isHR(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !hr {
		if !onRoute(actor, o.Steps) {
			return nil, chamber.Errorf(chamber.ENOTFOUND, "opening.err.not_found")
		}
		return o, nil
	}
	o.Applicants, err = queryAll(ctx, db.read, scanApplicant, `SELECT `+applicantColumns+` FROM applicants WHERE opening_id = $1 ORDER BY id`, id)
	return o, err
}

// ListOpenings lists openings newest first: every one for HR, those on
// whose approval route the caller is for anyone else; ?status= narrows.
func (db *DB) ListOpenings(ctx context.Context, status string) ([]*chamber.Opening, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	hr, err := db.isHR(ctx, actor)
	if err != nil {
		return nil, err
	}
	var me chamber.ID = -1
	if !hr {
		me = actor.UserID
	}
	if status != "" && !containsStr([]string{chamber.OpeningPending, chamber.OpeningOpen, chamber.OpeningRejected, chamber.OpeningClosed}, status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	out, err := queryAll(ctx, db.read, scanOpening, `SELECT `+openingColumns+openingFrom+` WHERE ($1 = '' OR o.status = $1)
		AND ($2 = -1 OR EXISTS (SELECT 1 FROM opening_steps s WHERE s.opening_id = o.id AND s.approver_id = $2)) ORDER BY o.id DESC LIMIT 500`, status, me)
	if err != nil {
		return nil, err
	}
	ids := make([]chamber.ID, len(out))
	for i, o := range out {
		ids[i] = o.ID
	}
	waiting, err := waitingFor(ctx, db.read, openingRoute, ids)
	for _, o := range out {
		o.WaitingFor = waiting[o.ID]
	}
	return out, err
}

// DecideOpening records the current approver's yes or no (403 for anyone
// else, 409 when not pending); the last yes opens it.
func (db *DB) DecideOpening(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.Opening, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment, err := decisionComment(comment, false)
	if err != nil {
		return nil, err
	}
	hr, err := db.isHR(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out *chamber.Opening
	err = db.Write(ctx, actor, func(tx *Tx) error {
		o, err := db.loadOpening(ctx, tx, id)
		if err != nil {
			return err
		}
		if !hr && !onRoute(actor, o.Steps) {
			return chamber.Errorf(chamber.ENOTFOUND, "opening.err.not_found")
		}
		if o.Status != chamber.OpeningPending {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_pending", Key: "opening.err.not_pending"}
		}
		st := &o.Steps[o.CurrentStep]
		if st.ApproverID != actor.UserID {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_your_turn", Key: "reimb.err.not_your_turn", Args: []any{st.Approver}}
		}
		before := map[string]any{"status": o.Status, "step": o.CurrentStep}
		decision, action := "rejected", "reject"
		if approve {
			decision, action = "approved", "approve"
		}
		if err := tx.recordStep(openingRoute, o.ID, o.Steps, o.CurrentStep, decision, comment); err != nil {
			return err
		}
		now := tx.now
		switch {
		case !approve:
			o.Status = chamber.OpeningRejected
		case o.CurrentStep+1 < len(o.Steps):
			o.CurrentStep++
		default:
			o.Status = chamber.OpeningOpen
		}
		o.WaitingFor = ""
		if o.Status == chamber.OpeningPending {
			o.WaitingFor = o.Steps[o.CurrentStep].Approver
		}
		if _, err := tx.ExecContext(ctx, `UPDATE openings SET status = $1, current_step = $2, updated_at = $3 WHERE id = $4`,
			o.Status, o.CurrentStep, micros(now), o.ID); err != nil {
			return err
		}
		out = o
		return tx.Audit("opening."+action, "opening", o.ID, before, map[string]any{"status": o.Status, "step": o.CurrentStep, "comment": comment})
	})
	return out, err
}

// CloseOpening withdraws an opening that is pending or open (HR).
func (db *DB) CloseOpening(ctx context.Context, id chamber.ID) (*chamber.Opening, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "opening.err.not_found"); err != nil {
		return nil, err
	}
	var out *chamber.Opening
	err := db.Write(ctx, actor, func(tx *Tx) error {
		o, err := db.loadOpening(ctx, tx, id)
		if err != nil {
			return err
		}
		if o.Status != chamber.OpeningPending && o.Status != chamber.OpeningOpen {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "opening_closed", Key: "opening.err.closed"}
		}
		before := o.Status
		o.Status, o.WaitingFor = chamber.OpeningClosed, ""
		if _, err := tx.ExecContext(ctx, `UPDATE openings SET status = 'closed', updated_at = $1 WHERE id = $2`, micros(tx.now), id); err != nil {
			return err
		}
		out = o
		return tx.Audit("opening.close", "opening", id, map[string]any{"status": before}, map[string]any{"status": o.Status})
	})
	return out, err
}

const applicantColumns = `id, opening_id, name, phone, email, note, status, staff_id, created_at`

func scanApplicant(sc interface{ Scan(...any) error }) (*chamber.Applicant, error) {
	var a chamber.Applicant
	var at int64
	if err := sc.Scan(&a.ID, &a.OpeningID, &a.Name, &a.Phone, &a.Email, &a.Note, &a.Status, &a.StaffID, &at); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(at)
	return &a, nil
}

// openingIsOpen locks nothing but refuses an opening that takes no one.
func openingIsOpen(ctx context.Context, q rowQuerier, id chamber.ID) error {
	var status string
	if err := q.QueryRowContext(ctx, `SELECT status FROM openings WHERE id = $1`, id).Scan(&status); err != nil {
		return notFound(err, "opening.err.not_found")
	}
	if status != chamber.OpeningOpen {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "opening_not_open", Key: "opening.err.not_open"}
	}
	return nil
}

// AddApplicant records an applicant for an open opening (HR).
func (db *DB) AddApplicant(ctx context.Context, openingID chamber.ID, a chamber.Applicant) (*chamber.Applicant, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "opening.err.not_found"); err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Applicant
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := openingIsOpen(ctx, tx, openingID); err != nil {
			return err
		}
		var err error
		if out, err = scanApplicant(tx.QueryRowContext(ctx, `INSERT INTO applicants(opening_id, name, phone, email, note, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'applied', $6, $6) RETURNING `+applicantColumns, openingID, a.Name, a.Phone, a.Email, a.Note, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("applicant.create", "applicant", out.ID, nil, out)
	})
	return out, err
}

func (db *DB) loadApplicant(ctx context.Context, q querier, id chamber.ID) (*chamber.Applicant, error) {
	a, err := scanApplicant(q.QueryRowContext(ctx, `SELECT `+applicantColumns+` FROM applicants WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "applicant.err.not_found")
	}
	a.Interviews, err = queryAll(ctx, q, scanInterview, `SELECT `+interviewColumns+` FROM interviews WHERE applicant_id = $1 ORDER BY date, id`, id)
	return a, err
}

// FindApplicant returns an applicant with the interviews (HR; 404 to others).
func (db *DB) FindApplicant(ctx context.Context, id chamber.ID) (*chamber.Applicant, error) {
	if err := db.hrRecord(ctx, chamber.ActorFrom(ctx), "applicant.err.not_found"); err != nil {
		if c := chamber.ErrorCode(err); c == chamber.EFORBIDDEN || c == chamber.EUNAUTHORIZED {
			err = chamber.Errorf(chamber.ENOTFOUND, "applicant.err.not_found") // a CV's owner does not show
		}
		return nil, err
	}
	return db.loadApplicant(ctx, db.read, id)
}

const interviewColumns = `id, applicant_id, stage, date, interviewer_id, interviewer, notes, result, created_at`

func scanInterview(sc interface{ Scan(...any) error }) (*chamber.Interview, error) {
	var i chamber.Interview
	var at int64
	if err := sc.Scan(&i.ID, &i.ApplicantID, &i.Stage, &i.Date, &i.InterviewerID, &i.Interviewer, &i.Notes, &i.Result, &at); err != nil {
		return nil, err
	}
	i.CreatedAt = fromMicros(at)
	return &i, nil
}

// applicantFor reads an applicant still in the running (applied or
// interviewing) of an open opening, for a change by HR.
func applicantFor(ctx context.Context, tx *Tx, id chamber.ID) (*chamber.Applicant, error) {
	a, err := scanApplicant(tx.QueryRowContext(ctx, `SELECT `+applicantColumns+` FROM applicants WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "applicant.err.not_found")
	}
	if a.Status != chamber.ApplicantApplied && a.Status != chamber.ApplicantInterviewing {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "applicant_decided", Key: "applicant.err.decided"}
	}
	return a, openingIsOpen(ctx, tx, a.OpeningID)
}

// AddInterview records an interview step with its notes (HR); the caller
// is the interviewer. The applicant moves to interviewing.
func (db *DB) AddInterview(ctx context.Context, applicantID chamber.ID, i chamber.Interview) (*chamber.Interview, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "applicant.err.not_found"); err != nil {
		return nil, err
	}
	if err := i.Validate(); err != nil {
		return nil, err
	}
	name := actor.Name
	if name == "" {
		name = actor.Username
	}
	var out *chamber.Interview
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := applicantFor(ctx, tx, applicantID)
		if err != nil {
			return err
		}
		if out, err = scanInterview(tx.QueryRowContext(ctx, `INSERT INTO interviews(applicant_id, stage, date, interviewer_id, interviewer, notes,
			result, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+interviewColumns, a.ID, i.Stage, i.Date, actor.UserID, name,
			i.Notes, i.Result, micros(tx.now))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applicants SET status = 'interviewing', updated_at = $1 WHERE id = $2`, micros(tx.now), a.ID); err != nil {
			return err
		}
		return tx.Audit("applicant.interview", "applicant", a.ID, map[string]any{"status": a.Status}, out)
	})
	return out, err
}

// RejectApplicant turns an applicant down (HR), with a note.
func (db *DB) RejectApplicant(ctx context.Context, id chamber.ID, note string) (*chamber.Applicant, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "applicant.err.not_found"); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 500 {
		return nil, fieldErr("note", "err.too_long", 500)
	}
	var out *chamber.Applicant
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := applicantFor(ctx, tx, id)
		if err != nil {
			return err
		}
		before := a.Status
		if note != "" {
			a.Note = strings.TrimSpace(a.Note + "\n" + note)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applicants SET status = 'rejected', note = $1, updated_at = $2 WHERE id = $3`, a.Note, micros(tx.now), id); err != nil {
			return err
		}
		a.Status = chamber.ApplicantRejected
		out = a
		return tx.Audit("applicant.reject", "applicant", id, map[string]any{"status": before}, map[string]any{"status": a.Status, "note": note})
	})
	return out, err
}

// HireApplicant hires an applicant (HR): the login (an existing one, or a
// new one made disabled until the administrator sets its password), the
// staff record and the appointment to the opening's position from the
// hire date, in one transaction. The opening closes when its headcount is
// reached; the position's own headcount is kept (409 when full).
func (db *DB) HireApplicant(ctx context.Context, id chamber.ID, h chamber.Hire) (*chamber.Applicant, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "applicant.err.not_found"); err != nil {
		return nil, err
	}
	if err := h.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Applicant
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if db.Dialect == Postgres { // two hires of one opening at once: one after the other
			if _, err := tx.ExecContext(ctx, `SELECT id FROM openings WHERE id = (SELECT opening_id FROM applicants WHERE id = $1) FOR UPDATE`, id); err != nil {
				return err
			}
		}
		a, err := applicantFor(ctx, tx, id)
		if err != nil {
			return err
		}
		o, err := db.loadOpening(ctx, tx, a.OpeningID)
		if err != nil {
			return err
		}
		userID := h.UserID
		if userID == 0 {
			u, err := scanUser(tx.QueryRowContext(ctx, `INSERT INTO users(username, name, password_hash, admin, disabled, created_at, password_changed_at)
				VALUES ($1, $2, '', FALSE, TRUE, $3, $3) RETURNING `+userColumns, h.Username, a.Name, micros(tx.now)))
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate_username", Key: "err.username_taken",
					Fields: []chamber.FieldError{{Field: "username", Key: "err.username_taken"}}}
			} else if err != nil {
				return err
			}
			if err := tx.Audit("user.create", "user", u.ID, nil, u); err != nil {
				return err
			}
			userID = u.ID
		}
		st, err := tx.createStaff(chamber.Staff{UserID: userID, Name: a.Name, PositionID: o.PositionID, HiredOn: h.HiredOn, Employment: h.Employment,
			Phone: a.Phone, ContractStartsOn: h.ContractStartsOn, ContractEndsOn: h.ContractEndsOn})
		if err != nil {
			return err
		}
		if _, err := tx.appoint(chamber.Post{PositionID: o.PositionID, UserID: userID, StartsOn: h.HiredOn,
			Note: "录用（招聘 #" + strconv.FormatInt(o.ID, 10) + "）"}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applicants SET status = 'hired', staff_id = $1, updated_at = $2 WHERE id = $3`, st.ID, micros(tx.now), id); err != nil {
			return err
		}
		status := chamber.OpeningOpen
		if o.Hired+1 >= o.Headcount {
			status = chamber.OpeningClosed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE openings SET hired = hired + 1, status = $1, updated_at = $2 WHERE id = $3`, status, micros(tx.now), o.ID); err != nil {
			return err
		}
		before := a.Status
		a.Status, a.StaffID = chamber.ApplicantHired, st.ID
		out = a
		return tx.Audit("applicant.hire", "applicant", id, map[string]any{"status": before},
			map[string]any{"status": a.Status, "staff_id": st.ID, "user_id": userID, "opening_status": status})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "applicant.err.not_found")
	}
	return out, err
}
