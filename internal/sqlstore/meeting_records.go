package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// pendingCharterFor: a passed charter amendment makes a new charter version
// that waits for its filing (备案) before it takes effect. Its rules start
// as a copy of the version in force; the administrator enters the amended
// rules and records the filing.
func (tx *Tx) pendingCharterFor(motionID chamber.ID) error {
	var kind, title string
	var meetingID chamber.ID
	if err := tx.QueryRowContext(tx.ctx, `SELECT kind, title, meeting_id FROM motions WHERE id = $1`, motionID).Scan(&kind, &title, &meetingID); err != nil {
		return err
	}
	if kind != chamber.KindCharterAmend {
		return nil
	}
	var version int
	if err := tx.QueryRowContext(tx.ctx, `SELECT charter_version FROM meetings WHERE id = $1`, meetingID).Scan(&version); err != nil {
		return err
	}
	cur, err := scanCharter(tx.QueryRowContext(tx.ctx, `SELECT `+charterColumns+` FROM charters WHERE version = $1`, version))
	if err != nil {
		return err
	}
	c, err := tx.insertCharter(chamber.Charter{EffectiveOn: pendingDate, Rules: cur.Rules, Note: title, MotionID: motionID})
	if err != nil {
		return err
	}
	return tx.Audit("charter.create", "charter", c.ID, nil, c)
}

// FileCharter records the filing of a charter version; once accepted it
// takes effect on the given date.
func (db *DB) FileCharter(ctx context.Context, charterID chamber.ID, f chamber.CharterFiling) (*chamber.Charter, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	var fs chamber.Fields
	for field, v := range map[string]string{"submitted_on": f.SubmittedOn, "accepted_on": f.AcceptedOn, "effective_on": f.EffectiveOn} {
		if v != "" {
			if _, ok := chamber.ParseDate(v); !ok {
				fs.Add(field, "err.date")
			}
		}
	}
	if f.SubmittedOn == "" {
		fs.Add("submitted_on", "err.required")
	}
	if f.AcceptedOn != "" && f.EffectiveOn == "" {
		f.EffectiveOn = f.AcceptedOn
	}
	if f.EffectiveOn != "" && f.AcceptedOn == "" {
		fs.Add("accepted_on", "err.required")
	}
	if utf8.RuneCountInString(f.FilingNo) > 100 {
		fs.Add("filing_no", "err.too_long", 100)
	}
	if err := fs.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Charter
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanCharter(tx.QueryRowContext(ctx, `SELECT `+charterColumns+` FROM charters WHERE id = $1`, charterID))
		if err != nil {
			return notFound(err, "err.not_found")
		}
		effective := before.EffectiveOn
		if f.EffectiveOn != "" {
			effective = f.EffectiveOn
		}
		if out, err = scanCharter(tx.QueryRowContext(ctx, `UPDATE charters SET submitted_on = $1, filed_on = $2, filing_no = $3, effective_on = $4
			WHERE id = $5 RETURNING `+charterColumns, f.SubmittedOn, nullStr(f.AcceptedOn), f.FilingNo, effective, charterID)); err != nil {
			return err
		}
		return tx.Audit("charter.filing", "charter", charterID, before, out)
	})
	return out, err
}

