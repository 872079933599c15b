package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// ---- posts

const postColumns = `id, position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note`

func scanPost(sc interface{ Scan(...any) error }) (*chamber.Post, error) {
	var p chamber.Post
	var pos, body, term, user, member sql.NullInt64
	var ends sql.NullString
	if err := sc.Scan(&p.ID, &pos, &body, &term, &user, &member, &p.Name, &p.StartsOn, &ends, &p.Acting, &p.Note); err != nil {
		return nil, err
	}
	p.PositionID, p.BodyID, p.TermID, p.UserID, p.MemberID = pos.Int64, body.Int64, term.Int64, user.Int64, member.Int64
	p.EndsOn = ends.String
	return &p, nil
}

func (db *DB) FindPost(ctx context.Context, id chamber.ID) (*chamber.Post, error) {
	p, err := scanPost(db.read.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts WHERE id = $1`, id))
	return p, notFound(err, "err.post_not_found")
}

func (db *DB) PostsOf(ctx context.Context, positionID, bodyID chamber.ID) ([]*chamber.Post, error) {
	if positionID != 0 {
		return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE position_id = $1 ORDER BY starts_on DESC, id DESC`, positionID)
	}
	return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE body_id = $1 ORDER BY starts_on DESC, id DESC`, bodyID)
}

func (db *DB) HoldersOn(ctx context.Context, positionID, bodyID chamber.ID, date string) ([]*chamber.Post, error) {
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	col, id := "position_id", positionID
	if positionID == 0 {
		col, id = "body_id", bodyID
	}
	return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE `+col+` = $1 AND starts_on <= $2
		AND (ends_on IS NULL OR ends_on >= $2) ORDER BY acting, starts_on, id`, id, date)
}

// Appoint records a post after checking the holder does not already hold
// the same position or seat over any of those days, and that the position
// has room (acting holders stand in and do not count).
func (db *DB) Appoint(ctx context.Context, p chamber.Post) (*chamber.Post, error) {
	return writeAs(ctx, db, chamber.PermOrgWrite, func(tx *Tx) (*chamber.Post, error) { return tx.appoint(p) })
}

// appoint is Appoint inside the caller's transaction (a hire appoints to
// the opening's position); the caller has checked its permission.
func (tx *Tx) appoint(p chamber.Post) (*chamber.Post, error) {
	ctx := tx.ctx
	p.Name = strings.TrimSpace(p.Name)
	var out *chamber.Post
	err := func() error {
		if p.TermID != 0 {
			t, err := scanTerm(tx.QueryRowContext(ctx, `SELECT `+termColumns+` FROM terms WHERE id = $1`, p.TermID))
			if err != nil || (p.BodyID != 0 && t.BodyID != p.BodyID) {
				return fieldErr("term_id", "err.term_not_found")
			}
			if p.StartsOn == "" {
				p.StartsOn = t.StartsOn
			}
			if p.EndsOn == "" {
				p.EndsOn = t.EndsOn
			}
		}
		// A member holds the post by its 会员编号 or id, and must exist.
		if no := strings.TrimSpace(p.MemberNo); no != "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE member_no = $1`, no).Scan(&p.MemberID); err != nil {
				return fieldErr("member_no", "err.member_no_unknown", no)
			}
			p.MemberNo = ""
		}
		if p.MemberID != 0 {
			var name string
			if err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, p.MemberID).Scan(&name); err != nil {
				return fieldErr("member_id", "err.member_not_found")
			}
			if p.Name == "" && p.UserID == 0 {
				p.Name = name
			}
		}
		if p.UserID != 0 && p.Name == "" {
			if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, p.UserID).Scan(&p.Name); err != nil {
				return fieldErr("user_id", "err.user_not_found")
			}
		} else if p.UserID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, p.UserID).Scan(&n); err != nil || n == 0 {
				return fieldErr("user_id", "err.user_not_found")
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		headcount := 1 << 30
		if p.PositionID != 0 {
			pos, err := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = $1`, p.PositionID))
			if err != nil {
				return fieldErr("position_id", "err.position_not_found")
			}
			headcount = pos.Headcount
		} else {
			b, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, p.BodyID))
			if err != nil {
				return fieldErr("body_id", "err.body_not_found")
			}
			if b.Seats > 0 {
				headcount = b.Seats
			}
		}
		col, id := "position_id", p.PositionID
		if p.PositionID == 0 {
			col, id = "body_id", p.BodyID
		}
		existing, err := queryAll(ctx, tx, scanPost, `SELECT `+postColumns+` FROM posts WHERE `+col+` = $1`, id)
		if err != nil {
			return err
		}
		regular := 0
		for _, e := range existing {
			if !chamber.Overlaps(e.StartsOn, e.EndsOn, p.StartsOn, p.EndsOn) {
				continue
			}
			same := (p.UserID != 0 && e.UserID == p.UserID) || (p.MemberID != 0 && e.MemberID == p.MemberID) ||
				(p.UserID == 0 && p.MemberID == 0 && e.UserID == 0 && e.MemberID == 0 && e.Name == p.Name)
			if same {
				return &chamber.Error{Code: chamber.EINVALID, Reason: "post_overlap", Key: "err.post_overlap",
					Fields: []chamber.FieldError{{Field: "starts_on", Key: "err.post_overlap"}}}
			}
			if !e.Acting {
				regular++
			}
		}
		if !p.Acting && regular >= headcount {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "position_full", Key: "err.position_full", Args: []any{headcount}}
		}
		out, err = scanPost(tx.QueryRowContext(ctx, `INSERT INTO posts(position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING `+postColumns,
			nullID(p.PositionID), nullID(p.BodyID), nullID(p.TermID), nullID(p.UserID), nullID(p.MemberID), p.Name, p.StartsOn,
			nullStr(p.EndsOn), p.Acting, p.Note, micros(tx.Now())))
		if err != nil {
			return err
		}
		return tx.Audit("post.appoint", "post", out.ID, nil, out)
	}()
	return out, err
}

// EndPost sets the last day a post is held (the holder keeps its
// permissions through that day).
func (db *DB) EndPost(ctx context.Context, postID chamber.ID, endsOn string) (*chamber.Post, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if _, ok := chamber.ParseDate(endsOn); !ok {
		return nil, fieldErr("ends_on", "err.date")
	}
	var out *chamber.Post
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanPost(tx.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts WHERE id = $1`, postID))
		if err != nil {
			return notFound(err, "err.post_not_found")
		}
		if endsOn < before.StartsOn {
			return fieldErr("ends_on", "err.date_before_start")
		}
		if out, err = scanPost(tx.QueryRowContext(ctx, `UPDATE posts SET ends_on = $1 WHERE id = $2 RETURNING `+postColumns, endsOn, postID)); err != nil {
			return err
		}
		return tx.Audit("post.end", "post", postID, before, out)
	})
	return out, err
}

