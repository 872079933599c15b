package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestTrainingHistory: the check-ins of a training event are the member's
// training history and the staff member's (beside HR's courses); a staff
// login registers itself for training only, and sees its own registration.
func TestTrainingHistory(t *testing.T) {
	db := openDB(t)
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "鹿城眼镜有限公司", ContactName: "李总", Phone: "13812345679"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "ouyue", Name: "陈总", Password: "secret-password", MemberID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	ou, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "lucheng", Name: "李总", Password: "secret-password", MemberID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	portal, otherPortal := actorCtx(t, db, u.ID), actorCtx(t, db, ou.ID)
	clerk := mustCreateUser(t, db, "clerk", false)
	st, err := db.CreateStaff(sysCtx, chamber.Staff{UserID: clerk.ID, Name: "王专员", HiredOn: "2020-03-01", Employment: "full_time", Phone: "13966668888"})
	if err != nil {
		t.Fatal(err)
	}
	staffCtx := actorCtx(t, db, clerk.ID)
	start := time.Now().Add(time.Hour).Truncate(time.Second)
	mk := func(kind chamber.EventKind, title string) *chamber.Event {
		e, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: kind, Title: title, StartsAt: start, EndsAt: start.Add(3 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishEvent(sysCtx, e.ID); err != nil {
			t.Fatal(err)
		}
		return e
	}
	training := mk(chamber.EventTraining, "外贸合规培训")
	seminar := mk(chamber.EventSeminar, "数字化研讨会")
	_, err = db.Register(staffCtx, seminar.ID, chamber.NewRegistration{})
	wantCode(t, err, chamber.EFORBIDDEN)
	self, err := db.Register(staffCtx, training.ID, chamber.NewRegistration{})
	if err != nil {
		t.Fatal(err)
	}
	if self.Channel != "self" || self.AttendeeName != "王专员" || self.Phone != "13966668888" || self.MemberID != 0 {
		t.Fatalf("self registration %+v", self)
	}
	mine, err := db.ListRegistrations(staffCtx, 0)
	if err != nil || len(mine) != 1 || mine[0].ID != self.ID {
		t.Fatalf("own %v %v", mine, err)
	}
	mr, err := db.Register(portal, training.ID, chamber.NewRegistration{})
	if err != nil {
		t.Fatal(err)
	}
	sr, err := db.Register(portal, seminar.ID, chamber.NewRegistration{})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := db.MemberTrainings(portal, m.ID); len(h) != 0 {
		t.Fatalf("history before check-in %v", h)
	}
	for _, r := range []*chamber.Registration{self, mr, sr} {
		if _, err := db.CheckInEvent(sysCtx, r.EventID, r.Code); err != nil {
			t.Fatal(err)
		}
	}
	h, err := db.MemberTrainings(portal, m.ID)
	if err != nil || len(h) != 1 || h[0].EventID != training.ID || h[0].Hours != 3 || h[0].AttendeeName != "陈总" {
		t.Fatalf("member history %+v %v", h, err)
	}
	if h, err := db.MemberTrainings(sysCtx, m.ID); err != nil || len(h) != 1 {
		t.Fatalf("staff view %v %v", h, err)
	}
	_, err = db.MemberTrainings(otherPortal, m.ID)
	wantCode(t, err, chamber.ENOTFOUND)
	full, err := db.FindStaff(sysCtx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tr := range full.Trainings {
		if tr.Source == chamber.TrainingEvent && tr.ID == training.ID && tr.Hours == 3 {
			found = true
		}
		if tr.ID == seminar.ID && tr.Source == chamber.TrainingEvent {
			t.Fatal("a seminar in the training history")
		}
	}
	if !found {
		t.Fatalf("staff history %+v", full.Trainings)
	}
	if _, err := db.CancelRegistration(staffCtx, self.ID); err != nil {
		t.Fatal(err)
	}
}
