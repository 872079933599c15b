package demo

import (
	"context"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// The demo 副会长 (fuhuizhang): his login is linked to a 副会长单位 member
// and made here, not by the generic loop.
const viceLogin = "fuhuizhang"

// seedProjects adds three projects (项目推进) of this year's plan owned by
// the 副会长, with milestones done and open: two active, one done.
func seedProjects(ctx context.Context, db *sqlstore.DB) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	ms, _, err := db.ListMembers(sys, chamber.MemberFilter{Tier: "vice_president"}, chamber.Page{Limit: 5})
	if err != nil {
		return err
	}
	var memberID chamber.ID
	var partners []chamber.ID
	for _, m := range ms {
		if memberID == 0 {
			memberID = m.ID
		}
		partners = append(partners, m.ID)
	}
	var name string
	for _, l := range Logins {
		if l.Username == viceLogin {
			name = l.Name
		}
	}
	u, err := db.CreateUser(sys, chamber.NewUser{Username: viceLogin, Name: name, Password: Password, MemberID: memberID})
	if err != nil {
		return err
	}
	a, err := db.Actor(sys, u.ID)
	if err != nil {
		return err
	}
	owner := chamber.WithActor(ctx, a)
	var items []*chamber.WorkPlanItem
	if plans, err := db.ListWorkPlans(sys); err != nil {
		return err
	} else if len(plans) > 0 {
		p, err := db.FindWorkPlan(sys, plans[0].ID)
		if err != nil {
			return err
		}
		items = p.Items
	}
	now := chamberNow(ctx, db)
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") }
	type step struct {
		title string
		due   int
		done  bool
	}
	for i, pr := range []struct {
		title, goal, status string
		steps               []step
	}{
		{"温商产业园招商引资", "年内引进十家温籍企业入驻产业园", chamber.ProjectActive,
			[]step{{"走访意向企业", -60, true}, {"举办招商推介会", -20, true}, {"签约首批入驻企业", 25, false}, {"产业园开园", 120, false}}},
		{"会员企业融资对接", "与三家银行建立会员企业授信通道", chamber.ProjectActive,
			[]step{{"征集融资需求", -30, true}, {"银企对接会", 14, false}}},
		{"返乡创业帮扶", "帮扶二十名青年返乡创业", chamber.ProjectDone,
			[]step{{"遴选帮扶对象", -150, true}, {"结对导师", -90, true}, {"年度总结", -10, true}}},
	} {
		n := chamber.NewProject{Title: pr.title, Goal: pr.goal, OwnerID: u.ID, Status: chamber.ProjectActive, MemberIDs: partners}
		if len(items) > 0 {
			n.PlanItemID = items[i%len(items)].ID
		}
		p, err := db.CreateProject(sys, n)
		if err != nil {
			return err
		}
		for _, s := range pr.steps {
			if p, err = db.AddMilestone(owner, p.ID, chamber.NewMilestone{Title: s.title, DueOn: day(s.due)}); err != nil {
				return err
			}
		}
		for k, s := range pr.steps {
			if s.done {
				if _, err := db.CompleteMilestone(owner, p.ID, p.Milestones[k].ID, chamber.MilestoneDone{DoneOn: day(s.due - 2), Note: "按期完成"}); err != nil {
					return err
				}
			}
		}
		if pr.status != chamber.ProjectActive {
			if _, err := db.SetProjectStatus(owner, p.ID, pr.status); err != nil {
				return err
			}
		}
	}
	return nil
}
