package demo

import (
	"context"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedAnnouncements fills the announcement domain of the demo chamber: a
// public news item, the year's disclosures and a notice to all members
// asking for acknowledgement, each drafted and then published (by the
// system, which stands in for the approver).
func seedAnnouncements(ctx context.Context, db *sqlstore.DB) error {
	for _, in := range []chamber.AnnouncementInput{
		{Kind: chamber.KindNews, Title: "商会举办2026年度温商发展论坛", Audience: chamber.AudiencePublic,
			Body: "11月20日，商会在滨江国际会议中心举办年度温商发展论坛，200余位会员企业代表参加。\n\n论坛围绕数字化转型与产业链协作展开交流。"},
		{Kind: chamber.KindDisclosure, Category: chamber.DisclosureFinance, Year: 2025, Title: "2025年度财务状况报告", Audience: chamber.AudienceAllMembers,
			Body: "根据章程，现将2025年度财务收支情况向全体会员公开。\n\n会费收入、捐赠收入及各项支出明细见附表，已经监事会审核。"},
		{Kind: chamber.KindDisclosure, Category: chamber.DisclosureWorkReport, Year: 2025, Title: "第三届理事会2025年度工作报告", Audience: chamber.AudiencePublic,
			Body: "一年来，在全体会员的支持下，商会围绕服务会员、规范管理两条主线开展工作。"},
		{Kind: chamber.KindNotice, Title: "关于缴纳2026年度会费的通知", Audience: chamber.AudienceAllMembers, RequireAck: true,
			Body: "各会员单位：\n\n请于12月31日前缴纳2026年度会费，并在系统中确认回执。\n\n秘书处"},
	} {
		a, err := db.CreateAnnouncement(ctx, in)
		if err != nil {
			return err
		}
		if _, err := db.PublishAnnouncement(ctx, a.ID); err != nil {
			return err
		}
	}
	return nil
}
