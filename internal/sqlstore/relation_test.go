package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestRelationsDemo: the demo has contacts of every kind with
// interactions, and agreements of which one expires within 60 days and
// was put in its owner's inbox.
func TestRelationsDemo(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	for _, k := range chamber.ContactKinds {
		cs, _, err := db.ListContacts(sysCtx, "", k, chamber.Page{Limit: 10})
		if err != nil || len(cs) == 0 {
			t.Fatalf("no contact of kind %s: %v", k, err)
		}
	}
	expiring, _, err := db.ListAgreements(sysCtx, chamber.AgreementExpiring, 0, chamber.Page{})
	if err != nil || len(expiring) != 1 || expiring[0].RemindedAt == nil {
		t.Fatalf("expiring %+v %v", expiring, err)
	}
	all, _, err := db.ListAgreements(sysCtx, "", 0, chamber.Page{})
	if err != nil || len(all) < 4 {
		t.Fatalf("agreements %d %v", len(all), err)
	}
	ds, _, err := db.ListDelegations(sysCtx, chamber.Page{})
	if err != nil || len(ds) != 2 {
		t.Fatalf("delegations %d %v", len(ds), err)
	}
	out, err := db.FindDelegation(sysCtx, ds[1].ID)
	if err != nil || out.Direction != "outbound" || out.ActualFen != 32900000 || out.BudgetFen != 36000000 || out.Report == "" || len(out.Members) != 4 {
		t.Fatalf("outbound %+v %v", out, err)
	}
	pending, _, err := db.ListOffers(sysCtx, "", chamber.OfferPending, chamber.Page{})
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending offers %d %v", len(pending), err)
	}
	if ms, err := db.OfferMatches(sysCtx, pending[0].ID, 5); err != nil || len(ms) == 0 || ms[0].Offer.Title != "供应头层牛皮鞋面材料" {
		t.Fatalf("demo matches %+v %v", ms, err)
	}
	// 会员风采: approved profiles public, the portal login's pending, and the
	// 会刊's member story one of the approved.
	shown, _, err := db.Showcase(sysCtx, chamber.Page{})
	if err != nil || len(shown) != 3 || shown[0].IntroEn == "" && shown[1].IntroEn == "" {
		t.Fatalf("showcase %d %v", len(shown), err)
	}
	waiting, _, err := db.ListMemberProfiles(sysCtx, chamber.ProfilePending, chamber.Page{})
	if err != nil || len(waiting) != 1 {
		t.Fatalf("pending profiles %d %v", len(waiting), err)
	}
	issues, _, err := db.ListJournalIssues(sysCtx, chamber.Page{})
	if err != nil || len(issues) == 0 {
		t.Fatalf("journal %v", err)
	}
	story := false
	for _, a := range issues[0].Articles {
		if a.ProfileID != 0 {
			_, err := db.ShowcaseEntry(sysCtx, a.ProfileID)
			story = err == nil
		}
	}
	if !story {
		t.Fatalf("the demo issue has no member story: %+v", issues[0].Articles)
	}
	for _, s := range append(append([]string{}, chamber.LeadStages...), chamber.LeadLost) {
		ls, _, err := db.ListLeads(sysCtx, chamber.LeadFilter{Stage: s}, chamber.Page{})
		if err != nil || len(ls) == 0 {
			t.Fatalf("no lead at stage %s: %v", s, err)
		}
	}
}