// EnterPaperResult: counted paper ballots, entered by one member of staff
// and confirmed by another with the same figures, close the motion.
func (db *DB) EnterPaperResult(ctx context.Context, motionID chamber.ID, c chamber.PaperCount) (*chamber.Result, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var fs chamber.Fields
	for field, v := range map[string]int64{"yes": c.Yes, "no": c.No, "abstain": c.Abstain} {
		if v < 0 {
			fs.Add(field, "err.invalid_value")
		}
	}
	if err := fs.Err(); err != nil {
		return nil, err
	}
	var res *chamber.Result
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var meetingID chamber.ID
		var status, pending, threshold string
		var by sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT meeting_id, status, paper_pending, paper_by, threshold FROM motions WHERE id = $1`, motionID).
			Scan(&meetingID, &status, &pending, &by, &threshold); err != nil {
			return notFound(err, "err.motion_not_found")
		}
		if status == chamber.MotionClosed {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "motion_closed", Key: "err.motion_closed"}
		}
		cast, err := castSoFar(ctx, tx, motionVote(motionID)) // the used marks, secret or not
		if err != nil {
			return err
		}
		if cast > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "ballots_cast", Key: "err.paper_after_ballots"}
		}
		q, err := quorumOf(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		total := c.Yes + c.No + c.Abstain
		if total > q.Represented {
			return fieldErr("yes", "err.paper_too_many", q.Represented)
		}
		figures, _ := json.Marshal(c)
		if pending == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE motions SET paper_pending = $1, paper_by = $2 WHERE id = $3`, string(figures), actor.UserID, motionID); err != nil {
				return err
			}
			res = &chamber.Result{Status: status, Cast: 0}
			return tx.Audit("motion.paper_entered", "motion", motionID, nil, c)
		}
		if by.Int64 == actor.UserID {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "paper_same_person", Key: "err.paper_same_person"}
		}
		if pending != string(figures) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "paper_mismatch", Key: "err.paper_mismatch", Args: []any{pending}}
		}
		passed := chamber.Passes(threshold, c.Yes, q.Represented, total, q.Entitled)
		follow := ""
		if passed {
			follow = "pending"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE motions SET yes = $1, no = $2, abstain = $3, cast_weight = $4, status = 'closed',
			opened_at = COALESCE(opened_at, $5), closed_at = $5, present = $6, entitled = $7, passed = $8, paper = TRUE, follow_up = $9 WHERE id = $10`,
			c.Yes, c.No, c.Abstain, total, micros(tx.Now()), q.Represented, q.Entitled, passed, follow, motionID); err != nil {
			return err
		}
		if err := tx.destroyVoteKey(motionVote(motionID)); err != nil { // a secret motion opened, then counted on paper
			return err
		}
		if passed {
			if err := tx.pendingCharterFor(motionID); err != nil {
				return err
			}
		}
		if res, err = motionResult(ctx, tx, motionID); err != nil {
			return err
		}
		return tx.Audit("motion.paper_confirmed", "motion", motionID, nil, res)
	})
	return res, err
}

const resolutionColumns = `mo.id, mo.meeting_id, m.title, b.name, mo.title, mo.kind, mo.closed_at, mo.follow_up, mo.follow_up_note`
const resolutionFrom = ` FROM motions mo JOIN meetings m ON m.id = mo.meeting_id JOIN bodies b ON b.id = m.body_id`

func scanResolution(sc interface{ Scan(...any) error }) (*chamber.Resolution, error) {
	var r chamber.Resolution
	var closed sql.NullInt64
	if err := sc.Scan(&r.MotionID, &r.MeetingID, &r.MeetingTitle, &r.BodyName, &r.Title, &r.Kind, &closed, &r.FollowUp, &r.FollowUpNote); err != nil {
		return nil, err
	}
	r.ClosedAt = fromMicros(closed.Int64)
	return &r, nil
}

// Resolutions is the resolution register: every passed motion, newest first.
func (db *DB) Resolutions(ctx context.Context, p chamber.Page) ([]*chamber.Resolution, string, error) {
	p = p.Normalize()
	after, err := idCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	if after == 0 {
		after = 1 << 62
	}
	list, err := queryAll(ctx, db.read, scanResolution, `SELECT `+resolutionColumns+resolutionFrom+`
		WHERE mo.status = 'closed' AND mo.passed = TRUE AND mo.id < $1 ORDER BY mo.id DESC LIMIT $2`, after, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	list, next := idPage(list, p.Limit, func(x *chamber.Resolution) chamber.ID { return x.MotionID })
	return list, next, nil
}

// SetFollowUp records what became of a resolution.
func (db *DB) SetFollowUp(ctx context.Context, motionID chamber.ID, status, note string) (*chamber.Resolution, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	if !containsStr(chamber.FollowUps, status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return nil, fieldErr("note", "err.too_long", 2000)
	}
	var out *chamber.Resolution
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanResolution(tx.QueryRowContext(ctx, `SELECT `+resolutionColumns+resolutionFrom+` WHERE mo.id = $1 AND mo.passed = TRUE`, motionID))
		if err != nil {
			return notFound(err, "err.motion_not_found")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE motions SET follow_up = $1, follow_up_note = $2 WHERE id = $3`, status, note, motionID); err != nil {
			return err
		}
		if out, err = scanResolution(tx.QueryRowContext(ctx, `SELECT `+resolutionColumns+resolutionFrom+` WHERE mo.id = $1`, motionID)); err != nil {
			return err
		}
		return tx.Audit("resolution.follow_up", "motion", motionID, before, out)
	})
	return out, err
}

