package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedShowcase writes 会员风采: three members' profiles written by the
// office (approved at once), and the portal login's member's own profile,
// submitted on the portal and waiting for review. It returns the first
// approved profile, the 会刊's member story.
func seedShowcase(ctx context.Context, db *sqlstore.DB, office context.Context) (*chamber.MemberProfile, error) {
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{Status: chamber.StatusActive, Sort: "name"}, chamber.Page{Limit: chamber.MaxPageLimit})
	if err != nil || len(members) < 8 {
		return nil, fmt.Errorf("members for the showcase: %d, %v", len(members), err)
	}
	u, err := db.FindUserByUsername(ctx, "qiye")
	if err != nil || u.MemberID == 0 {
		return nil, fmt.Errorf("the portal login: %v", err)
	}
	var first *chamber.MemberProfile
	industries := []string{"电气机械", "服装鞋业", "商贸物流"}
	texts := []chamber.ProfileText{
		{IntroZh: "本公司创办于1996年，是温州较早从事智能电气研发制造的企业之一，现有员工六百余人，其中研发人员一百二十人。\n\n公司坚持“质量立企、创新强企”，通过ISO9001、ISO14001体系认证，产品远销东南亚、中东和欧洲三十多个国家和地区。",
			IntroEn:    "Founded in 1996, the company was among the first in Wenzhou to design and make smart electrical equipment. It employs over 600 people, 120 of them in R&D.\n\nCertified to ISO 9001 and ISO 14001, it exports to more than 30 countries in Southeast Asia, the Middle East and Europe.",
			ProductsZh: "低压断路器、智能配电箱、光伏汇流箱", ProductsEn: "Low-voltage circuit breakers, smart distribution boxes, PV combiner boxes", Website: "https://dianqi.example.com"},
		{IntroZh: "公司专注男士真皮皮鞋二十余年，拥有自主品牌和三条现代化生产线，年产皮鞋一百二十万双。\n\n近年来积极开拓跨境电商渠道，在米兰、迪拜设立展示中心，为国内外客户提供贴牌加工与设计服务。",
			IntroEn:    "For over twenty years the company has made men's leather shoes under its own brand on three modern lines, 1.2 million pairs a year.\n\nIt now sells through cross-border e-commerce and showrooms in Milan and Dubai, and offers OEM and design services.",
			ProductsZh: "男士正装皮鞋、商务休闲鞋、定制皮鞋", ProductsEn: "Men's dress shoes, business casual shoes, made-to-order shoes"},
		{IntroZh: "公司是一家集仓储、干线运输、城市配送于一体的综合物流企业，在滨江、温州、宁波拥有仓库十二万平方米。\n\n公司为会员企业提供一站式供应链服务，热忱欢迎各界朋友洽谈合作。",
			ProductsZh: "仓储管理、整车及零担运输、跨境物流", Website: "https://wuliu.example.com"},
	}
	used := map[chamber.ID]bool{u.MemberID: true}
	for i, text := range texts {
		// A member of the text's trade, else any unit member not yet written.
		var m *chamber.Member
		for _, c := range members {
			if !used[c.ID] && c.Kind == chamber.MemberUnit && (m == nil || (c.Industry == industries[i] && m.Industry != industries[i])) {
				m = c
			}
		}
		if m == nil {
			break
		}
		used[m.ID] = true
		p, err := db.SaveMemberProfile(office, chamber.MemberProfileInput{MemberID: m.ID, ProfileText: text})
		if err != nil {
			return nil, fmt.Errorf("profile of %s: %w", m.Name, err)
		}
		if first == nil {
			first = p
		}
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if _, err := db.SaveMemberProfile(chamber.WithActor(ctx, a), chamber.MemberProfileInput{ProfileText: chamber.ProfileText{
		IntroZh:    "本企业扎根温州鞋都三十年，专业生产男士皮鞋，拥有“瓯韵”自主品牌，产品通过欧盟CE认证。",
		IntroEn:    "Rooted in Wenzhou's shoe capital for thirty years, we make men's leather shoes under our own Ouyun brand, CE certified for the EU.",
		ProductsZh: "男士皮鞋、皮具", ProductsEn: "Men's leather shoes, leather goods"}}); err != nil {
		return nil, fmt.Errorf("the portal's profile: %w", err)
	}
	if first == nil {
		return nil, fmt.Errorf("no unit members for the showcase")
	}
	return first, nil
}
