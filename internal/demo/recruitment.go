package demo

import (
	"context"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedRecruitment opens two vacancies: a 会员发展部专员 approved by the
// 秘书长 with applicants at each stage (one hired last month), and a
// 行政后勤部专员 (driver) waiting in her to-do.
func seedRecruitment(ctx context.Context, db *sqlstore.DB) error {
	as := func(username string) (context.Context, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
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
	sg, err := as("mishuzhang")
	if err != nil {
		return err
	}
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }

	o, err := db.CreateOpening(hr, chamber.NewOpening{PositionID: pos["member_development_staff"], Title: "会员发展部专员", Headcount: 2,
		Description: "负责会员走访、入会材料审核和会员数据库维护。\n本科及以上学历，两年以上社团或企业服务经验，熟悉办公软件，能适应出差。"})
	if err != nil {
		return err
	}
	if _, err := db.DecideOpening(sg, o.ID, true, "同意招聘两名，年内到岗。"); err != nil {
		return err
	}
	type step struct {
		stage, result, notes string
		day                  int
	}
	for _, a := range []struct {
		name, phone, email, note string
		steps                    []step
		outcome                  string
	}{
		{"林佳怡", "13867710021", "linjiayi@example.com", "温州大学工商管理专业，曾在区工商联实习一年。",
			[]step{{"screening", "pass", "简历匹配，有商会实习经历。", -40}, {"first", "pass", "表达清晰，熟悉会员服务流程。", -33}, {"final", "pass", "秘书长面谈通过，建议录用。", -28}}, "hire"},
		{"陈浩然", "13867710022", "", "某物流企业客服主管五年。",
			[]step{{"screening", "pass", "服务经验丰富。", -12}, {"first", "pass", "沟通能力强，待复试。", -5}}, ""},
		{"赵思远", "13867710023", "zhaosiyuan@example.com", "应届毕业生，汉语言文学专业。",
			[]step{{"screening", "pending", "", -3}}, ""},
		{"孙磊", "13867710024", "", "期望薪资超出预算。",
			[]step{{"screening", "fail", "期望薪资与岗位预算差距较大。", -20}}, "reject"},
	} {
		ap, err := db.AddApplicant(hr, o.ID, chamber.Applicant{Name: a.name, Phone: a.phone, Email: a.email, Note: a.note})
		if err != nil {
			return err
		}
		for _, s := range a.steps {
			if _, err := db.AddInterview(hr, ap.ID, chamber.Interview{Stage: s.stage, Date: day(s.day), Result: s.result, Notes: s.notes}); err != nil {
				return err
			}
		}
		switch a.outcome {
		case "hire":
			if _, err := db.HireApplicant(hr, ap.ID, chamber.Hire{Username: "linjiayi", HiredOn: day(-21), Employment: "full_time",
				ContractStartsOn: day(-21), ContractEndsOn: today.AddDate(3, 0, -22).Format("2006-01-02")}); err != nil {
				return err
			}
		case "reject":
			if _, err := db.RejectApplicant(hr, ap.ID, "已电话告知。"); err != nil {
				return err
			}
		}
	}
	_, err = db.CreateOpening(hr, chamber.NewOpening{PositionID: pos["logistics_staff"], Title: "行政后勤部专员（驾驶员）", Headcount: 1,
		Description: "负责商会车辆驾驶、保养和行车记录，C1 以上驾照，五年以上驾龄。"})
	return err
}
