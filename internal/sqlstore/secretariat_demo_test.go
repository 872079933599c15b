package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestSecretariatDemo: the demo's 行政后勤部 login has a vehicle due in its
// to-do, the 人力资源部总监 two contracts to renew, the 秘书长 an opening
// to approve; an open opening has applicants at each stage, one hired into
// the register; last month's depreciation is booked.
func TestSecretariatDemo(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	todo := func(username string) map[string]int {
		u, err := db.FindUserByUsername(sysCtx, username)
		if err != nil {
			t.Fatal(err)
		}
		items, err := db.MyTodo(sysCtx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, it := range items {
			kinds[it.Kind]++
		}
		return kinds
	}
	if k := todo("houqin"); k[chamber.TodoVehicleInsurance] != 1 {
		t.Errorf("houqin's to-do: %v", k)
	}
	if k := todo("renshi"); k[chamber.TodoContract] != 2 {
		t.Errorf("renshi's to-do: %v", k)
	}
	if k := todo("mishuzhang"); k[chamber.TodoOpening] != 1 {
		t.Errorf("mishuzhang's to-do: %v", k)
	}
	pending, err := db.ListOpenings(sysCtx, chamber.OpeningPending)
	if err != nil || len(pending) == 0 || pending[0].WaitingFor == "" {
		t.Fatalf("pending openings name whom they wait for: %v %v", pending, err)
	}
	os, err := db.ListOpenings(sysCtx, chamber.OpeningOpen)
	if err != nil || len(os) != 1 {
		t.Fatalf("open openings: %d %v", len(os), err)
	}
	o, err := db.FindOpening(sysCtx, os[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, a := range o.Applicants {
		states[a.Status]++
	}
	if states[chamber.ApplicantHired] != 1 || states[chamber.ApplicantInterviewing] != 2 || states[chamber.ApplicantRejected] != 1 || o.Hired != 1 {
		t.Errorf("applicants: %v, hired %d", states, o.Hired)
	}
	runs, err := db.ListDepreciation(sysCtx)
	if err != nil || len(runs) != 1 || runs[0].AmountFen <= 0 || runs[0].VoucherID == 0 {
		t.Fatalf("depreciation runs: %+v %v", runs, err)
	}
	if n, err := db.RemindDueDates(sysCtx); err != nil || n < 3 {
		t.Errorf("reminders sent %d, %v", n, err)
	}
}
