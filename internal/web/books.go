package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Dir is the 借/贷/平 of a debit-positive balance.
func (p *financePage) Dir(fen int64) string { return p.T("finance.dir." + chamber.Direction(fen)) }

// AbsYuan shows the amount beside a direction.
func (p *financePage) AbsYuan(fen int64) string { return chamber.FormatYuan(chamber.AbsFen(fen)) }

// booksRoutes are the accountant's pages and API: opening balances,
// settings, the voucher workflow, journals.
func (s *Server) booksRoutes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return []*route{
		api(perm("POST", "/api/v1/finance/opening-balances", post, s.apiOpeningBalances), "Post the books' opening balances (期初余额): the 年初数 of every statement, no cash flow", "NewOpeningBalances"),
		api(perm("GET", "/api/v1/finance/settings", read, s.apiFinanceSettings), "How strict the books are: voucher review, leaf accounts only, overdraft guard", ""),
		api(perm("PUT", "/api/v1/finance/settings", chamber.PermSettingsWrite, s.apiFinanceSettingsPut), "Set how strict the books are", "FinanceSettings"),
		api(perm("GET", "/api/v1/finance/voucher-drafts", read, s.apiDraftList), "Vouchers entered and not yet posted (?status=draft|reviewed|posted|rejected), newest first", ""),
		api(perm("POST", "/api/v1/finance/voucher-drafts", post, s.apiDraftCreate), "制单: enter a voucher for review (with review on, POST /vouchers does the same and answers 202)", "NewVoucher"),
		api(perm("GET", "/api/v1/finance/voucher-drafts/{id}", read, s.apiDraftGet), "One draft with its sign-offs", ""),
		api(perm("POST", "/api/v1/finance/voucher-drafts/{id}/review", chamber.PermFinanceReview, s.apiDraftReview), "审核: by someone other than the maker; 409 same_person", ""),
		api(perm("POST", "/api/v1/finance/voucher-drafts/{id}/reject", chamber.PermFinanceReview, s.apiDraftReject), "Refuse a draft with a reason", "DraftReject"),
		api(perm("POST", "/api/v1/finance/voucher-drafts/{id}/cashier", chamber.PermFinanceCashier, s.apiDraftCashier), "出纳 confirms the cash and bank lines of a reviewed draft", ""),
		api(perm("POST", "/api/v1/finance/voucher-drafts/{id}/post", post, s.apiDraftPost), "记账: post a reviewed (and, with cash, 出纳-confirmed) draft", "DraftPost"),
		api(perm("GET", "/api/v1/finance/vouchers/{id}/signoff", read, s.apiVoucherSignoff), "制单/审核/出纳/记账 of a posted voucher and 附单据 count", ""),

		perm("GET", "/finance/drafts", read, s.financeDrafts),
		perm("GET", "/finance/drafts/{id}", read, s.financeDraft),
		perm("POST", "/finance/drafts/{id}/review", chamber.PermFinanceReview, s.financeDraftAction("review")),
		perm("POST", "/finance/drafts/{id}/reject", chamber.PermFinanceReview, s.financeDraftAction("reject")),
		perm("POST", "/finance/drafts/{id}/cashier", chamber.PermFinanceCashier, s.financeDraftAction("cashier")),
		perm("POST", "/finance/drafts/{id}/post", post, s.financeDraftAction("post")),
		perm("GET", "/finance/vouchers/{id}/print", read, s.financeVoucherPrint),
	}
}

// booksSchemas are the OpenAPI schemas of the books' request bodies.
func booksSchemas(o obj) obj {
	fen := obj{"type": "integer", "format": "int64", "minimum": 0, "description": "fen (分)"}
	o["NewOpeningBalances"] = oaObject([]string{"date", "lines"}, obj{
		"date": oaDate, "summary": oaString,
		"lines": oaArray(oaObject([]string{"account"}, obj{"account": oaString, "debit_fen": fen, "credit_fen": fen, "memo": oaString})),
	})
	o["DraftReject"] = oaObject([]string{"reason"}, obj{"reason": oaString})
	o["DraftPost"] = oaObject(nil, obj{"confirm_overdraft": oaBoolean})
	o["FinanceSettings"] = oaObject([]string{"review", "leaf_only", "no_overdraft"}, obj{"review": oaBoolean, "leaf_only": oaBoolean, "no_overdraft": oaBoolean})
	return o
}

