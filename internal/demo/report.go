package demo

import (
	"context"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedReports drafts this year's work report (two versions by the 办公室主任
// and the 秘书长) and fills in part of the 年报, leaving some items missing
// as a real chamber would have them in December.
func seedReports(ctx context.Context, db *sqlstore.DB) error {
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
	office, err := as("bangong")
	if err != nil {
		return err
	}
	sg, err := as("mishuzhang")
	if err != nil {
		return err
	}
	year := 0
	for _, c := range db.Today(ctx)[:4] {
		year = year*10 + int(c-'0')
	}
	draft := map[string]string{
		"intro":   "本年度，商会在会长会议领导下，坚持“服务会员、服务发展”的宗旨，围绕年度工作计划开展各项工作。",
		"members": "全年新发展会员企业若干家，会员结构进一步优化。",
	}
	if _, err := db.SaveWorkReport(office, year, chamber.NewWorkReportVersion{Sections: draft}); err != nil {
		return err
	}
	draft["intro"] += "现将主要工作报告如下，请予审议。"
	draft["events"] = "举办**企业家论坛**、政策宣讲会和公益活动，会员参与踊跃。"
	draft["finance"] = "- 会费收缴率稳步提升\n- 各项支出控制在预算以内"
	draft["outlook"] = "下一年度，商会将继续加强会员服务，推进换届筹备工作。"
	if _, err := db.SaveWorkReport(sg, year, chamber.NewWorkReportVersion{BaseVersion: 1, Sections: draft}); err != nil {
		return err
	}
	_, err = db.SaveAuthorityFields(sg, year, chamber.AuthorityFields{Fields: map[string]string{
		"credit_code": "51330100MJ1234567X", "supervisor_unit": "滨江市工商业联合会",
		"scope": "服务会员企业，开展交流合作、信息咨询、权益维护和培训。", "funds": "人民币30万元",
		"founded_on": "2012年6月", "contact_person": "赵明", "party_org": "联合党支部", "party_members": "12",
	}})
	return err
}
