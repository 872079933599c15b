package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedTickets fills member services: the contacts they refer to (a law
// firm, banks, government offices), and requests of every kind in every
// state — new, in progress, referred, overdue, resolved and rated — filed by
// members on the portal, by staff for calls, and by the public.
func seedTickets(ctx context.Context, db *sqlstore.DB) error {
	as := func(username string) (context.Context, *chamber.User, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, nil, err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return nil, nil, err
		}
		return chamber.WithActor(ctx, a), u, nil
	}
	fawu, fawuUser, err := as("fawu")
	if err != nil {
		return err
	}
	office, officeUser, err := as("bangong")
	if err != nil {
		return err
	}
	var contacts []*chamber.Contact
	for _, c := range []chamber.Contact{
		{Kind: "law_firm", Name: "浙江瓯越律师事务所", Country: "中国", Notes: "本会常年法律顾问单位", People: []chamber.ContactPerson{{Name: "陈立言", Title: "主任律师", Phone: "13905770001", Email: "chenly@example.com"}}},
		{Kind: "bank", Name: "滨江农商银行普惠金融部", Country: "中国", People: []chamber.ContactPerson{{Name: "杨帆", Title: "部门经理", Phone: "13905770002"}}},
		{Kind: "bank", Name: "中国工商银行滨江支行", Country: "中国", People: []chamber.ContactPerson{{Name: "刘畅", Title: "客户经理", Phone: "13905770003"}}},
		{Kind: "government", Name: "滨江市工商业联合会", Country: "中国", People: []chamber.ContactPerson{{Name: "张主任", Title: "会员部主任", Phone: "0577-88881234"}}},
		{Kind: "government", Name: "滨江市商务局", Country: "中国", People: []chamber.ContactPerson{{Name: "李科长", Title: "外经科科长", Phone: "0577-88885678"}}},
		{Kind: "media", Name: "滨江日报经济部", Country: "中国", People: []chamber.ContactPerson{{Name: "王记者", Phone: "13905770004"}}},
		{Kind: "foreign_chamber", Name: "意大利温州商会", Country: "意大利", People: []chamber.ContactPerson{{Name: "Marco Hu", Title: "秘书长", Email: "marco@example.com"}}},
	} {
		created, err := db.CreateContact(office, c)
		if err != nil {
			return fmt.Errorf("contact %s: %w", c.Name, err)
		}
		contacts = append(contacts, created)
	}
	if _, err := db.AddInteraction(office, chamber.Interaction{ContactID: contacts[3].ID, Date: "2026-11-12", Kind: "visit", Summary: "秘书长带队拜访市工商联，汇报年度工作并商议非公经济人士推荐工作。", UserIDs: []chamber.ID{officeUser.ID}}); err != nil {
		return err
	}
	if _, err := db.AddInteraction(fawu, chamber.Interaction{ContactID: contacts[0].ID, Date: "2026-10-20", Kind: "meeting", Summary: "与律所续签常年法律顾问协议，约定每周四下午驻会咨询。", UserIDs: []chamber.ID{fawuUser.ID}}); err != nil {
		return err
	}
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{}, chamber.Page{Limit: 20})
	if err != nil {
		return err
	}
	type step struct {
		kind                   chamber.TicketKind
		subject, body, parties string
		dispute                int64
		daysAgo                int
		reply, note, outcome   string
		refer                  int // contact index + 1
		rating                 int
	}
	steps := []step{
		{kind: chamber.TicketInquiry, subject: "会费发票如何开具", body: "我司已缴纳 2026 年度会费，请问电子发票如何获取？", daysAgo: 40, reply: "已通过邮箱发送电子票据，请查收。", outcome: "已开具并发送电子票据。", rating: 5},
		{kind: chamber.TicketLegalAid, subject: "外地客户拖欠货款", body: "安徽某客户拖欠货款 48 万元已逾半年，多次催收无果。", parties: "合肥某建材贸易有限公司", dispute: 48000000, daysAgo: 35, reply: "已转介常年法律顾问，陈律师将于本周联系贵司。", note: "对方系外地商会会员，可先行通过兄弟商会调解。", refer: 1},
		{kind: chamber.TicketFinancing, subject: "流动资金贷款对接", body: "受原材料涨价影响，希望对接 300 万元流动资金贷款。", daysAgo: 12, reply: "已约农商银行普惠金融部下周到企业走访。", refer: 2},
		{kind: chamber.TicketPolicy, subject: "专精特新申报政策", body: "请问今年省级专精特新企业申报条件和截止时间？", daysAgo: 3},
		{kind: chamber.TicketComplaint, subject: "展会摊位安排不合理", body: "上次展销会我司摊位位置偏僻，与缴费标准不符。", daysAgo: 20, reply: "非常抱歉，已与主办方沟通，下届优先安排。", outcome: "退还摊位费差额 800 元，下届展会优先选位。", rating: 4},
		{kind: chamber.TicketRights, subject: "遭遇不公平招标条件", body: "某区招标文件要求本地注册，涉嫌排斥外地企业。", daysAgo: 50, note: "拟作为典型事例向市工商联反映。"},
		{kind: chamber.TicketInquiry, subject: "会员证书遗失补办", body: "会员证书遗失，如何补办？", daysAgo: 1},
	}
	for i, s := range steps {
		m := members[(i+2)%len(members)]
		if s.rating != 0 {
			m = members[1] // the demo member login (qiye) rates its own
		}
		tk, err := db.CreateTicket(fawu, chamber.NewTicket{Kind: s.kind, MemberID: m.ID, Subject: s.subject, Body: s.body, Parties: s.parties, DisputeFen: s.dispute, Channel: "phone"})
		if err != nil {
			return fmt.Errorf("ticket %s: %w", s.subject, err)
		}
		if s.reply != "" || s.outcome != "" || s.refer != 0 {
			if _, err := db.AssignTicket(fawu, tk.ID, fawuUser.ID); err != nil {
				return err
			}
		}
		if s.reply != "" {
			if _, err := db.ReplyTicket(fawu, tk.ID, s.reply, false); err != nil {
				return err
			}
		}
		if s.note != "" {
			if _, err := db.ReplyTicket(fawu, tk.ID, s.note, true); err != nil {
				return err
			}
		}
		if s.refer != 0 {
			if _, err := db.ReferTicket(fawu, tk.ID, contacts[s.refer-1].ID, "请协助跟进"); err != nil {
				return err
			}
		}
		if s.outcome != "" {
			if _, err := db.ResolveTicket(fawu, tk.ID, s.outcome); err != nil {
				return err
			}
		}
		if s.rating != 0 {
			if err := rateAsMember(ctx, db, m.ID, tk.ID, s.rating); err != nil {
				return err
			}
		}
		if err := backdateTicket(ctx, db, tk.ID, s.daysAgo); err != nil {
			return err
		}
	}
	// A 信访 from the public form.
	if _, err := db.CreateTicket(chamber.WithActor(ctx, nil), chamber.NewTicket{Kind: chamber.TicketPetition, Subject: "商会活动扰民", Body: "商会楼下周末活动音响太大，影响居民休息。",
		RequesterName: "周女士", RequesterPhone: "13857700123"}); err != nil {
		return err
	}
	_, err = db.EscalateTickets(ctx)
	return err
}

// rateAsMember rates a resolved ticket as the demo's member portal login (qiye).
func rateAsMember(ctx context.Context, db *sqlstore.DB, memberID, ticketID chamber.ID, rating int) error {
	u, err := db.FindUserByUsername(ctx, "qiye")
	if chamber.ErrorCode(err) == chamber.ENOTFOUND {
		u, err = db.CreateUser(ctx, chamber.NewUser{Username: "qiye", Name: "会员企业代表", Password: Password, MemberID: memberID})
	}
	if err != nil {
		return err
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	_, err = db.RateTicket(chamber.WithActor(ctx, a), ticketID, rating, "")
	return err
}

// backdateTicket moves a demo ticket's times into the past, so the demo has
// old, overdue and long-resolved requests.
func backdateTicket(ctx context.Context, db *sqlstore.DB, id chamber.ID, days int) error {
	shift := (time.Duration(days) * 24 * time.Hour).Microseconds()
	_, err := db.Writer().ExecContext(ctx, `UPDATE tickets SET created_at = created_at - $1, first_due_at = first_due_at - $1, due_at = due_at - $1,
		first_answered_at = first_answered_at - $1, resolved_at = resolved_at - $1 WHERE id = $2`, shift, id)
	return err
}
