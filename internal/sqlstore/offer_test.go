package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
)

// TestOfferMatchesRankObviousFirst: a demand for leather shoe uppers in
// Wenzhou among 20 offers — supplies of near and far trades and places,
// another demand, a pending supply and the member's own supply — ranks the
// leather upper supplier of the same trade and city first, explains why,
// and leaves out what may not match.
func TestOfferMatchesRankObviousFirst(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 8, chamber.StatusActive)
	offer := func(m int, kind, title, body, industry, region string) *chamber.Offer {
		t.Helper()
		o, err := db.CreateOffer(sysCtx, chamber.NewOffer{MemberID: ms[m].ID, Kind: kind, Title: title, Body: body, Industry: industry, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	demand := offer(0, "demand", "求购头层牛皮鞋面材料", "本公司生产男士皮鞋，长期求购头层牛皮鞋面材料，每月约两万平方尺，要求环保鞣制。", "鞋业", "浙江温州")
	want := offer(1, "supply", "供应头层牛皮鞋面材料", "专业生产头层牛皮鞋面材料，环保鞣制，月产能五万平方尺，可送货到温州。", "鞋业", "浙江温州")
	for _, o := range []struct {
		m                                   int
		kind, title, body, industry, region string
	}{
		{2, "supply", "供应男士皮鞋成品", "工厂直供男士皮鞋，款式齐全，可贴牌。", "鞋业", "浙江温州"},
		{2, "supply", "供应鞋底材料", "橡胶鞋底、TPR鞋底，量大从优。", "鞋业", "福建晋江"},
		{3, "supply", "供应真皮沙发面料", "头层牛皮沙发面料，颜色可定制。", "家具", "广东佛山"},
		{3, "supply", "供应环保包装材料", "可降解包装袋、纸箱，环保认证。", "包装", "浙江温州"},
		{4, "supply", "供应服装面料", "棉麻面料、化纤面料批发。", "纺织服装", "浙江绍兴"},
		{4, "supply", "提供跨境物流服务", "温州至欧洲铁路运输，鞋服出口专线。", "物流", "浙江温州"},
		{5, "supply", "供应PU合成革", "PU合成革、超纤革，适用于鞋面箱包。", "鞋业", "福建泉州"},
		{5, "supply", "供应五金配件", "鞋扣、拉链头等五金配件。", "五金", "浙江温州"},
		{6, "supply", "提供工业设计服务", "鞋类产品外观设计与打样。", "设计", "上海"},
		{6, "supply", "供应智能制造设备", "自动化裁断机、缝纫机器人。", "智能制造", "浙江温州"},
		{7, "supply", "提供融资租赁服务", "设备融资租赁，审批快。", "金融", "浙江杭州"},
		{7, "supply", "供应牛皮革边角料", "牛皮革边角料低价处理。", "皮革", "河北辛集"},
		{2, "supply", "供应鞋用胶水", "环保型鞋用胶粘剂。", "化工", "浙江温州"},
		{3, "supply", "提供电商代运营", "天猫京东店铺代运营。", "电商", "浙江杭州"},
		{4, "demand", "求购头层牛皮鞋面材料", "同样求购头层牛皮鞋面材料。", "鞋业", "浙江温州"},     // the same kind: never a match
		{0, "supply", "供应头层牛皮鞋面材料", "本会员自己的库存头层牛皮鞋面材料。", "鞋业", "浙江温州"}, // its own: never
	} {
		offer(o.m, o.kind, o.title, o.body, o.industry, o.region)
	}
	// A pending offer (posted on the portal, not yet approved) is not matched.
	portal := portalCtx(t, db, "qiye7", ms[7].ID)
	pending, err := db.CreateOffer(portal, chamber.NewOffer{Kind: "supply", Title: "供应头层牛皮鞋面材料", Body: "头层牛皮鞋面材料现货。", Industry: "鞋业", Region: "浙江温州"})
	if err != nil || pending.Status != "pending" || pending.MemberID != ms[7].ID {
		t.Fatalf("pending %+v %v", pending, err)
	}

	matches, err := db.OfferMatches(sysCtx, demand.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) < 5 || matches[0].Offer.ID != want.ID {
		for _, m := range matches {
			t.Logf("%d %s %v %v", m.Score, m.Offer.Title, m.Reasons, m.Shared)
		}
		t.Fatalf("first match is not the leather upper supplier")
	}
	for _, m := range matches {
		t.Logf("%3d %s %v", m.Score, m.Offer.Title, m.Reasons)
	}
	top := matches[0]
	if top.Score < 60 || len(top.Reasons) != 3 || top.Reasons[1] != "industry" || top.Reasons[2] != "region" || len(top.Shared) == 0 {
		t.Fatalf("top %+v", top)
	}
	for i, m := range matches {
		if m.Reasons[0] != "text" && m.Reasons[0] != "industry" && m.Reasons[0] != "industry_near" {
			t.Fatalf("a match by region alone: %+v", m)
		}
		if m.Offer.Kind != "supply" || m.Offer.MemberID == ms[0].ID || m.Offer.ID == pending.ID {
			t.Fatalf("match %d should not be there: %+v", i, m.Offer)
		}
		if i > 0 && m.Score > matches[i-1].Score {
			t.Fatalf("not ranked: %d after %d", m.Score, matches[i-1].Score)
		}
	}

	// The member sees its own offers only; approval publishes the pending one.
	if _, err := db.FindOffer(portal, demand.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("other member's offer: %v", err)
	}
	mine, _, err := db.ListOffers(portal, "", "", chamber.Page{})
	if err != nil || len(mine) != 3 { // two posted for it by staff, one by itself
		t.Fatalf("own offers %d %v", len(mine), err)
	}
	if _, err := db.ApproveOffer(portal, pending.ID); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("member approves: %v", err)
	}
	if o, err := db.ApproveOffer(sysCtx, pending.ID); err != nil || o.Status != "approved" {
		t.Fatalf("approve %+v %v", o, err)
	}
	if _, err := db.ApproveOffer(sysCtx, pending.ID); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("approve twice: %v", err)
	}
	if matches, err = db.OfferMatches(sysCtx, demand.ID, 20); err != nil || matches[0].Offer.ID != want.ID && matches[0].Offer.ID != pending.ID {
		t.Fatalf("after approval %v", err)
	}
	if acts := auditActions(t, db, "offer", pending.ID); len(acts) != 2 || acts[1] != "offer.approve" {
		t.Fatalf("audit %v", acts)
	}
}
