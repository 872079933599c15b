package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// 会员风采. A portal login writes and reads its own member's profile;
// announcement.write (the 办公室, 宣传) writes any member's (approved at
// once), reads them all, approves and returns. A member's change to an
// approved profile waits for approval while the approved version stays
// public. Anyone reads the approved versions of the active members.

const profileColumns = `p.id, p.member_id, COALESCE(m.name, ''), COALESCE(m.industry, ''), COALESCE(m.region, ''), p.status, p.draft_text,
	p.approved_text, p.return_reason, p.approved_at, p.updated_at`

const profileFrom = ` FROM member_profiles p LEFT JOIN members m ON m.id = p.member_id`

func scanProfile(sc interface{ Scan(...any) error }) (*chamber.MemberProfile, error) {
	var p chamber.MemberProfile
	var draft, approved string
	var at sql.NullInt64
	var up int64
	if err := sc.Scan(&p.ID, &p.MemberID, &p.Member, &p.Industry, &p.Region, &p.Status, &draft, &approved, &p.Reason, &at, &up); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(draft), &p.Draft); err != nil {
		return nil, err
	}
	if approved != "" {
		p.Public = &chamber.ProfileText{}
		if err := json.Unmarshal([]byte(approved), p.Public); err != nil {
			return nil, err
		}
	}
	p.ApprovedAt, p.UpdatedAt = nullMicros(at), fromMicros(up)
	return &p, nil
}

// profileStaff: the actor keeps every member's profile.
func profileStaff(a *chamber.Actor) bool { return a != nil && a.Can(chamber.PermAnnounceWrite) }

// profileOwner: a portal login of the profile's member.
func profileOwner(a *chamber.Actor, memberID chamber.ID) bool {
	return a != nil && a.MemberID != 0 && a.MemberID == memberID
}

// SaveMemberProfile writes the member's profile: a portal login its own
// (pending), announcement.write any member's (approved at once).
func (db *DB) SaveMemberProfile(ctx context.Context, in chamber.MemberProfileInput) (*chamber.MemberProfile, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !profileStaff(actor) {
		if actor.MemberID == 0 {
			return nil, chamber.Errorf(chamber.EFORBIDDEN, "showcase.err.members_only")
		}
		in.MemberID = actor.MemberID
	}
	if in.MemberID <= 0 {
		return nil, fieldErr("member_id", "err.required")
	}
	return db.saveProfile(ctx, actor, in)
}

// UpdateMemberProfile changes a profile its member or staff may write;
// another member's is not found.
func (db *DB) UpdateMemberProfile(ctx context.Context, id chamber.ID, in chamber.MemberProfileInput) (*chamber.MemberProfile, error) {
	p, err := db.FindMemberProfile(ctx, id)
	if err != nil {
		return nil, err
	}
	in.MemberID = p.MemberID
	return db.saveProfile(ctx, chamber.ActorFrom(ctx), in)
}

