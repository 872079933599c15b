package chamber

import (
	"context"
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
}
