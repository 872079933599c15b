package demo

import (
	"context"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedLiaison gives the 会员发展部 a contact log: visits, calls and
// meetings with some members over the year, so the list of members not
// contacted for six months shows the rest; the 秘书长's visits besides.
func seedLiaison(ctx context.Context, db *sqlstore.DB) error {
	u, err := db.FindUserByUsername(ctx, "huiyuan")
	if err != nil {
		return err
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	staff := chamber.WithActor(ctx, a)
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{Status: chamber.StatusActive, Sort: "name"}, chamber.Page{Limit: 40})
	if err != nil {
		return err
	}
	notes := []struct{ kind, summary string }{
		{"visit", "走访企业，了解今年订单和用工情况，企业反映融资成本偏高，已转经济合作部。"},
		{"call", "电话回访会费缴纳和年会参会意向。"},
		{"meeting", "参加会员企业座谈，收集对商会服务的意见三条。"},
		{"visit", "陪同会长考察新厂区，企业希望商会协调用电扩容。"},
		{"message", "发送政策解读材料并确认收到。"},
	}
	for i, m := range members {
		if i%3 == 2 {
			continue // some members nobody has contacted
		}
		n := notes[i%len(notes)]
		day := today.AddDate(0, -(i%11)-1, -(i % 20))
		if _, err := db.LogLiaison(staff, chamber.Liaison{MemberID: m.ID, Date: day.Format("2006-01-02"), Kind: n.kind, Summary: n.summary}); err != nil {
			return err
		}
	}
	// The 秘书长 visits some of them too, so the log differs by staff member.
	sg, err := db.FindUserByUsername(ctx, "mishuzhang")
	if err != nil {
		return err
	}
	sa, err := db.Actor(ctx, sg.ID)
	if err != nil {
		return err
	}
	for i, m := range members {
		if i%4 != 0 {
			continue
		}
		day := today.AddDate(0, 0, -(i%45)-3)
		if _, err := db.LogLiaison(chamber.WithActor(ctx, sa), chamber.Liaison{MemberID: m.ID, Date: day.Format("2006-01-02"), Kind: "visit",
			Summary: "秘书长带队走访，听取企业对商会工作的意见建议，了解企业发展中遇到的困难。"}); err != nil {
			return err
		}
	}
	return nil
}