func (db *DB) saveProfile(ctx context.Context, actor *chamber.Actor, in chamber.MemberProfileInput) (*chamber.MemberProfile, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	staff := profileStaff(actor)
	text, _ := json.Marshal(in.ProfileText)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "members", "member_id", "err.member_not_found", in.MemberID); err != nil {
			return err
		}
		before, err := scanProfile(tx.QueryRowContext(ctx, `SELECT `+profileColumns+profileFrom+` WHERE p.member_id = $1`, in.MemberID))
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if in.LogoID != 0 {
			if before == nil {
				return fieldErr("logo_id", "showcase.err.logo")
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE id = $1 AND owner_kind = $2 AND owner_id = $3
				AND content_type LIKE 'image/%'`, in.LogoID, chamber.OwnerMemberProfile, before.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("logo_id", "showcase.err.logo")
			}
		}
		now := micros(tx.now)
		status := chamber.ProfilePending
		var approved any
		var approvedAt any
		approver := chamber.ID(0)
		if staff {
			status, approved, approvedAt, approver = chamber.ProfileApproved, string(text), now, actor.UserID
		}
		if before == nil {
			if err := tx.QueryRowContext(ctx, `INSERT INTO member_profiles(member_id, status, draft_text, approved_text, updated_by, approved_by,
				approved_at, created_at, updated_at) VALUES ($1, $2, $3, COALESCE($4, ''), $5, $6, $7, $8, $8) RETURNING id`,
				in.MemberID, status, string(text), approved, actor.UserID, approver, approvedAt, now).Scan(&id); err != nil {
				return err
			}
			return tx.Audit("showcase.create", "member_profile", id, nil, map[string]any{"member_id": in.MemberID, "status": status, "text": in.ProfileText})
		}
		id = before.ID
		if _, err := tx.ExecContext(ctx, `UPDATE member_profiles SET status = $1, draft_text = $2, approved_text = COALESCE($3, approved_text),
			return_reason = '', updated_by = $4, approved_by = CASE WHEN $5 > 0 THEN $5 ELSE approved_by END, approved_at = COALESCE($6, approved_at),
			updated_at = $7 WHERE id = $8`, status, string(text), approved, actor.UserID, approver, approvedAt, now, id); err != nil {
			return err
		}
		return tx.Audit("showcase.update", "member_profile", id, map[string]any{"status": before.Status, "text": before.Draft},
			map[string]any{"status": status, "text": in.ProfileText})
	})
	if err != nil {
		return nil, err
	}
	return db.FindMemberProfile(ctx, id)
}

// FindMemberProfile returns a profile to its member or to staff.
func (db *DB) FindMemberProfile(ctx context.Context, id chamber.ID) (*chamber.MemberProfile, error) {
	actor := chamber.ActorFrom(ctx)
	p, err := scanProfile(db.read.QueryRowContext(ctx, `SELECT `+profileColumns+profileFrom+` WHERE p.id = $1`, id))
	if err != nil || !(profileStaff(actor) || profileOwner(actor, p.MemberID)) {
		return nil, notFound(orNoRows(err), "showcase.err.not_found")
	}
	return p, nil
}

// MyMemberProfile is the portal login's member's profile, nil if none.
func (db *DB) MyMemberProfile(ctx context.Context) (*chamber.MemberProfile, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.MemberID == 0 {
		return nil, nil
	}
	p, err := scanProfile(db.read.QueryRowContext(ctx, `SELECT `+profileColumns+profileFrom+` WHERE p.member_id = $1`, actor.MemberID))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return p, err
}

// ListMemberProfiles lists profiles newest first: all for staff (by
// status), a portal login its own, anyone else none.
func (db *DB) ListMemberProfiles(ctx context.Context, status string, pg chamber.Page) ([]*chamber.MemberProfile, string, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	pg = pg.Normalize()
	before, err := idBefore(pg)
	if err != nil {
		return nil, "", err
	}
	where, args := "p.id < $1", []any{before}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !profileStaff(actor) {
		where += " AND p.member_id = " + arg(actor.MemberID) // a login with neither a member nor the permission: none
	}
	if status != "" {
		if status != chamber.ProfilePending && status != chamber.ProfileApproved && status != chamber.ProfileReturned {
			return nil, "", fieldErr("status", "err.invalid_value")
		}
		where += " AND p.status = " + arg(status)
	}
	items, err := queryAll(ctx, db.read, scanProfile, `SELECT `+profileColumns+profileFrom+` WHERE `+where+` ORDER BY p.id DESC LIMIT `+arg(pg.Limit+1), args...)
	if err != nil {
		return nil, "", err
	}
	if items == nil {
		items = []*chamber.MemberProfile{}
	}
	items, next := idPage(items, pg.Limit, func(p *chamber.MemberProfile) chamber.ID { return p.ID })
	return items, next, nil
}

// ApproveMemberProfile makes a pending profile's latest version the public
// one (409 unless pending).
func (db *DB) ApproveMemberProfile(ctx context.Context, id chamber.ID) (*chamber.MemberProfile, error) {
	return db.reviewProfile(ctx, id, "")
}

// ReturnMemberProfile sends a pending profile back with the reason; the
// approved version, if any, stays public.
func (db *DB) ReturnMemberProfile(ctx context.Context, id chamber.ID, reason string) (*chamber.MemberProfile, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fieldErr("reason", "err.required")
	}
	if utf8.RuneCountInString(reason) > 500 || !chamber.TextOK(reason, true) {
		return nil, fieldErr("reason", "err.too_long", 500)
	}
	return db.reviewProfile(ctx, id, reason)
}

func (db *DB) reviewProfile(ctx context.Context, id chamber.ID, reason string) (*chamber.MemberProfile, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
		return nil, err
	}
	if _, err := db.FindMemberProfile(ctx, id); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		now := micros(tx.now)
		var res sql.Result
		var err error
		action, after := "showcase.approve", map[string]any{"status": chamber.ProfileApproved}
		if reason == "" {
			res, err = tx.ExecContext(ctx, `UPDATE member_profiles SET status = 'approved', approved_text = draft_text, return_reason = '', approved_by = $1,
				approved_at = $2, updated_at = $2 WHERE id = $3 AND status = 'pending'`, actor.UserID, now, id)
		} else {
			action, after = "showcase.return", map[string]any{"status": chamber.ProfileReturned, "reason": reason}
			res, err = tx.ExecContext(ctx, `UPDATE member_profiles SET status = 'returned', return_reason = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'`,
				reason, now, id)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "profile_not_pending", Key: "showcase.err.not_pending"}
		}
		return tx.Audit(action, "member_profile", id, map[string]any{"status": chamber.ProfilePending}, after)
	})
	if err != nil {
		return nil, err
	}
	return db.FindMemberProfile(ctx, id)
}

