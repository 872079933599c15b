package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedRelations fills outside relations: the 经济合作部 director, the
// contact kinds the services left out (a partner chamber, enterprises, an
// association), agreements (one expiring within 60 days, reminded),
// investment leads in every stage, two delegations and matching offers.
func seedRelations(ctx context.Context, db *sqlstore.DB) error {
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return err
	}
	jingji, err := db.FindUserByUsername(ctx, "jingji")
	if err != nil {
		return err
	}
	for _, p := range positions {
		if p.Code == "economic_cooperation_director" {
			if _, err := db.Appoint(ctx, chamber.Post{PositionID: p.ID, UserID: jingji.ID, StartsOn: "2024-03-01"}); err != nil {
				return err
			}
		}
	}
	as := func(username string) (context.Context, *chamber.User, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, nil, err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return nil, nil, err
		}
		return chamber.WithActor(ctx, a), u, nil
	}
	econ, econUser, err := as("jingji")
	if err != nil {
		return err
	}
	office, _, err := as("bangong")
	if err != nil {
		return err
	}
	existing, _, err := db.ListContacts(ctx, "", "", chamber.Page{Limit: 200})
	if err != nil {
		return err
	}
	byName := map[string]*chamber.Contact{}
	for _, c := range existing {
		byName[c.Name] = c
	}
	for _, c := range []struct {
		chamber.Contact
		log chamber.Interaction
	}{
		{chamber.Contact{Kind: "partner_chamber", Name: "宁波市温州商会", Country: "中国", People: []chamber.ContactPerson{{Name: "叶成章", Title: "常务副会长兼秘书长", Phone: "13906661234"}}},
			chamber.Interaction{Date: day(-40), Kind: "meeting", Summary: "两地商会秘书长座谈，商定互设联络处、会员企业互访。"}},
		{chamber.Contact{Kind: "enterprise", Name: "浙江东海智能装备有限公司", Country: "中国", People: []chamber.ContactPerson{{Name: "潘东海", Title: "董事长", Phone: "13957701111"}}},
			chamber.Interaction{Date: day(-25), Kind: "visit", Summary: "走访企业，了解其在滨江新建智能装备产业园的意向和用地需求。"}},
		{chamber.Contact{Kind: "enterprise", Name: "米兰时尚集团（中国）", Country: "意大利", People: []chamber.ContactPerson{{Name: "Luca Bianchi", Title: "中国区总经理", Email: "luca@example.com"}}},
			chamber.Interaction{Date: day(-12), Kind: "call", Summary: "电话沟通设立华东区采购中心事宜，对方希望对接本会服装鞋革企业。"}},
		{chamber.Contact{Kind: "other", Name: "滨江市青年企业家协会", Country: "中国", People: []chamber.ContactPerson{{Name: "邱敏", Title: "秘书长", Phone: "13806662222"}}},
			chamber.Interaction{Date: day(-8), Kind: "letter", Summary: "来函邀请本会联合举办青年企业家创业论坛。"}},
		{chamber.Contact{Kind: "government", Name: "滨江市发展和改革委员会", Country: "中国", People: []chamber.ContactPerson{{Name: "陆处长", Title: "利用外资处处长", Phone: "0577-88003344"}}},
			chamber.Interaction{Date: day(-30), Kind: "visit", Summary: "拜访发改委利用外资处，了解重点招商项目清单和扶持政策。"}},
	} {
		created, err := db.CreateContact(econ, c.Contact)
		if err != nil {
			return fmt.Errorf("contact %s: %w", c.Name, err)
		}
		byName[created.Name] = created
		c.log.ContactID, c.log.UserIDs = created.ID, []chamber.ID{econUser.ID}
		if _, err := db.AddInteraction(econ, c.log); err != nil {
			return err
		}
	}
	if err := seedAgreements(db, office, econ, byName, day); err != nil {
		return err
	}
	if err := seedLeads(db, econ, byName, day); err != nil {
		return err
	}
	if err := seedDelegations(ctx, db, econ, byName, day); err != nil {
		return err
	}
	if err := seedOffers(ctx, db, econ); err != nil {
		return err
	}
	if err := seedPolicy(ctx, db, office, byName); err != nil {
		return err
	}
	if err := seedPublicity(ctx, db, office, byName, day); err != nil {
		return err
	}
	_, err = db.RemindAgreements(ctx)
	return err
}

