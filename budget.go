package chamber

import (
	"context"
	"time"
	"unicode/utf8"
)

// Budget is one line of a year's 年度预算: an amount for an expense account
// (and its sub-accounts), for a department (0: the whole chamber) and
// optionally a project, approved by a council resolution.
type Budget struct {
	ID           ID     `json:"id"`
	Year         int    `json:"year"`
	DepartmentID ID     `json:"department_id"`
	Department   string `json:"department"`
	Project      string `json:"project"`
	Account      string `json:"account"`
	AmountFen    int64  `json:"amount_fen"`
	Resolution   string `json:"resolution"`
	// Filled by the budget-vs-actual report.
	ActualFen int64  `json:"actual_fen"`
	Percent   int64  `json:"percent"` // actual / amount, whole per cent, rounded down
	Alert     string `json:"alert"`   // "", "80" (80% or more used), "100" (100% or more)
}

// BudgetAlert names the threshold spending has reached: 以上 includes the number.
func BudgetAlert(actual, amount int64) string {
	switch {
	case amount <= 0:
		return ""
	case actual >= amount:
		return "100"
	case actual*10 >= amount*8:
		return "80"
	}
	return ""
}

// Validate checks a budget line; the store checks the account exists.
func (b *Budget) Validate() error {
	var f Fields
	if b.Year < 2000 || b.Year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	if KindOfCode(b.Account) != AccountExpense || !digits(b.Account) {
		f.Add("account", "budget.err.expense_account")
	}
	if b.AmountFen <= 0 || b.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if b.DepartmentID < 0 {
		f.Add("department_id", "err.invalid_value")
	}
	if utf8.RuneCountInString(b.Department) > 60 {
		f.Add("department", "err.too_long", 60)
	}
	if utf8.RuneCountInString(b.Project) > 60 {
		f.Add("project", "err.too_long", 60)
	}
	if utf8.RuneCountInString(b.Resolution) > 100 {
		f.Add("resolution", "err.too_long", 100)
	}
	return f.Err()
}

// BudgetService keeps the budgets and compares them with the books.
type BudgetService interface {
	CreateBudget(ctx context.Context, b Budget) (*Budget, error)
	// BudgetReport lists a year's budget lines with what was spent against each.
	BudgetReport(ctx context.Context, year int) ([]*Budget, error)
	// AdoptBudget records the passed motion that adopted a year's budget
	// (kind AdoptBudget: no budget line is added afterwards) or its final
	// accounts (AdoptFinalAccounts: only once every month is closed).
	AdoptBudget(ctx context.Context, kind string, in NewBudgetAdoption) (*BudgetAdoption, error)
	// FinalAccounts is the year's 决算.
	FinalAccounts(ctx context.Context, year int) (*FinalAccounts, error)
}

// What a passed resolution adopts about a year's money: its 预算 (budget)
// and, after the year, its 决算 (final accounts).
const (
	AdoptBudget        = "budget"
	AdoptFinalAccounts = "final_accounts"
)

// BudgetAdoption links a year's budget or final accounts to the passed
// motion (kind budget, of the council, the standing council or the general
// assembly) that adopted them.
type BudgetAdoption struct {
	Year         int       `json:"year"`
	Kind         string    `json:"kind"` // AdoptBudget or AdoptFinalAccounts
	MotionID     ID        `json:"motion_id"`
	MotionTitle  string    `json:"motion_title"`
	MeetingID    ID        `json:"meeting_id"`
	MeetingTitle string    `json:"meeting_title"`
	AdoptedOn    string    `json:"adopted_on"` // the day the motion closed, in the chamber's zone
	RecordedAt   time.Time `json:"recorded_at"`
	RecordedBy   ID        `json:"recorded_by"`
}

// NewBudgetAdoption is the form that records an adoption.
type NewBudgetAdoption struct {
	Year     int `json:"year"`
	MotionID ID  `json:"motion_id"`
}

// FinalAccountsLine is one account's amount in the final accounts.
type FinalAccountsLine struct {
	Account   string `json:"account"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	AmountFen int64  `json:"amount_fen"`
}

// FinalAccounts (决算) is a year's budget against what the books hold, for
// the assembly: every budget line with its execution, what was spent
// outside the budget, and income and expenses as the 业务活动表 shows them.
type FinalAccounts struct {
	Year  int       `json:"year"`
	Lines []*Budget `json:"lines"`
	// Unbudgeted is expense posted that no budget line covers, by account.
	Unbudgeted    []FinalAccountsLine `json:"unbudgeted"`
	Income        []StatementRow      `json:"income"`
	BudgetFen     int64               `json:"budget_fen"`     // Σ budget lines
	BudgetedFen   int64               `json:"budgeted_fen"`   // Σ their actuals
	UnbudgetedFen int64               `json:"unbudgeted_fen"` // Σ Unbudgeted
	IncomeFen     int64               `json:"income_fen"`     // 业务活动表 收入合计
	ExpensesFen   int64               `json:"expenses_fen"`   // 业务活动表 费用合计
	SurplusFen    int64               `json:"surplus_fen"`    // income − expenses
	// YearClosed: every month of the year is closed (结账), so the figures are final.
	YearClosed bool            `json:"year_closed"`
	Budget     *BudgetAdoption `json:"budget_adoption"`
	Adoption   *BudgetAdoption `json:"final_accounts_adoption"`
}
