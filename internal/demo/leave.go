package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedLeave fills the staff register (the secretariat's logins, with the
// 人力资源部总监 and an 办公室专员 added) and a year of leave: approved,
// rejected, cancelled and pending requests, and a 办公室主任's leave with
// the 专员 acting for her.
func seedLeave(ctx context.Context, db *sqlstore.DB) error {
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	for _, a := range []struct{ username, position, from string }{
		{"renshi", "human_resources_director", "2021-04-06"},
		{"wenmi", "office_staff", "2016-08-15"},
	} {
		u, err := db.FindUserByUsername(ctx, a.username)
		if err != nil {
			return err
		}
		if _, err := db.Appoint(ctx, chamber.Post{PositionID: pos[a.position], UserID: u.ID, StartsOn: a.from}); err != nil {
			return fmt.Errorf("appoint %s: %w", a.username, err)
		}
	}
	users := map[string]*chamber.User{}
	as := func(username string) (context.Context, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
		users[username] = u
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		return chamber.WithActor(ctx, a), nil
	}
	hr, err := as("renshi")
	if err != nil {
		return err
	}
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	soon := map[string]string{"kuaiji": today.AddDate(0, 0, 12).Format("2006-01-02"), "wenmi": today.AddDate(0, 0, 26).Format("2006-01-02")}
	for i, s := range []struct{ username, position, hired, kind, phone, emergency string }{
		{"mishuzhang", chamber.PosSecretaryGeneral, "2023-03-01", "full_time", "13905771001", "王建（配偶）13905772001"},
		{"bangong", "office_director", "2012-01-08", "full_time", "13905771002", "赵刚（父亲）13905772002"},
		{"huiyuan", "member_development_director", "2019-05-20", "full_time", "13905771003", ""},
		{"caiwu", "finance_director", "2005-09-01", "full_time", "13905771004", ""},
		{"kuaiji", "finance_staff", "2025-02-17", "full_time", "13905771005", ""},
		{"fawu", "legal_rights_director", "2023-07-03", "seconded", "13905771006", ""},
		{"renshi", "human_resources_director", "2021-04-06", "full_time", "13905771007", ""},
		{"wenmi", "office_staff", "2016-08-15", "part_time", "13905771008", "刘芳（母亲）13905772008"},
		{"houqin", "logistics_director", "2022-03-01", "full_time", "13905771009", "郭丽（配偶）13905772009"},
	} {
		u, err := db.FindUserByUsername(ctx, s.username)
		if err != nil {
			return err
		}
		// Contracts of three years; two end within the month (续签 reminders).
		ends := strconv.Itoa(2027+i%3) + "-06-30"
		if d, ok := soon[s.username]; ok {
			ends = d
		}
		st, err := db.CreateStaff(hr, chamber.Staff{UserID: u.ID, Name: u.Name, PositionID: pos[s.position], HiredOn: s.hired, Employment: s.kind,
			Phone: s.phone, Emergency: s.emergency, ContractStartsOn: contractStart(ends, s.hired), ContractEndsOn: ends})
		if err != nil {
			return fmt.Errorf("staff %s: %w", s.username, err)
		}
		if _, err := db.AddTraining(hr, chamber.StaffTraining{StaffID: st.ID, Title: "商会秘书长及工作人员业务培训班", Date: "2026-04-" + strconv.Itoa(10+i), Hours: 16}); err != nil {
			return err
		}
	}
	type req struct {
		who, kind, from, to, reason, acting, decision string
	}
	for _, r := range []req{
		{"wenmi", "annual", "2026-01-26", "2026-01-30", "春节前回乡探亲", "", "approved"},
		{"kuaiji", "sick", "2026-03-09", "2026-03-10", "感冒发烧", "", "approved"},
		{"bangong", "annual", "2026-04-13", "2026-04-17", "年休假", "wenmi", "approved"},
		{"fawu", "business_trip", "2026-05-18", "2026-05-22", "赴温州参加法律服务对接会", "", "approved"},
		{"huiyuan", "personal", "2026-06-08", "2026-06-08", "家中有事", "", "rejected"},
		{"caiwu", "annual", "2026-07-20", "2026-07-31", "年休假", "kuaiji", "approved"},
		{"wenmi", "marriage", "2026-09-14", "2026-09-25", "婚假", "", "approved"},
		{"renshi", "annual", "2026-10-12", "2026-10-16", "年休假", "", "cancelled"},
		{"kuaiji", "personal", "2026-11-05", "2026-11-06", "办理房产手续", "", "approved"},
		{"mishuzhang", "business_trip", "2026-11-23", "2026-11-25", "赴省工商联参加会议", "", "approved"},
		{"wenmi", "annual", "2026-12-28", "2026-12-31", "年底休假", "", "pending"},
		{"bangong", "annual", "2027-01-18", "2027-01-22", "春节前年休假", "wenmi", "approved"},
	} {
		rc, err := as(r.who)
		if err != nil {
			return err
		}
		n := chamber.NewLeave{Kind: r.kind, From: r.from, To: r.to, Reason: r.reason}
		if r.acting != "" {
			if _, err := as(r.acting); err != nil {
				return err
			}
			n.ActingUserID = users[r.acting].ID
		}
		l, err := db.CreateLeave(rc, n)
		if err != nil {
			return fmt.Errorf("leave %s %s: %w", r.who, r.from, err)
		}
		switch r.decision {
		case "approved", "rejected":
			ac, err := db.Actor(ctx, l.ApproverID)
			if err != nil {
				return err
			}
			comment := "同意，请安排好工作交接。"
			if r.decision == "rejected" {
				comment = "当天有会员大会筹备工作，请改期。"
			}
			if _, err := db.DecideLeave(chamber.WithActor(ctx, ac), l.ID, r.decision == "approved", comment); err != nil {
				return fmt.Errorf("decide leave %s %s: %w", r.who, r.from, err)
			}
		case "cancelled":
			if _, err := db.CancelLeave(rc, l.ID); err != nil {
				return err
			}
		}
	}
	return seedStaffMeetings(ctx, db, users)
}

// seedStaffMeetings holds three 每周例会 of the secretariat with action
// items; the done ones drop off, the open ones start the next agenda.
func seedStaffMeetings(ctx context.Context, db *sqlstore.DB, users map[string]*chamber.User) error {
	sh, err := time.LoadLocation(chamber.DefaultTimeZone)
	if err != nil {
		sh = time.FixedZone("CST", 8*3600)
	}
	items := [][]struct{ title, owner, due string }{
		{{"落实年会场地和预算", "bangong", "2026-11-13"}, {"催缴第三季度会费", "caiwu", "2026-11-20"}},
		{{"整理新会员入会材料", "huiyuan", "2026-11-20"}, {"更新法律顾问驻会排班", "fawu", "2026-11-27"}},
		{{"年终述职考核方案初稿", "renshi", "2026-12-11"}},
	}
	var ids [][]chamber.ID
	for i, day := range []int{2, 9, 16} {
		m, err := db.CreateMeeting(ctx, chamber.NewMeeting{StaffKind: "weekly", Title: "秘书处第" + strconv.Itoa(45+i) + "周例会",
			StartsAt: time.Date(2026, 11, day, 9, 0, 0, 0, sh), Location: "商会会议室", OverrideNotice: "每周例会",
			Agenda: []string{"本周重点工作安排"}})
		if err != nil {
			return fmt.Errorf("staff meeting: %w", err)
		}
		if err := holdStaffMeeting(ctx, db, m.ID, users, i); err != nil {
			return err
		}
		var row []chamber.ID
		for _, it := range items[i] {
			a, err := db.CreateActionItem(ctx, m.ID, chamber.NewActionItem{Title: it.title, OwnerID: users[it.owner].ID, DueOn: it.due})
			if err != nil {
				return err
			}
			row = append(row, a.ID)
		}
		ids = append(ids, row)
		if i == 0 { // done before the next meeting
			if _, err := db.CompleteActionItem(ctx, row[0], "已确定滨江宾馆，预算已报秘书长。"); err != nil {
				return err
			}
		}
	}
	if _, err = db.CompleteActionItem(ctx, ids[1][0], "材料已归档。"); err != nil {
		return err
	}
	if err := seedOfficeMeetings(ctx, db, users, sh); err != nil {
		return err
	}
	return seedVehicles(ctx, db, sh)
}

// seedVehicles registers two cars and a few bookings.
func seedVehicles(ctx context.Context, db *sqlstore.DB, sh *time.Location) error {
	var cars []*chamber.Vehicle
	for _, v := range []chamber.Vehicle{{Plate: "浙C·A8801", Name: "别克GL8 商务车", Seats: 7}, {Plate: "浙C·B2266", Name: "大众帕萨特", Seats: 5}} {
		c, err := db.CreateVehicle(ctx, v)
		if err != nil {
			return err
		}
		cars = append(cars, c)
	}
	for _, b := range []struct {
		who     string
		car     int
		day, h  int
		hours   int
		purpose string
	}{
		{"bangong", 0, 5, 9, 4, "接送省工商联调研组"},
		{"fawu", 1, 12, 14, 3, "赴法院参加会员企业案件调解"},
		{"huiyuan", 0, 19, 8, 10, "走访新入会会员企业"},
		{"mishuzhang", 1, 23, 7, 12, "赴省城参加会议"},
	} {
		u, err := db.FindUserByUsername(ctx, b.who)
		if err != nil {
			return err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return err
		}
		from := time.Date(2026, 11, b.day, b.h, 0, 0, 0, sh)
		if _, err := db.BookVehicle(chamber.WithActor(ctx, a), chamber.VehicleBooking{VehicleID: cars[b.car].ID, From: from,
			To: from.Add(time.Duration(b.hours) * time.Hour), Purpose: b.purpose}); err != nil {
			return fmt.Errorf("booking %s: %w", b.who, err)
		}
	}
	return nil
}

// contractStart is the first day of a three-year contract ending on ends,
// not before the hire.
func contractStart(ends, hired string) string {
	t, err := time.Parse("2006-01-02", ends)
	if err != nil {
		return hired
	}
	if s := t.AddDate(-3, 0, 1).Format("2006-01-02"); s > hired {
		return s
	}
	return hired
}
