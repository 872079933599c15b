package sqlstore_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestRemindEvents: the day before an event every confirmed member gets
// one reminder in the inbox, however many instances run the loop at once;
// the waitlisted, the cancelled and events further off get none, and a
// second run sends nothing.
func TestRemindEvents(t *testing.T) {
	db := openDB(t)
	var members []*chamber.Member
	var portals []*chamber.User
	for i, name := range []string{"瓯海鞋业", "鹿城眼镜", "龙湾阀门"} {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: name + "有限公司", ContactName: "联系人", Phone: "1381234560" + string(rune('0'+i))})
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "m" + string(rune('a'+i)), Name: name, Password: "secret-password", MemberID: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		members, portals = append(members, m), append(portals, u)
	}
	mk := func(title string, in time.Duration, capacity int) *chamber.Event {
		start := time.Now().Add(in).Truncate(time.Second)
		e, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventSeminar, Title: title, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: capacity})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishEvent(sysCtx, e.ID); err != nil {
			t.Fatal(err)
		}
		return e
	}
	soon := mk("明日研讨会", 20*time.Hour, 1)
	later := mk("下周交流会", 5*24*time.Hour, 0)
	for i, u := range portals {
		ctx := actorCtx(t, db, u.ID)
		r, err := db.Register(ctx, soon.ID, chamber.NewRegistration{})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && r.Status != chamber.RegConfirmed || i > 0 && r.Status != chamber.RegWaitlisted {
			t.Fatalf("registration %d %s", i, r.Status)
		}
		if _, err := db.Register(ctx, later.ID, chamber.NewRegistration{}); err != nil {
			t.Fatal(err)
		}
	}
	// Two instances at once (the lease keeps it to one in serve; the store
	// must not double-send even so).
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n, err := db.RemindEvents(sysCtx)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}(i)
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Fatalf("reminded %v", counts)
	}
	if n, err := db.RemindEvents(sysCtx); err != nil || n != 0 {
		t.Fatalf("second run %d %v", n, err)
	}
	reminders := func(u *chamber.User) int {
		items, _, err := db.Inbox(actorCtx(t, db, u.ID), chamber.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range items {
			if strings.HasPrefix(it.Title, "活动提醒") {
				n++
				if !strings.Contains(it.Title, "明日研讨会") {
					t.Fatalf("reminder for %q", it.Title)
				}
			}
		}
		return n
	}
	if got := []int{reminders(portals[0]), reminders(portals[1]), reminders(portals[2])}; got[0] != 1 || got[1] != 0 || got[2] != 0 {
		t.Fatalf("reminders per member %v", got)
	}
	_, err := db.RemindEvents(chamber.WithActor(sysCtx, &chamber.Actor{UserID: portals[0].ID}))
	wantCode(t, err, chamber.EFORBIDDEN)
}
