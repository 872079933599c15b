package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// finance2Routes are finance part 2: reimbursements, budget and donation
// pages, dues and the member's own dues in the portal.
func (s *Server) finance2Routes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return append([]*route{
		// Reimbursements: any login files and approves (the service checks the route); paying is finance.post.
		user("GET", "/reimbursements", s.claimsPage),
		user("GET", "/reimbursements/new", s.claimNewPage),
		user("POST", "/reimbursements", s.claimSubmit),
		user("GET", "/reimbursements/{id}", s.claimPage),
		user("POST", "/reimbursements/{id}/approve", s.claimApproveSubmit),
		user("POST", "/reimbursements/{id}/reject", s.claimRejectSubmit),
		perm("POST", "/reimbursements/{id}/pay", post, s.claimPaySubmit),
		perm("GET", "/finance/reimbursements", read, s.claimsAllPage),
		perm("POST", "/finance/reimbursements/limits", chamber.PermSettingsWrite, s.claimLimitsSubmit),

		// Budgets and donations.
		perm("GET", "/finance/budgets", read, s.budgetsPage),
		perm("POST", "/finance/budgets", post, s.budgetSubmit),
		perm("GET", "/finance/donations", read, s.donationsPage),
		perm("POST", "/finance/donations", post, s.donationSubmit),
		perm("POST", "/finance/donations/{id}/release", post, s.donationReleaseSubmit),

		// Dues.
		perm("GET", "/finance/dues", read, s.duesPage),
		perm("POST", "/finance/dues/rates", post, s.duesRateSubmit),
		perm("POST", "/finance/dues/invoices/generate", post, s.duesGenerateSubmit),
		perm("GET", "/finance/dues/invoices/{id}", read, s.duesInvoicePage),
		perm("POST", "/finance/dues/invoices/{id}/payments", post, s.duesPaymentSubmit),
		perm("POST", "/finance/dues/invoices/{id}/adjustments", post, s.duesAdjustSubmit),
		perm("GET", "/finance/dues/arrears", read, s.duesArrearsPage),
		perm("POST", "/finance/dues/reminders", chamber.PermFinancePost, s.duesRemindSubmit),
		user("GET", "/dues/receipts/{id}", s.duesReceiptPage),
		perm("GET", "/portal/dues", chamber.PermPortal, s.portalDuesPage),

		// API.
		api(user("GET", "/api/v1/finance/reimbursements", s.apiClaimList), "Expense claims, newest first: ?view=mine (default), waiting (for the caller's decision) or all (finance.read); ?status=", ""),
		api(user("POST", "/api/v1/finance/reimbursements", s.apiClaimCreate), "File an expense claim; it routes up the reports-to chain (limits: /api/v1/finance/reimbursements/limits)", "NewReimbursement"),
		api(user("GET", "/api/v1/finance/reimbursements/limits", s.apiClaimLimits), "The amounts above which a claim also needs a higher position", ""),
		api(perm("PUT", "/api/v1/finance/reimbursements/limits", chamber.PermSettingsWrite, s.apiClaimLimitsSet), "Replace the approval limits", "ApprovalLimits"),
		api(user("GET", "/api/v1/finance/reimbursements/{id}", s.apiClaimGet), "One claim with its lines, approval steps and budget check", ""),
		api(user("POST", "/api/v1/finance/reimbursements/{id}/approve", s.apiClaimApprove), "The current approver approves; the last approval posts Dr expense / Cr 应付报销款", "ClaimDecision"),
		api(user("POST", "/api/v1/finance/reimbursements/{id}/reject", s.apiClaimReject), "The current approver rejects, with a reason", "ClaimDecision"),
		api(perm("POST", "/api/v1/finance/reimbursements/{id}/pay", post, s.apiClaimPay), "Pay an approved claim: Dr 应付报销款 / Cr cash", "ClaimPayment"),

		api(perm("GET", "/api/v1/finance/dues/rates", read, s.apiDuesRates), "The dues schedule (会费标准) of ?year= per member tier", ""),
		api(perm("POST", "/api/v1/finance/dues/rates", post, s.apiDuesRateSet), "Set what a tier pays in a year", "DuesRate"),
		api(perm("POST", "/api/v1/finance/dues/invoices/generate", post, s.apiDuesGenerate), "Invoice every active member for a year (idempotent per member and year)", "DuesInvoiceRun"),
		api(perm("GET", "/api/v1/finance/dues/invoices", read, s.apiDuesInvoices), "Dues invoices, newest first (?year=, ?member_id=, ?status=open|partial|paid|waived|unpaid)", ""),
		api(perm("GET", "/api/v1/finance/dues/invoices/{id}", read, s.apiDuesInvoice), "One invoice with its payments and adjustments", ""),
		api(perm("POST", "/api/v1/finance/dues/invoices/{id}/payments", post, s.apiDuesPay), "Record a payment (bank, cash, wechat, alipay): posts Dr cash / Cr 会费收入, numbers the receipt", "NewDuesPayment"),
		api(perm("POST", "/api/v1/finance/dues/invoices/{id}/adjustments", post, s.apiDuesAdjust), "Waive (positive) or add to (negative) an invoice, with reason and approver", "NewDuesAdjust"),
		api(perm("GET", "/api/v1/finance/dues/arrears", read, s.apiDuesArrears), "Unpaid invoices with days overdue and aging buckets at ?as_of=", ""),
		api(perm("POST", "/api/v1/finance/dues/reminders", chamber.PermFinancePost, s.apiDuesRemind), "Remind every member with an overdue balance (inbox and e-mail), at most once a day", ""),
		api(perm("GET", "/api/v1/finance/dues/mine", chamber.PermPortal, s.apiMyDues), "The caller's own member's dues (portal)", ""),
	}, s.budgetAdoptionRoutes()...)
}

