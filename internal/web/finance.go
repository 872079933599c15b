package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// financeRoutes lists the finance domain's pages and API endpoints.
func (s *Server) financeRoutes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return append([]*route{
		// Pages.
		perm("GET", "/finance", read, s.financeHome),
		perm("POST", "/finance/vouchers", post, s.financeVoucherSubmit),
		perm("GET", "/finance/vouchers/{id}", read, s.financeVoucher),
		perm("POST", "/finance/vouchers/{id}/reverse", post, s.financeVoucherReverse),
		perm("POST", "/finance/periods/close", post, s.financePeriodClose),
		perm("GET", "/finance/reports/{kind}", read, s.financeReport),

		// API.
		api(perm("GET", "/api/v1/finance/accounts", read, s.apiAccountList), "The chart of accounts (民间非营利组织会计制度) with sub-accounts", ""),
		api(perm("POST", "/api/v1/finance/accounts", post, s.apiAccountCreate), "Add a sub-account", "NewAccount"),
		api(perm("GET", "/api/v1/finance/vouchers", read, s.apiVoucherList), "List vouchers, newest first (?period=YYYY-MM, ?account=)", ""),
		api(perm("POST", "/api/v1/finance/vouchers", post, s.apiVoucherCreate), "Post a voucher; unbalanced, empty, negative or unknown-account lines answer 422", "NewVoucher"),
		api(perm("GET", "/api/v1/finance/vouchers/{id}", read, s.apiVoucherGet), "One voucher with its lines", ""),
		api(perm("PATCH", "/api/v1/finance/vouchers/{id}", post, s.apiVoucherImmutable), "Always 405: posted vouchers never change", ""),
		api(perm("DELETE", "/api/v1/finance/vouchers/{id}", post, s.apiVoucherImmutable), "Always 405: posted vouchers never change", ""),
		api(perm("POST", "/api/v1/finance/vouchers/{id}/reverse", post, s.apiVoucherReverse), "Post the reversing voucher, dated today", ""),
		api(perm("GET", "/api/v1/finance/periods", read, s.apiPeriodList), "Accounting periods (months) and whether they are closed", ""),
		api(perm("POST", "/api/v1/finance/periods/close", post, s.apiPeriodClose), "Close a month for good", "PeriodClose"),
		api(perm("GET", "/api/v1/finance/verify", read, s.apiLedgerVerify), "Check every voucher balances and the ledger's hash chain is intact", ""),
		api(perm("GET", "/api/v1/finance/reports/balance-sheet", read, s.apiBalanceSheet), "资产负债表 at ?date=", ""),
		api(perm("GET", "/api/v1/finance/reports/activities", read, s.apiActivities), "业务活动表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/cash-flow", read, s.apiCashFlow), "现金流量表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/trial-balance", read, s.apiTrialBalance), "科目余额表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/ledger", read, s.apiAccountLedger), "明细账 of ?account= for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/budgets", read, s.apiBudgetReport), "A year's budget lines (?year=) with actual spending and 80%/100% alerts", ""),
		api(perm("POST", "/api/v1/finance/budgets", post, s.apiBudgetCreate), "Add a budget line (year, department, project, expense account)", "Budget"),
		api(perm("GET", "/api/v1/finance/donations", read, s.apiDonationList), "Donations, newest first", ""),
		api(perm("POST", "/api/v1/finance/donations", post, s.apiDonationCreate), "Record a donation (posts its voucher, numbers its receipt)", "NewDonation"),
		api(perm("POST", "/api/v1/finance/donations/{id}/release", post, s.apiDonationRelease), "Release (part of) a restricted donation's restriction", "DonationRelease"),
	}, s.finance2Routes()...)
}

