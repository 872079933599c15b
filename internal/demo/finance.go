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
			chamber.NewVoucher{Date: d + "05", Summary: "收取会费", Lines: []chamber.NewVoucherLine{l("100201", 1200000+int64(m)*10000, 0, ""), l("420101", 0, 1200000+int64(m)*10000, "")}},
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
		{Year: y, Department: "秘书处", Account: "5201", AmountFen: 40000000, Resolution: "第一届理事会第三次会议决议"},
		{Year: y, Department: "会员服务部", Account: "5101", AmountFen: 5000000, Resolution: "第一届理事会第三次会议决议"},
	} {
		if _, err := db.CreateBudget(ctx, b); err != nil {
			return err
		}
	}
	_, err := db.RecordDonation(ctx, chamber.NewDonation{Donor: "温州某某实业有限公司", Date: year + "-01-08", AmountFen: 10000000, Restricted: true, Purpose: "助学公益项目"})
	return err
}
