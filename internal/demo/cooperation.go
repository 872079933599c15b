package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedIntroductions asks for two introductions between matching offers
// (seedOffers' order) and logs the one the 经济合作部 made.
func seedIntroductions(db *sqlstore.DB, econ context.Context, offers []*chamber.Offer) error {
	if len(offers) < 6 {
		return fmt.Errorf("offers for introductions: %d", len(offers))
	}
	today, _ := time.Parse("2006-01-02", db.Today(econ))
	made, err := db.RequestIntroduction(econ, offers[5].ID, chamber.NewIntroduction{MatchOfferID: offers[3].ID, Note: "希望实地考察对方的立体仓库案例。"})
	if err != nil {
		return fmt.Errorf("introduction: %w", err)
	}
	if _, err := db.LogIntroduction(econ, made.ID, chamber.IntroductionLog{IntroducedOn: today.AddDate(0, 0, -20).Format("2006-01-02"),
		People: "双方总经理、经济合作部部长", Outcome: "在商会会议室洽谈，并赴滨江参观自动化仓库；对方提交改造方案，拟于下月签约。"}); err != nil {
		return fmt.Errorf("introduction log: %w", err)
	}
	if _, err := db.RequestIntroduction(econ, offers[4].ID, chamber.NewIntroduction{MatchOfferID: offers[2].ID, Note: "想了解跨境电商开拓欧洲市场。"}); err != nil {
		return fmt.Errorf("introduction: %w", err)
	}
	return nil
}

