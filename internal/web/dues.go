package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

type duesRateRow struct {
	Tier       chamber.Tier
	Amount     string // yuan, "" when not set
	Resolution string
	Set        bool
}

// StatusTabs are the invoice filters shown above the list.
func (p *duesPage) StatusTabs() []string {
	return []string{"unpaid", chamber.DuesOpen, chamber.DuesPartial, chamber.DuesPaid, chamber.DuesWaived}
}

type duesPage struct {
	financePage
	Year         int
	Rates        []duesRateRow
	Invoices     []*chamber.DuesInvoice
	Status       string
	Cursor, Next string
	Run          *chamber.InvoiceRun
	Today        string
}

// TierName shows a tier code in the page's language.
func (p *financePage) TierName(tiers []duesRateRow, code string) string {
	for _, t := range tiers {
		if t.Tier.Code == code {
			return p.Name(t.Tier.NameZH, t.Tier.NameEN)
		}
	}
	return code
}

func (s *Server) renderDues(w http.ResponseWriter, r *http.Request, status int, p *duesPage) error {
	ctx := r.Context()
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	tiers, err := s.store.Tiers(ctx)
	if err != nil {
		return err
	}
	rates, err := s.store.DuesSchedule(ctx, p.Year)
	if err != nil {
		return err
	}
	for _, t := range tiers {
		row := duesRateRow{Tier: t}
		for _, rt := range rates {
			if rt.Tier == t.Code {
				row.Amount = strings.TrimPrefix(strings.ReplaceAll(chamber.FormatYuan(rt.AmountFen), ",", ""), "¥")
				row.Resolution, row.Set = rt.Resolution, true
			}
		}
		p.Rates = append(p.Rates, row)
	}
	if p.Status != "" && p.Status != chamber.DuesOpen && p.Status != chamber.DuesPartial && p.Status != chamber.DuesPaid &&
		p.Status != chamber.DuesWaived && p.Status != "unpaid" {
		p.Status = ""
	}
	if p.Invoices, p.Next, err = s.store.ListDuesInvoices(ctx, chamber.DuesFilter{Year: p.Year, Status: p.Status}, pg); err != nil {
		return err
	}
	p.Today = s.store.Today(ctx)
	s.render(w, r, status, "dues", p)
	return nil
}

func (s *Server) duesPage(w http.ResponseWriter, r *http.Request) error {
	y, err := s.budgetYear(r)
	if err != nil {
		return err
	}
	p := duesPage{financePage: s.financePage(r, "dues.title"), Year: y, Status: r.URL.Query().Get("status")}
	q := r.URL.Query()
	switch q.Get("done") {
	case "rate":
		p.Flash = p.T("dues.rate_saved")
	case "generated":
		c, _ := strconv.ParseInt(q.Get("created"), 10, 64)
		e, _ := strconv.ParseInt(q.Get("existing"), 10, 64)
		n, _ := strconv.ParseInt(q.Get("no_schedule"), 10, 64)
		p.Flash = p.T("dues.generated", c, e, n)
	}
	return s.renderDues(w, r, http.StatusOK, &p)
}

func (s *Server) duesRateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	year, err := strconv.Atoi(f.Get("year"))
	if err != nil {
		return fieldErr("year", "err.invalid_value")
	}
	fen, ok := chamber.ParseYuan(f.Get("amount"))
	if !ok {
		return fieldErr("amount_fen", "ledger.err.amount")
	}
	if _, err := s.store.SetDuesRate(r.Context(), chamber.DuesRate{Year: year, Tier: f.Get("tier"), AmountFen: fen, Resolution: f.Get("resolution")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/finance/dues?year="+strconv.Itoa(year)+"&done=rate", http.StatusSeeOther)
	return nil
}

func (s *Server) duesGenerateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	year, err := strconv.Atoi(r.PostForm.Get("year"))
	if err != nil {
		return fieldErr("year", "err.invalid_value")
	}
	run, err := s.store.InvoiceYear(r.Context(), year, strings.TrimSpace(r.PostForm.Get("due_date")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/finance/dues?year="+strconv.Itoa(year)+"&done=generated&created="+strconv.FormatInt(run.Created, 10)+
		"&existing="+strconv.FormatInt(run.Existing, 10)+"&no_schedule="+strconv.FormatInt(run.NoSchedule, 10), http.StatusSeeOther)
	return nil
}

type duesInvoicePage struct {
	financePage
	Invoice *chamber.DuesInvoice
	Methods []string
	Today   string
	Pay     struct{ Date, Amount, Method, Reference string }
	Adjust  struct{ Amount, Reason, ApprovedBy string }
}

func (s *Server) renderDuesInvoice(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *duesInvoicePage) error {
	var err error
	if p.Invoice, err = s.store.FindDuesInvoice(r.Context(), id); err != nil {
		return err
	}
	p.Methods, p.Today = chamber.PayMethods, s.store.Today(r.Context())
	if p.Pay.Date == "" {
		p.Pay.Date = p.Today
	}
	if p.Pay.Amount == "" && p.Invoice.DueFen > 0 {
		p.Pay.Amount = strings.TrimPrefix(strings.ReplaceAll(chamber.FormatYuan(p.Invoice.DueFen), ",", ""), "¥")
	}
	s.render(w, r, status, "dues_invoice", p)
	return nil
}

func (s *Server) duesInvoicePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := duesInvoicePage{financePage: s.financePage(r, "dues.invoice")}
	switch r.URL.Query().Get("done") {
	case "paid":
		p.Flash = p.T("dues.payment_recorded")
	case "adjusted":
		p.Flash = p.T("dues.adjusted")
	}
	return s.renderDuesInvoice(w, r, http.StatusOK, id, &p)
}