// financeSchemas are the OpenAPI schemas of the finance domain's request bodies.
func financeSchemas() obj {
	fen := obj{"type": "integer", "format": "int64", "minimum": 0, "description": "fen (分)"}
	return finance2Schemas(obj{
		"NewAccount": oaObject([]string{"parent", "code", "name"}, obj{
			"parent": oaString, "code": oaString, "name": oaString, "name_en": oaString,
			"restriction": oaEnum("unrestricted", "restricted"),
		}),
		"NewVoucher": oaObject([]string{"date", "lines"}, obj{
			"date": oaDate, "summary": oaString,
			"attachments":       obj{"type": "integer", "minimum": 0, "description": "附单据 count"},
			"confirm_overdraft": obj{"type": "boolean", "description": "post although a cash or bank account goes negative"},
			"lines": oaArray(oaObject([]string{"account"}, obj{
				"account": obj{"type": "string", "example": "1002"}, "debit_fen": fen, "credit_fen": fen, "memo": oaString,
				"department_id": oaInteger, "project": oaString, "member_id": oaInteger,
				"event_id": obj{"type": "integer", "description": "the event the line is for: its budget vs actual reads these lines"},
			})),
		}),
		"Budget": oaObject([]string{"year", "account", "amount_fen"}, obj{
			"year": oaInteger, "department_id": oaInteger, "department": oaString, "project": oaString,
			"account": obj{"type": "string", "example": "5201"}, "amount_fen": fen, "resolution": oaString,
		}),
		"NewDonation": oaObject([]string{"donor", "date", "amount_fen"}, obj{
			"donor": oaString, "date": oaDate, "amount_fen": fen, "restricted": oaBoolean, "purpose": oaString,
			"cash_account": obj{"type": "string", "example": "1002"}, "member_id": oaInteger,
			"event_id": obj{"type": "integer", "description": "the charity event the gift is for (tags its voucher lines)"},
		}),
		"DonationRelease": oaObject([]string{"amount_fen", "reason"}, obj{"amount_fen": fen, "reason": oaString, "date": oaDate}),
		"PeriodClose":     oaObject([]string{"period"}, obj{"period": obj{"type": "string", "example": "2026-03"}}),
	})
}

// financePage is the common part of the finance pages: amounts as ¥1,234.56.
type financePage struct {
	Page
}

// YuanOrBlank shows fen, or nothing for zero (ledger columns).
func (p *financePage) YuanOrBlank(fen int64) string {
	if fen == 0 {
		return ""
	}
	return chamber.FormatYuan(fen)
}

// Name picks the zh-CN or English name.
func (p *financePage) Name(zh, en string) string {
	if p.Lang == "en" && en != "" {
		return en
	}
	return zh
}

func (s *Server) financePage(r *http.Request, title string) financePage {
	return financePage{Page: s.page(r, title)}
}

type voucherFormLine struct {
	Account, Debit, Credit, Memo string
	// Event is the id of the event the line is for (its budget vs actual).
	Event string
}

type financeHomePage struct {
	financePage
	Vouchers     []*chamber.Voucher
	Periods      []*chamber.Period
	Accounts     []*chamber.Account
	Cursor, Next string
	Period       string
	Verify       *chamber.LedgerVerifyResult
	Form         struct {
		Date, Summary string
		Lines         []voucherFormLine
	}
	Today string
}

