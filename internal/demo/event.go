package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedEvents fills a year's work plan with items in every state and past
// and coming events of each kind, with registrations (qiye, the demo's
// portal login, among them) and check-ins.
func seedEvents(ctx context.Context, db *sqlstore.DB) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	now := chamberNow(ctx, db)
	year := now.Year()
	plan, err := db.CreateWorkPlan(sys, chamber.NewWorkPlan{Year: year, Title: fmt.Sprintf("%d年度工作计划", year)})
	if err != nil {
		return err
	}
	depts, err := db.ListDepartments(sys)
	if err != nil || len(depts) == 0 {
		return err
	}
	type ev struct {
		kind     chamber.EventKind
		title    string
		days     int // from today
		capacity int
		item     string
		percent  int
	}
	events := []ev{
		{chamber.EventCelebration, "新春年会暨年度庆典", -300, 0, "召开年度庆典", 100},
		{chamber.EventTraining, "会员企业财税政策培训", -200, 80, "组织会员培训四期", 50},
		{chamber.EventCharity, "助学公益捐赠活动", -120, 0, "开展社会公益捐赠", 100},
		{chamber.EventExhibition, "温商产品展销推介会", -60, 40, "组织产品展销及推介", 30},
		{chamber.EventSeminar, "数字化转型研讨会", 10, 60, "举办研讨会和交流会", 40},
		{chamber.EventFellowship, "会员联谊登山活动", 20, 30, "组织会员联谊", 0},
		{chamber.EventExchange, "青年企业家交流会", 30, 3, "青年企业家培养", 0},
		{chamber.EventVisit, "赴长三角考察学习", 45, 25, "组织考察走访", 0},
	}
	// Each item is owned by its department's first post (the director's).
	positions, err := db.ListPositions(sys)
	if err != nil {
		return err
	}
	owner := map[chamber.ID]chamber.ID{}
	for _, p := range positions {
		if p.DepartmentID != 0 && owner[p.DepartmentID] == 0 {
			owner[p.DepartmentID] = p.ID
		}
	}
	qiye, qerr := db.FindUserByUsername(sys, "qiye")
	for i, e := range events {
		start := time.Date(now.Year(), now.Month(), now.Day(), 14, 0, 0, 0, now.Location()).AddDate(0, 0, e.days)
		due := start.AddDate(0, 0, 15).Format("2006-01-02")
		item, err := db.AddWorkPlanItem(sys, plan.ID, chamber.NewWorkPlanItem{Title: e.item, DepartmentID: depts[i%len(depts)].ID,
			OwnerPositionID: owner[depts[i%len(depts)].ID], DueOn: due, Target: "按计划完成"})
		if err != nil {
			return err
		}
		if e.percent > 0 {
			if _, err := db.ReportProgress(sys, item.ID, chamber.ItemProgressReport{Percent: e.percent, Note: "按进度推进"}); err != nil {
				return err
			}
		}
		audience := chamber.EventAudience(chamber.EventAllMembers)
		if e.kind == chamber.EventCharity || e.kind == chamber.EventExhibition || e.kind == chamber.EventSeminar {
			audience = chamber.EventPublic
		}
		if e.days < 0 {
			// A past event: held and summed up (registration is long closed).
			start2 := start
			x, err := db.CreateEvent(sys, chamber.NewEvent{Kind: e.kind, Title: e.title, StartsAt: start2, EndsAt: start2.Add(3 * time.Hour),
				Location: "商会大厦会议中心", Capacity: e.capacity, BudgetFen: 3000000, Audience: audience})
			if err != nil {
				return err
			}
			if _, err := db.PublishEvent(sys, x.ID); err != nil {
				return err
			}
			if _, err := db.SetEventStatus(sys, x.ID, chamber.EventDone, "活动圆满完成，会员反响良好。"); err != nil {
				return err
			}
			if _, err := db.LinkWorkPlanItem(sys, item.ID, chamber.WorkPlanLink{Kind: "event", ID: x.ID}); err != nil {
				return err
			}
			if err := seedEventCosts(sys, db, x); err != nil {
				return err
			}
			continue
		}
		var fee int64
		if e.kind == chamber.EventFellowship {
			fee = 10000 // 登山: ¥100 a head for the coach and lunch
		}
		x, err := db.CreateEvent(sys, chamber.NewEvent{Kind: e.kind, Title: e.title, StartsAt: start, EndsAt: start.Add(3 * time.Hour),
			Location: "商会大厦会议中心", Capacity: e.capacity, BudgetFen: 2000000, FeeFen: fee, Audience: audience})
		if err != nil {
			return err
		}
		if _, err := db.LinkWorkPlanItem(sys, item.ID, chamber.WorkPlanLink{Kind: "event", ID: x.ID}); err != nil {
			return err
		}
		if e.days > 40 {
			continue // still being planned: a draft
		}
		if _, err := db.PublishEvent(sys, x.ID); err != nil {
			return err
		}
		if qerr == nil && qiye.MemberID != 0 {
			a, err := db.Actor(ctx, qiye.ID)
			if err != nil {
				return err
			}
			if _, err := db.Register(chamber.WithActor(ctx, a), x.ID, chamber.NewRegistration{AttendeeName: "会员企业代表", Phone: "13957700000"}); err != nil {
				return err
			}
		}
		for j := 0; j < 6; j++ {
			r, err := db.Register(sys, x.ID, chamber.NewRegistration{AttendeeName: fmt.Sprintf("会员代表%d", j+1),
				Phone: fmt.Sprintf("1395771%04d", i*100+j)})
			if err != nil {
				return err
			}
			if fee > 0 && j < 3 && r.Status == chamber.RegConfirmed {
				if _, err := db.RecordEventFee(sys, r.ID, chamber.NewEventFee{Method: chamber.PayMethods[j%len(chamber.PayMethods)]}); err != nil {
					return err
				}
			}
		}
		if audience == chamber.EventPublic { // two visitors from the public registration page
			anon := chamber.WithActor(ctx, nil)
			for j, org := range []string{"温州市青年志愿者协会", "瓯江口新区管委会"} {
				if _, err := db.Register(anon, x.ID, chamber.NewRegistration{AttendeeName: fmt.Sprintf("来宾%d", j+1),
					Phone: fmt.Sprintf("1365771%04d", i*100+j), Organisation: org}); err != nil {
					return err
				}
			}
		}
	}
	if err := seedTraining(ctx, db); err != nil {
		return err
	}
	if err := seedCharity(ctx, db); err != nil {
		return err
	}
	return seedExhibitions(ctx, db)
}

