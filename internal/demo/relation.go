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
// association), agreements (one expiring within 60 days, reminded), and
// later the investment leads and a delegation.
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
