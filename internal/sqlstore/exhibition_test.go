package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestExhibitionBooths: booths of an exhibition, members apply from the
// portal (once), 20 allocations racing for one booth give it to exactly
// one; moving an exhibitor frees its booth; products and the allocated
// exhibitors are public once the event is published.
func TestExhibitionBooths(t *testing.T) {
	db := openDB(t)
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Second)
	ex, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventExhibition, Title: "温商产品展销会", StartsAt: start, EndsAt: start.Add(8 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventSeminar, Title: "研讨会", StartsAt: start, EndsAt: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddBooth(sysCtx, other.ID, chamber.NewBooth{Number: "A1"})
	wantCode(t, err, chamber.ECONFLICT)
	a1, err := db.AddBooth(sysCtx, ex.ID, chamber.NewBooth{Number: "A1", Size: "3m×3m", PriceFen: 300000, X: 0, Y: 0})
	if err != nil {
		t.Fatal(err)
	}
	a2, err := db.AddBooth(sysCtx, ex.ID, chamber.NewBooth{Number: "A2", Size: "3m×6m", PriceFen: 500000, X: 1, Y: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddBooth(sysCtx, ex.ID, chamber.NewBooth{Number: "A1"})
	wantCode(t, err, chamber.EINVALID)
	if _, err := db.PublishEvent(sysCtx, ex.ID); err != nil {
		t.Fatal(err)
	}
	var apps []*chamber.ExhibitorApplication
	var portal0 = sysCtx
	for i := 0; i < 20; i++ {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: fmt.Sprintf("展商%02d有限公司", i), ContactName: "联系人", Phone: fmt.Sprintf("1380000%04d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ctx := sysCtx
		if i == 0 {
			u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "zhanshang", Name: "展商", Password: "secret-password", MemberID: m.ID})
			if err != nil {
				t.Fatal(err)
			}
			ctx = actorCtx(t, db, u.ID)
			portal0 = ctx
		}
		a, err := db.ApplyExhibitor(ctx, ex.ID, chamber.NewExhibitorApplication{MemberID: m.ID, Note: "鞋服"})
		if err != nil {
			t.Fatal(err)
		}
		apps = append(apps, a)
	}
	_, err = db.ApplyExhibitor(portal0, ex.ID, chamber.NewExhibitorApplication{})
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.AllocateBooth(portal0, apps[0].ID, a1.ID)
	wantCode(t, err, chamber.EFORBIDDEN)

	var wg sync.WaitGroup
	var mu sync.Mutex
	won, conflicts := 0, 0
	for _, a := range apps {
		wg.Add(1)
		go func(id chamber.ID) {
			defer wg.Done()
			_, err := db.AllocateBooth(sysCtx, id, a1.ID)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case chamber.ErrorCode(err) == chamber.ECONFLICT:
				conflicts++
			default:
				t.Error(err)
			}
		}(a.ID)
	}
	wg.Wait()
	if won != 1 || conflicts != 19 {
		t.Fatalf("won %d, conflicts %d", won, conflicts)
	}
	booths, err := db.ListBooths(sysCtx, ex.ID)
	if err != nil || len(booths) != 2 || booths[0].ApplicationID == 0 || booths[1].ApplicationID != 0 {
		t.Fatalf("booths %+v %v", booths, err)
	}
	holder := booths[0].ApplicationID
	// The holder moves to A2: A1 is free again.
	if _, err := db.AllocateBooth(sysCtx, holder, a2.ID); err != nil {
		t.Fatal(err)
	}
	mover := apps[0].ID
	if holder == mover { // the portal's member won the race: its old booth goes to another
		mover = apps[1].ID
	}
	if _, err := db.AllocateBooth(sysCtx, mover, a1.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.AllocateBooth(sysCtx, apps[0].ID, 999999)
	wantCode(t, err, chamber.EINVALID)
	p, err := db.AddExhibitorProduct(portal0, apps[0].ID, chamber.NewExhibitorProduct{Name: "真皮商务皮鞋", Description: "头层牛皮，手工缝制"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddExhibitorProduct(portal0, apps[1].ID, chamber.NewExhibitorProduct{Name: "x"})
	wantCode(t, err, chamber.ENOTFOUND)
	anon := chamber.WithActor(sysCtx, nil)
	_, err = db.ListExhibitors(anon, ex.ID)
	wantCode(t, err, chamber.ENOTFOUND) // a members' event is not for the public
	list, err := db.ListExhibitors(portal0, ex.ID)
	if err != nil {
		t.Fatal(err)
	}
	allocated := 0
	for _, a := range list {
		if a.Status == chamber.ExhibitorAllocated {
			allocated++
		}
		if a.ID == apps[0].ID && (len(a.Products) != 1 || a.Products[0].ID != p.ID) {
			t.Fatalf("products %+v", a.Products)
		}
	}
	if allocated != 2 || len(list) != 2 {
		t.Fatalf("exhibitors %d of %d", allocated, len(list))
	}
	if all, _ := db.ListExhibitors(sysCtx, ex.ID); len(all) != 20 {
		t.Fatalf("staff list %d", len(all))
	}
}
