package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedPurchases files the office's purchase requests in every state —
// received (assets in the register, supplies in stock, the voucher
// posted), approved and awaiting delivery, pending with the 办公室主任 and
// with the 秘书长, rejected — then moves the register: a transfer, an
// inventory check with one asset missing, a write-off, and issues of
// supplies.
func seedPurchases(ctx context.Context, db *sqlstore.DB) error {
	as := map[string]context.Context{}
	ids := map[string]chamber.ID{}
	for _, n := range []string{"wenmi", "bangong", "mishuzhang", "huiyuan", "kuaiji", "houqin"} {
		u, err := db.FindUserByUsername(ctx, n)
		if err != nil {
			return err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return err
		}
		as[n], ids[n] = chamber.WithActor(ctx, a), u.ID
	}
	year, _ := strconv.Atoi(db.Today(ctx)[:4])
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	early := time.Date(today.Year(), today.Month()-2, 10, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	b, err := db.CreateBudget(ctx, chamber.Budget{Year: year, Department: "办公室", Project: "办公设备", Account: "520102", AmountFen: 6000000,
		Resolution: "第一届理事会第三次会议决议"})
	if err != nil {
		return err
	}
	type item = chamber.PurchaseItem
	for _, p := range []struct {
		title     string
		items     []item
		decisions []string // "approve" or "reject" per step, by the approver on it
		receive   string   // pay account when received
	}{
		{"秘书处办公电脑及耗材", []item{{Name: "笔记本电脑", Unit: "台", Qty: 2, UnitPriceFen: 650000, Asset: true},
			{Name: "激光打印机", Unit: "台", Qty: 1, UnitPriceFen: 280000, Asset: true},
			{Name: "A4复印纸", Unit: "箱", Qty: 20, UnitPriceFen: 12000}, {Name: "签字笔", Unit: "支", Qty: 100, UnitPriceFen: 150}},
			[]string{"approve", "approve"}, "100201"},
		{"会议室投影设备", []item{{Name: "会议室投影仪", Unit: "台", Qty: 1, UnitPriceFen: 450000, Asset: true},
			{Name: "文件夹", Unit: "个", Qty: 50, UnitPriceFen: 800}}, []string{"approve"}, "2202"},
		{"办公椅更换", []item{{Name: "人体工学办公椅", Unit: "把", Qty: 4, UnitPriceFen: 90000, Asset: true}}, []string{"approve"}, ""},
		{"会议室空调", []item{{Name: "立式空调", Unit: "台", Qty: 2, UnitPriceFen: 620000, Asset: true}}, []string{"approve"}, ""},
		{"碎纸机", []item{{Name: "碎纸机", Unit: "台", Qty: 1, UnitPriceFen: 120000, Asset: true}}, nil, ""},
		{"咖啡机", []item{{Name: "全自动咖啡机", Unit: "台", Qty: 1, UnitPriceFen: 180000, Asset: true}}, []string{"reject"}, ""},
	} {
		pr, err := db.CreatePurchase(as["wenmi"], chamber.NewPurchase{Title: p.title, BudgetID: b.ID, Items: p.items})
		if err != nil {
			return fmt.Errorf("purchase %s: %w", p.title, err)
		}
		for i, d := range p.decisions {
			who := as["bangong"]
			if pr.Steps[i].ApproverID == ids["mishuzhang"] {
				who = as["mishuzhang"]
			}
			comment := "同意"
			if d == "reject" {
				comment = "非必需支出，暂不购置"
			}
			if pr, err = db.DecidePurchase(who, pr.ID, d == "approve", comment); err != nil {
				return fmt.Errorf("decide %s: %w", p.title, err)
			}
		}
		if p.receive != "" {
			// The projector came two months ago, so the register shows depreciation.
			on := ""
			if p.receive == "2202" {
				on = early
			}
			if _, err := db.ReceivePurchase(as["houqin"], pr.ID, chamber.PurchaseReceipt{Date: on, PayAccount: p.receive, Location: "秘书处办公室"}); err != nil {
				return fmt.Errorf("receive %s: %w", p.title, err)
			}
		}
	}
	assets, err := db.ListAssets(ctx, "")
	if err != nil {
		return err
	}
	byName := map[string][]*chamber.Asset{}
	var all []chamber.ID
	for _, a := range assets {
		byName[a.Name] = append(byName[a.Name], a)
		all = append(all, a.ID)
	}
	keeper := as["houqin"] // the 行政后勤部 keeps the register
	if _, err := db.TransferAsset(keeper, byName["笔记本电脑"][0].ID, chamber.AssetTransfer{CustodianID: ids["huiyuan"], Location: "会员发展部", Note: "会员走访使用"}); err != nil {
		return err
	}
	if _, err := db.TransferAsset(keeper, byName["会议室投影仪"][0].ID, chamber.AssetTransfer{CustodianID: ids["bangong"], Location: "一号会议室"}); err != nil {
		return err
	}
	printer := byName["激光打印机"][0].ID
	var found []chamber.ID
	for _, id := range all {
		if id != printer {
			found = append(found, id)
		}
	}
	if _, err := db.CheckAssets(keeper, chamber.AssetCheck{Found: found, Missing: []chamber.ID{printer}}); err != nil {
		return err
	}
	if _, err := db.DisposeAsset(keeper, byName["笔记本电脑"][1].ID, chamber.AssetDisposal{Reason: "屏幕进水损坏，维修不经济"}); err != nil {
		return err
	}
	// Depreciation of the months since the projector came, by the 会计.
	for m := time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, time.UTC); m.Format("2006-01") < today.Format("2006-01"); m = m.AddDate(0, 1, 0) {
		if _, _, err := db.Depreciate(as["kuaiji"], m.Format("2006-01")); err != nil {
			return fmt.Errorf("depreciation %s: %w", m.Format("2006-01"), err)
		}
	}
	if _, err := db.CreateSupply(keeper, chamber.Supply{Name: "订书钉", Unit: "盒", Stock: 30}); err != nil {
		return err
	}
	supplies, err := db.ListSupplies(ctx)
	if err != nil {
		return err
	}
	for _, s := range supplies {
		for _, is := range []struct {
			name, who, note string
			qty             int64
		}{{"A4复印纸", "wenmi", "会议材料打印", 3}, {"签字笔", "kuaiji", "财务部领用", 20}, {"文件夹", "huiyuan", "会员档案整理", 10}} {
			if s.Name == is.name {
				if _, err := db.IssueSupply(keeper, s.ID, chamber.SupplyIssue{Qty: is.qty, UserID: ids[is.who], Note: is.note}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