// finance2Schemas adds part 2's request schemas to part 1's.
func finance2Schemas(o obj) obj {
	fen := obj{"type": "integer", "format": "int64", "minimum": 0, "description": "fen (分)"}
	o["NewReimbursement"] = oaObject([]string{"summary", "lines"}, obj{
		"summary": oaString, "receipts": obj{"type": "string", "description": "attachment file names or a note"},
		"lines": oaArray(oaObject([]string{"date", "account", "amount_fen"}, obj{
			"date": oaDate, "account": obj{"type": "string", "example": "520103", "description": "an expense account (5xxx)"},
			"amount_fen": fen, "memo": oaString,
		})),
	})
	o["ClaimDecision"] = oaObject(nil, obj{"comment": oaString})
	o["ClaimPayment"] = oaObject(nil, obj{"date": oaDate, "cash_account": obj{"type": "string", "example": "1002"}})
	o["ApprovalLimits"] = oaObject([]string{"limits"}, obj{"limits": oaArray(oaObject([]string{"above_fen", "position_code"},
		obj{"above_fen": fen, "position_code": obj{"type": "string", "example": "secretary_general"}}))})
	o["DuesRate"] = oaObject([]string{"year", "tier", "amount_fen"}, obj{"year": oaInteger, "tier": oaString, "amount_fen": fen, "resolution": oaString})
	o["DuesInvoiceRun"] = oaObject([]string{"year"}, obj{"year": oaInteger, "due_date": oaDate})
	o["NewDuesPayment"] = oaObject([]string{"amount_fen", "method"}, obj{"date": oaDate, "amount_fen": fen,
		"method": oaEnum(chamber.PayMethods...), "reference": oaString})
	o["NewDuesAdjust"] = oaObject([]string{"amount_fen", "reason", "approved_by"}, obj{
		"amount_fen": obj{"type": "integer", "format": "int64", "description": "fen: positive waives, negative adds"},
		"reason":     oaString, "approved_by": oaString})
	return budgetAdoptionSchemas(o)
}

type claimsPage struct {
	financePage
	Mine, Waiting []*chamber.Reimbursement
	WaitingCount  int
	Cursor, Next  string
}

