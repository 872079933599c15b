package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedBank imports the bank's statement of the basic account (100201) for
// last month (this month in January) and matches it automatically, so the
// 余额调节表 has something in each column: most lines clear a day after
// they are booked (matched), the members' event clears five days later
// (left for a match by hand), the month's last payment has not reached the
// bank, and the bank's interest and fee are not in the books yet.
func seedBank(ctx context.Context, db *sqlstore.DB) error {
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	month := today.AddDate(0, -1, 0)
	if month.Year() != today.Year() {
		month = today
	}
	from, to, _ := chamber.PeriodRange(month.Format("2006-01"))
	if to > today.Format("2006-01-02") {
		to = today.Format("2006-01-02")
	}
	led, _, err := db.AccountLedger(ctx, "100201", from, to, chamber.Page{Limit: 500})
	if err != nil {
		return err
	}
	if len(led.Entries) == 0 {
		return nil
	}
	day := func(date string, n int) string {
		t, _ := time.Parse("2006-01-02", date)
		d := t.AddDate(0, 0, n).Format("2006-01-02")
		return min(d, to)
	}
	var lines []chamber.BankStatementLine
	for i, e := range led.Entries {
		if i == len(led.Entries)-1 && len(led.Entries) >= 3 {
			break // not at the bank yet: 企业已付/已收、银行未付/未收
		}
		shift := 1
		if e.Summary == "会员交流活动" {
			shift = 5
		}
		lines = append(lines, chamber.BankStatementLine{Date: day(e.Date, shift), Summary: e.Summary, InFen: e.DebitFen, OutFen: e.CreditFen})
	}
	lines = append(lines,
		chamber.BankStatementLine{Date: day(from, 20), Summary: "利息收入", InFen: 3520},
		chamber.BankStatementLine{Date: day(from, 24), Summary: "账户管理费", OutFen: 1200})
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Date < lines[j].Date })
	bal := led.OpeningFen
	for i := range lines {
		bal += lines[i].InFen - lines[i].OutFen
		lines[i].BalanceFen = bal
	}
	st, err := db.ImportBankStatement(ctx, chamber.NewBankStatement{Account: "100201",
		FileName: fmt.Sprintf("基本户对账单%s.xlsx", month.Format("2006-01")), Lines: lines})
	if err != nil {
		return err
	}
	_, err = db.AutoMatchBank(ctx, st.ID)
	return err
}