// seedEventCosts books a held event's costs (venue, materials) on vouchers
// tagged with it, so its budget vs actual reads the ledger. Only this
// year's, and only dates already past.
func seedEventCosts(ctx context.Context, db *sqlstore.DB, e *chamber.Event) error {
	today := db.Today(ctx)
	date := chamberDay(e.StartsAt, chamberNow(ctx, db))
	if date[:4] != today[:4] || date > today {
		return nil
	}
	_, err := db.PostVouchers(ctx, []chamber.NewVoucher{{Date: date, Summary: e.Title + " 场地及物料", Lines: []chamber.NewVoucherLine{
		{Account: "510102", DebitFen: 120000, Memo: "场地租用", EventID: e.ID},
		{Account: "520102", DebitFen: 30000, Memo: "资料印制", EventID: e.ID},
		{Account: "100201", CreditFen: 150000, Memo: "付款"},
	}}})
	return err
}

// seedTraining holds a training session under way today: the demo member
// (qiye) and two staff (wenmi, kuaiji, registering themselves) are checked
// in, so the member's and the staff's training histories show it.
func seedTraining(ctx context.Context, db *sqlstore.DB) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	start := time.Now().Add(-time.Hour).Truncate(time.Minute)
	e, err := db.CreateEvent(sys, chamber.NewEvent{Kind: chamber.EventTraining, Title: "会员企业财税政策培训（第二期）", StartsAt: start,
		EndsAt: start.Add(3 * time.Hour), Location: "商会大厦培训室", Capacity: 60})
	if err != nil {
		return err
	}
	if _, err := db.PublishEvent(sys, e.ID); err != nil {
		return err
	}
	for _, name := range []string{"qiye", "wenmi", "kuaiji"} {
		u, err := db.FindUserByUsername(sys, name)
		if err != nil {
			continue
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return err
		}
		var n chamber.NewRegistration
		if name == "qiye" {
			n = chamber.NewRegistration{AttendeeName: "会员企业代表", Phone: "13957700000"}
		}
		r, err := db.Register(chamber.WithActor(ctx, a), e.ID, n)
		if err != nil {
			return fmt.Errorf("training %s: %w", name, err)
		}
		if _, err := db.CheckInEvent(sys, e.ID, r.Code); err != nil {
			return err
		}
	}
	return nil
}

