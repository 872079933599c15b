package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/chamber-org/chamber"
)

// A voting credential is given at check-in. Its member can see it again on
// the portal (from another phone), and staff can re-issue it, which voids
// the one before. The check-in keeps its first hash as the key of its used
// marks (credential_hash), so a re-issued credential never votes twice on
// the same question; login_hash is the hash of the credential valid now.

func credentialAD(meetingID, memberID chamber.ID) []byte {
	return []byte("credential:" + strconv.FormatInt(meetingID, 10) + ":" + strconv.FormatInt(memberID, 10))
}

// sealCredential seals a credential for showing it again to its member;
// nil without an installation key (then it can only be re-issued).
func (db *DB) sealCredential(meetingID, memberID chamber.ID, secret string) []byte {
	if db.credentials == nil {
		return nil
	}
	return db.credentials.Seal([]byte(secret), credentialAD(meetingID, memberID))
}

// MyCheckIn is the check-in that represents the calling portal login's
// member at a meeting: its own (MemberID is the member) or a proxy
// holder's. Not checked in is ENOTFOUND.
func (db *DB) MyCheckIn(ctx context.Context, meetingID chamber.ID) (*chamber.CheckIn, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || !actor.Can(chamber.PermPortal) || actor.MemberID == 0 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.not_checked_in")
	}
	var c chamber.CheckIn
	var name sql.NullString
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT c.id, c.meeting_id, c.member_id, mb.name, c.weight, c.created_at
		FROM represented r JOIN check_ins c ON c.id = r.check_in_id LEFT JOIN members mb ON mb.id = c.member_id
		WHERE r.meeting_id = $1 AND r.member_id = $2`, meetingID, actor.MemberID).
		Scan(&c.ID, &c.MeetingID, &c.MemberID, &name, &c.Weight, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.not_checked_in")
	}
	if err != nil {
		return nil, err
	}
	c.MemberName, c.CreatedAt, c.ProxyFor = name.String, fromMicros(created), []chamber.ID{}
	return &c, nil
}

// MyCredential gives the calling portal login its member's voting
// credential for an open meeting it has checked in to, so it can vote from
// another device. A credential that cannot be opened (checked in before
// credentials were kept sealed, or another installation key) is re-issued.
// A member represented by a proxy holder has none (409 represented_by).
func (db *DB) MyCredential(ctx context.Context, meetingID chamber.ID) (*chamber.CheckIn, error) {
	c, err := db.MyCheckIn(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	actor := chamber.ActorFrom(ctx)
	if c.MemberID != actor.MemberID {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "represented_by", Key: "err.represented_by", Args: []any{c.MemberName}}
	}
	var sealed []byte
	var status string
	if err := db.read.QueryRowContext(ctx, `SELECT c.credential_sealed, m.status FROM check_ins c JOIN meetings m ON m.id = c.meeting_id WHERE c.id = $1`, c.ID).
		Scan(&sealed, &status); err != nil {
		return nil, err
	}
	if status != chamber.MeetingOpen {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_not_open", Key: "err.meeting_not_open"}
	}
	if db.credentials != nil && sealed != nil {
		if plain, err := db.credentials.Open(sealed, credentialAD(meetingID, c.MemberID)); err == nil {
			c.Credential = string(plain)
			return c, nil
		}
	}
	return db.reissue(ctx, actor, c)
}

// ReissueCredential gives a checked-in member (the holder of a check-in) a
// new voting credential and voids the old one (meeting.manage): for a lost
// phone or a credential seen by someone else. Ballots already cast stay
// cast and are not cast again with the new one.
func (db *DB) ReissueCredential(ctx context.Context, meetingID, memberID chamber.ID) (*chamber.CheckIn, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := actor.Require(chamber.PermMeetingManage); err != nil {
		return nil, err
	}
	var c chamber.CheckIn
	var name sql.NullString
	var created int64
	var status string
	err := db.read.QueryRowContext(ctx, `SELECT c.id, c.meeting_id, c.member_id, mb.name, c.weight, c.created_at, m.status
		FROM check_ins c JOIN meetings m ON m.id = c.meeting_id LEFT JOIN members mb ON mb.id = c.member_id
		WHERE c.meeting_id = $1 AND c.member_id = $2`, meetingID, memberID).
		Scan(&c.ID, &c.MeetingID, &c.MemberID, &name, &c.Weight, &created, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.not_checked_in")
	}
	if err != nil {
		return nil, err
	}
	if status != chamber.MeetingOpen {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_not_open", Key: "err.meeting_not_open"}
	}
	c.MemberName, c.CreatedAt, c.ProxyFor = name.String, fromMicros(created), []chamber.ID{}
	return db.reissue(ctx, actor, &c)
}

// reissue stores a new credential for a check-in; the audit record names
// the member and who re-issued, never the credential.
func (db *DB) reissue(ctx context.Context, actor *chamber.Actor, c *chamber.CheckIn) (*chamber.CheckIn, error) {
	secret, hash := newSecret("vote_")
	err := db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE check_ins SET login_hash = $1, credential_sealed = $2 WHERE id = $3`,
			hash, db.sealCredential(c.MeetingID, c.MemberID, secret), c.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_checked_in")
		}
		return tx.Audit("meeting.credential_reissue", "meeting", c.MeetingID, nil, map[string]any{"member_id": c.MemberID, "check_in_id": c.ID})
	})
	if err != nil {
		return nil, err
	}
	c.Credential = secret
	return c, nil
}