// seedPolicy subscribes the portal login's member to its industry and to
// every industry's bulletins, and publishes three policy bulletins from
// the government contacts to the subscribers.
func seedPolicy(ctx context.Context, db *sqlstore.DB, office context.Context, byName map[string]*chamber.Contact) error {
	u, err := db.FindUserByUsername(ctx, "qiye")
	if err != nil {
		return err
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	m, err := db.FindMember(ctx, u.MemberID)
	if err != nil {
		return err
	}
	if _, err := db.SetPolicySubscriptions(chamber.WithActor(ctx, a), chamber.PolicySubscriptionInput{AllIndustries: true, Industries: []string{m.Industry}}); err != nil {
		return fmt.Errorf("policy subscriptions: %w", err)
	}
	source := byName["滨江市发展和改革委员会"].ID
	for _, b := range []struct{ title, industry, body string }{
		{"滨江市2026年前三季度经济运行情况", "", "前三季度全市地区生产总值同比增长5.6%，规模以上工业增加值增长6.8%。\n\n外贸进出口保持增长，其中鞋服、电气出口分别增长7.2%和9.1%。"},
		{"关于支持外贸企业开拓国际市场的若干措施", m.Industry, "一、对参加境外重点展会的企业，按展位费的50%给予补助，单个企业每年最高20万元。\n\n二、支持企业开展跨境电商业务，对新建海外仓给予一次性奖励。\n\n申报时间：即日起至下月底，材料报送商会经济合作部汇总。"},
		{"智能制造技术改造专项资金申报指南", "电气机械", "对实施智能化技术改造、设备投资500万元以上的项目，按设备投资额的10%给予补助。\n\n请有意向的会员企业与商会经济合作部联系。"},
	} {
		ann, err := db.CreateAnnouncement(office, chamber.AnnouncementInput{Kind: chamber.KindPolicy, Title: b.title, Body: b.body, Industry: b.industry,
			SourceContactID: source, Audience: chamber.AudienceSubscribers})
		if err != nil {
			return fmt.Errorf("bulletin %s: %w", b.title, err)
		}
		if _, err := db.PublishAnnouncement(office, ann.ID); err != nil {
			return fmt.Errorf("bulletin %s: %w", b.title, err)
		}
	}
	return nil
}

// seedPublicity sends the forum's press release to the media contact,
// writes the public site's pages and the members' profiles, and publishes
// one issue of the 会刊 with a member story.
func seedPublicity(ctx context.Context, db *sqlstore.DB, office context.Context, byName map[string]*chamber.Contact, day func(int) string) error {
	news, _, err := db.ListAnnouncements(office, chamber.AnnouncementFilter{Kind: chamber.KindNews, Status: chamber.AnnPublished}, chamber.Page{Limit: 5})
	if err != nil || len(news) == 0 {
		return fmt.Errorf("news for the journal: %d, %v", len(news), err)
	}
	if media, ok := byName["滨江日报经济部"]; ok {
		if _, err := db.SetPressMedia(office, news[0].ID, []chamber.ID{media.ID}); err != nil {
			return fmt.Errorf("press media: %w", err)
		}
	}
	for slug, pg := range map[string]chamber.SitePageInput{
		"about": {TitleZh: "关于我们", TitleEn: "About us", Position: 1,
			BodyZh: "## 本会简介\n\n滨江市温州商会成立于2003年，由在滨江投资兴业的温州籍企业家自愿组成，是经滨江市民政局登记的非营利性社会团体。\n\n" +
				"本会现有会员企业三百余家，涵盖服装鞋业、电气机械、阀门泵业、商贸物流等行业。\n\n## 宗旨\n\n团结在滨温商，服务会员企业，促进两地经济交流与合作。",
			BodyEn: "## Who we are\n\nThe Wenzhou Chamber of Commerce in Binjiang was founded in 2003 by entrepreneurs from Wenzhou doing business in Binjiang. It is a non-profit association registered with the city's civil affairs bureau.\n\n" +
				"Some three hundred member companies work in footwear and clothing, electrical machinery, valves and pumps, trade and logistics."},
		"charter": {TitleZh: "章程（摘要）", TitleEn: "Charter (excerpt)", Position: 2,
			BodyZh: "**第一条** 本会名称：滨江市温州商会。\n\n**第三条** 本会的宗旨：遵守宪法、法律、法规和国家政策，践行社会主义核心价值观，团结会员，服务会员，维护会员合法权益。\n\n" +
				"**第八条** 申请加入本会的会员，必须具备下列条件：拥护本会章程；有加入本会的意愿；在本会的业务领域内具有一定的影响。",
			BodyEn: "**Article 1** The name: Wenzhou Chamber of Commerce in Binjiang.\n\n**Article 3** The chamber abides by the constitution and the law, unites and serves its members and upholds their lawful rights."},
		"contact": {TitleZh: "联系我们", TitleEn: "Contact", Position: 3,
			BodyZh: "| 项目 | 内容 |\n|---|---|\n| 地址 | 滨江市商务大道88号温商大厦12楼 |\n| 电话 | 0577-88001234 |\n| 邮箱 | office@example.org |\n\n办公时间：周一至周五 9:00–17:30",
			BodyEn: "Address: 12/F, Wenzhou Merchants Tower, 88 Commerce Avenue, Binjiang\n\nPhone: 0577-88001234 · office@example.org"},
	} {
		if _, err := db.PutSitePage(office, slug, pg); err != nil {
			return fmt.Errorf("site page %s: %w", slug, err)
		}
	}
	story, err := seedShowcase(ctx, db, office)
	if err != nil {
		return err
	}
	j, err := db.CreateJournalIssue(office, chamber.JournalInput{Number: 48, Title: "2026年第4期（总第48期）", IssuedOn: day(-10),
		Cover: "开放合作，共赢未来。本期聚焦温商发展论坛、米兰国际鞋展考察和供需对接成果。",
		Articles: []chamber.JournalArticle{
			{Title: news[0].Title, Author: "商会秘书处", Page: 2, AnnouncementID: news[0].ID},
			{Title: "赴意大利米兰国际鞋展考察纪实", Author: "经济合作部", Page: 6, Summary: "考察团拜会意大利温州商会，中意企业对接会达成采购意向4项。"},
			{Title: "供需对接：智能仓储改造项目牵手成功", Author: "经济合作部", Page: 10},
			{Title: "会员风采：" + story.Member, Author: "宣传策划部", Page: 14, ProfileID: story.ID},
			{Title: "政策解读：外贸企业开拓国际市场若干措施", Author: "办公室", Page: 18},
		}})
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	_, err = db.PublishJournalIssue(office, j.ID)
	return err
}
