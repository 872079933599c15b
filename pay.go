package chamber

import (
	"context"
	"strings"
	"time"
)

// Pay (薪资福利), kept minimal: the items of each person's pay per month,
// and the month's payroll that posts one voucher (Dr 管理费用-工资福利 /
// Cr 应付工资). No tax engine.

// VoucherPayroll is the kind of the month's payroll voucher.
const VoucherPayroll = "payroll"

// Payroll accounts of the 民间非营利组织会计制度 chart.
const (
	PayExpenseAccount = "520101" // 管理费用-工资福利
	PayPayableAccount = "2204"   // 应付工资
)

// PayItem is one person's pay of one month, in fen.
type PayItem struct {
	ID            ID        `json:"id"`
	Month         string    `json:"month"` // YYYY-MM
	UserID        ID        `json:"user_id"`
	Name          string    `json:"name"`
	DepartmentID  ID        `json:"department_id"`
	BasicFen      int64     `json:"basic_fen"`       // 基本工资
	AllowanceFen  int64     `json:"allowance_fen"`   // 津贴补贴
	SIEmployeeFen int64     `json:"si_employee_fen"` // 个人缴纳社会保险
	HFEmployeeFen int64     `json:"hf_employee_fen"` // 个人缴纳住房公积金
	SIEmployerFen int64     `json:"si_employer_fen"` // 单位缴纳社会保险
	HFEmployerFen int64     `json:"hf_employer_fen"` // 单位缴纳住房公积金
	Note          string    `json:"note,omitempty"`
	GrossFen      int64     `json:"gross_fen"` // basic + allowances
	NetFen        int64     `json:"net_fen"`   // gross − the employee's part
	CostFen       int64     `json:"cost_fen"`  // gross + the employer's part
	UpdatedAt     time.Time `json:"updated_at"`
}

// Totals fills the derived amounts.
func (p *PayItem) Totals() {
	p.GrossFen = p.BasicFen + p.AllowanceFen
	p.NetFen = p.GrossFen - p.SIEmployeeFen - p.HFEmployeeFen
	p.CostFen = p.GrossFen + p.SIEmployerFen + p.HFEmployerFen
}

// ValidMonth reports whether s is YYYY-MM.
func ValidMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7
}

// Validate checks the item.
func (p *PayItem) Validate() error {
	var f Fields
	if !ValidMonth(p.Month) {
		f.Add("month", "pay.err.month")
	}
	if p.UserID <= 0 {
		f.Add("user_id", "err.required")
	}
	for _, a := range []struct {
		name string
		v    int64
	}{{"basic_fen", p.BasicFen}, {"allowance_fen", p.AllowanceFen}, {"si_employee_fen", p.SIEmployeeFen}, {"hf_employee_fen", p.HFEmployeeFen},
		{"si_employer_fen", p.SIEmployerFen}, {"hf_employer_fen", p.HFEmployerFen}} {
		if a.v < 0 || a.v > 100_000_000_00 {
			f.Add(a.name, "err.invalid_value")
		}
	}
	p.Note = strings.TrimSpace(p.Note)
	textField(&f, "note", p.Note, false, 200)
	if f.Err() == nil && p.SIEmployeeFen+p.HFEmployeeFen > p.BasicFen+p.AllowanceFen {
		f.Add("si_employee_fen", "pay.err.deductions")
	}
	return f.Err()
}

// Payroll is a month's summary and, once posted, its voucher.
type Payroll struct {
	Month       string     `json:"month"`
	People      int        `json:"people"`
	GrossFen    int64      `json:"gross_fen"`
	EmployeeFen int64      `json:"employee_si_hf_fen"`
	EmployerFen int64      `json:"employer_si_hf_fen"`
	NetFen      int64      `json:"net_fen"`
	CostFen     int64      `json:"cost_fen"`
	Posted      bool       `json:"posted"`
	VoucherID   ID         `json:"voucher_id,omitempty"`
	PostedAt    *time.Time `json:"posted_at,omitempty"`
}

// PayImportRow is a row of an imported pay sheet, by login name.
type PayImportRow struct {
	Row      int
	Username string
	Item     PayItem
}

// PayService keeps pay items and posts the monthly payroll.
type PayService interface {
	SavePayItem(ctx context.Context, p PayItem) (*PayItem, error)
	ImportPayItems(ctx context.Context, month string, rows []PayImportRow) (int, error)
	ListPayItems(ctx context.Context, month string, userID ID) ([]*PayItem, error)
	PayrollSummary(ctx context.Context, month string) (*Payroll, error)
	ListPayrolls(ctx context.Context) ([]*Payroll, error)
	PostPayroll(ctx context.Context, month string) (*Payroll, error)
}