func seedAgreements(db *sqlstore.DB, office, econ context.Context, byName map[string]*chamber.Contact, day func(int) string) error {
	for _, a := range []struct {
		ctx             context.Context
		contact, title  string
		signed, expires int
		notes           string
	}{
		{office, "宁波市温州商会", "甬温两地商会战略合作协议", -700, 35, "互设联络处，每年至少组织一次会员企业互访。"},
		{office, "浙江瓯越律师事务所", "常年法律顾问服务协议", -400, 330, "每周四下午驻会提供法律咨询。"},
		{econ, "滨江农商银行普惠金融部", "会员企业融资服务合作备忘录", -200, 530, "授信总额 5 亿元，会员企业享受利率优惠。"},
		{econ, "意大利温州商会", "中意商会友好合作备忘录", -1500, -20, "已到期，待双方商议续签。"},
		{office, "滨江日报经济部", "商会宣传合作协议", -90, 0, "长期有效：会员企业专访和活动报道。"},
	} {
		c := byName[a.contact]
		if c == nil {
			return fmt.Errorf("no contact %s", a.contact)
		}
		in := chamber.NewAgreement{ContactID: c.ID, Title: a.title, SignedOn: day(a.signed), Notes: a.notes}
		if a.expires != 0 {
			in.ExpiresOn = day(a.expires)
		}
		if _, err := db.CreateAgreement(a.ctx, in); err != nil {
			return fmt.Errorf("agreement %s: %w", a.title, err)
		}
	}
	return nil
}

// seedLeads records investment leads in every stage, lost ones included.
func seedLeads(db *sqlstore.DB, econ context.Context, byName map[string]*chamber.Contact, day func(int) string) error {
	members, _, err := db.ListMembers(econ, chamber.MemberFilter{}, chamber.Page{Limit: 6})
	if err != nil || len(members) < 4 {
		return fmt.Errorf("members for leads: %d, %v", len(members), err)
	}
	for i, l := range []struct {
		title, source, industry, region, contact string
		amountWan                                int64
		member                                   int // index into members, -1 none
		stages                                   []string
		next                                     string
		nextIn                                   int
	}{
		{"东海智能装备产业园", "会员企业推荐", "智能制造", "浙江温州", "浙江东海智能装备有限公司", 80000, 0, []string{"contacted", "negotiating", "signed", "landed"}, "协调办理竣工验收", 20},
		{"米兰时尚华东采购中心", "意大利温州商会引荐", "服装鞋革", "意大利米兰", "米兰时尚集团（中国）", 12000, -1, []string{"contacted", "negotiating"}, "组织会员企业与对方采购团队对接", 9},
		{"跨境电商综合服务平台", "市商务局推介", "跨境电商", "浙江杭州", "滨江市商务局", 5000, 1, []string{"contacted"}, "报送项目建议书", 14},
		{"新能源电池回收项目", "招商推介会", "新能源", "江西宜春", "", 30000, 2, []string{"contacted", "negotiating", "signed"}, "跟进用地审批", 30},
		{"温商回归总部大楼", "会长会议", "商务服务", "浙江温州", "滨江市发展和改革委员会", 150000, 3, nil, "安排首次拜访", 5},
		{"青年创业孵化基地", "滨江市青年企业家协会", "科技服务", "浙江滨江", "滨江市青年企业家协会", 2000, -1, []string{"contacted", "lost"}, "", 0},
		{"生物医药中试基地", "网络信息", "生物医药", "江苏苏州", "", 60000, -1, []string{"lost"}, "", 0},
	} {
		in := chamber.NewLead{Title: l.title, Source: l.source, Industry: l.industry, Region: l.region, AmountFen: l.amountWan * 10000 * 100,
			NextStep: l.next}
		if l.nextIn != 0 {
			in.NextOn = day(l.nextIn)
		}
		if c := byName[l.contact]; c != nil {
			in.ContactID = c.ID
		}
		if l.member >= 0 {
			in.MemberID = members[l.member].ID
		}
		lead, err := db.CreateLead(econ, in)
		if err != nil {
			return fmt.Errorf("lead %s: %w", l.title, err)
		}
		for j, s := range l.stages {
			note := fmt.Sprintf("第%d次推进：%s", j+1, l.title)
			if s == chamber.LeadLost {
				note = "对方另选投资地，项目终止。"
			}
			if _, err := db.MoveLead(econ, lead.ID, chamber.LeadMove{Stage: s, Note: note}); err != nil {
				return fmt.Errorf("lead %d %s: %w", i, s, err)
			}
		}
	}
	return nil
}