func (s *Server) duesPaymentSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := duesInvoicePage{financePage: s.financePage(r, "dues.invoice")}
	p.Pay.Date, p.Pay.Amount, p.Pay.Method, p.Pay.Reference = strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("amount")), f.Get("method"), strings.TrimSpace(f.Get("reference"))
	in := chamber.NewDuesPayment{Date: p.Pay.Date, Method: p.Pay.Method, Reference: p.Pay.Reference}
	var ok bool
	if in.AmountFen, ok = chamber.ParseYuan(p.Pay.Amount); !ok {
		err = fieldErr("amount_fen", "ledger.err.amount")
	}
	var pay *chamber.DuesPayment
	if err == nil {
		pay, err = s.store.RecordDuesPayment(r.Context(), id, in)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderDuesInvoice(w, r, statusOf(chamber.ErrorCode(err)), id, &p)
	}
	http.Redirect(w, r, "/dues/receipts/"+strconv.FormatInt(pay.ID, 10)+"?done=paid", http.StatusSeeOther)
	return nil
}

func (s *Server) duesAdjustSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := duesInvoicePage{financePage: s.financePage(r, "dues.invoice")}
	p.Adjust.Amount, p.Adjust.Reason, p.Adjust.ApprovedBy = strings.TrimSpace(f.Get("amount")), strings.TrimSpace(f.Get("reason")), strings.TrimSpace(f.Get("approved_by"))
	in := chamber.NewDuesAdjust{Reason: p.Adjust.Reason, ApprovedBy: p.Adjust.ApprovedBy}
	amt, neg := p.Adjust.Amount, strings.HasPrefix(p.Adjust.Amount, "-")
	fen, ok := chamber.ParseYuan(strings.TrimPrefix(amt, "-"))
	if !ok {
		err = fieldErr("amount_fen", "ledger.err.amount")
	}
	if neg {
		fen = -fen
	}
	in.AmountFen = fen
	if err == nil {
		_, err = s.store.AdjustDues(r.Context(), id, in)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderDuesInvoice(w, r, statusOf(chamber.ErrorCode(err)), id, &p)
	}
	http.Redirect(w, r, "/finance/dues/invoices/"+strconv.FormatInt(id, 10)+"?done=adjusted", http.StatusSeeOther)
	return nil
}

type duesArrearsPage struct {
	financePage
	Arrears  *chamber.Arrears
	Buckets  []string
	Cursor   string
	Reminded string // how many members the reminder just went to
}

func (s *Server) duesArrearsPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := duesArrearsPage{financePage: s.financePage(r, "dues.arrears"), Buckets: chamber.AgingBuckets, Cursor: pg.Cursor,
		Reminded: r.URL.Query().Get("reminded")}
	if p.Arrears, err = s.store.DuesArrears(r.Context(), r.URL.Query().Get("as_of"), pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dues_arrears", &p)
	return nil
}

type duesReceiptPage struct {
	financePage
	Payment *chamber.DuesPayment
	Words   string
}

func (s *Server) duesReceiptPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := duesReceiptPage{financePage: s.financePage(r, "dues.receipt")}
	if p.Payment, err = s.store.DuesReceiptOf(r.Context(), id); err != nil {
		return err
	}
	p.Words = chamber.YuanInWords(p.Payment.AmountFen)
	if r.URL.Query().Get("done") == "paid" {
		p.Flash = p.T("dues.payment_recorded")
	}
	s.render(w, r, http.StatusOK, "dues_receipt", &p)
	return nil
}

type portalDuesPage struct {
	financePage
	Invoices []*chamber.DuesInvoice
}

func (s *Server) portalDuesPage(w http.ResponseWriter, r *http.Request) error {
	p := portalDuesPage{financePage: s.financePage(r, "dues.mine")}
	var err error
	if p.Invoices, err = s.store.MyDues(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_dues", &p)
	return nil
}

// remindDues sends the day's reminder, written in the chamber's language of record.
func (s *Server) remindDues(r *http.Request) (chamber.ID, int, error) {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return 0, 0, err
	}
	return s.store.RemindDues(r.Context(), i18n.T(i18n.ZH, "dues.reminder_title"), i18n.T(i18n.ZH, "dues.reminder_body", st.Name))
}

func (s *Server) apiDuesRemind(w http.ResponseWriter, r *http.Request) error {
	id, n, err := s.remindDues(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"announcement_id": id, "recipients": n})
	return nil
}

func (s *Server) duesRemindSubmit(w http.ResponseWriter, r *http.Request) error {
	_, n, err := s.remindDues(r)
	if err != nil && chamber.ErrorCode(err) != chamber.ECONFLICT {
		return err
	}
	http.Redirect(w, r, "/finance/dues/arrears?reminded="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
