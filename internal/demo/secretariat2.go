package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// holdStaffMeeting opens a weekly meeting, checks in who came (the i-th
// week someone is away), writes and signs the minutes and closes it.
func holdStaffMeeting(ctx context.Context, db *sqlstore.DB, id chamber.ID, users map[string]*chamber.User, i int) error {
	if _, err := db.OpenMeeting(ctx, id); err != nil {
		return err
	}
	away := map[int]string{0: "wenmi", 1: "caiwu", 2: "fawu"}[i]
	for _, who := range []string{"mishuzhang", "bangong", "huiyuan", "caiwu", "kuaiji", "fawu", "renshi", "wenmi"} {
		u := users[who]
		if u == nil || who == away {
			continue
		}
		if _, err := db.CheckIn(ctx, id, u.ID, nil); err != nil {
			return fmt.Errorf("staff check-in %s: %w", who, err)
		}
	}
	if _, err := db.SaveMinutes(ctx, id, "一、各部门汇报上周工作及本周计划。\n二、逐项检查上次会议督办事项的办理情况。\n三、布置本周重点工作，明确责任人和完成期限。"); err != nil {
		return err
	}
	_, err := db.CloseMeeting(ctx, id)
	return err
}

// seedOfficeMeetings holds a 办公会议 of the secretariat and a weekly
// meeting of the 办公室, each with its own action items.
func seedOfficeMeetings(ctx context.Context, db *sqlstore.DB, users map[string]*chamber.User, sh *time.Location) error {
	m, err := db.CreateMeeting(ctx, chamber.NewMeeting{StaffKind: "office", Title: "秘书长办公会议（11月）",
		StartsAt: time.Date(2026, 11, 26, 14, 0, 0, 0, sh), Location: "秘书长办公室", OverrideNotice: "办公会议",
		Agenda: []string{"审议2027年度工作计划草案", "研究年终述职考核安排"}})
	if err != nil {
		return err
	}
	if err := holdStaffMeeting(ctx, db, m.ID, users, 3); err != nil {
		return err
	}
	for _, it := range []struct{ title, owner, due string }{
		{"起草2027年度工作计划并征求各部门意见", "bangong", "2026-12-10"},
		{"完成全体工作人员年度述职考核", "renshi", "2026-12-25"},
	} {
		if _, err := db.CreateActionItem(ctx, m.ID, chamber.NewActionItem{Title: it.title, OwnerID: users[it.owner].ID, DueOn: it.due}); err != nil {
			return err
		}
	}
	depts, err := db.ListDepartments(ctx)
	if err != nil {
		return err
	}
	for _, d := range depts {
		if d.Code != "office" {
			continue
		}
		om, err := db.CreateMeeting(ctx, chamber.NewMeeting{StaffKind: "weekly", DepartmentID: d.ID, Title: "办公室第48周例会",
			StartsAt: time.Date(2026, 11, 23, 8, 30, 0, 0, sh), Location: "办公室", OverrideNotice: "部门例会"})
		if err != nil {
			return err
		}
		if _, err := db.CreateActionItem(ctx, om.ID, chamber.NewActionItem{Title: "整理本年度文书档案并移交档案室", OwnerID: users["wenmi"].ID, DueOn: "2026-12-18"}); err != nil {
			return err
		}
	}
	return nil
}

