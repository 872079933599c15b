package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// Parts of realistic member names; a fixed seed gives the same demo every time.
var (
	demoCities     = []string{"温州", "杭州", "宁波", "滨江", "瑞安", "乐清", "永嘉", "苍南", "平阳", "台州"}
	demoWords      = []string{"华信", "瑞丰", "恒通", "中诚", "鑫达", "宏远", "东方", "金桥", "博雅", "天成", "远航", "新锐", "明德", "正泰", "嘉禾", "同创"}
	demoIndustries = []string{"服装鞋业", "电气机械", "阀门泵业", "眼镜制造", "电子信息", "建筑装饰", "商贸物流", "餐饮酒店", "金融服务", "软件信息"}
	demoSuffixes   = []string{"科技有限公司", "实业有限公司", "贸易有限公司", "集团有限公司", "电器有限公司", "鞋业有限公司", "建设有限公司"}
	demoSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "林", "郑", "潘"}
	demoGiven      = []string{"建国", "海峰", "丽华", "志强", "秀英", "晓明", "伟", "敏", "国庆", "春燕", "振华", "文杰"}
	demoRegions    = []string{"鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "滨江区", "西湖区"}
	demoTiers      = []string{"president", "vice_president", "standing_council", "council", "member", "member", "member", "member"}
)

// seedMembers fills the member domain of the demo chamber: a few hundred
// members with valid credit codes, a few applications in the admission flow.
func seedMembers(ctx context.Context, db *sqlstore.DB) error {
	r := rand.New(rand.NewPCG(4, 2026))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var rows []chamber.ImportRow
	seen := map[string]bool{}
	for len(rows) < 320 {
		name := pick(demoCities) + pick(demoWords) + pick(demoSuffixes)
		if seen[name] {
			continue
		}
		seen[name] = true
		body := fmt.Sprintf("913303%02dMA%07d", r.IntN(30), len(rows)+1000)
		tier := pick(demoTiers)
		if len(rows) == 0 {
			tier = "president"
		}
		in := chamber.MemberInput{Kind: chamber.MemberUnit, Name: name, Tier: tier, Industry: pick(demoIndustries),
			Region: pick(demoRegions), CreditCode: body + string(chamber.CreditCodeCheckChar(body)),
			LegalRep: pick(demoSurnames) + pick(demoGiven), ContactName: pick(demoSurnames) + pick(demoGiven),
			Phone: fmt.Sprintf("13%d%08d", 5+r.IntN(5), r.IntN(100000000)), Size: pick([]string{"50人以下", "50-200人", "200-1000人", "1000人以上"}),
			JoinedOn: fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(11), 1+r.IntN(12), 1+r.IntN(28)), PublicList: r.IntN(3) == 0}
		if r.IntN(5) == 0 {
			in.Tags = []string{pick([]string{"青年企业家", "女企业家", "外贸", "专精特新"})}
		}
		rows = append(rows, chamber.ImportRow{Row: len(rows) + 2, Input: in})
	}
	for i := 0; i < 30; i++ {
		rows = append(rows, chamber.ImportRow{Row: len(rows) + 2, Input: chamber.MemberInput{Kind: chamber.MemberIndividual,
			Name: pick(demoSurnames) + pick(demoGiven), Company: pick(demoCities) + pick(demoWords) + pick(demoSuffixes),
			Industry: pick(demoIndustries), Region: pick(demoRegions), Phone: fmt.Sprintf("139%08d", r.IntN(100000000))}})
	}
	_, bad, err := db.ImportMembers(ctx, rows)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("demo members: row %d %s %s", bad[0].Row, bad[0].Field, bad[0].Key)
	}
	// A few applications at each stage of admission.
	for i, name := range []string{"温州新锐电子科技有限公司", "瑞安同创鞋业有限公司", "乐清正泰电器有限公司"} {
		body := fmt.Sprintf("91330381MA%07d", 900+i)
		a, err := db.Apply(ctx, chamber.ApplicationInput{MemberInput: chamber.MemberInput{Kind: chamber.MemberUnit, Name: name,
			CreditCode: body + string(chamber.CreditCodeCheckChar(body)), ContactName: pick(demoSurnames) + pick(demoGiven),
			Phone: "13957712345", Industry: pick(demoIndustries)}, Message: "申请加入商会。"})
		if err != nil {
			return err
		}
		if i >= 1 {
			if _, err := db.DecideApplication(ctx, a.ID, chamber.AppDecision{Action: "review_pass", Note: "材料齐全"}); err != nil {
				return err
			}
		}
	}
	return nil
}
