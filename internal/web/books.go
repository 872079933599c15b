package web

import (
	"net/http"
	"strconv"

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
	}
}

// booksSchemas are the OpenAPI schemas of the books' request bodies.
func booksSchemas(o obj) obj {
	fen := obj{"type": "integer", "format": "int64", "minimum": 0, "description": "fen (分)"}
	o["NewOpeningBalances"] = oaObject([]string{"date", "lines"}, obj{
		"date": oaDate, "summary": oaString,
		"lines": oaArray(oaObject([]string{"account"}, obj{"account": oaString, "debit_fen": fen, "credit_fen": fen, "memo": oaString})),
	})
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
	if err := decodeJSON(r, &in); err != nil {
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
