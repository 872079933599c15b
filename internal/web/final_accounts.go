package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// Budget adoption by resolution and the year's 决算 (final accounts).

func (s *Server) budgetAdoptionRoutes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return []*route{
		perm("GET", "/finance/final-accounts", read, s.finalAccountsPage),
		perm("POST", "/finance/adoptions", post, s.adoptionSubmit),
		api(perm("GET", "/api/v1/finance/final-accounts", read, s.apiFinalAccounts), "The year's 决算 (?year=; the workbook is /finance/final-accounts?format=xlsx): budget lines with execution, spending outside the budget, income and expenses as the 业务活动表 has them, and the adopting resolutions", ""),
		api(perm("POST", "/api/v1/finance/budgets/adopt", post, s.apiAdopt(chamber.AdoptBudget)), "Record the passed budget motion that adopted a year's budget; no line is added afterwards", "BudgetAdoption"),
		api(perm("POST", "/api/v1/finance/final-accounts/adopt", post, s.apiAdopt(chamber.AdoptFinalAccounts)), "Record the passed budget motion that adopted a year's final accounts (every month closed first)", "BudgetAdoption"),
	}
}

func budgetAdoptionSchemas(o obj) obj {
	o["BudgetAdoption"] = oaObject([]string{"year", "motion_id"}, obj{
		"year": oaInteger, "motion_id": obj{"type": "integer", "description": "a closed, passed motion of kind budget of the council, standing council or general assembly"},
	})
	return o
}

var adoptedKeys = map[string]string{chamber.AdoptBudget: "final.adopted_budget", chamber.AdoptFinalAccounts: "final.adopted_final_accounts"}

// adoptionCtx is what the final_adoption partial shows: one adoption (or
// the form to record it) on a page P.
type adoptionCtx struct {
	P    any
	A    *chamber.BudgetAdoption
	Kind string
}

type finalAccountsPage struct {
	financePage
	Year    int
	FA      *chamber.FinalAccounts
	Motions []*chamber.Resolution // passed budget motions to adopt with
}

// budgetMotions lists the passed motions of kind budget, newest first.
func (s *Server) budgetMotions(r *http.Request) ([]*chamber.Resolution, error) {
	all, _, err := s.store.Resolutions(r.Context(), chamber.Page{Limit: 200})
	if err != nil {
		return nil, err
	}
	var out []*chamber.Resolution
	for _, m := range all {
		if m.Kind == chamber.KindBudget {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *Server) renderFinalAccounts(w http.ResponseWriter, r *http.Request, status int, p *finalAccountsPage) error {
	var err error
	if p.FA, err = s.store.FinalAccounts(r.Context(), p.Year); err != nil {
		return err
	}
	if p.Can(string(chamber.PermFinancePost)) {
		if p.Motions, err = s.budgetMotions(r); err != nil {
			return err
		}
	}
	s.render(w, r, status, "final_accounts", p)
	return nil
}

// finalAccountsPage is GET /finance/final-accounts?year= (&format=xlsx).
func (s *Server) finalAccountsPage(w http.ResponseWriter, r *http.Request) error {
	y, err := s.budgetYear(r)
	if err != nil {
		return err
	}
	p := &finalAccountsPage{financePage: s.financePage(r, "final.title"), Year: y}
	if r.URL.Query().Get("format") == "xlsx" {
		fa, err := s.store.FinalAccounts(r.Context(), y)
		if err != nil {
			return err
		}
		return s.writeFinalAccountsXLSX(w, &p.financePage, fa)
	}
	if r.URL.Query().Get("done") == "adopted" {
		p.Flash = p.T("final.adopted")
	}
	return s.renderFinalAccounts(w, r, http.StatusOK, p)
}

// adoptionSubmit is POST /finance/adoptions (kind, year, motion_id).
func (s *Server) adoptionSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	kind := f.Get("kind")
	year, yerr := strconv.Atoi(f.Get("year"))
	if yerr != nil || year < 2000 || year > 2100 {
		return fieldErr("year", "err.invalid_value")
	}
	motion, _ := strconv.ParseInt(f.Get("motion_id"), 10, 64)
	_, err := s.store.AdoptBudget(r.Context(), kind, chamber.NewBudgetAdoption{Year: year, MotionID: motion})
	if err != nil {
		p := &finalAccountsPage{financePage: s.financePage(r, "final.title"), Year: year}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderFinalAccounts(w, r, statusOf(chamber.ErrorCode(err)), p)
	}
	http.Redirect(w, r, "/finance/final-accounts?year="+strconv.Itoa(year)+"&done=adopted", http.StatusSeeOther)
	return nil
}

// apiFinalAccounts: GET /api/v1/finance/final-accounts?year= (the page
// /finance/final-accounts?format=xlsx is the workbook).
func (s *Server) apiFinalAccounts(w http.ResponseWriter, r *http.Request) error {
	y, err := s.budgetYear(r)
	if err != nil {
		return err
	}
	fa, err := s.store.FinalAccounts(r.Context(), y)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fa)
	return nil
}