// seedReviewsAndPay: a year of annual reviews of the staff, with reports,
// scores and grades, and two months of payroll posted to the books.
func seedReviewsAndPay(ctx context.Context, db *sqlstore.DB) error {
	users := map[string]*chamber.User{}
	actors := map[string]context.Context{}
	for _, l := range Logins {
		if l.Role == "portal" || l.Role == "admin" {
			continue
		}
		u, err := db.FindUserByUsername(ctx, l.Username)
		if err != nil {
			return err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return err
		}
		users[l.Username], actors[l.Username] = u, chamber.WithActor(ctx, a)
	}
	hr := actors["renshi"]
	year, _ := strconv.Atoi(db.Today(ctx)[:4])
	reports := map[string]string{
		"bangong": "本年度主持办公室工作，组织每周例会和办公会议共计十余次，按期办结督办事项；完成年会筹备、文书档案整理和接待工作。不足是信息化建设推进较慢，明年将重点改进。",
		"huiyuan": "本年度新发展会员企业二十余家，组织新会员培训两次，走访会员企业四十余家，会员满意度稳步提升。",
		"caiwu":   "本年度完成会计核算、预算编制和年度财务报告，财务制度执行严格，无违规支出；协助完成会费收缴工作。",
		"kuaiji":  "入职以来认真学习民间非营利组织会计制度，按时完成凭证录入和报销审核，差错率逐月下降。",
		"fawu":    "本年度接待会员法律咨询六十余次，协调解决经济纠纷五起，组织法律讲座三场。",
		"wenmi":   "本年度负责会议记录、文印和档案工作，按时完成各类会议纪要，协助筹备年会。",
	}
	scores := map[string][]int{"bangong": {92, 90}, "huiyuan": {88, 85}, "caiwu": {90, 93}, "kuaiji": {78, 80}, "fawu": {83, 76}, "wenmi": {86, 88}, "renshi": {89, 84}}
	for _, who := range []string{"bangong", "huiyuan", "caiwu", "kuaiji", "fawu", "renshi", "wenmi"} {
		rv, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: year, SubjectKind: "staff", SubjectID: users[who].ID})
		if err != nil {
			return fmt.Errorf("review %s: %w", who, err)
		}
		if text, ok := reports[who]; ok {
			if _, err := db.WriteAnnualReport(actors[who], rv.ID, text); err != nil {
				return err
			}
		}
		for i, r := range rv.Reviewers {
			name := ""
			for n, u := range users {
				if u.ID == r.UserID {
					name = n
				}
			}
			if name == "" || (who == "fawu" && r.Role == "peer" && i > 1) {
				continue
			}
			s := scores[who][0]
			if r.Role != "superior" {
				s = scores[who][1] - i%3
			}
			if _, err := db.ScoreAnnualReview(actors[name], rv.ID, s, "工作认真，完成年度目标。"); err != nil {
				return fmt.Errorf("score %s by %s: %w", who, name, err)
			}
		}
		if who != "fawu" && who != "renshi" { // two still in progress
			if _, err := db.ConcludeAnnualReview(hr, rv.ID, ""); err != nil {
				return err
			}
		}
	}
	return seedPayroll(ctx, db, users, actors)
}

// seedPayroll enters the staff's pay of the two months before this one and
// posts both payrolls.
func seedPayroll(ctx context.Context, db *sqlstore.DB, users map[string]*chamber.User, actors map[string]context.Context) error {
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	basic := map[string]int64{"mishuzhang": 1500000, "bangong": 1100000, "huiyuan": 1000000, "caiwu": 1050000, "kuaiji": 650000,
		"fawu": 1000000, "renshi": 1000000, "wenmi": 580000}
	for _, back := range []int{2, 1} {
		month := first.AddDate(0, -back, 0).Format("2006-01")
		for who, b := range basic {
			allowance := b / 10
			base := b + allowance
			item := chamber.PayItem{Month: month, UserID: users[who].ID, BasicFen: b, AllowanceFen: allowance,
				SIEmployeeFen: base * 105 / 1000, HFEmployeeFen: base * 7 / 100, SIEmployerFen: base * 245 / 1000, HFEmployerFen: base * 7 / 100}
			if _, err := db.SavePayItem(actors["renshi"], item); err != nil {
				return fmt.Errorf("pay %s %s: %w", who, month, err)
			}
		}
		if _, err := db.PostPayroll(actors["caiwu"], month); err != nil {
			return fmt.Errorf("payroll %s: %w", month, err)
		}
	}
	return nil
}
