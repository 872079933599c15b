package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedLegal fills legal aid: a case opened from the legal-aid request and
// worked by the law firm, a closed case of the demo member (qiye), a case
// just opened; the rights request as a typical case awaiting approval; the law firm's weekly office hours (every Thursday
// afternoon, as its agreement says) and a dated session, with bookings.
func seedLegal(ctx context.Context, db *sqlstore.DB) error {
	u, err := db.FindUserByUsername(ctx, "fawu")
	if err != nil {
		return err
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	fawu := chamber.WithActor(ctx, a)
	firms, _, err := db.ListContacts(fawu, "", "law_firm", chamber.Page{Limit: 5})
	if err != nil || len(firms) == 0 {
		return fmt.Errorf("no law firm: %v", err)
	}
	firm := firms[0]
	today, _ := chamber.ParseDate(db.Today(ctx))
	ago := func(days int) string { return today.AddDate(0, 0, -days).Format("2006-01-02") }

	ticketOf := func(kind chamber.TicketKind) (*chamber.Ticket, error) {
		ts, _, err := db.ListTickets(fawu, chamber.TicketFilter{Kind: string(kind)}, chamber.Page{Limit: 5})
		if err != nil || len(ts) == 0 {
			return nil, fmt.Errorf("no %s ticket: %v", kind, err)
		}
		return ts[len(ts)-1], nil
	}
	// 1. From the legal-aid request: in progress with the law firm.
	tk, err := ticketOf(chamber.TicketLegalAid)
	if err != nil {
		return err
	}
	c, err := db.OpenLegalCase(fawu, chamber.NewLegalCase{TicketID: tk.ID, AdviserID: firm.ID, AdviserPerson: "陈立言",
		Notes: "对方系外地商会会员，先请兄弟商会居中调解；调解不成再发律师函。"})
	if err != nil {
		return fmt.Errorf("legal case: %w", err)
	}
	for _, s := range []chamber.LegalStep{
		{Date: ago(30), Kind: "consultation", Note: "陈律师到企业了解情况，审阅购销合同、送货单和对账单，认为证据较充分。"},
		{Date: ago(25), Kind: "negotiation", Note: "联系合肥某商会，请其协调对方负责人面谈。", Internal: false},
		{Date: ago(20), Kind: "other", Note: "对方负责人称资金紧张，口头承诺分期付款；需防范其转移资产。", Internal: true},
		{Date: ago(10), Kind: "letter", Note: "律所发出律师函，要求十五日内支付首期货款 20 万元。"},
	} {
		if _, err := db.AddLegalStep(fawu, c.ID, s); err != nil {
			return err
		}
	}
	// 2. The demo member's earlier dispute, settled and closed.
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{}, chamber.Page{Limit: 20})
	if err != nil {
		return err
	}
	closed, err := db.OpenLegalCase(fawu, chamber.NewLegalCase{MemberID: members[1].ID, Subject: "商标被仿冒",
		Summary: "外地一家企业在电商平台使用与我司近似的商标销售同类产品。", DisputeFen: 5000000, AdviserID: firm.ID, AdviserPerson: "陈立言",
		Parties: []chamber.LegalParty{{Role: "applicant", Name: members[1].Name}, {Role: "respondent", Name: "义乌某日用品商行"}}})
	if err != nil {
		return err
	}
	for _, s := range []chamber.LegalStep{
		{Date: ago(80), Kind: "consultation", Note: "固定侵权证据，公证购买侵权产品。"},
		{Date: ago(70), Kind: "letter", Note: "向对方及电商平台发出律师函和侵权投诉。"},
		{Date: ago(60), Kind: "mediation", Note: "经市场监管部门调解，对方同意下架产品并赔偿。"},
	} {
		if _, err := db.AddLegalStep(fawu, closed.ID, s); err != nil {
			return err
		}
	}
	if _, err := db.CloseLegalCase(fawu, closed.ID, "mediated", "对方下架全部侵权产品，赔偿经济损失 3 万元，双方签订调解协议。"); err != nil {
		return err
	}
	// 3. A new case, no adviser yet.
	if _, err := db.OpenLegalCase(fawu, chamber.NewLegalCase{MemberID: members[4%len(members)].ID, Subject: "厂房租赁合同提前解除",
		Summary: "出租方以旧改为由要求提前收回厂房，仅愿补偿一个月租金。", DisputeFen: 120000000,
		Parties: []chamber.LegalParty{{Role: "applicant", Name: members[4%len(members)].Name}, {Role: "respondent", Name: "滨江某村经济合作社"}},
		Notes:   "需核实租赁合同中的拆迁条款。"}); err != nil {
		return err
	}
	// The rights request, resolved, becomes an anonymised typical case
	// (典型事例) awaiting the announcement approval.
	if rt, err := ticketOf(chamber.TicketRights); err == nil {
		if _, err := db.ResolveTicket(fawu, rt.ID, "经向市公平竞争审查联席办公室反映，招标人已修改招标文件，删除本地注册的要求，外地企业可平等参与投标。"); err != nil {
			return err
		}
		if _, err := db.MarkTypicalCase(fawu, rt.ID, chamber.NewTypicalCase{Title: "典型事例：招标文件设置本地注册门槛排斥外地企业", Anonymise: true}); err != nil {
			return err
		}
	}

	// Office hours: every Thursday afternoon; a Saturday-morning session next week.
	if _, err := db.AddOfficeHours(fawu, chamber.OfficeHours{AdviserID: firm.ID, AdviserPerson: "陈立言", Weekday: 4, From: ago(60),
		Start: "14:00", End: "17:00", SlotMinutes: 30, Place: "商会三楼法律服务室"}); err != nil {
		return err
	}
	sat := today.AddDate(0, 0, 1)
	for sat.Weekday() != time.Saturday {
		sat = sat.AddDate(0, 0, 1)
	}
	dated, err := db.AddOfficeHours(fawu, chamber.OfficeHours{AdviserID: firm.ID, AdviserPerson: "王雅琴", Date: sat.Format("2006-01-02"),
		Start: "09:00", End: "11:00", SlotMinutes: 60, Place: "商会一楼大厅（劳动用工专场）"})
	if err != nil {
		return err
	}
	slots, err := db.ConsultationSlots(fawu, today.Format("2006-01-02"), today.AddDate(0, 0, 13).Format("2006-01-02"))
	if err != nil {
		return err
	}
	booked := 0
	for i, s := range slots {
		if booked == 3 || (i%3 != 0 && s.OfficeHoursID != dated.ID) {
			continue
		}
		m := members[(booked*5+1)%len(members)]
		topic := []string{"劳动合同解除的经济补偿如何计算", "租赁合同到期续约纠纷", "应收账款诉讼时效咨询"}[booked]
		if _, err := db.BookConsultation(fawu, chamber.NewConsultation{OfficeHoursID: s.OfficeHoursID, Date: s.Date, Start: s.Start, MemberID: m.ID, Topic: topic}); err != nil {
			return err
		}
		booked++
	}
	return nil
}
