// Package demo fills a database with a demo chamber, so that a newcomer
// running `chamber serve --demo` sees a living system. Each domain adds its
// part here.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// Password is every demo login's password.
const Password = "chamber-demo"

// Login is one demo login to print.
type Login struct {
	Username, Name, Role string
}

// Logins are the demo logins.
var Logins = []Login{
	{"admin", "系统管理员", "admin"},
	{"huizhang", "陈建国", "会长"},
	{"mishuzhang", "王丽华", "秘书长"},
	{"bangong", "赵明", "办公室主任"},
	{"huiyuan", "孙晓燕", "会员发展部总监"},
	{"caiwu", "李静", "财务部总监"},
	{"kuaiji", "周婷", "财务部专员"},
	{"jianshi", "吴志强", "监事"},
	{"fawu", "郑文博", "法律维权部总监"},
	{"renshi", "钱雅琴", "人力资源部总监"},
	{"wenmi", "刘小雨", "办公室专员"},
	{"jingji", "黄志远", "经济合作部总监"},
	{"houqin", "郭建华", "行政后勤部总监"},
	{"qiye", "会员企业代表", "portal"},
	{"fuhuizhang", "林国栋", "副会长"},
}

// Seed fills db once; it does nothing on a database it already filled.
func Seed(ctx context.Context, db *sqlstore.DB) error { return SeedWith(ctx, db, Options{}) }

// SeedWith is Seed with files (attachments) stored in opt.Blobs.
func SeedWith(ctx context.Context, db *sqlstore.DB, opt Options) error {
	ctx = chamber.WithActor(ctx, chamber.SystemActor)
	if _, err := db.FindUserByUsername(ctx, "admin"); err == nil {
		return nil
	} else if chamber.ErrorCode(err) != chamber.ENOTFOUND {
		return err
	}
	if err := db.UpdateSettings(ctx, chamber.Settings{Name: "滨江市温州商会（演示）", TimeZone: chamber.DefaultTimeZone,
		Intro:   "滨江市温州商会由在滨江投资兴业的温州籍企业家自愿组成，是非营利性社会团体。\n本会为会员企业提供政策咨询、融资对接、法律服务和交流平台。",
		Address: "滨江市江南大道 1888 号温商大厦 12 楼", Phone: "0571-86668888", Email: "office@wzsh.example.org"}); err != nil {
		return err
	}
	for _, l := range Logins {
		if l.Role == "portal" || l.Username == viceLogin {
			continue // made by its domain, linked to a member
		}
		if _, err := db.CreateUser(ctx, chamber.NewUser{Username: l.Username, Name: l.Name, Password: Password, Admin: l.Role == "admin"}); err != nil {
			return fmt.Errorf("demo login %s: %w", l.Username, err)
		}
	}
	// Each domain fills its part, in dependency order.
	for _, step := range []struct {
		name string
		fn   func(context.Context, *sqlstore.DB) error
	}{
		{"organisation", seedOrg},
		{"members", seedMembers},
		{"finance", seedFinance},
		{"meetings", seedMeetings},
		{"announcements", seedAnnouncements},
		{"services", seedTickets},
		{"legal aid", seedLegal},
		{"staff and leave", seedLeave},
		{"recruitment", seedRecruitment},
		{"events", seedEvents},
		{"projects", seedProjects},
		{"documents", func(ctx context.Context, db *sqlstore.DB) error { return seedDocuments(ctx, db, opt) }},
		{"archive", seedArchive},
		{"knowledge base", func(ctx context.Context, db *sqlstore.DB) error { return seedKnowledge(ctx, db, opt) }},
		{"bank statement", seedBank},
		{"to-do", seedTodo},
		{"member contacts", seedLiaison},
		{"reviews and pay", seedReviewsAndPay},
		{"purchases and assets", seedPurchases},
		{"vehicles and facilities", seedFacilities},
		{"budget adoption", seedBudgetAdoption},
		{"outside relations", seedRelations},
		{"work report and 年报", seedReports},
	} {
		if err := step.fn(ctx, db); err != nil {
			return fmt.Errorf("demo %s: %w", step.name, err)
		}
	}
	return nil
}

// chamberNow is now on the chamber's clock: the demo's days and years are
// the chamber's (its zone, Asia/Shanghai), whatever the machine's zone, so
// a server elsewhere does not put the year's plan in last year on 1 January.
func chamberNow(ctx context.Context, db *sqlstore.DB) time.Time {
	st, err := db.Settings(ctx)
	if err != nil {
		st = &chamber.Settings{TimeZone: chamber.DefaultTimeZone}
	}
	return db.Now().In(st.Location())
}

// chamberDay is the chamber's day (YYYY-MM-DD) of an instant.
func chamberDay(t, now time.Time) string { return t.In(now.Location()).Format("2006-01-02") }
