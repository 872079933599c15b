package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Who sees a meeting (its page, its motions and results) and reads its
// materials: the staff who run meetings (meeting.manage), the supervisors
// (a 监事会 seat, or audit.read), and whoever sits in the meeting's body
// today — a seat or an officer position of it, held by the login or by its
// member — with every active member sitting in the general assembly.
// org.read alone is not enough: nearly every post holds it.
type meetingScope struct {
	all    bool
	bodies map[chamber.ID]bool
}

func (sc meetingScope) sees(bodyID chamber.ID) bool { return sc.all || sc.bodies[bodyID] }

func (db *DB) meetingScopeOf(ctx context.Context, actor *chamber.Actor) (meetingScope, error) {
	sc := meetingScope{bodies: map[chamber.ID]bool{}}
	if actor == nil {
		return sc, nil
	}
	if actor.System || actor.Can(chamber.PermMeetingManage) || actor.Can(chamber.PermAuditRead) {
		sc.all = true
		return sc, nil
	}
	if actor.UserID == 0 && actor.MemberID == 0 {
		return sc, nil
	}
	today := db.today(ctx)
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT b.id, b.kind FROM posts p
		LEFT JOIN positions pos ON pos.id = p.position_id LEFT JOIN departments d ON d.id = pos.department_id
		JOIN bodies b ON b.id = COALESCE(p.body_id, pos.body_id, d.body_id)
		WHERE (p.user_id = $1 OR (p.member_id = $2 AND $2 <> 0)) AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3)`,
		actor.UserID, actor.MemberID, today)
	if err != nil {
		return sc, err
	}
	defer rows.Close()
	for rows.Next() {
		var id chamber.ID
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return sc, err
		}
		if kind == chamber.BodySupervisoryBoard {
			sc.all = true
		}
		sc.bodies[id] = true
	}
	if err := rows.Err(); err != nil {
		return sc, err
	}
	if actor.MemberID != 0 && !sc.all {
		ga, err := queryAll(ctx, db.read, func(s interface{ Scan(...any) error }) (chamber.ID, error) {
			var id chamber.ID
			return id, s.Scan(&id)
		}, `SELECT b.id FROM bodies b WHERE b.kind = $1 AND EXISTS (SELECT 1 FROM members WHERE id = $2 AND status = 'active')`,
			chamber.BodyGeneralAssembly, actor.MemberID)
		if err != nil {
			return sc, err
		}
		for _, id := range ga {
			sc.bodies[id] = true
		}
	}
	return sc, nil
}

// mayReadMaterials: a meeting's materials follow the meeting's visibility.
func (db *DB) mayReadMaterials(ctx context.Context, actor *chamber.Actor, meetingID chamber.ID) (bool, error) {
	m, err := db.findMeeting(ctx, meetingID)
	if err != nil {
		return false, err
	}
	sc, err := db.meetingScopeOf(ctx, actor)
	return err == nil && sc.sees(m.BodyID), err
}

// scopeFilter is the SQL condition (and its arguments, numbered from n) that
// keeps a meeting list to the bodies of sc; "" when sc sees all.
func (sc meetingScope) filter(n int) (string, []any) {
	if sc.all {
		return "", nil
	}
	if len(sc.bodies) == 0 {
		return " AND 1 = 0", nil
	}
	var ph []string
	var args []any
	for id := range sc.bodies {
		ph = append(ph, "$"+strconv.Itoa(n+len(args)))
		args = append(args, id)
	}
	return " AND m.body_id IN (" + strings.Join(ph, ", ") + ")", args
}
