package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Portal logins in bulk. An invitation names a member's representative (or
// its contact when it has none) with a proposed username (the 会员编号, with
// -2, -3 … for further representatives) and a one-time code. The code goes
// out by e-mail or on a printed letter; only its hash is stored. Whoever
// holds it sets the password once, within chamber.InvitationValidity.

// maxInvitations bounds one call: a chamber invites a tier at a time.
const maxInvitations = 5000

// codeAlphabet leaves out 0/O, 1/I/L: a code is typed from paper.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newInvitationCode is 12 random characters as XXXX-XXXX-XXXX (about 59 bits).
func newInvitationCode() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return sb.String()
}

type invitee struct {
	memberID         chamber.ID
	memberNo, member string
	name, email      string
}

// InviteMembers makes the invitations (user.manage).
func (db *DB) InviteMembers(ctx context.Context, f chamber.InviteFilter, activateURL string) ([]*chamber.Invitation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return nil, err
	}
	var out []*chamber.Invitation
	err := db.Write(ctx, actor, func(tx *Tx) error {
		people, err := tx.invitees(f)
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return fieldErr("member_nos", "err.invite_none")
		}
		if len(people) > maxInvitations {
			return fieldErr("member_nos", "err.invite_too_many", maxInvitations)
		}
		now := tx.Now()
		expires := now.Add(chamber.InvitationValidity)
		taken := map[string]bool{}
		perMember := map[chamber.ID]int{}
		var members []chamber.ID
		for _, p := range people {
			perMember[p.memberID]++
			if perMember[p.memberID] == 1 {
				members = append(members, p.memberID)
				// A new round voids the codes not used yet.
				if _, err := tx.ExecContext(ctx, `UPDATE invitations SET expires_at = $1 WHERE member_id = $2 AND used_at IS NULL AND expires_at > $1`,
					micros(now), p.memberID); err != nil {
					return err
				}
			}
			username, err := tx.freeUsername(p.memberNo, perMember[p.memberID], taken, 0)
			if err != nil {
				return err
			}
			code := newInvitationCode()
			inv := &chamber.Invitation{MemberID: p.memberID, MemberNo: p.memberNo, Member: p.member, Username: username, Name: p.name,
				Email: p.email, Code: code, CreatedAt: now, ExpiresAt: expires}
			if err := tx.QueryRowContext(ctx, `INSERT INTO invitations(member_id, username, name, email, code_hash, created_by, created_at, expires_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, inv.MemberID, inv.Username, inv.Name, inv.Email,
				hashSecret(normalizeCode(code)), actor.UserID, micros(now), micros(expires)).Scan(&inv.ID); err != nil {
				return err
			}
			if f.Mail && inv.Email != "" {
				if err := tx.queueInvitationMail(inv, activateURL); err != nil {
					return err
				}
				inv.Mailed = true
			}
			out = append(out, inv)
		}
		// The audit names who was invited, never a code.
		return tx.Audit("invitation.create", "member", 0, nil, map[string]any{"members": members, "invitations": len(out), "mailed": f.Mail})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// invitees lists who the filter invites: the representatives of each
// chosen member without a portal login, or its contact.
func (tx *Tx) invitees(f chamber.InviteFilter) ([]invitee, error) {
	var ids []chamber.ID
	switch {
	case len(f.MemberNos) > 0:
		var unknown []string
		for _, no := range f.MemberNos {
			no = strings.TrimSpace(no)
			if no == "" {
				continue
			}
			var id chamber.ID
			err := tx.QueryRowContext(tx.ctx, `SELECT id FROM members WHERE member_no = $1`, no).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				unknown = append(unknown, no)
				continue
			} else if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if len(unknown) > 0 {
			return nil, fieldErr("member_nos", "err.member_nos_unknown", strings.Join(unknown, "、"))
		}
	case f.All || f.Tier != "":
		q, args := `SELECT id FROM members m WHERE status = 'active'`, []any{}
		if f.Tier != "" {
			q, args = q+` AND tier = $1`, append(args, f.Tier)
		}
		var err error
		if ids, err = queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
			var id chamber.ID
			return id, sc.Scan(&id)
		}, q+` AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) ORDER BY id LIMIT `+strconv.Itoa(maxInvitations+1), args...); err != nil {
			return nil, err
		}
	default:
		return nil, fieldErr("member_nos", "err.required")
	}
	var out []invitee
	for _, id := range ids {
		var p invitee
		var contact, hasLogin string
		if err := tx.QueryRowContext(tx.ctx, `SELECT m.member_no, m.name, m.contact_name, m.email,
			CASE WHEN EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) THEN 'y' ELSE '' END FROM members m WHERE m.id = $1`, id).
			Scan(&p.memberNo, &p.member, &contact, &p.email, &hasLogin); err != nil {
			return nil, err
		}
		if hasLogin != "" {
			continue // has its portal already: staff add more on the member's page
		}
		p.memberID = id
		reps, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (invitee, error) {
			r := p
			err := sc.Scan(&r.name, &r.email)
			return r, err
		}, `SELECT name, email FROM member_representatives WHERE member_id = $1 ORDER BY id`, id)
		if err != nil {
			return nil, err
		}
		if len(reps) == 0 {
			p.name = contact
			if p.name == "" {
				p.name = p.member
			}
			reps = []invitee{p}
		}
		out = append(out, reps...)
	}
	return out, nil
}

// freeUsername proposes the member number (n-th representative: -n) and
// steps past a username already taken.
func (tx *Tx) freeUsername(memberNo string, n int, taken map[string]bool, self chamber.ID) (string, error) {
	base := strings.ToLower(memberNo)
	if base == "" {
		base = "member"
	}
	for try := n; ; try++ {
		u := base
		if try > 1 {
			u = fmt.Sprintf("%s-%d", base, try)
		}
		if taken[u] {
			continue
		}
		var c int
		if err := tx.QueryRowContext(tx.ctx, `SELECT (SELECT COUNT(*) FROM users WHERE username = $1) +
			(SELECT COUNT(*) FROM invitations WHERE username = $1 AND used_at IS NULL AND expires_at > $2 AND id <> $3)`, u, micros(tx.Now()), self).Scan(&c); err != nil {
			return "", err
		}
		if c == 0 {
			taken[u] = true
			return u, nil
		}
	}
}

// queueInvitationMail sends one invitation its activation link.
func (tx *Tx) queueInvitationMail(inv *chamber.Invitation, activateURL string) error {
	link := activateURL + "?code=" + inv.Code
	loc, err := tx.location()
	if err != nil {
		return err
	}
	content, err := tx.mailContent(langZH, tx.T(langZH, "invite.mail_subject"),
		tx.T(langZH, "invite.mail_body", inv.Name, inv.Member, inv.Username, link, inv.Code, inv.ExpiresAt.In(loc).Format("2006-01-02")))
	if err != nil {
		return err
	}
	domain, err := tx.mailDomain()
	if err != nil {
		return err
	}
	now := micros(tx.Now())
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO mail_outbox(channel, message_id, content_id, to_addr, to_name, state, next_at, created_at)
		VALUES ('email', $1, $2, $3, $4, 'queued', $5, $5)`, "invite"+strconv.FormatInt(inv.ID, 10)+"@"+domain, content, inv.Email, inv.Name, now); err != nil {
		return err
	}
	return tx.countQueued(1)
}