const minutesColumns = `meeting_id, version, body, status, created_by, signed_by, signed_at, created_at`

func scanMinutes(sc interface{ Scan(...any) error }) (*chamber.Minutes, error) {
	var m chamber.Minutes
	var signed sql.NullInt64
	var created int64
	if err := sc.Scan(&m.MeetingID, &m.Version, &m.Body, &m.Status, &m.CreatedBy, &m.SignedBy, &signed, &created); err != nil {
		return nil, err
	}
	m.SignedAt, m.CreatedAt = nullMicros(signed), fromMicros(created)
	return &m, nil
}

// SaveMinutes stores a new version of the minutes. Signed minutes are
// never edited: a later version is an amendment, and the signed text stays.
func (db *DB) SaveMinutes(ctx context.Context, meetingID chamber.ID, body string) (*chamber.Minutes, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, fieldErr("body", "err.required")
	}
	if utf8.RuneCountInString(body) > 100000 {
		return nil, fieldErr("body", "err.too_long", 100000)
	}
	var out *chamber.Minutes
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE id = $1`, meetingID).Scan(&n); err != nil || n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
		}
		var version int
		var status sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT version, status FROM minutes WHERE meeting_id = $1 ORDER BY version DESC LIMIT 1`, meetingID).Scan(&version, &status)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if status.String == "draft" {
			// An unsigned draft is replaced by its next version; the audit keeps both texts.
			if out, err = scanMinutes(tx.QueryRowContext(ctx, `UPDATE minutes SET body = $1, created_by = $2, created_at = $3
				WHERE meeting_id = $4 AND version = $5 RETURNING `+minutesColumns, body, actor.Username, micros(tx.Now()), meetingID, version)); err != nil {
				return err
			}
		} else if out, err = scanMinutes(tx.QueryRowContext(ctx, `INSERT INTO minutes(meeting_id, version, body, status, created_by, created_at)
			VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING `+minutesColumns, meetingID, version+1, body, actor.Username, micros(tx.Now()))); err != nil {
			return err
		}
		if err := indexMinutes(tx, meetingID); err != nil {
			return err
		}
		return tx.Audit("minutes.save", "meeting", meetingID, nil, out)
	})
	return out, err
}

// SignMinutes signs the latest draft: a supervisor's sign-off (audit.read
// holders: 监事会 seats, the 监事长), never by whoever wrote it.
func (db *DB) SignMinutes(ctx context.Context, meetingID chamber.ID) (*chamber.Minutes, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAuditRead); err != nil {
		return nil, err
	}
	var out *chamber.Minutes
	err := db.Write(ctx, actor, func(tx *Tx) error {
		cur, err := scanMinutes(tx.QueryRowContext(ctx, `SELECT `+minutesColumns+` FROM minutes WHERE meeting_id = $1 ORDER BY version DESC LIMIT 1`, meetingID))
		if err != nil {
			return notFound(err, "err.minutes_not_found")
		}
		if cur.Status != "draft" {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "minutes_signed", Key: "err.minutes_signed"}
		}
		if cur.CreatedBy == actor.Username {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "signer_is_author", Key: "err.signer_is_author"}
		}
		if out, err = scanMinutes(tx.QueryRowContext(ctx, `UPDATE minutes SET status = 'signed', signed_by = $1, signed_at = $2
			WHERE meeting_id = $3 AND version = $4 RETURNING `+minutesColumns, actor.Username, micros(tx.Now()), meetingID, cur.Version)); err != nil {
			return err
		}
		return tx.Audit("minutes.sign", "meeting", meetingID, nil, out)
	})
	return out, err
}

func (db *DB) ListMinutes(ctx context.Context, meetingID chamber.ID) ([]*chamber.Minutes, error) {
	out, err := queryAll(ctx, db.read, scanMinutes, `SELECT `+minutesColumns+` FROM minutes WHERE meeting_id = $1 ORDER BY version DESC`, meetingID)
	if err != nil {
		return nil, err
	}
	// A signed version carries the audit head of its signing (the
	// minutes.sign record), printed with it: chamber verify --head proves later
	// that the chain still holds it.
	type signing struct {
		head    chamber.AuditHead
		version int
	}
	signs, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (signing, error) {
		var s signing
		var after string
		if err := sc.Scan(&s.head.Seq, &s.head.Hash, &after); err != nil {
			return s, err
		}
		var v struct {
			Version int `json:"version"`
		}
		if err := json.Unmarshal([]byte(after), &v); err != nil {
			return s, fmt.Errorf("minutes.sign record %d: %w", s.head.Seq, err)
		}
		s.version = v.Version
		return s, nil
	}, `SELECT seq, hash, after FROM audit_log WHERE entity = 'meeting' AND entity_id = $1 AND action = 'minutes.sign' ORDER BY seq`, meetingID)
	if err != nil {
		return nil, err
	}
	for _, s := range signs {
		for _, m := range out {
			if m.Version == s.version && m.Status == "signed" {
				h := s.head
				m.AuditHead = &h
			}
		}
	}
	return out, nil
}