// seedDelegations: an outbound trip that has taken place, with its costs
// booked in the ledger and its report, and an inbound visit to come.
func seedDelegations(ctx context.Context, db *sqlstore.DB, econ context.Context, byName map[string]*chamber.Contact, day func(int) string) error {
	members, _, err := db.ListMembers(econ, chamber.MemberFilter{}, chamber.Page{Limit: 8})
	if err != nil || len(members) < 6 {
		return fmt.Errorf("members for delegations: %d, %v", len(members), err)
	}
	holders, err := db.PositionHolders(econ)
	if err != nil {
		return err
	}
	var staff []chamber.ID
	for _, h := range holders {
		if h.Name == "黄志远" || h.Name == "王丽华" || h.Name == "赵明" {
			staff = append(staff, h.ID)
		}
	}
	ids := func(ms []*chamber.Member) []chamber.ID {
		var out []chamber.ID
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	out, err := db.CreateDelegation(econ, chamber.NewDelegation{Direction: chamber.DelegationOutbound, Title: "赴意大利米兰经贸考察团",
		Destination: "意大利米兰", From: day(-40), To: day(-34), ContactID: byName["意大利温州商会"].ID, MemberIDs: ids(members[:4]), StaffIDs: staff[:2],
		Purpose: "参加米兰国际鞋展，拜访意大利温州商会，考察当地服装鞋革市场", BudgetFen: 36000000,
		Programme: "第一天  抵达米兰，拜会意大利温州商会\n第二天  参观米兰国际鞋展（MICAM）\n第三天  走访华商企业，举行中意企业对接会\n第四天  考察普拉托服装产业区\n第五天  返程"})
	if err != nil {
		return fmt.Errorf("delegation: %w", err)
	}
	date, year := day(-36), db.Today(ctx)[:4]+"-01-01"
	if date < year {
		date = db.Today(ctx)
	}
	l := func(acct string, dr, cr int64, memo string) chamber.NewVoucherLine {
		return chamber.NewVoucherLine{Account: acct, DebitFen: dr, CreditFen: cr, Memo: memo, Project: out.Project}
	}
	if _, err := db.PostVouchers(ctx, []chamber.NewVoucher{
		{Date: date, Summary: "米兰考察团国际机票", Lines: []chamber.NewVoucherLine{l("520103", 18600000, 0, "往返机票 6 人"), l("2202", 0, 18600000, "应付旅行社")}},
		{Date: date, Summary: "米兰考察团住宿及当地交通", Lines: []chamber.NewVoucherLine{l("520103", 9800000, 0, "酒店 5 晚、包车"), l("2202", 0, 9800000, "应付旅行社")}},
		{Date: date, Summary: "中意企业对接会场地及翻译", Lines: []chamber.NewVoucherLine{l("510102", 4500000, 0, "会场、同声传译"), l("2202", 0, 4500000, "应付会务公司")}},
	}); err != nil {
		return fmt.Errorf("delegation costs: %w", err)
	}
	if _, err := db.ReportDelegation(econ, out.ID, "考察团一行6人赴意大利米兰，参观米兰国际鞋展，拜会意大利温州商会并签署友好交流意向。"+
		"中意企业对接会共有23家当地企业参加，达成采购意向4项，金额约1200万元。\n建议：明年组织会员企业以商会展团形式参展，并与意大利温州商会续签合作备忘录。"); err != nil {
		return err
	}
	if _, err := db.CreateDelegation(econ, chamber.NewDelegation{Direction: chamber.DelegationInbound, Title: "宁波市温州商会来访交流",
		Destination: "浙江宁波", From: day(12), To: day(13), ContactID: byName["宁波市温州商会"].ID, MemberIDs: ids(members[4:6]), StaffIDs: staff,
		Purpose: "两地商会交流会务工作经验，考察会员企业", BudgetFen: 2000000,
		Programme: "上午  座谈交流（商会12楼会议室）\n下午  参观东海智能装备产业园\n次日上午  会员企业对接洽谈"}); err != nil {
		return err
	}
	return nil
}

// seedOffers posts supply and demand offers that match one another, and a
// demand of the portal login's member awaiting approval.
func seedOffers(ctx context.Context, db *sqlstore.DB, econ context.Context) error {
	members, _, err := db.ListMembers(econ, chamber.MemberFilter{}, chamber.Page{Limit: 12})
	if err != nil || len(members) < 10 {
		return fmt.Errorf("members for offers: %d, %v", len(members), err)
	}
	var offers []*chamber.Offer
	for _, o := range []struct {
		m                                   int
		kind, title, body, industry, region string
	}{
		{6, "supply", "供应头层牛皮鞋面材料", "专业生产头层牛皮鞋面材料，环保鞣制，月产能五万平方尺，可送货到温州、滨江。", "鞋业", "浙江温州"},
		{7, "supply", "供应PU合成革、超纤革", "PU合成革、超纤革，适用于鞋面、箱包，支持小批量打样。", "鞋业", "福建泉州"},
		{8, "supply", "提供跨境电商代运营", "亚马逊、速卖通店铺代运营，服装鞋帽类目经验丰富。", "电商", "浙江杭州"},
		{9, "supply", "供应智能仓储设备", "自动化立体仓库、AGV搬运机器人，提供整体方案。", "智能制造", "浙江滨江"},
		{6, "demand", "寻找欧洲服装鞋帽采购商", "本公司年产男士皮鞋80万双，寻求欧洲采购商或代理商。", "鞋业", "浙江温州"},
		{8, "demand", "求购智能仓储改造方案", "电商仓库约8000平方米，拟进行自动化改造，寻求设备供应商。", "电商", "浙江杭州"},
	} {
		created, err := db.CreateOffer(econ, chamber.NewOffer{MemberID: members[o.m].ID, Kind: o.kind, Title: o.title, Body: o.body, Industry: o.industry, Region: o.region})
		if err != nil {
			return fmt.Errorf("offer %s: %w", o.title, err)
		}
		offers = append(offers, created)
	}
	if err := seedIntroductions(db, econ, offers); err != nil {
		return err
	}
	u, err := db.FindUserByUsername(ctx, "qiye")
	if err != nil || u.MemberID == 0 {
		return fmt.Errorf("the portal login: %v", err)
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	portal := chamber.WithActor(ctx, a)
	if _, err := db.CreateOffer(portal, chamber.NewOffer{Kind: chamber.OfferDemand, Title: "求购头层牛皮鞋面材料",
		Body: "本公司生产男士皮鞋，长期求购头层牛皮鞋面材料，每月约两万平方尺，要求环保鞣制。", Industry: "鞋业", Region: "浙江温州"}); err != nil {
		return err
	}
	approved, err := db.CreateOffer(portal, chamber.NewOffer{Kind: chamber.OfferSupply, Title: "供应男士真皮皮鞋（可贴牌）",
		Body: "男士真皮皮鞋工厂直供，可贴牌加工，欢迎外贸公司洽谈。", Industry: "鞋业", Region: "浙江温州"})
	if err != nil {
		return err
	}
	_, err = db.ApproveOffer(econ, approved.ID)
	return err
}