// apiAdopt: POST /api/v1/finance/{budgets|final-accounts}/adopt {year, motion_id} → 201.
func (s *Server) apiAdopt(kind string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in chamber.NewBudgetAdoption
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		a, err := s.store.AdoptBudget(r.Context(), kind, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, a)
		return nil
	}
}

// writeFinalAccountsXLSX sends the 决算 as a workbook: money in yuan as
// numbers (#,##0.00), percentages as numbers.
func (s *Server) writeFinalAccountsXLSX(w http.ResponseWriter, p *financePage, fa *chamber.FinalAccounts) error {
	b := sheet.NewBook("")
	put := func(strong bool, cells ...any) {
		if strong {
			b.Bold(cells...)
		} else {
			b.Row(cells...)
		}
	}
	b.Title(fmt.Sprintf("%s %d %s", p.Chamber.Name, fa.Year, p.T("final.title")), 1)
	put(false, p.T("finance.unit_yuan"))
	for _, a := range []*chamber.BudgetAdoption{fa.Budget, fa.Adoption} {
		if a != nil {
			put(false, p.T(adoptedKeys[a.Kind]), a.MeetingTitle+" · "+a.MotionTitle, a.AdoptedOn)
		}
	}
	b.Skip()
	put(true, p.T("final.sec_budget"))
	put(true, p.T("budget.department"), p.T("budget.project"), p.T("finance.account"), p.T("budget.amount"), p.T("budget.actual"), p.T("final.diff"), "%")
	for _, l := range fa.Lines {
		dept := l.Department
		if dept == "" {
			dept = p.T("budget.whole_chamber")
		}
		put(false, dept, l.Project, l.Account, yuan(l.AmountFen), yuan(l.ActualFen), yuan(l.AmountFen-l.ActualFen), l.Percent)
	}
	put(true, p.T("finance.total"), "", "", yuan(fa.BudgetFen), yuan(fa.BudgetedFen), yuan(fa.BudgetFen-fa.BudgetedFen))
	b.Skip()
	put(true, p.T("final.sec_unbudgeted"))
	for _, u := range fa.Unbudgeted {
		put(false, u.Account, p.Name(u.Name, u.NameEN), "", "", yuan(u.AmountFen))
	}
	put(true, p.T("finance.total"), "", "", "", yuan(fa.UnbudgetedFen))
	b.Skip()
	put(true, p.T("final.sec_income"))
	for _, in := range fa.Income {
		put(false, p.Name(in.Name, in.NameEN), "", "", "", yuan(in.AmountFen))
	}
	put(true, p.T("final.income"), "", "", "", yuan(fa.IncomeFen))
	put(true, p.T("final.expenses"), "", "", "", yuan(fa.ExpensesFen))
	put(true, p.T("final.surplus"), "", "", "", yuan(fa.SurplusFen))
	b.Width(1, 3, 18)
	b.Width(4, 7, 16)
	return sendBook(w, b, fmt.Sprintf("final-accounts-%d.xlsx", fa.Year))
}
