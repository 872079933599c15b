package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// budgetDept is one department's block of the budget-vs-actual page.
type budgetDept struct {
	Name                 string
	Lines                []*chamber.Budget
	AmountFen, ActualFen int64
	Percent              int64
	Alert                string
}

type budgetsPage struct {
	financePage
	Year        int
	Depts       []*budgetDept
	Departments []*chamber.Department
	Accounts    []*chamber.Account
	Form        struct{ DepartmentID, Project, Account, Amount, Resolution string }
	// Adoption is the resolution that adopted the year's budget, if any.
	Adoption *chamber.BudgetAdoption
}

func (s *Server) budgetYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return strconv.Atoi(s.store.Today(r.Context())[:4])
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

func (s *Server) renderBudgets(w http.ResponseWriter, r *http.Request, status int, p *budgetsPage) error {
	ctx := r.Context()
	fa, err := s.store.FinalAccounts(ctx, p.Year)
	if err != nil {
		return err
	}
	lines := fa.Lines
	p.Adoption = fa.Budget
	byName := map[string]*budgetDept{}
	for _, b := range lines {
		name := b.Department
		if name == "" {
			name = p.T("budget.whole_chamber")
		}
		d := byName[name]
		if d == nil {
			d = &budgetDept{Name: name}
			byName[name] = d
			p.Depts = append(p.Depts, d)
		}
		d.Lines = append(d.Lines, b)
		d.AmountFen += b.AmountFen
		d.ActualFen += b.ActualFen
	}
	for _, d := range p.Depts {
		if d.AmountFen > 0 {
			d.Percent = d.ActualFen * 100 / d.AmountFen
		}
		d.Alert = chamber.BudgetAlert(d.ActualFen, d.AmountFen)
	}
	if p.Departments, err = s.store.ListDepartments(ctx); err != nil {
		return err
	}
	all, err := s.store.ListAccounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Kind == chamber.AccountExpense {
			p.Accounts = append(p.Accounts, a)
		}
	}
	s.render(w, r, status, "budgets", p)
	return nil
}

func (s *Server) budgetsPage(w http.ResponseWriter, r *http.Request) error {
	y, err := s.budgetYear(r)
	if err != nil {
		return err
	}
	p := budgetsPage{financePage: s.financePage(r, "budget.title"), Year: y}
	if r.URL.Query().Get("done") == "added" {
		p.Flash = p.T("budget.added")
	}
	return s.renderBudgets(w, r, http.StatusOK, &p)
}

func (s *Server) budgetSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := budgetsPage{financePage: s.financePage(r, "budget.title")}
	p.Form.DepartmentID, p.Form.Project, p.Form.Account = f.Get("department_id"), strings.TrimSpace(f.Get("project")), f.Get("account")
	p.Form.Amount, p.Form.Resolution = strings.TrimSpace(f.Get("amount")), strings.TrimSpace(f.Get("resolution"))
	year, yerr := strconv.Atoi(f.Get("year"))
	p.Year = year
	if yerr != nil || year < 2000 || year > 2100 {
		year, _ = strconv.Atoi(s.store.Today(r.Context())[:4])
		p.Year = year
	}
	b := chamber.Budget{Year: year, Project: p.Form.Project, Account: p.Form.Account, Resolution: p.Form.Resolution}
	var bad chamber.Fields
	if yerr != nil {
		bad.Add("year", "err.invalid_value")
	}
	if p.Form.DepartmentID != "" && p.Form.DepartmentID != "0" {
		id, err := strconv.ParseInt(p.Form.DepartmentID, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("department_id", "err.invalid_value")
		} else if d, err := s.store.FindDepartment(r.Context(), id); err != nil {
			bad.Add("department_id", "err.invalid_value")
		} else {
			b.DepartmentID, b.Department = d.ID, d.Name
		}
	}
	var ok bool
	if b.AmountFen, ok = chamber.ParseYuan(p.Form.Amount); !ok {
		bad.Add("amount_fen", "ledger.err.amount")
	}
	err := bad.Err()
	if err == nil {
		_, err = s.store.CreateBudget(r.Context(), b)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderBudgets(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/finance/budgets?year="+strconv.Itoa(year)+"&done=added", http.StatusSeeOther)
	return nil
}

type donationsPage struct {
	financePage
	Donations    []*chamber.Donation
	Cursor, Next string
	Today        string
	Form         struct {
		Donor, Date, Amount, Purpose, CashAccount string
		Restricted                                bool
	}
}

func (s *Server) renderDonations(w http.ResponseWriter, r *http.Request, status int, p *donationsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if p.Donations, p.Next, err = s.store.ListDonations(r.Context(), pg); err != nil {
		return err
	}
	p.Today = s.store.Today(r.Context())
	if p.Form.Date == "" {
		p.Form.Date = p.Today
	}
	s.render(w, r, status, "donations", p)
	return nil
}

func (s *Server) donationsPage(w http.ResponseWriter, r *http.Request) error {
	p := donationsPage{financePage: s.financePage(r, "donation.title")}
	switch r.URL.Query().Get("done") {
	case "recorded":
		p.Flash = p.T("donation.recorded")
	case "released":
		p.Flash = p.T("donation.released")
	}
	return s.renderDonations(w, r, http.StatusOK, &p)
}

func (s *Server) donationSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := donationsPage{financePage: s.financePage(r, "donation.title")}
	p.Form.Donor, p.Form.Date, p.Form.Amount = strings.TrimSpace(f.Get("donor")), strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("amount"))
	p.Form.Purpose, p.Form.CashAccount, p.Form.Restricted = strings.TrimSpace(f.Get("purpose")), f.Get("cash_account"), f.Get("restricted") != ""
	in := chamber.NewDonation{Donor: p.Form.Donor, Date: p.Form.Date, Purpose: p.Form.Purpose, Restricted: p.Form.Restricted, CashAccount: p.Form.CashAccount}
	var ok bool
	var err error
	if in.AmountFen, ok = chamber.ParseYuan(p.Form.Amount); !ok {
		err = fieldErr("amount_fen", "ledger.err.amount")
	}
	if err == nil {
		_, err = s.store.RecordDonation(r.Context(), in)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderDonations(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/finance/donations?done=recorded", http.StatusSeeOther)
	return nil
}

func (s *Server) donationReleaseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	amt, ok := chamber.ParseYuan(r.PostForm.Get("amount"))
	if !ok {
		return fieldErr("amount_fen", "ledger.err.amount")
	}
	if _, err := s.store.ReleaseDonation(r.Context(), id, chamber.DonationRelease{AmountFen: amt, Reason: r.PostForm.Get("reason")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/finance/donations?done=released", http.StatusSeeOther)
	return nil
}