func (s *Server) claimsPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := claimsPage{financePage: s.financePage(r, "reimb.title"), Cursor: pg.Cursor}
	if p.Mine, p.Next, err = s.store.ListReimbursements(ctx, chamber.ClaimFilter{View: "mine"}, pg); err != nil {
		return err
	}
	if p.Waiting, _, err = s.store.ListReimbursements(ctx, chamber.ClaimFilter{View: "waiting"}, chamber.Page{Limit: chamber.MaxPageLimit}); err != nil {
		return err
	}
	if p.WaitingCount, err = s.store.WaitingCount(ctx); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "reimbursements", &p)
	return nil
}

type claimFormLine struct{ Date, Account, Amount, Memo string }

type claimNewPage struct {
	financePage
	Accounts []*chamber.Account
	Form     struct {
		Summary, Receipts string
		Lines             []claimFormLine
	}
	Limits []chamber.ApprovalLimit
}

func (s *Server) renderClaimNew(w http.ResponseWriter, r *http.Request, status int, p *claimNewPage) error {
	ctx := r.Context()
	accts, err := s.store.ClaimAccounts(r.Context())
	if err != nil {
		return err
	}
	p.Accounts = accts
	if p.Limits, err = s.store.ReimbursementLimits(ctx); err != nil {
		return err
	}
	today := s.store.Today(ctx)
	for len(p.Form.Lines) < 3 {
		p.Form.Lines = append(p.Form.Lines, claimFormLine{Date: today})
	}
	s.render(w, r, status, "reimbursement_new", p)
	return nil
}

func (s *Server) claimNewPage(w http.ResponseWriter, r *http.Request) error {
	p := claimNewPage{financePage: s.financePage(r, "reimb.new")}
	return s.renderClaimNew(w, r, http.StatusOK, &p)
}