func (s *Server) renderFinanceHome(w http.ResponseWriter, r *http.Request, status int, p *financeHomePage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Period = r.URL.Query().Get("period")
	if p.Period != "" && !chamber.ValidPeriod(p.Period) {
		p.Period = ""
	}
	ctx := r.Context()
	if p.Vouchers, p.Next, err = s.store.ListVouchers(ctx, chamber.VoucherFilter{Period: p.Period}, pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if p.Periods, err = s.store.ListPeriods(ctx); err != nil {
		return err
	}
	if p.Accounts, err = s.store.ListAccounts(ctx); err != nil {
		return err
	}
	p.Today = s.store.Today(ctx)
	if p.Form.Date == "" {
		p.Form.Date = p.Today
	}
	for len(p.Form.Lines) < 4 {
		p.Form.Lines = append(p.Form.Lines, voucherFormLine{})
	}
	if r.URL.Query().Get("verify") == "1" {
		if p.Verify, err = s.store.VerifyLedger(ctx); err != nil {
			return err
		}
	}
	s.render(w, r, status, "finance", p)
	return nil
}

func (s *Server) financeHome(w http.ResponseWriter, r *http.Request) error {
	p := financeHomePage{financePage: s.financePage(r, "finance.title")}
	switch r.URL.Query().Get("done") {
	case "closed":
		p.Flash = p.T("finance.period_closed")
	}
	return s.renderFinanceHome(w, r, http.StatusOK, &p)
}

// financeVoucherSubmit posts a voucher from the entry form: amounts in yuan.
func (s *Server) financeVoucherSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	p := financeHomePage{financePage: s.financePage(r, "finance.title")}
	f := r.PostForm
	p.Form.Date, p.Form.Summary = strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("summary"))
	in := chamber.NewVoucher{Date: p.Form.Date, Summary: p.Form.Summary, ConfirmOverdraft: f.Get("confirm_overdraft") != ""}
	var bad chamber.Fields
	accts, debits, credits, memos, events := f["account"], f["debit"], f["credit"], f["memo"], f["event_id"]
	for i := range accts {
		fl := voucherFormLine{Account: strings.TrimSpace(accts[i])}
		if i < len(debits) {
			fl.Debit = strings.TrimSpace(debits[i])
		}
		if i < len(credits) {
			fl.Credit = strings.TrimSpace(credits[i])
		}
		if i < len(memos) {
			fl.Memo = strings.TrimSpace(memos[i])
		}
		if i < len(events) {
			fl.Event = strings.TrimSpace(events[i])
		}
		if fl.Account == "" && fl.Debit == "" && fl.Credit == "" {
			continue
		}
		// The account select shows "1002 银行存款"; the code is the first word.
		fl.Account, _, _ = strings.Cut(fl.Account, " ")
		p.Form.Lines = append(p.Form.Lines, fl)
		l := chamber.NewVoucherLine{Account: fl.Account, Memo: fl.Memo}
		var ok bool
		if fl.Debit != "" {
			if l.DebitFen, ok = chamber.ParseYuan(fl.Debit); !ok {
				bad.Add("lines["+strconv.Itoa(len(in.Lines))+"].debit_fen", "ledger.err.amount")
			}
		}
		if fl.Credit != "" {
			if l.CreditFen, ok = chamber.ParseYuan(fl.Credit); !ok {
				bad.Add("lines["+strconv.Itoa(len(in.Lines))+"].credit_fen", "ledger.err.amount")
			}
		}
		if fl.Event != "" {
			if v, perr := strconv.ParseInt(fl.Event, 10, 64); perr != nil || v <= 0 {
				bad.Add("lines["+strconv.Itoa(len(in.Lines))+"].event_id", "err.invalid_value")
			} else {
				l.EventID = v
			}
		}
		in.Lines = append(in.Lines, l)
	}
	err := bad.Err()
	var v *chamber.Voucher
	var draft *chamber.VoucherDraft
	if err == nil {
		in.Attachments, _ = strconv.Atoi(strings.TrimSpace(f.Get("attachments")))
		var fs *chamber.FinanceSettings
		if fs, err = s.store.FinanceSettings(r.Context()); err == nil && fs.Review {
			draft, err = s.store.CreateDraft(r.Context(), in)
		} else if err == nil {
			v, err = s.store.PostVoucher(r.Context(), in)
		}
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderFinanceHome(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	if draft != nil {
		http.Redirect(w, r, "/finance/drafts/"+strconv.FormatInt(draft.ID, 10)+"?done=made", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/finance/vouchers/"+strconv.FormatInt(v.ID, 10)+"?done=posted", http.StatusSeeOther)
	return nil
}

type voucherPage struct {
	financePage
	Voucher *chamber.Voucher
	Att     attachmentBox
}

func (s *Server) financeVoucher(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := voucherPage{financePage: s.financePage(r, "finance.voucher")}
	switch r.URL.Query().Get("done") {
	case "posted":
		p.Flash = p.T("finance.posted")
	case "reversed":
		p.Flash = p.T("finance.reversed")
	}
	if p.Voucher, err = s.store.FindVoucher(r.Context(), id); err != nil {
		return err
	}
	p.Att = s.attachments(r, chamber.OwnerVoucher, id)
	s.render(w, r, http.StatusOK, "voucher", &p)
	return nil
}

func (s *Server) financeVoucherReverse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.store.ReverseVoucher(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/finance/vouchers/"+strconv.FormatInt(v.ID, 10)+"?done=reversed", http.StatusSeeOther)
	return nil
}

func (s *Server) financePeriodClose(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.ClosePeriod(r.Context(), r.PostForm.Get("period")); err != nil {
		return err
	}
	http.Redirect(w, r, "/finance?done=closed", http.StatusSeeOther)
	return nil
}

type reportPage struct {
	financePage
	Kind         string // balance-sheet, activities, cash-flow, trial-balance, ledger
	From, To     string
	Date         string
	BalanceSheet *chamber.BalanceSheet
	Activities   *chamber.Activities
	CashFlow     *chamber.CashFlow
	Trial        *chamber.TrialBalance
	Ledger       *chamber.AccountLedger
	General      *chamber.GeneralLedger // 总账 (books_period.go)
	Year         int
	Accounts     []*chamber.Account
	Account      string
	Next         string
	XLSX         string
	Preparer     string // 制表人
}

var reportTitles = map[string]string{
	"balance-sheet": "finance.balance_sheet", "activities": "finance.activities", "cash-flow": "finance.cash_flow",
	"trial-balance": "finance.trial_balance", "ledger": "finance.ledger", "general-ledger": "books2.general_ledger",
}

// financeReport shows one statement, printable on A4; ?format=xlsx downloads it.
func (s *Server) financeReport(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	title, ok := reportTitles[kind]
	if !ok {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	p := reportPage{financePage: s.financePage(r, title), Kind: kind}
	ctx := r.Context()
	var err error
	switch kind {
	case "balance-sheet":
		if p.BalanceSheet, err = s.balanceSheet(r); err != nil {
			return err
		}
		p.Date = p.BalanceSheet.Date
	case "general-ledger":
		if err := s.generalLedgerReport(r, &p); err != nil {
			return err
		}
	case "ledger":
		if p.From, p.To, err = s.reportRange(r); err != nil {
			return err
		}
		if p.Accounts, err = s.store.ListAccounts(ctx); err != nil {
			return err
		}
		p.Account = r.URL.Query().Get("account")
		if p.Account == "" {
			p.Account = "100201"
		}
		pg, err := pageParams(r)
		if err != nil {
			return err
		}
		if p.Ledger, p.Next, err = s.store.AccountLedger(ctx, p.Account, p.From, p.To, pg); err != nil {
			return err
		}
	default:
		from, to, accts, bal, err := s.rangeReport(r)
		if err != nil {
			return err
		}
		p.From, p.To = from, to
		switch kind {
		case "activities":
			if p.Activities, err = s.activitiesForm(r, from, to, accts, bal); err != nil {
				return err
			}
		case "cash-flow":
			p.CashFlow = chamber.BuildCashFlow(from, to, accts, bal)
		case "trial-balance":
			p.Trial = chamber.BuildTrialBalance(from, to, accts, bal)
		}
	}
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "format" && k != "cursor" {
			q[k] = v
		}
	}
	q.Set("format", "xlsx")
	p.XLSX = r.URL.Path + "?" + q.Encode()
	if p.Actor != nil {
		p.Preparer = p.Actor.Name
	}
	if r.URL.Query().Get("format") == "xlsx" {
		return s.writeReportXLSX(w, &p)
	}
	s.render(w, r, http.StatusOK, "finance_report", &p)
	return nil
}
