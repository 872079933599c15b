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