// seedCharity runs a public campaign with the held charity event (pledges,
// most received as donations, the grants paid) and one with a coming
// charity event still collecting pledges.
func seedCharity(ctx context.Context, db *sqlstore.DB) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	now := chamberNow(ctx, db)
	start := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, now.Location()).AddDate(0, 0, 25)
	coming, err := db.CreateEvent(sys, chamber.NewEvent{Kind: chamber.EventCharity, Title: "关爱环卫工人冬日送温暖", StartsAt: start,
		EndsAt: start.Add(3 * time.Hour), Location: "市区各环卫站", Capacity: 40, Audience: chamber.EventPublic})
	if err != nil {
		return err
	}
	if _, err := db.PublishEvent(sys, coming.ID); err != nil {
		return err
	}
	events, _, err := db.ListEvents(sys, chamber.EventFilter{Kind: string(chamber.EventCharity)}, chamber.Page{Limit: 10})
	if err != nil {
		return err
	}
	today := db.Today(sys)
	for _, e := range events {
		held := e.ID != coming.ID
		title, purpose := "冬日送温暖募捐", "为环卫工人购置御寒物资"
		if held {
			title, purpose = "山区助学募捐", "资助山区家庭困难学生"
		}
		c, err := db.CreateCharityCampaign(sys, chamber.NewCharityCampaign{EventID: e.ID, Title: title, Purpose: purpose, GoalFen: 5000000, Public: true})
		if err != nil {
			return err
		}
		for i, p := range []struct {
			donor string
			fen   int64
		}{{"温州瓯越贸易有限公司", 2000000}, {"鹿城眼镜有限公司", 1000000}, {"陈建华先生", 300000}} {
			pl, err := db.Pledge(sys, c.ID, chamber.NewCharityPledge{Donor: p.donor, AmountFen: p.fen})
			if err != nil {
				return err
			}
			if held && i < 2 || !held && i == 0 {
				date := chamberDay(e.StartsAt, now)
				if date[:4] != today[:4] || date > today {
					date = today
				}
				if _, err := db.ReceivePledge(sys, pl.ID, chamber.PledgeReceipt{Date: date}); err != nil {
					return err
				}
			}
		}
		if held {
			date := chamberDay(e.StartsAt.AddDate(0, 0, 7), now)
			if chamberDay(e.StartsAt, now)[:4] != today[:4] || date > today {
				date = today
			}
			if _, err := db.PostVouchers(sys, []chamber.NewVoucher{{Date: date, Summary: "发放助学金", Lines: []chamber.NewVoucherLine{
				{Account: "510103", DebitFen: 600000, Memo: "助学金 12 名", EventID: e.ID},
				{Account: "100201", CreditFen: 600000, Memo: "转账"},
			}}}); err != nil {
				return err
			}
		}
	}
	return nil
}