const showcaseWhere = ` WHERE p.approved_text <> '' AND m.status = 'active'`

func scanShowcase(sc interface{ Scan(...any) error }) (*chamber.ShowcaseEntry, error) {
	var e chamber.ShowcaseEntry
	var text string
	var at int64
	if err := sc.Scan(&e.ID, &e.Member, &e.Industry, &e.Region, &text, &at); err != nil {
		return nil, err
	}
	e.ApprovedAt = fromMicros(at)
	return &e, json.Unmarshal([]byte(text), &e.ProfileText)
}

// showcaseColumns: an individual member is shown by the enterprise it works for.
const showcaseColumns = `p.id, CASE WHEN m.kind = 'individual' AND m.company <> '' THEN m.company ELSE m.name END, m.industry, m.region,
	p.approved_text, COALESCE(p.approved_at, 0)`

// Showcase lists the approved profiles of active members, latest first.
func (db *DB) Showcase(ctx context.Context, pg chamber.Page) ([]*chamber.ShowcaseEntry, string, error) {
	pg = pg.Normalize()
	before, err := idBefore(pg)
	if err != nil {
		return nil, "", err
	}
	items, err := queryAll(ctx, db.read, scanShowcase, `SELECT `+showcaseColumns+` FROM member_profiles p JOIN members m ON m.id = p.member_id`+
		showcaseWhere+` AND p.id < $1 ORDER BY p.id DESC LIMIT $2`, before, pg.Limit+1)
	if err != nil {
		return nil, "", err
	}
	if items == nil {
		items = []*chamber.ShowcaseEntry{}
	}
	items, next := idPage(items, pg.Limit, func(e *chamber.ShowcaseEntry) chamber.ID { return e.ID })
	return items, next, nil
}

// ShowcaseEntry is one approved profile, for anyone.
func (db *DB) ShowcaseEntry(ctx context.Context, id chamber.ID) (*chamber.ShowcaseEntry, error) {
	e, err := scanShowcase(db.read.QueryRowContext(ctx, `SELECT `+showcaseColumns+` FROM member_profiles p JOIN members m ON m.id = p.member_id`+
		showcaseWhere+` AND p.id = $1`, id))
	return e, notFound(err, "showcase.err.not_found")
}

// ShowcaseLogo is the logo of a profile's approved version, for anyone.
func (db *DB) ShowcaseLogo(ctx context.Context, id chamber.ID) (*chamber.Attachment, error) {
	e, err := db.ShowcaseEntry(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.LogoID == 0 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "att.err.not_found")
	}
	a, err := scanAttachment(db.read.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = $1 AND owner_kind = $2 AND owner_id = $3`,
		e.LogoID, chamber.OwnerMemberProfile, id))
	return a, notFound(err, "att.err.not_found")
}
