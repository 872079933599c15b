package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedMeetings seats demo members on the council and the supervisory
// board, and leaves one council meeting in session (with a decided motion
// and an open secret one), one convened, and the annual assembly ahead.
func seedMeetings(ctx context.Context, db *sqlstore.DB) error {
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{Status: chamber.StatusActive}, chamber.Page{Limit: 40})
	if err != nil {
		return err
	}
	if len(members) < 20 {
		return fmt.Errorf("demo needs members first (%d)", len(members))
	}
	council, err := db.FindBodyByCode(ctx, "council")
	if err != nil {
		return err
	}
	sb, err := db.FindBodyByCode(ctx, "supervisory_board")
	if err != nil {
		return err
	}
	for i, m := range members[:18] {
		body := council.ID
		if i >= 15 {
			body = sb.ID
		}
		if _, err := db.Appoint(ctx, chamber.Post{BodyID: body, MemberID: m.ID, Name: m.Name, StartsOn: "2026-06-18", EndsOn: "2031-06-17"}); err != nil {
			return err
		}
	}
	now := chamberNow(ctx, db)
	// A council meeting in session now (convened at short notice for the demo).
	live, err := db.CreateMeeting(ctx, chamber.NewMeeting{Body: "council", Title: "第三届理事会第四次会议", StartsAt: now.Add(time.Minute),
		Location: "商会大楼三楼会议室", OverrideNotice: "演示数据", Agenda: []string{"审议2027年度工作计划", "审议会费收缴情况", "增补常务理事"}})
	if err != nil {
		return err
	}
	if _, err := db.OpenMeeting(ctx, live.ID); err != nil {
		return err
	}
	var creds []*chamber.CheckIn
	for i, m := range members[:12] {
		var proxy []chamber.ID
		if i == 0 {
			proxy = []chamber.ID{members[12].ID}
		}
		c, err := db.CheckIn(ctx, live.ID, m.ID, proxy)
		if err != nil {
			return err
		}
		creds = append(creds, c)
	}
	decided, err := db.CreateMotion(ctx, live.ID, chamber.NewMotion{Title: "关于2027年度工作计划的议案", Kind: chamber.KindOrdinary})
	if err != nil {
		return err
	}
	if _, err := db.OpenMotion(ctx, decided.ID); err != nil {
		return err
	}
	for i, c := range creds {
		choice := "yes"
		if i == 10 {
			choice = "abstain"
		}
		if _, err := db.CastBallot(ctx, decided.ID, c.Credential, choice); err != nil {
			return err
		}
	}
	if _, err := db.CloseMotion(ctx, decided.ID); err != nil {
		return err
	}
	// The year's budget, adopted by this sitting (the finance pages link to it).
	budget, err := db.CreateMotion(ctx, live.ID, chamber.NewMotion{Title: fmt.Sprintf("关于%d年度预算的议案", now.Year()), Kind: chamber.KindBudget})
	if err != nil {
		return err
	}
	if _, err := db.OpenMotion(ctx, budget.ID); err != nil {
		return err
	}
	for _, c := range creds {
		if _, err := db.CastBallot(ctx, budget.ID, c.Credential, "yes"); err != nil {
			return err
		}
	}
	if _, err := db.CloseMotion(ctx, budget.ID); err != nil {
		return err
	}
	yes := true
	open, err := db.CreateMotion(ctx, live.ID, chamber.NewMotion{Title: "关于增补常务理事的议案", Kind: chamber.KindPersonnel, Secret: &yes})
	if err != nil {
		return err
	}
	if _, err := db.OpenMotion(ctx, open.ID); err != nil {
		return err
	}
	for _, c := range creds[:5] {
		if _, err := db.CastBallot(ctx, open.ID, c.Credential, "yes"); err != nil {
			return err
		}
	}
	// Convened: the next council meeting and the annual assembly.
	if _, err := db.CreateMeeting(ctx, chamber.NewMeeting{Body: "council", Title: "第三届理事会第五次会议", StartsAt: now.AddDate(0, 0, 10),
		Location: "商会大楼三楼会议室", Agenda: []string{"审议2027年度预算", "审议新会员入会申请"}}); err != nil {
		return err
	}
	_, err = db.CreateMeeting(ctx, chamber.NewMeeting{Body: "general_assembly", Title: "第三届会员大会第二次会议", StartsAt: now.AddDate(0, 0, 30),
		Location: "滨江国际会议中心", Agenda: []string{"审议理事会工作报告", "审议财务报告", "审议会费标准调整方案"}})
	return err
}