// ConfirmElection puts the elected into the seats of a body's term.
func (db *DB) ConfirmElection(ctx context.Context, electionID, termID, positionID chamber.ID) ([]*chamber.Post, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	res, err := db.ElectionResult(ctx, electionID)
	if err != nil {
		return nil, err
	}
	if res.Status != chamber.MotionClosed {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "election_not_closed", Key: "err.election_not_closed"}
	}
	var out []*chamber.Post
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var confirmed sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT confirmed_term_id FROM elections WHERE id = $1`, electionID).Scan(&confirmed); err != nil {
			return notFound(err, "err.election_not_found")
		}
		if confirmed.Valid {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_confirmed", Key: "err.election_confirmed"}
		}
		t, err := scanTerm(tx.QueryRowContext(ctx, `SELECT `+termColumns+` FROM terms WHERE id = $1`, termID))
		if err != nil {
			return fieldErr("term_id", "err.term_not_found")
		}
		names := map[chamber.ID]string{}
		for _, row := range res.Tally {
			names[row.MemberID] = row.Name
		}
		body, position := any(t.BodyID), any(nil)
		if positionID != 0 {
			pos, err := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = $1`, positionID))
			if err != nil || pos.BodyID != t.BodyID {
				return fieldErr("position_id", "err.position_not_found")
			}
			body, position = nil, positionID
		}
		for _, id := range res.Elected {
			p, err := scanPost(tx.QueryRowContext(ctx, `INSERT INTO posts(body_id, position_id, term_id, member_id, name, starts_on, ends_on, note, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+postColumns,
				body, position, t.ID, id, names[id], t.StartsOn, nullStr(t.EndsOn), "选举产生", micros(tx.Now())))
			if err != nil {
				return err
			}
			out = append(out, p)
			if err := tx.Audit("post.appoint", "post", p.ID, nil, p); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET confirmed_term_id = $1 WHERE id = $2`, termID, electionID); err != nil {
			return err
		}
		return tx.Audit("election.confirm", "election", electionID, nil, map[string]any{"term_id": termID, "position_id": positionID, "elected": res.Elected})
	})
	return out, err
}

// SetRSVP records a member's reply to a meeting notice: the member's own
// portal login, or staff for them.
func (db *DB) SetRSVP(ctx context.Context, meetingID, memberID chamber.ID, answer, note, proxyHolder string) (*chamber.RSVP, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if !actor.Can(chamber.PermMeetingManage) && !(actor.Can(chamber.PermPortal) && actor.MemberID == memberID && memberID != 0) {
		return nil, &chamber.Error{Code: chamber.EFORBIDDEN, Key: "err.forbidden", Args: []any{string(chamber.PermMeetingManage)}}
	}
	if !containsStr(chamber.RSVPAnswers, answer) {
		return nil, fieldErr("answer", "err.invalid_value")
	}
	if utf8.RuneCountInString(note) > 500 {
		return nil, fieldErr("note", "err.too_long", 500)
	}
	var out *chamber.RSVP
	err := db.Write(ctx, actor, func(tx *Tx) error {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = $1`, meetingID))
		if err != nil {
			return notFound(err, "err.meeting_not_found")
		}
		if m.Status == chamber.MeetingClosed {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_closed", Key: "err.meeting_closed"}
		}
		names, err := tx.entitledAmong(m, []chamber.ID{memberID})
		if err != nil {
			return err
		}
		if _, ok := names[memberID]; !ok {
			return fieldErr("member_id", "err.not_entitled")
		}
		out = &chamber.RSVP{MeetingID: meetingID, MemberID: memberID, Name: names[memberID], Answer: answer, Note: note, UpdatedAt: tx.Now()}
		if answer == "proxy" {
			if out.ProxyHolderID, out.ProxyHolderName, err = tx.proxyHolder(m, memberID, proxyHolder); err != nil {
				return err
			}
		}
		var holder any
		if out.ProxyHolderID != 0 {
			holder = out.ProxyHolderID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rsvps(meeting_id, member_id, answer, note, updated_at, proxy_holder_id) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (meeting_id, member_id) DO UPDATE SET answer = excluded.answer, note = excluded.note, updated_at = excluded.updated_at,
			proxy_holder_id = excluded.proxy_holder_id`,
			meetingID, memberID, answer, note, micros(tx.Now()), holder); err != nil {
			return err
		}
		return tx.Audit("meeting.rsvp", "meeting", meetingID, nil, out)
	})
	return out, err
}

