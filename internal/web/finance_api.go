package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

func (s *Server) apiAccountList(w http.ResponseWriter, r *http.Request) error {
	accts, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, accts)
}

func (s *Server) apiAccountCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewAccount
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateAccount(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiVoucherList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	f := chamber.VoucherFilter{Period: r.URL.Query().Get("period"), Account: r.URL.Query().Get("account")}
	if f.Period != "" && !chamber.ValidPeriod(f.Period) {
		return fieldErr("period", "err.invalid_value")
	}
	vs, next, err := s.store.ListVouchers(r.Context(), f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(vs, next))
	return nil
}

func (s *Server) apiVoucherCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewVoucher
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if fs, err := s.store.FinanceSettings(r.Context()); err != nil {
		return err
	} else if fs.Review { // 制单: the voucher waits for 审核 (books.go)
		return s.apiDraftCreated(w, r, in)
	}
	v, err := s.store.PostVoucher(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/vouchers/"+strconv.FormatInt(v.ID, 10))
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiVoucherGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.store.FindVoucher(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// apiVoucherImmutable answers PATCH and DELETE on a voucher: posted
// vouchers never change, so the method is never allowed.
func (s *Server) apiVoucherImmutable(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Allow", "GET")
	return &chamber.Error{Code: "method_not_allowed", Key: "ledger.err.immutable"}
}

func (s *Server) apiVoucherReverse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.store.ReverseVoucher(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/vouchers/"+strconv.FormatInt(v.ID, 10))
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiPeriodList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.store.ListPeriods(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ps)
}

type periodClose struct {
	Period string `json:"period"`
}

func (s *Server) apiPeriodClose(w http.ResponseWriter, r *http.Request) error {
	var in periodClose
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.ClosePeriod(r.Context(), in.Period)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiLedgerVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.store.VerifyLedger(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func fieldErr(field, key string, args ...any) error {
	var f chamber.Fields
	f.Add(field, key, args...)
	return f.Err()
}

// reportRange reads ?from= and ?to= (defaults: the year so far), or ?date=
// for a balance sheet (default today).
func (s *Server) reportRange(r *http.Request) (from, to string, err error) {
	q := r.URL.Query()
	today := s.store.Today(r.Context())
	if p := strings.TrimSpace(q.Get("period")); p != "" { // a month, quarter or year (books.go)
		var ok bool
		if from, to, ok = chamber.PeriodRange(p); !ok {
			return "", "", fieldErr("period", "err.invalid_value")
		}
		return from, to, nil
	}
	from, to = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if d := strings.TrimSpace(q.Get("date")); d != "" && to == "" {
		to = d
	}
	if to == "" {
		to = today
	}
	if !chamber.ValidDate(to) {
		return "", "", fieldErr("to", "ledger.err.date")
	}
	if from == "" {
		from = to[:4] + "-01-01"
	}
	if !chamber.ValidDate(from) {
		return "", "", fieldErr("from", "ledger.err.date")
	}
	if from > to {
		return "", "", fieldErr("from", "ledger.err.range")
	}
	return from, to, nil
}

func (s *Server) balanceSheet(r *http.Request) (*chamber.BalanceSheet, error) {
	q := r.URL.Query()
	date := strings.TrimSpace(q.Get("date"))
	if p := strings.TrimSpace(q.Get("period")); p != "" && date == "" {
		_, to, ok := chamber.PeriodRange(p)
		if !ok {
			return nil, fieldErr("period", "err.invalid_value")
		}
		date = to
	}
	if date == "" {
		date = s.store.Today(r.Context())
	}
	if !chamber.ValidDate(date) {
		return nil, fieldErr("date", "ledger.err.date")
	}
	accts, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return nil, err
	}
	// One pass gives both columns of 会民非01表: 期末数 at date, 年初数 at the start of its year.
	bal, err := s.store.Balances(r.Context(), date[:4]+"-01-01", date)
	if err != nil {
		return nil, err
	}
	bs := chamber.BuildBalanceSheet(date, accts, bal)
	open := make([]chamber.AccountBalance, len(bal))
	for i, b := range bal {
		open[i] = chamber.AccountBalance{Code: b.Code, OpeningFen: b.OpeningFen, ClosingFen: b.OpeningFen}
	}
	bs.Form = chamber.BuildBalanceSheetForm(chamber.BuildBalanceSheet(date[:4]+"-01-01", accts, open), bs, date[:4]+"-01-01")
	return bs, nil
}

// rangeReport loads the chart and the balances of a range.
func (s *Server) rangeReport(r *http.Request) (string, string, []*chamber.Account, []chamber.AccountBalance, error) {
	from, to, err := s.reportRange(r)
	if err != nil {
		return "", "", nil, nil, err
	}
	accts, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return "", "", nil, nil, err
	}
	bal, err := s.store.Balances(r.Context(), from, to)
	if err != nil {
		return "", "", nil, nil, err
	}
	return from, to, accts, bal, nil
}

func (s *Server) apiBalanceSheet(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.balanceSheet(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, bs)
	return nil
}

func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request) error {
	from, to, accts, bal, err := s.rangeReport(r)
	if err != nil {
		return err
	}
	a, err := s.activitiesForm(r, from, to, accts, bal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiCashFlow(w http.ResponseWriter, r *http.Request) error {
	from, to, accts, bal, err := s.rangeReport(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, chamber.BuildCashFlow(from, to, accts, bal))
	return nil
}

func (s *Server) apiTrialBalance(w http.ResponseWriter, r *http.Request) error {
	from, to, accts, bal, err := s.rangeReport(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, chamber.BuildTrialBalance(from, to, accts, bal))
	return nil
}

func (s *Server) apiAccountLedger(w http.ResponseWriter, r *http.Request) error {
	from, to, err := s.reportRange(r)
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	code := r.URL.Query().Get("account")
	if code == "" {
		return fieldErr("account", "err.required")
	}
	led, next, err := s.store.AccountLedger(r.Context(), code, from, to, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*chamber.AccountLedger
		NextCursor string `json:"next_cursor"`
	}{led, next})
	return nil
}

func (s *Server) apiBudgetCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Budget
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ID, in.ActualFen, in.Percent, in.Alert = 0, 0, 0, ""
	b, err := s.store.CreateBudget(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

// apiBudgetReport: GET /api/v1/finance/budgets?year= → the year's lines with actuals and alerts.
func (s *Server) apiBudgetReport(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if r.URL.Query().Get("year") == "" {
		year, err = strconv.Atoi(s.store.Today(r.Context())[:4])
	}
	if err != nil || year < 2000 || year > 2100 {
		return fieldErr("year", "err.invalid_value")
	}
	bs, err := s.store.BudgetReport(r.Context(), year)
	if err != nil {
		return err
	}
	return writePaged(w, r, bs)
}

func (s *Server) apiDonationList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	ds, next, err := s.store.ListDonations(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ds, next))
	return nil
}

func (s *Server) apiDonationCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewDonation
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.RecordDonation(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiDonationRelease(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.DonationRelease
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.ReleaseDonation(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}
