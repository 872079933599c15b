package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedFinance fills the finance domain of the demo chamber: a year of
// vouchers on the 民非 chart, a budget and a restricted donation.
func seedFinance(ctx context.Context, db *sqlstore.DB) error {
	year := db.Today(ctx)[:4]
	l := func(acct string, dr, cr int64, memo string) chamber.NewVoucherLine {
		return chamber.NewVoucherLine{Account: acct, DebitFen: dr, CreditFen: cr, Memo: memo}
	}
	// The books of a 民非: leaf accounts only, overdrafts confirmed, vouchers reviewed.
	if _, err := db.UpdateFinanceSettings(ctx, chamber.FinanceSettings{Review: true, LeafOnly: true, NoOverdraft: true}); err != nil {
		return err
	}
	if _, err := db.PostOpeningBalances(ctx, chamber.NewOpeningBalances{Date: year + "-01-01",
		Lines: []chamber.NewVoucherLine{l("100201", 86000000, 0, "基本户"), l("1001", 500000, 0, "库存现金"), l("3101", 0, 86500000, "")}}); err != nil {
		return err
	}
	var vs []chamber.NewVoucher
	for m := 1; m <= 12; m++ {
		d := fmt.Sprintf("%s-%02d-", year, m)
		if m%3 == 1 { // the 出纳 draws petty cash each quarter
			vs = append(vs, chamber.NewVoucher{Date: d + "03", Summary: "提取备用金", Lines: []chamber.NewVoucherLine{l("1001", 300000, 0, ""), l("100201", 0, 300000, "")}})
		}
		vs = append(vs,
			chamber.NewVoucher{Date: d + "10", Summary: "发放工资", Lines: []chamber.NewVoucherLine{l("520101", 2600000, 0, "秘书处"), l("100201", 0, 2600000, "")}},
			chamber.NewVoucher{Date: d + "15", Summary: "办公用品", Lines: []chamber.NewVoucherLine{l("520102", 85000, 0, ""), l("1001", 0, 85000, "")}},
			chamber.NewVoucher{Date: d + "20", Summary: "会员交流活动", Lines: []chamber.NewVoucherLine{l("510102", 320000, 0, ""), l("100201", 0, 320000, "")}},
		)
	}
	today := db.Today(ctx)
	var past []chamber.NewVoucher
	for _, v := range vs {
		if v.Date <= today {
			past = append(past, v)
		}
	}
	if _, err := db.PostVouchers(ctx, past); err != nil {
		return err
	}
	var y int
	fmt.Sscanf(year, "%d", &y)
	for _, b := range []chamber.Budget{
		{Year: y, Department: "秘书处", Account: "5201", AmountFen: 120000000, Resolution: "第一届理事会第三次会议决议"},
		{Year: y, Department: "会员服务部", Account: "5101", AmountFen: 9500000, Resolution: "第一届理事会第三次会议决议"},
	} {
		if _, err := db.CreateBudget(ctx, b); err != nil {
			return err
		}
	}
	if _, err := db.RecordDonation(ctx, chamber.NewDonation{Donor: "温州某某实业有限公司", Date: year + "-01-08", AmountFen: 10000000, Restricted: true, Purpose: "助学公益项目"}); err != nil {
		return err
	}
	return seedDues(ctx, db, y, today)
}

// demoDuesRates is the demo's 会费标准 per tier, in yuan.
var demoDuesRates = map[string]int64{"president": 20000, "vice_president": 10000, "standing_council": 5000, "council": 2000, "member": 800}

// seedDues sets the year's dues standards, bills every member and records
// the payments (each posts its 会费收入 voucher): most pay by bank in the
// first quarter, some later or by WeChat, a few in part, a few not at all.
func seedDues(ctx context.Context, db *sqlstore.DB, year int, today string) error {
	for _, tier := range []string{"president", "vice_president", "standing_council", "council", "member"} {
		if _, err := db.SetDuesRate(ctx, chamber.DuesRate{Year: year, Tier: tier, AmountFen: demoDuesRates[tier] * 100,
			Resolution: "第一届会员大会第二次会议决议"}); err != nil {
			return err
		}
	}
	if _, err := db.InvoiceYear(ctx, year, fmt.Sprintf("%d-03-31", year)); err != nil {
		return err
	}
	var invoices []*chamber.DuesInvoice
	cursor := ""
	for {
		page, next, err := db.ListDuesInvoices(ctx, chamber.DuesFilter{Year: year}, chamber.Page{Limit: 200, Cursor: cursor})
		if err != nil {
			return err
		}
		invoices = append(invoices, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	for i, inv := range invoices {
		if i%9 == 4 { // in arrears
			continue
		}
		month := 1 + i%3 // most pay in the first quarter
		if i%7 == 0 {
			month = 4 + i%8 // some later in the year
		}
		date := fmt.Sprintf("%d-%02d-%02d", year, month, 5+i%20)
		if date > today {
			continue
		}
		amount := inv.AmountFen
		if i%13 == 6 {
			amount /= 2 // part paid
		}
		method := chamber.PayBank
		if i%5 == 3 {
			method = chamber.PayWeChat
		}
		if _, err := db.RecordDuesPayment(ctx, inv.ID, chamber.NewDuesPayment{Date: date, AmountFen: amount, Method: method,
			Reference: fmt.Sprintf("DEMO%06d", i+1)}); err != nil {
			return fmt.Errorf("dues payment %s: %w", inv.Number, err)
		}
	}
	return nil
}