func (s *Server) claimSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := claimNewPage{financePage: s.financePage(r, "reimb.new")}
	p.Form.Summary, p.Form.Receipts = strings.TrimSpace(f.Get("summary")), strings.TrimSpace(f.Get("receipts"))
	in := chamber.NewReimbursement{Summary: p.Form.Summary, Receipts: p.Form.Receipts}
	var bad chamber.Fields
	dates, accts, amounts, memos := f["date"], f["account"], f["amount"], f["memo"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	for i := range amounts {
		fl := claimFormLine{Date: at(dates, i), Account: at(accts, i), Amount: at(amounts, i), Memo: at(memos, i)}
		if fl.Amount == "" && fl.Memo == "" {
			continue
		}
		p.Form.Lines = append(p.Form.Lines, fl)
		l := chamber.NewReimbursementLine{Date: fl.Date, Account: fl.Account, Memo: fl.Memo}
		var ok bool
		if l.AmountFen, ok = chamber.ParseYuan(fl.Amount); !ok {
			bad.Add("lines["+strconv.Itoa(len(in.Lines))+"].amount_fen", "ledger.err.amount")
		}
		in.Lines = append(in.Lines, l)
	}
	err := bad.Err()
	var c *chamber.Reimbursement
	if err == nil {
		c, err = s.store.CreateReimbursement(r.Context(), in)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderClaimNew(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/reimbursements/"+strconv.FormatInt(c.ID, 10)+"?done=filed", http.StatusSeeOther)
	return nil
}

type claimPage struct {
	financePage
	Claim  *chamber.Reimbursement
	MyTurn bool
	Mine   bool
	Att    attachmentBox
}

// YuanPlain shows fen as 5000.00 for an input field.
func (p *financePage) YuanPlain(fen int64) string {
	return strings.TrimPrefix(strings.ReplaceAll(chamber.FormatYuan(fen), ",", ""), "¥")
}

// AlertClass names the colour of a budget alert.
func (p *financePage) AlertClass(alert string) string {
	switch alert {
	case "100":
		return "alert-100"
	case "80":
		return "alert-80"
	}
	return ""
}

func (s *Server) claimPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := claimPage{financePage: s.financePage(r, "reimb.claim")}
	if p.Claim, err = s.store.FindReimbursement(r.Context(), id); err != nil {
		return err
	}
	p.Att = s.attachments(r, chamber.OwnerReimbursement, id)
	if p.Actor != nil {
		p.MyTurn = p.Claim.CurrentApprover() == p.Actor.UserID && p.Claim.ClaimantID != p.Actor.UserID
		p.Mine = p.Claim.ClaimantID == p.Actor.UserID
	}
	if d := r.URL.Query().Get("done"); d == "filed" || d == "approved" || d == "rejected" || d == "paid" {
		p.Flash = p.T("reimb.done." + d)
	}
	s.render(w, r, http.StatusOK, "reimbursement", &p)
	return nil
}

func (s *Server) claimDecide(w http.ResponseWriter, r *http.Request, approve bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	d := chamber.ClaimDecision{Comment: r.PostForm.Get("comment")}
	done := "approved"
	if approve {
		_, err = s.store.ApproveReimbursement(r.Context(), id, d)
	} else {
		_, err = s.store.RejectReimbursement(r.Context(), id, d)
		done = "rejected"
	}
	if err != nil {
		p := claimPage{financePage: s.financePage(r, "reimb.claim")}
		if !p.withFieldErrors(err) {
			return err
		}
		c, ferr := s.store.FindReimbursement(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		p.Claim, p.MyTurn = c, c.CurrentApprover() == p.Actor.UserID && c.ClaimantID != p.Actor.UserID
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "reimbursement", &p)
		return nil
	}
	http.Redirect(w, r, "/reimbursements/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) claimApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.claimDecide(w, r, true)
}

func (s *Server) claimRejectSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.claimDecide(w, r, false)
}

func (s *Server) claimPaySubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.PayReimbursement(r.Context(), id, chamber.ClaimPayment{Date: r.PostForm.Get("date"), CashAccount: r.PostForm.Get("cash_account")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/reimbursements/"+strconv.FormatInt(id, 10)+"?done=paid", http.StatusSeeOther)
	return nil
}

type claimsAllPage struct {
	financePage
	Claims       []*chamber.Reimbursement
	Status       string
	Statuses     []string
	Cursor, Next string
	Limits       []chamber.ApprovalLimit
	LimitsText   string
}

func (s *Server) claimsAllPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := claimsAllPage{financePage: s.financePage(r, "reimb.all"), Status: r.URL.Query().Get("status"), Statuses: chamber.ClaimStatuses, Cursor: pg.Cursor}
	if p.Status == "" {
		p.Status = chamber.ClaimApproved // the payment queue
	}
	if p.Status == "any" {
		p.Status = ""
	}
	ctx := r.Context()
	if p.Claims, p.Next, err = s.store.ListReimbursements(ctx, chamber.ClaimFilter{View: "all", Status: p.Status}, pg); err != nil {
		return err
	}
	if p.Limits, err = s.store.ReimbursementLimits(ctx); err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "limits" {
		p.Flash = p.T("reimb.limits_saved")
	}
	s.render(w, r, http.StatusOK, "reimbursements_all", &p)
	return nil
}

// claimLimitsSubmit takes up to three rows of (yuan, position code).
func (s *Server) claimLimitsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	var ls []chamber.ApprovalLimit
	codes, amounts := r.PostForm["position_code"], r.PostForm["above"]
	for i := range codes {
		code := strings.TrimSpace(codes[i])
		if code == "" || i >= len(amounts) {
			continue
		}
		fen, ok := chamber.ParseYuan(amounts[i])
		if !ok {
			return fieldErr("above", "ledger.err.amount")
		}
		ls = append(ls, chamber.ApprovalLimit{AboveFen: fen, PositionCode: code})
	}
	if _, err := s.store.SetReimbursementLimits(r.Context(), ls); err != nil {
		return err
	}
	http.Redirect(w, r, "/finance/reimbursements?done=limits", http.StatusSeeOther)
	return nil
}