// ---- permissions by post

// addPostGrants adds the grants of every post the user (or the member the
// login acts for) holds on date.
func (db *DB) addPostGrants(ctx context.Context, a *chamber.Actor, date string) error {
	rows, err := db.read.QueryContext(ctx, `SELECT g.permission FROM posts p
		JOIN grants g ON (g.subject_kind = 'position' AND p.position_id IS NOT NULL AND g.subject = CAST(p.position_id AS TEXT))
		              OR (g.subject_kind = 'body_seat' AND p.body_id IS NOT NULL AND g.subject = CAST(p.body_id AS TEXT))
		WHERE (p.user_id = $1 OR (p.member_id = $2 AND $2 <> 0)) AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3)`,
		a.UserID, a.MemberID, date)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		a.Permissions[chamber.Permission(p)] = true
	}
	return rows.Err()
}

// Grants lists every grant.
func (db *DB) Grants(ctx context.Context) ([]chamber.Grant, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.Grant, error) {
		var g chamber.Grant
		err := sc.Scan(&g.SubjectKind, &g.Subject, &g.Permission)
		return g, err
	}, `SELECT subject_kind, subject, permission FROM grants ORDER BY subject_kind, subject, permission`)
}

// SetGrants replaces what one subject grants. Only the administrator
// (user.manage) may: permissions are the keys to everything.
func (db *DB) SetGrants(ctx context.Context, kind, subject string, perms []chamber.Permission) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return err
	}
	for _, p := range perms {
		if !chamber.KnownPermission(p) {
			return fieldErr("permissions", "err.unknown_permission", string(p))
		}
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		switch kind {
		case "role":
			if subject != string(chamber.RoleAdmin) && subject != string(chamber.RoleMember) {
				return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
			}
			if subject == string(chamber.RoleAdmin) && !containsPerm(perms, chamber.PermUserManage) {
				// The administrator must keep the key to give permissions back.
				return fieldErr("permissions", "err.admin_keeps_user_manage")
			}
		case "position", "body_seat":
			table := "positions"
			if kind == "body_seat" {
				table = "bodies"
			}
			id, err := strconv.ParseInt(subject, 10, 64)
			var n int
			if err == nil {
				err = tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
			}
			if err != nil || n == 0 {
				return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
			}
		default:
			return fieldErr("subject_kind", "err.invalid_value")
		}
		var before []string
		rows, err := tx.QueryContext(tx.ctx, `SELECT permission FROM grants WHERE subject_kind = $1 AND subject = $2 ORDER BY permission`, kind, subject)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			before = append(before, p)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return err
		}
		rows.Close()
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM grants WHERE subject_kind = $1 AND subject = $2`, kind, subject); err != nil {
			return err
		}
		after := []string{}
		for _, p := range perms {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO grants(subject_kind, subject, permission) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				kind, subject, string(p)); err != nil {
				return err
			}
			after = append(after, string(p))
		}
		sort.Strings(after)
		return tx.Audit("grants.set", "grants", 0, map[string]any{"subject_kind": kind, "subject": subject, "permissions": before},
			map[string]any{"subject_kind": kind, "subject": subject, "permissions": after})
	})
}

func containsPerm(list []chamber.Permission, p chamber.Permission) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// WhoMay lists the enabled logins that hold perm on date.
func (db *DB) WhoMay(ctx context.Context, perm chamber.Permission, date string) ([]*chamber.User, error) {
	// The org chart's readers may ask; so may a holder of perm (who else handles tickets).
	if actor := chamber.ActorFrom(ctx); !actor.Can(perm) {
		if err := actor.Require(chamber.PermOrgRead); err != nil {
			return nil, err
		}
	}
	if !chamber.KnownPermission(perm) {
		return nil, fieldErr("permission", "err.unknown_permission", string(perm))
	}
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	// One query, the same rules as actorOn and Actor.Can: the roles'
	// grants, then the grants of the posts (positions and body seats) held
	// on date, of perm or a permission that includes it.
	args := []any{date}
	var in strings.Builder
	for i, p := range chamber.Granting(perm) {
		if i > 0 {
			in.WriteByte(',')
		}
		args = append(args, string(p))
		in.WriteString("$" + strconv.Itoa(len(args)))
	}
	granted := `g.permission IN (` + in.String() + `)`
	return queryAll(ctx, db.read, scanUser, `SELECT `+userColumns+` FROM users u WHERE u.disabled = FALSE AND (
		(u.admin AND EXISTS (SELECT 1 FROM grants g WHERE g.subject_kind = 'role' AND g.subject = 'admin' AND `+granted+`))
		OR (COALESCE(u.member_id, 0) <> 0 AND EXISTS (SELECT 1 FROM grants g WHERE g.subject_kind = 'role' AND g.subject = 'member' AND `+granted+`))
		OR EXISTS (SELECT 1 FROM posts p JOIN grants g ON `+granted+` AND (
				(g.subject_kind = 'position' AND p.position_id IS NOT NULL AND g.subject = CAST(p.position_id AS TEXT))
				OR (g.subject_kind = 'body_seat' AND p.body_id IS NOT NULL AND g.subject = CAST(p.body_id AS TEXT)))
			WHERE (p.user_id = u.id OR (p.member_id = u.member_id AND COALESCE(u.member_id, 0) <> 0))
			AND p.starts_on <= $1 AND (p.ends_on IS NULL OR p.ends_on >= $1)))
		ORDER BY u.id`, args...)
}

// ---- approval routing

// ApprovalChain walks the reports-to lines above the user's position.
func (db *DB) ApprovalChain(ctx context.Context, userID chamber.ID, on string) ([]chamber.Approver, error) {
	if _, ok := chamber.ParseDate(on); !ok {
		return nil, fieldErr("date", "err.date")
	}
	// The user's own position: a regular post first, the highest rank (lowest number) first.
	var start chamber.ID
	err := db.read.QueryRowContext(ctx, `SELECT p.position_id FROM posts p JOIN positions q ON q.id = p.position_id
		WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY p.acting, CASE WHEN q.rank = 0 THEN 999 ELSE q.rank END, p.id LIMIT 1`, userID, on).Scan(&start)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.no_position")
	}
	if err != nil {
		return nil, err
	}
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[chamber.ID]*chamber.Position{}
	for _, p := range positions {
		byID[p.ID] = p
	}
	var chain []chamber.Approver
	seen := map[chamber.ID]bool{start: true}
	for cur := byID[start].ReportsTo; cur != 0 && !seen[cur]; cur = byID[cur].ReportsTo {
		seen[cur] = true
		pos := byID[cur]
		if pos == nil {
			break
		}
		holders, err := db.HoldersOn(ctx, cur, 0, on)
		if err != nil {
			return nil, err
		}
		// An acting holder stands in while there is one; else the first regular holder with a login.
		var pick *chamber.Post
		for _, h := range holders {
			if h.UserID == 0 || h.UserID == userID {
				continue
			}
			if h.Acting {
				pick = h
				break
			}
			if pick == nil {
				pick = h
			}
		}
		if pick == nil {
			continue // vacant: the request goes one step higher
		}
		chain = append(chain, chamber.Approver{PositionID: pos.ID, PositionCode: pos.Code, PositionName: pos.Name,
			UserID: pick.UserID, Name: pick.Name, Acting: pick.Acting})
	}
	return chain, nil
}