const invitationColumns = `i.id, i.member_id, COALESCE(m.member_no, ''), COALESCE(m.name, ''), i.username, i.name, i.email, i.created_at, i.expires_at, i.used_at`

func scanInvitation(sc interface{ Scan(...any) error }) (*chamber.Invitation, error) {
	var inv chamber.Invitation
	var created, expires int64
	var used sql.NullInt64
	err := sc.Scan(&inv.ID, &inv.MemberID, &inv.MemberNo, &inv.Member, &inv.Username, &inv.Name, &inv.Email, &created, &expires, &used)
	inv.CreatedAt, inv.ExpiresAt, inv.UsedAt = fromMicros(created), fromMicros(expires), nullMicros(used)
	return &inv, err
}

// ListInvitations lists invitations newest first (user.manage).
func (db *DB) ListInvitations(ctx context.Context, p chamber.Page) ([]*chamber.Invitation, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermUserManage); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, db.read, scanInvitation, `SELECT `+invitationColumns+` FROM invitations i LEFT JOIN members m ON m.id = i.member_id
		WHERE i.id < $1 ORDER BY i.id DESC LIMIT $2`, before, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(v *chamber.Invitation) chamber.ID { return v.ID })
	return out, next, nil
}

// Activate makes the invited login with the password its holder chose.
func (db *DB) Activate(ctx context.Context, code, pw string) (*chamber.User, error) {
	norm := normalizeCode(code)
	if norm == "" || len(norm) > 40 {
		return nil, fieldErr("code", "err.invite_code")
	}
	if k := chamber.ValidatePassword(pw); k != "" {
		return nil, fieldErr("password", k, chamber.MinPasswordLen)
	}
	hash, err := db.pw.Hash(ctx, pw)
	if err != nil {
		return nil, hashErr(err)
	}
	var u *chamber.User
	actor := &chamber.Actor{System: true, Username: "activation"}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations i LEFT JOIN members m ON m.id = i.member_id
			WHERE i.code_hash = $1`, hashSecret(norm)))
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("code", "err.invite_code")
		} else if err != nil {
			return err
		}
		if inv.UsedAt != nil || !tx.Now().Before(inv.ExpiresAt) {
			return fieldErr("code", "err.invite_used")
		}
		// The invitation reserved its username; a login made since under
		// that name (by hand) moves this one to the next free one.
		username, err := tx.freeUsername(inv.Username, 1, map[string]bool{}, inv.ID)
		if err != nil {
			return err
		}
		now := micros(tx.Now())
		if u, err = scanUser(tx.QueryRowContext(ctx, `INSERT INTO users(username, name, password_hash, admin, member_id, created_at, password_changed_at)
			VALUES ($1, $2, $3, FALSE, $4, $5, $5) RETURNING `+userColumns, username, inv.Name, hash, inv.MemberID, now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = $1, user_id = $2 WHERE id = $3 AND used_at IS NULL`, now, u.ID, inv.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return cmpErr(err, fieldErr("code", "err.invite_used"))
		}
		return tx.Audit("invitation.activate", "user", u.ID, nil, map[string]any{"invitation_id": inv.ID, "member_id": inv.MemberID, "username": username})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