func (s *Server) apiOpeningBalances(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewOpeningBalances
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.store.PostOpeningBalances(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/vouchers/"+strconv.FormatInt(v.ID, 10))
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiFinanceSettings(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.store.FinanceSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fs)
	return nil
}

func (s *Server) apiFinanceSettingsPut(w http.ResponseWriter, r *http.Request) error {
	var in chamber.FinanceSettings
	if err := decodeJSONWith(r, &in, "review", "leaf_only", "no_overdraft"); err != nil {
		return err
	}
	fs, err := s.store.UpdateFinanceSettings(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fs)
	return nil
}

// LeafAccounts are the accounts a voucher line may name: those without sub-accounts.
func (p *financeHomePage) LeafAccounts() []*chamber.Account { return chamber.LeafAccounts(p.Accounts) }

func (s *Server) apiDraftCreated(w http.ResponseWriter, r *http.Request, in chamber.NewVoucher) error {
	d, err := s.store.CreateDraft(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/voucher-drafts/"+strconv.FormatInt(d.ID, 10))
	writeJSON(w, http.StatusAccepted, d)
	return nil
}

func (s *Server) apiDraftCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewVoucher
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.CreateDraft(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/voucher-drafts/"+strconv.FormatInt(d.ID, 10))
	writeJSON(w, http.StatusCreated, d)
	return nil
}

var draftStatuses = map[string]bool{"": true, chamber.DraftOpen: true, chamber.DraftReviewed: true, chamber.DraftPosted: true, chamber.DraftRejected: true}

func (s *Server) apiDraftList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	st := r.URL.Query().Get("status")
	if !draftStatuses[st] {
		return fieldErr("status", "err.invalid_value")
	}
	ds, next, err := s.store.ListDrafts(r.Context(), st, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ds, next))
	return nil
}

