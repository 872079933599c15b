package demo

import (
	"context"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedKnowledge fills the knowledge base: a 政策法规库 the members read, kept
// by the legal-aid department, and a 资料汇编 of other chambers' practice
// for the secretariat, one entry linked to the regulations register.
func seedKnowledge(ctx context.Context, db *sqlstore.DB, opt Options) error {
	u, err := db.FindUserByUsername(ctx, "fawu")
	if err != nil {
		return err
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	legal := chamber.WithActor(ctx, a)
	office := legal
	if u, err := db.FindUserByUsername(ctx, "bangong"); err == nil {
		if a, err := db.Actor(ctx, u.ID); err == nil {
			office = chamber.WithActor(ctx, a)
		}
	}
	laws, err := db.CreateCollection(legal, chamber.NewKBCollection{Name: "政策法规库", Description: "涉企法律法规与扶持政策，供会员查阅；法律维权部维护。", Audience: chamber.KBMembers})
	if err != nil {
		return err
	}
	for i, it := range []chamber.NewKBItem{
		{Title: "中华人民共和国中小企业促进法", Source: "中华人民共和国主席令第七十四号",
			Body: "## 第一章 总则\n\n第一条 为了改善中小企业经营环境，保障中小企业公平参与市场竞争，维护中小企业合法权益，支持中小企业创业创新，促进中小企业健康发展……\n\n## 第四章 融资促进\n\n国家完善担保融资制度，支持金融机构为中小企业提供以应收账款、知识产权等为担保品的融资。"},
		{Title: "保障中小企业款项支付条例", Source: "国务院令第 802 号",
			Body: "机关、事业单位和大型企业采购货物、工程、服务，应当自货物、工程、服务交付之日起 30 日内支付款项；合同另有约定的，从其约定，但付款期限最长不得超过 60 日。"},
		{Title: "社会团体登记管理条例", Source: "国务院令第 250 号",
			Body: "第二条 本条例所称社会团体，是指中国公民自愿组成，为实现会员共同意愿，按照其章程开展活动的非营利性社会组织。"},
		{Title: "滨江市支持民营经济高质量发展若干措施（摘要）", Source: "滨江市人民政府",
			Body: "- 降低融资成本：对符合条件的小微企业贷款给予贴息\n- 优化营商环境：涉企行政检查实行“综合查一次”\n- 人才支持：民营企业引进高层次人才享受同等政策"},
	} {
		item, err := db.AddKBItem(legal, laws.ID, it)
		if err != nil {
			return err
		}
		if i == 0 {
			if err := opt.attach(legal, db, chamber.OwnerKBItem, item.ID, demoFile{name: "小微企业融资担保业务指引.docx", paras: []string{
				"小微企业融资担保业务指引", "第一条 政府性融资担保机构应当聚焦小微企业和“三农”主体。",
				"第三条 担保费率原则上不超过百分之一，对单户担保金额五百万元以下的小微企业逐步降至百分之一以下。"}}); err != nil {
				return err
			}
		}
	}
	cases, err := db.CreateCollection(office, chamber.NewKBCollection{Name: "各地商会工作经验汇编", Description: "办公室收集的各地商会工作经验，供秘书处参考。", Audience: chamber.KBStaff})
	if err != nil {
		return err
	}
	items := []chamber.NewKBItem{
		{Title: "异地商会开展会员走访的做法", Source: "省温州商会联络处",
			Body: "1. 按片区建立走访小组，每季度走访一遍\n2. 走访记录当日录入系统，问题转服务工单\n3. 年终通报走访情况"},
		{Title: "商会调解组织参与涉企纠纷化解的经验", Source: "市工商联",
			Body: "商会人民调解委员会受理会员企业之间的合同纠纷，调解成功率逾八成。"},
	}
	regs, err := db.CurrentRegulations(office)
	if err == nil && len(regs) > 0 {
		items = append(items, chamber.NewKBItem{Title: "本会现行制度：" + regs[0].Title, Source: regs[0].DocNo, DocumentID: regs[0].ID,
			Body: "见规章制度登记簿中的现行版本。"})
	}
	for _, it := range items {
		if _, err := db.AddKBItem(office, cases.ID, it); err != nil {
			return err
		}
	}
	return nil
}
