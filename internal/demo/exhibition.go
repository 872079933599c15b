package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedExhibitions lays out a held exhibition and a coming one: booths on a
// 4×2 floor plan, members' applications (most with a booth), and the
// products they promote (展销推介).
func seedExhibitions(ctx context.Context, db *sqlstore.DB) error {
	sys := chamber.WithActor(ctx, chamber.SystemActor)
	members, _, err := db.ListMembers(sys, chamber.MemberFilter{Status: chamber.StatusActive}, chamber.Page{Limit: 12})
	if err != nil {
		return err
	}
	products := [][2]string{{"手工真皮男鞋", "头层牛皮，固特异工艺"}, {"智能低压电器", "断路器、接触器系列"}, {"钛架光学眼镜", "超轻钛材，防蓝光镜片"},
		{"不锈钢阀门", "耐高压球阀、闸阀"}, {"汽摩配件", "刹车片、滤清器"}, {"瓯绣工艺品", "非遗瓯绣挂屏"}}
	today := chamberNow(ctx, db)
	for k, x := range []struct {
		title string
		days  int
	}{{"温州名优产品春季展销会", -150}, {"温商精品展销推介会（秋冬季）", 35}} {
		start := time.Date(today.Year(), today.Month(), today.Day(), 9, 0, 0, 0, today.Location()).AddDate(0, 0, x.days)
		e, err := db.CreateEvent(sys, chamber.NewEvent{Kind: chamber.EventExhibition, Title: x.title, StartsAt: start, EndsAt: start.Add(9 * time.Hour),
			Location: "温州国际会展中心 2 号馆", Audience: chamber.EventPublic, BudgetFen: 8000000})
		if err != nil {
			return err
		}
		var booths []*chamber.Booth
		for i := 0; i < 8; i++ {
			size, price := "3m×3m", int64(300000)
			if i%4 == 0 {
				size, price = "6m×3m", 550000
			}
			b, err := db.AddBooth(sys, e.ID, chamber.NewBooth{Number: fmt.Sprintf("%c%02d", 'A'+i/4, i%4+1), Size: size, PriceFen: price, X: i % 4, Y: i / 4})
			if err != nil {
				return err
			}
			booths = append(booths, b)
		}
		if _, err := db.PublishEvent(sys, e.ID); err != nil {
			return err
		}
		for i := 0; i < 6 && i < len(members); i++ {
			m := members[(i+k*3)%len(members)]
			a, err := db.ApplyExhibitor(sys, e.ID, chamber.NewExhibitorApplication{MemberID: m.ID, Note: "申请标准展位"})
			if err != nil {
				return err
			}
			if i == 5 {
				continue // still waiting for a booth
			}
			if _, err := db.AllocateBooth(sys, a.ID, booths[i].ID); err != nil {
				return err
			}
			p := products[(i+k)%len(products)]
			if _, err := db.AddExhibitorProduct(sys, a.ID, chamber.NewExhibitorProduct{Name: p[0], Description: p[1]}); err != nil {
				return err
			}
		}
		if x.days < 0 {
			if _, err := db.SetEventStatus(sys, e.ID, chamber.EventDone, "展会共吸引采购商 600 余人次，现场签约意向 23 项。"); err != nil {
				return err
			}
		}
	}
	return nil
}