func (db *DB) ListRSVPs(ctx context.Context, meetingID chamber.ID) ([]*chamber.RSVP, error) {
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.RSVP, error) {
		var r chamber.RSVP
		var name, holderName sql.NullString
		var holder sql.NullInt64
		var at int64
		err := sc.Scan(&r.MeetingID, &r.MemberID, &name, &r.Answer, &r.Note, &at, &holder, &holderName)
		r.Name, r.UpdatedAt, r.ProxyHolderID, r.ProxyHolderName = name.String, fromMicros(at), holder.Int64, holderName.String
		return &r, err
	}, `SELECT r.meeting_id, r.member_id, mb.name, r.answer, r.note, r.updated_at, r.proxy_holder_id, h.name
		FROM rsvps r LEFT JOIN members mb ON mb.id = r.member_id LEFT JOIN members h ON h.id = r.proxy_holder_id
		WHERE r.meeting_id = $1 ORDER BY r.member_id`, meetingID)
}

// NotifyMeeting sends a meeting's notice (kind "notice") or its signed
// minutes ("minutes") to every member entitled to sit, through the
// announcements path (inbox, e-mail, webhook), once per key.
func (db *DB) NotifyMeeting(ctx context.Context, meetingID chamber.ID, what, title, body string) (chamber.ID, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return 0, err
	}
	if what != "notice" && what != "minutes" {
		return 0, fieldErr("what", "err.invalid_value")
	}
	m, err := db.FindMeeting(ctx, meetingID)
	if err != nil {
		return 0, err
	}
	key := "meeting:" + strconv.FormatInt(meetingID, 10) + ":" + what
	if what == "minutes" {
		list, err := db.ListMinutes(ctx, meetingID)
		if err != nil {
			return 0, err
		}
		if len(list) == 0 || list[0].Status != "signed" {
			return 0, &chamber.Error{Code: chamber.ECONFLICT, Reason: "minutes_not_signed", Key: "err.minutes_not_signed"}
		}
		key += ":v" + strconv.Itoa(list[0].Version)
	}
	entitled, err := entitledOn(ctx, db.read, m)
	if err != nil {
		return 0, err
	}
	if len(entitled) == 0 {
		return 0, &chamber.Error{Code: chamber.ECONFLICT, Reason: "no_recipients", Key: "err.no_recipients"}
	}
	ids := make([]chamber.ID, len(entitled))
	for i, e := range entitled {
		ids[i] = e.MemberID
	}
	var id chamber.ID
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		if id, err = tx.Notify(chamber.Notification{Key: key, Kind: chamber.KindNotice, Title: title, Body: body, Members: ids, RequireAck: what == "notice"}); err != nil {
			return err
		}
		return tx.Audit("meeting."+what+"_sent", "meeting", meetingID, nil, map[string]any{"announcement_id": id, "recipients": len(ids)})
	})
	return id, err
}

// MeetingNotice is a meeting's notice (what "notice") or its published
// minutes ("minutes") as sent: when, to how many, how many have read it
// (meeting.manage). Not sent yet is ENOTFOUND.
func (db *DB) MeetingNotice(ctx context.Context, meetingID chamber.ID, what string) (*chamber.Announcement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	key := "meeting:" + strconv.FormatInt(meetingID, 10) + ":" + what
	var id chamber.ID
	err := db.read.QueryRowContext(ctx, `SELECT id FROM announcements WHERE notify_key = $1 OR notify_key LIKE $2 ORDER BY id DESC LIMIT 1`,
		key, key+":v%").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.not_sent")
	}
	if err != nil {
		return nil, err
	}
	return db.announcement(ctx, id)
}
