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