func (s *Server) apiDraftGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.store.FindDraft(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) draftAPI(w http.ResponseWriter, r *http.Request, fn func(id chamber.ID) (*chamber.VoucherDraft, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := fn(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDraftReview(w http.ResponseWriter, r *http.Request) error {
	return s.draftAPI(w, r, func(id chamber.ID) (*chamber.VoucherDraft, error) { return s.store.ReviewDraft(r.Context(), id) })
}

func (s *Server) apiDraftCashier(w http.ResponseWriter, r *http.Request) error {
	return s.draftAPI(w, r, func(id chamber.ID) (*chamber.VoucherDraft, error) { return s.store.ConfirmDraftCash(r.Context(), id) })
}

func (s *Server) apiDraftReject(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	return s.draftAPI(w, r, func(id chamber.ID) (*chamber.VoucherDraft, error) {
		return s.store.RejectDraft(r.Context(), id, in.Reason)
	})
}

func (s *Server) apiDraftPost(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ConfirmOverdraft bool `json:"confirm_overdraft"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	return s.draftAPI(w, r, func(id chamber.ID) (*chamber.VoucherDraft, error) {
		return s.store.PostDraft(r.Context(), id, in.ConfirmOverdraft)
	})
}

func (s *Server) apiVoucherSignoff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	so, err := s.store.VoucherSignoff(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, so)
	return nil
}

type draftsPage struct {
	financePage
	Drafts       []*chamber.VoucherDraft
	Status, Next string
}

func (s *Server) financeDrafts(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := draftsPage{financePage: s.financePage(r, "finance.drafts"), Status: r.URL.Query().Get("status")}
	if !draftStatuses[p.Status] {
		p.Status = ""
	}
	if p.Drafts, p.Next, err = s.store.ListDrafts(r.Context(), p.Status, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "finance_drafts", &p)
	return nil
}

type draftPage struct {
	financePage
	Draft *chamber.VoucherDraft
	Names map[string]string
}

func (s *Server) financeDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := draftPage{financePage: s.financePage(r, "finance.draft")}
	if done := r.URL.Query().Get("done"); done != "" && map[string]bool{"made": true, "review": true, "reject": true, "cashier": true}[done] {
		p.Flash = p.T("finance.draft_done." + done)
	}
	return s.renderDraft(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *draftPage) error {
	var err error
	if p.Draft, err = s.store.FindDraft(r.Context(), id); err != nil {
		return err
	}
	accts, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	p.Names = map[string]string{}
	for _, a := range accts {
		p.Names[a.Code] = p.Name(a.Name, a.NameEN)
	}
	s.render(w, r, status, "finance_draft", p)
	return nil
}

// financeDraftAction runs one step of the workflow from the draft page.
func (s *Server) financeDraftAction(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		ctx := r.Context()
		var d *chamber.VoucherDraft
		switch action {
		case "review":
			d, err = s.store.ReviewDraft(ctx, id)
		case "reject":
			d, err = s.store.RejectDraft(ctx, id, r.PostForm.Get("reason"))
		case "cashier":
			d, err = s.store.ConfirmDraftCash(ctx, id)
		case "post":
			d, err = s.store.PostDraft(ctx, id, r.PostForm.Get("confirm_overdraft") != "")
		}
		if err != nil {
			p := draftPage{financePage: s.financePage(r, "finance.draft")}
			if !p.withFieldErrors(err) {
				if chamber.ErrorCode(err) != chamber.ECONFLICT {
					return err
				}
				p.FormError = p.T(errKey(err))
			}
			return s.renderDraft(w, r, statusOf(chamber.ErrorCode(err)), id, &p)
		}
		if action == "post" {
			http.Redirect(w, r, "/finance/vouchers/"+strconv.FormatInt(d.VoucherID, 10)+"?done=posted", http.StatusSeeOther)
			return nil
		}
		http.Redirect(w, r, "/finance/drafts/"+strconv.FormatInt(id, 10)+"?done="+action, http.StatusSeeOther)
		return nil
	}
}

func errKey(err error) string {
	if e := (*chamber.Error)(nil); errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	return "err.conflict"
}

type voucherPrintPage struct {
	financePage
	Voucher *chamber.Voucher
	Signoff *chamber.Signoff
	Names   map[string][2]string // code → top account name, sub-account name
}

// financeVoucherPrint is the 记账凭证 on A4 (half page): 摘要, 科目, 借方,
// 贷方, 附单据 N 张 and 制单/审核/记账/出纳.
func (s *Server) financeVoucherPrint(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := voucherPrintPage{financePage: s.financePage(r, "finance.voucher_print")}
	ctx := r.Context()
	if p.Voucher, err = s.store.FindVoucher(ctx, id); err != nil {
		return err
	}
	if p.Signoff, err = s.store.VoucherSignoff(ctx, id); err != nil {
		return err
	}
	accts, err := s.store.ListAccounts(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]*chamber.Account{}
	for _, a := range accts {
		byCode[a.Code] = a
	}
	p.Names = map[string][2]string{}
	for _, l := range p.Voucher.Lines {
		a := byCode[l.Account]
		if a == nil {
			continue
		}
		top := byCode[a.Top()]
		if top == nil || top == a {
			p.Names[l.Account] = [2]string{a.Code + " " + p.Name(a.Name, a.NameEN), ""}
		} else {
			p.Names[l.Account] = [2]string{top.Code + " " + p.Name(top.Name, top.NameEN), a.Code + " " + p.Name(a.Name, a.NameEN)}
		}
	}
	s.render(w, r, http.StatusOK, "voucher_print", &p)
	return nil
}

// Sig is a sign-off's name, or blank.
func (p *voucherPrintPage) Sig(sg *chamber.Signature) string {
	if sg == nil {
		return ""
	}
	return strings.TrimSpace(sg.Name)
}

// Tabs are the status filters of the drafts list.
func (p *draftsPage) Tabs() []string { return []string{"", "draft", "reviewed", "posted", "rejected"} }

// activitiesForm is the 业务活动表 of [from, to] with its 会民非02表 form:
// the period and the year to date.
func (s *Server) activitiesForm(r *http.Request, from, to string, accts []*chamber.Account, bal []chamber.AccountBalance) (*chamber.Activities, error) {
	a := chamber.BuildActivities(from, to, accts, bal)
	year := a
	if yf := to[:4] + "-01-01"; yf != from {
		ybal, err := s.store.Balances(r.Context(), yf, to)
		if err != nil {
			return nil, err
		}
		year = chamber.BuildActivities(yf, to, accts, ybal)
	}
	a.Form = chamber.BuildActivitiesForm(a, year)
	return a, nil
}

type formPair struct{ L, R *chamber.FormRow }

// PairRows sets the two sides of 会民非01表 side by side.
func (p *reportPage) PairRows(left, right []chamber.FormRow) []formPair {
	n := max(len(left), len(right))
	out := make([]formPair, n)
	for i := range out {
		if i < len(left) {
			out[i].L = &left[i]
		}
		if i < len(right) {
			out[i].R = &right[i]
		}
	}
	return out
}

// FormNo is the standard form's number: 会民非01表, 02表, 03表.
func (p *reportPage) FormNo() string {
	switch p.Kind {
	case "balance-sheet":
		return "会民非01表"
	case "activities":
		return "会民非02表"
	case "cash-flow":
		return "会民非03表"
	}
	return ""
}

// PeriodColumn heads the first amount group of 会民非02表: 本月数 for one month.
func (p *reportPage) PeriodColumn() string {
	if len(p.From) == 10 && p.From[:7] == p.To[:7] && p.From[8:] == "01" {
		return p.T("finance.this_month")
	}
	return p.T("finance.this_period")
}

// SectionNumbers are 一、二、三、 of the cash-flow sections.
func (p *reportPage) SectionNumbers() []string { return []string{"一、", "二、", "三、"} }
