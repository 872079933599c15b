package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// Every "on day D" rule takes D in the chamber's zone (Asia/Shanghai), not
// UTC: these cases sit on either side of midnight in Beijing, where the UTC
// date is the day before.
func TestDatesInChamberZone(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	// 2026-12-20 00:30 in Beijing is 2026-12-19 16:30 UTC.
	clock := &fakeClock{t: time.Date(2026, 12, 20, 0, 30, 0, 0, shanghai).UTC()}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clock}})
	ctx := context.Background()

	t.Run("today", func(t *testing.T) {
		if got := db.Today(ctx); got != "2026-12-20" {
			t.Fatalf("today = %s, want 2026-12-20 (Beijing), not the UTC date", got)
		}
	})

	t.Run("seat from the meeting's day", func(t *testing.T) {
		members := mustMembers(t, db, 4)
		council, err := db.FindBodyByCode(ctx, "council")
		if err != nil {
			t.Fatal(err)
		}
		// Two seats start on the meeting's day, one ended the day before,
		// one ends on the meeting's day (the day itself counts).
		for i, p := range []chamber.Post{{StartsOn: "2027-01-05"}, {StartsOn: "2026-01-01", EndsOn: "2027-01-04"}, {StartsOn: "2026-01-01", EndsOn: "2027-01-05"}, {StartsOn: "2027-01-05"}} {
			p.BodyID, p.MemberID = council.ID, members[i]
			if _, err := db.Appoint(sysCtx, p); err != nil {
				t.Fatal(err)
			}
		}
		// 07:00 in Beijing on 2027-01-05 is 23:00 UTC on 2027-01-04.
		m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", Title: "理事会", StartsAt: time.Date(2027, 1, 5, 7, 0, 0, 0, shanghai)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenMeeting(sysCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		q, err := db.Quorum(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if q.Entitled != 3 {
			t.Fatalf("entitled = %d, want 3 (the seats from 01-05 and the one until 01-05)", q.Entitled)
		}
		if _, err := db.CheckIn(sysCtx, m.ID, members[0], nil); err != nil {
			t.Fatalf("the seat starting on the meeting's day may check in: %v", err)
		}
		_, err = db.CheckIn(sysCtx, m.ID, members[1], nil)
		wantField(t, err, "member_id")
	})

	t.Run("post from today", func(t *testing.T) {
		u := mustCreateUser(t, db, "zone_staff", false)
		appoint(t, db, "legal_rights_director", u, "2026-12-20", "", false)
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Can(chamber.PermTicketHandle) {
			t.Fatal("a post starting today (Beijing) grants nothing at 00:30")
		}
		v := mustCreateUser(t, db, "zone_leaver", false)
		appoint(t, db, "legal_rights_director", v, "2026-01-01", "2026-12-19", false)
		if a, err = db.Actor(ctx, v.ID); err != nil {
			t.Fatal(err)
		}
		if a.Can(chamber.PermTicketHandle) {
			t.Fatal("a post that ended yesterday (Beijing) still grants at 00:30")
		}
	})

	t.Run("empty zone setting", func(t *testing.T) {
		if loc := (&chamber.Settings{}).Location(); loc.String() != chamber.DefaultTimeZone {
			t.Fatalf("empty zone = %s, want %s", loc, chamber.DefaultTimeZone)
		}
	})
}
