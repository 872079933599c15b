package sqlstore_test

import (
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func purchaseBudget(t *testing.T, db *sqlstore.DB, fen int64) *chamber.Budget {
	t.Helper()
	b, err := db.CreateBudget(sysCtx, chamber.Budget{Year: 2026, Account: "520102", AmountFen: fen, Project: "办公设备"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPurchaseApprovalBudgetReceive(t *testing.T) {
	db := openDB(t)
	o := newClaimOrg(t, db)
	b := purchaseBudget(t, db, 2000000)
	in := chamber.NewPurchase{Title: "办公室电脑和纸张", BudgetID: b.ID, Items: []chamber.PurchaseItem{
		{Name: "笔记本电脑", Unit: "台", Qty: 1, UnitPriceFen: 500000, Asset: true},
		{Name: "A4纸", Unit: "箱", Qty: 10, UnitPriceFen: 10000},
	}}
	if _, err := db.CreatePurchase(o.nobody, in); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("no position: %v", err)
	}
	p, err := db.CreatePurchase(o.clerk, in)
	if err != nil {
		t.Fatal(err)
	}
	// ¥6,000 is above the ¥5,000 limit: the director, then the 秘书长.
	if len(p.Steps) != 2 || p.Steps[0].ApproverID != o.dirU.ID || p.Steps[1].ApproverID != o.sgU.ID || p.TotalFen != 600000 {
		t.Fatalf("steps %+v total %d", p.Steps, p.TotalFen)
	}
	if p.Budget.AvailableFen != 1400000 {
		t.Fatalf("available %d", p.Budget.AvailableFen)
	}
	_, err = db.DecidePurchase(o.sg, p.ID, true, "")
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.ReceivePurchase(sysCtx, p.ID, chamber.PurchaseReceipt{})
	wantCode(t, err, chamber.ECONFLICT)
	if p, err = db.DecidePurchase(o.dir, p.ID, true, "同意"); err != nil || p.Status != chamber.PurchasePending || p.CurrentStep != 1 {
		t.Fatalf("director: %+v %v", p, err)
	}
	todo, err := db.MyTodo(o.sg, o.sgU.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range todo {
		found = found || (it.Kind == chamber.TodoPurchase && it.ID == p.ID)
	}
	if !found {
		t.Fatalf("the 秘书长's to-do lacks the purchase: %+v", todo)
	}
	if p, err = db.DecidePurchase(o.sg, p.ID, true, ""); err != nil || p.Status != chamber.PurchaseApproved {
		t.Fatalf("sg: %+v %v", p, err)
	}
	// Over the budget line's room: refused with the field.
	big := in
	big.Items = []chamber.PurchaseItem{{Name: "会议桌", Qty: 1, UnitPriceFen: 1400001, Asset: true}}
	_, err = db.CreatePurchase(o.clerk, big)
	if e, ok := err.(*chamber.Error); !ok || e.Code != chamber.EINVALID || e.Reason != "over_budget" || len(e.Fields) != 1 || e.Fields[0].Field != "budget_id" {
		t.Fatalf("over budget: %v", err)
	}
	// A small one within the limit: the director alone; rejected frees its room.
	small := in
	small.Items = []chamber.PurchaseItem{{Name: "订书机", Qty: 2, UnitPriceFen: 3000}}
	sp, err := db.CreatePurchase(o.clerk, small)
	if err != nil || len(sp.Steps) != 1 {
		t.Fatalf("small: %+v %v", sp, err)
	}
	if sp, err = db.DecidePurchase(o.dir, sp.ID, false, "库存还有"); err != nil || sp.Status != chamber.PurchaseRejected || sp.Budget.AvailableFen != 1400000 {
		t.Fatalf("reject: %+v %v", sp, err)
	}

	// Receipt: one voucher Dr 1501 + Dr 520102 / Cr 2202, balanced.
	if p, err = db.ReceivePurchase(sysCtx, p.ID, chamber.PurchaseReceipt{Date: "2026-11-26", Location: "秘书处"}); err != nil || p.Status != chamber.PurchaseReceived {
		t.Fatalf("receive: %+v %v", p, err)
	}
	v, err := db.FindVoucher(sysCtx, p.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int64{}
	var dr, cr int64
	for _, l := range v.Lines {
		by[l.Account] += l.DebitFen - l.CreditFen
		dr, cr = dr+l.DebitFen, cr+l.CreditFen
	}
	if dr != cr || by["1501"] != 500000 || by["520102"] != 100000 || by["2202"] != -600000 {
		t.Fatalf("voucher %+v", v.Lines)
	}
	if again, err := db.FindPurchase(o.clerk, p.ID); err != nil || again.Budget.AvailableFen != 1400000 {
		t.Fatalf("after receipt: %+v %v", again, err)
	}
	assets, err := db.ListAssets(o.clerk, "")
	if err != nil || len(assets) != 1 || assets[0].CostFen != 500000 || assets[0].CustodianID != o.clerkU.ID || assets[0].VoucherID != v.ID {
		t.Fatalf("assets %+v %v", assets, err)
	}
	sup, err := db.ListSupplies(o.clerk)
	if err != nil || len(sup) != 1 || sup[0].Name != "A4纸" || sup[0].Stock != 10 {
		t.Fatalf("supplies %+v %v", sup, err)
	}

	// Transfer, inventory check, disposal.
	a := assets[0]
	_, err = db.TransferAsset(o.clerk, a.ID, chamber.AssetTransfer{CustodianID: o.dirU.ID})
	wantCode(t, err, chamber.EFORBIDDEN)
	if a, err = db.TransferAsset(sysCtx, a.ID, chamber.AssetTransfer{CustodianID: o.dirU.ID, Location: "财务部"}); err != nil || a.CustodianID != o.dirU.ID || a.Location != "财务部" {
		t.Fatalf("transfer: %+v %v", a, err)
	}
	if r, err := db.CheckAssets(sysCtx, chamber.AssetCheck{Date: "2026-11-26", Missing: []chamber.ID{a.ID}}); err != nil || r.Missing != 1 {
		t.Fatalf("check: %+v %v", r, err)
	}
	if a, _ = db.FindAsset(sysCtx, a.ID); a.Status != chamber.AssetMissing || a.CheckedOn != "2026-11-26" || len(a.Events) != 3 {
		t.Fatalf("after check: %+v", a)
	}
	_, err = db.CheckAssets(sysCtx, chamber.AssetCheck{Found: []chamber.ID{a.ID + 100}})
	wantCode(t, err, chamber.EINVALID)
	if a, err = db.DisposeAsset(sysCtx, a.ID, chamber.AssetDisposal{Date: "2026-11-26", Reason: "丢失，报废"}); err != nil || a.Status != chamber.AssetDisposed {
		t.Fatalf("dispose: %+v %v", a, err)
	}
	dv, err := db.FindVoucher(sysCtx, a.DisposalVoucherID)
	if err != nil || len(dv.Lines) != 2 || dv.Lines[0].Account != "5401" || dv.Lines[0].DebitFen != 500000 || dv.Lines[1].Account != "1501" || dv.Lines[1].CreditFen != 500000 {
		t.Fatalf("disposal voucher %+v %v", dv, err)
	}
	_, err = db.TransferAsset(sysCtx, a.ID, chamber.AssetTransfer{CustodianID: o.clerkU.ID})
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.DisposeAsset(sysCtx, a.ID, chamber.AssetDisposal{Reason: "again"})
	wantCode(t, err, chamber.ECONFLICT)
}

func TestSuppliesNotBelowZero(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "taker", false)
	s, err := db.CreateSupply(sysCtx, chamber.Supply{Name: "签字笔", Unit: "支", Stock: 10})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.IssueSupply(sysCtx, s.ID, chamber.SupplyIssue{Qty: 11, UserID: u.ID})
	wantCode(t, err, chamber.ECONFLICT)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, conflict := 0, 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.IssueSupply(sysCtx, s.ID, chamber.SupplyIssue{Qty: 1, UserID: u.ID, Note: "领用"})
			mu.Lock()
			defer mu.Unlock()
			switch chamber.ErrorCode(err) {
			case "":
				ok++
			case chamber.ECONFLICT:
				conflict++
			default:
				t.Errorf("issue: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 10 || conflict != 10 {
		t.Fatalf("%d issued, %d refused", ok, conflict)
	}
	list, err := db.ListSupplies(sysCtx)
	if err != nil || list[0].Stock != 0 {
		t.Fatalf("stock %+v %v", list, err)
	}
	moves, err := db.ListSupplyMoves(sysCtx, s.ID)
	if err != nil || len(moves) != 11 {
		t.Fatalf("moves %d %v", len(moves), err)
	}
}

// TestPurchaseDemo: the demo has purchases in every state, a register
// with an asset in use, missing and disposed, and supplies in stock.
func TestPurchaseDemo(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	ps, err := db.ListPurchases(sysCtx, chamber.PurchaseFilter{View: "all"})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, p := range ps {
		states[p.Status]++
		// The list names whom a pending request waits for, as the record does.
		one, err := db.FindPurchase(sysCtx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.WaitingFor != one.WaitingFor || (p.Status == chamber.PurchasePending) != (p.WaitingFor != "") {
			t.Errorf("purchase %d (%s): the list waits for %q, the record for %q", p.ID, p.Status, p.WaitingFor, one.WaitingFor)
		}
	}
	for _, s := range chamber.PurchaseStatuses {
		if states[s] == 0 {
			t.Errorf("no %s purchase: %v", s, states)
		}
	}
	as, err := db.ListAssets(sysCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, a := range as {
		got[a.Status]++
	}
	if got[chamber.AssetInUse] == 0 || got[chamber.AssetMissing] != 1 || got[chamber.AssetDisposed] != 1 {
		t.Errorf("assets %v", got)
	}
	if ss, err := db.ListSupplies(sysCtx); err != nil || len(ss) < 4 {
		t.Errorf("supplies %d %v", len(ss), err)
	}
	if due, err := db.VehiclesDue(sysCtx, 30); err != nil || len(due) != 1 {
		t.Errorf("vehicles due %+v %v", due, err)
	}
	if rs, err := db.ListRepairs(sysCtx, ""); err != nil || len(rs) != 3 {
		t.Errorf("repairs %d %v", len(rs), err)
	}
}
