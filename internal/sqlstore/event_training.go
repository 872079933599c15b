package sqlstore

import (
	"context"
	"time"

	"github.com/chamber-org/chamber"
)

// Training (培训) is an event kind: the attendance records (check-ins) of
// training events are the members' training history here, and the staff's
// beside HR's courses (trainingHistory, matched by phone).

// MemberTrainings lists the training events a member's people were checked
// in at, newest first, with the hours the event lasted.
func (db *DB) MemberTrainings(ctx context.Context, memberID chamber.ID) ([]*chamber.MemberTraining, error) {
	a := chamber.ActorFrom(ctx)
	if !a.Can(chamber.PermMemberRead) && (a == nil || a.MemberID == 0 || a.MemberID != memberID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	var one int
	if err := db.read.QueryRowContext(ctx, `SELECT 1 FROM members WHERE id = $1`, memberID).Scan(&one); err != nil {
		return nil, notFound(err, "err.member_not_found")
	}
	loc := db.location(ctx)
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.MemberTraining, error) {
		var t chamber.MemberTraining
		var from, to int64
		if err := sc.Scan(&t.EventID, &t.Title, &from, &to, &t.AttendeeName); err != nil {
			return nil, err
		}
		t.Date = fromMicros(from).In(loc).Format("2006-01-02")
		t.Hours = int((time.Duration(to-from)*time.Microsecond + 30*time.Minute) / time.Hour)
		return &t, nil
	}, `SELECT e.id, e.title, e.starts_at, e.ends_at, r.attendee_name FROM event_registrations r JOIN events e ON e.id = r.event_id
		WHERE r.member_id = $1 AND r.checked_in_at IS NOT NULL AND e.kind = 'training' ORDER BY e.starts_at DESC, r.id LIMIT 500`, memberID)
}
