package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// purchaseRow is one item row of the new-request form, as typed.
type purchaseRow struct {
	Name, Unit, Qty, Price string
	Asset                  bool
}

type purchasesPage struct {
	Page
	Waiting, Mine, All []*chamber.Purchase
	Budgets            []*chamber.PurchaseBudget
	Title, BudgetID    string
	Rows               []purchaseRow
	Purchase           *chamber.Purchase
	Today              string
}

// Tables are the lists of requests under their headings.
func (p *purchasesPage) Tables() []struct {
	Key  string
	Rows []*chamber.Purchase
} {
	out := []struct {
		Key  string
		Rows []*chamber.Purchase
	}{{"purchase.mine", p.Mine}}
	if p.All != nil {
		out = append(out, struct {
			Key  string
			Rows []*chamber.Purchase
		}{"purchase.all", p.All})
	}
	return out
}

func (p *purchasesPage) Yuan(fen int64) string { return chamber.FormatYuan(fen) }

// BudgetLabel names a budget line for the select and the detail page.
func (p *purchasesPage) BudgetLabel(b *chamber.PurchaseBudget) string {
	parts := []string{b.Account}
	for _, s := range []string{b.Department, b.Project} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ") + " — " + p.T("purchase.budget_room", p.Yuan(b.AmountFen), p.Yuan(b.SpentFen), p.Yuan(b.CommittedFen), p.Yuan(b.AvailableFen))
}

func (s *Server) purchasesPage(w http.ResponseWriter, r *http.Request) error {
	p := purchasesPage{Page: s.page(r, "purchase.title"), Rows: make([]purchaseRow, 5)}
	switch r.URL.Query().Get("done") {
	case "filed":
		p.Flash = p.T("purchase.filed")
	case "decided":
		p.Flash = p.T("purchase.decided")
	}
	return s.renderPurchases(w, r, http.StatusOK, &p)
}

func (s *Server) renderPurchases(w http.ResponseWriter, r *http.Request, status int, p *purchasesPage) error {
	ctx := r.Context()
	var err error
	if p.Waiting, err = s.store.ListPurchases(ctx, chamber.PurchaseFilter{View: "waiting"}); err != nil {
		return err
	}
	if p.Mine, err = s.store.ListPurchases(ctx, chamber.PurchaseFilter{View: "mine"}); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermStaffManage) || p.Actor.Can(chamber.PermFinanceRead) {
		if p.All, err = s.store.ListPurchases(ctx, chamber.PurchaseFilter{View: "all"}); err != nil {
			return err
		}
	}
	if p.Actor.Can(chamber.PermOrgRead) {
		if p.Budgets, err = s.store.PurchaseBudgets(ctx, atoiYear(s.store.Today(ctx))); err != nil {
			return err
		}
	}
	s.render(w, r, status, "purchases", p)
	return nil
}

func (s *Server) purchaseSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := purchasesPage{Page: s.page(r, "purchase.title"), Title: f.Get("title"), BudgetID: f.Get("budget_id")}
	in := chamber.NewPurchase{Title: p.Title}
	var bad chamber.Fields
	if id, err := strconv.ParseInt(p.BudgetID, 10, 64); err == nil && id > 0 {
		in.BudgetID = id
	}
	for i := 0; i < 5; i++ {
		k := strconv.Itoa(i)
		row := purchaseRow{Name: f.Get("name" + k), Unit: f.Get("unit" + k), Qty: f.Get("qty" + k), Price: f.Get("price" + k), Asset: f.Get("asset"+k) != ""}
		p.Rows = append(p.Rows, row)
		if strings.TrimSpace(row.Name) == "" && strings.TrimSpace(row.Qty) == "" && strings.TrimSpace(row.Price) == "" {
			continue
		}
		n := len(in.Items)
		it := chamber.PurchaseItem{Name: row.Name, Unit: row.Unit, Asset: row.Asset}
		qty, err := strconv.ParseInt(strings.TrimSpace(row.Qty), 10, 64)
		if err != nil {
			bad.Add(fmt.Sprintf("items[%d].qty", n), "err.invalid_value")
		}
		price, ok := chamber.ParseYuan(row.Price)
		if !ok {
			bad.Add(fmt.Sprintf("items[%d].unit_price_fen", n), "ledger.err.amount")
		}
		it.Qty, it.UnitPriceFen = qty, price
		in.Items = append(in.Items, it)
	}
	err := bad.Err()
	if err == nil {
		_, err = s.store.CreatePurchase(r.Context(), in)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderPurchases(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/purchases?done=filed", http.StatusSeeOther)
	return nil
}

// RowErr is the error of item row i's field, if any.
func (p *purchasesPage) RowErr(i int, field string) string {
	return p.Err(fmt.Sprintf("items[%d].%s", i, field))
}

func (s *Server) purchaseDetailPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := purchasesPage{Page: s.page(r, "purchase.title"), Today: s.store.Today(r.Context())}
	if p.Purchase, err = s.store.FindPurchase(r.Context(), id); err != nil {
		return err
	}
	p.Title = p.Purchase.Number + " " + p.Purchase.Title
	if r.URL.Query().Get("done") == "received" {
		p.Flash = p.T("purchase.done_received")
	}
	s.render(w, r, http.StatusOK, "purchase", &p)
	return nil
}

func (s *Server) purchaseDecideSubmit(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if _, err := s.store.DecidePurchase(r.Context(), id, approve, r.PostForm.Get("comment")); err != nil {
			return err
		}
		http.Redirect(w, r, "/purchases?done=decided", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) purchaseReceiveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.PurchaseReceipt{Date: f.Get("date"), PayAccount: f.Get("pay_account"), Location: f.Get("location")}
	if v := strings.TrimSpace(f.Get("custodian_user_id")); v != "" {
		if in.CustodianID, err = strconv.ParseInt(v, 10, 64); err != nil || in.CustodianID <= 0 {
			return fieldErr("custodian_user_id", "err.invalid_value")
		}
	}
	if _, err := s.store.ReceivePurchase(r.Context(), id, in); err != nil {
		p := purchasesPage{Page: s.page(r, "purchase.title"), Today: in.Date}
		if !p.withFieldErrors(err) {
			return err
		}
		if p.Purchase, err = s.store.FindPurchase(r.Context(), id); err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "purchase", &p)
		return nil
	}
	http.Redirect(w, r, "/purchases/"+strconv.FormatInt(id, 10)+"?done=received", http.StatusSeeOther)
	return nil
}
