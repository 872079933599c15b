package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// books2Routes are the period end of the books: the 总账, the 期末结转
// and the bank reconciliation (bank.go).
func (s *Server) books2Routes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return append([]*route{
		api(perm("GET", "/api/v1/finance/reports/general-ledger", read, s.apiGeneralLedger), "总账 of ?year=: per top-level account 年初余额, each month's 借方, 贷方, 余额 with 借/贷 and 本年累计", ""),
		api(perm("GET", "/api/v1/finance/year-end", read, s.apiYearClosings), "The years closed by 期末结转, newest first", ""),
		api(perm("POST", "/api/v1/finance/year-end/close", post, s.apiYearClose), "期末结转: carry every income and expense account into net assets as a voucher dated 12-31; 409 year_closed the second time", "YearClose"),
		perm("GET", "/finance/year-end", read, s.financeYearEnd),
		perm("POST", "/finance/year-end/close", post, s.financeYearCloseSubmit),
	}, s.bankRoutes()...)
}

// books2Schemas are the OpenAPI schemas of the period end's request bodies.
func books2Schemas(o obj) obj {
	o["YearClose"] = oaObject([]string{"year"}, obj{"year": obj{"type": "integer", "example": 2026}})
	return bankSchemas(o)
}

// yearParam reads ?year= (default the current year).
func (s *Server) yearParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("year"))
	if v == "" {
		y, _ := strconv.Atoi(s.store.Today(r.Context())[:4])
		return y, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

func (s *Server) apiGeneralLedger(w http.ResponseWriter, r *http.Request) error {
	y, err := s.yearParam(r)
	if err != nil {
		return err
	}
	gl, err := s.store.GeneralLedger(r.Context(), y)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, gl)
	return nil
}

// generalLedgerReport fills the 总账 of the report page.
func (s *Server) generalLedgerReport(r *http.Request, p *reportPage) error {
	y, err := s.yearParam(r)
	if err != nil {
		return err
	}
	p.Year = y
	if p.General, err = s.store.GeneralLedger(r.Context(), y); err != nil {
		return err
	}
	p.From, p.To = p.General.From, p.General.To
	return nil
}

// ShownMonths are the months of an account the 总账 prints: those with
// movements, and the last (whose balance and 本年累计 close the year so far).
func (p *reportPage) ShownMonths(months []chamber.GeneralLedgerMonth) []chamber.GeneralLedgerMonth {
	var out []chamber.GeneralLedgerMonth
	for i, m := range months {
		if m.DebitFen != 0 || m.CreditFen != 0 || i == len(months)-1 {
			out = append(out, m)
		}
	}
	return out
}

// MonthName is 1月 or Jan of a period.
func (p *reportPage) MonthName(period string) string {
	m, _ := strconv.Atoi(period[5:])
	if p.Lang == "en" {
		return []string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[m]
	}
	return strconv.Itoa(m) + "月"
}

func (s *Server) apiYearClosings(w http.ResponseWriter, r *http.Request) error {
	ys, err := s.store.YearClosings(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ys)
}

func (s *Server) apiYearClose(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Year int `json:"year"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	y, err := s.store.CloseYear(r.Context(), in.Year)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/vouchers/"+strconv.FormatInt(y.VoucherID, 10))
	writeJSON(w, http.StatusCreated, y)
	return nil
}

type yearEndPage struct {
	financePage
	Closings []*chamber.YearClosing
	Year     int
	Closed   *chamber.YearClosing
	Preview  []chamber.NewVoucherLine
	TotalFen int64
	Names    map[string]string
}

// financeYearEnd shows the years closed and what the 期末结转 of ?year=
// would post: the income and expense balances at its end.
func (s *Server) financeYearEnd(w http.ResponseWriter, r *http.Request) error {
	p := yearEndPage{financePage: s.financePage(r, "books2.year_end")}
	if r.URL.Query().Get("done") == "closed" {
		p.Flash = p.T("books2.year_closed_done")
	}
	return s.renderYearEnd(w, r, http.StatusOK, &p)
}

func (s *Server) renderYearEnd(w http.ResponseWriter, r *http.Request, status int, p *yearEndPage) error {
	var err error
	if p.Year == 0 {
		if p.Year, err = s.yearParam(r); err != nil {
			return err
		}
	}
	ctx := r.Context()
	if p.Closings, err = s.store.YearClosings(ctx); err != nil {
		return err
	}
	for _, c := range p.Closings {
		if c.Year == p.Year {
			p.Closed = c
		}
	}
	accts, err := s.store.ListAccounts(ctx)
	if err != nil {
		return err
	}
	p.Names = map[string]string{}
	byCode := map[string]*chamber.Account{}
	for _, a := range accts {
		byCode[a.Code] = a
	}
	for _, a := range accts {
		p.Names[a.Code] = p.Name(a.Name, a.NameEN)
		if top := byCode[a.Parent]; top != nil {
			p.Names[a.Code] = p.Name(top.Name, top.NameEN) + "—" + p.Names[a.Code]
		}
	}
	if p.Closed == nil {
		y := strconv.Itoa(p.Year)
		bal, err := s.store.Balances(ctx, y+"-01-01", y+"-12-31")
		if err != nil {
			return err
		}
		m := map[string]int64{}
		for _, b := range bal {
			m[b.Code] = b.ClosingFen
		}
		nv, _ := chamber.ClosingVoucher(y+"-12-31", accts, m)
		p.Preview, p.TotalFen = nv.Lines, nv.Total()
	}
	s.render(w, r, status, "finance_year_end", p)
	return nil
}

func (s *Server) financeYearCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	p := yearEndPage{financePage: s.financePage(r, "books2.year_end")}
	y, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("year")))
	if err != nil {
		y = 0
	}
	if _, err = s.store.CloseYear(r.Context(), y); err != nil {
		if !p.withFieldErrors(err) {
			if chamber.ErrorCode(err) != chamber.ECONFLICT {
				return err
			}
			p.FormError = p.T(errKey(err), y)
		}
		p.Year = y
		if y < 1900 || y > 2100 {
			p.Year = 0
		}
		return s.renderYearEnd(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/finance/year-end?year="+strconv.Itoa(y)+"&done=closed", http.StatusSeeOther)
	return nil
}

// writeGeneralLedgerXLSX puts the 总账 rows: per account 年初余额, then for
// each month 本月合计 and 本年累计, amounts as numbers.
func writeGeneralLedgerXLSX(p *reportPage, put func(strong bool, cells ...any)) {
	put(true, p.T("finance.account"), p.T("books2.month"), p.T("finance.summary"), p.T("finance.debit"), p.T("finance.credit"), p.T("finance.direction"), p.T("finance.balance"))
	for _, a := range p.General.Accounts {
		head := a.Code + " " + p.Name(a.Name, a.NameEN)
		put(true, head, p.T("books2.jan1"), p.T("books2.year_opening"), "", "", p.Dir(a.OpeningFen), chamber.AbsFen(a.OpeningFen))
		for _, m := range p.ShownMonths(a.Months) {
			put(false, head, p.MonthName(m.Period), p.T("books2.month_total"), m.DebitFen, m.CreditFen, p.Dir(m.BalanceFen), chamber.AbsFen(m.BalanceFen))
			put(false, head, p.MonthName(m.Period), p.T("books2.year_total"), m.YearDebitFen, m.YearCreditFen, p.Dir(m.BalanceFen), chamber.AbsFen(m.BalanceFen))
		}
	}
	put(true, "", "", p.T("finance.total"), p.General.DebitFen, p.General.CreditFen, "", "")
}
