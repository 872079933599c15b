package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

type assetsPage struct {
	Page
	Assets   []*chamber.Asset
	Asset    *chamber.Asset
	Supplies []*chamber.Supply
	TotalFen int64
	Today    string
	// Runs are the monthly depreciation runs (finance.read).
	Runs []*chamber.DepreciationRun
}

func (p *assetsPage) Yuan(fen int64) string { return chamber.FormatYuan(fen) }

// ThisMonth is the month the depreciation form proposes (YYYY-MM of Today).
func (p *assetsPage) ThisMonth() string {
	if len(p.Today) >= 7 {
		return p.Today[:7]
	}
	return ""
}

func (s *Server) assetsPage(w http.ResponseWriter, r *http.Request) error {
	p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
	q := r.URL.Query()
	if q.Get("done") == "checked" {
		found, _ := strconv.Atoi(q.Get("found"))
		missing, _ := strconv.Atoi(q.Get("missing"))
		p.Flash = p.T("asset.checked", found, missing)
	}
	if q.Get("done") == "depreciated" {
		p.Flash = p.T("depreciation.done", q.Get("month"))
	}
	return s.renderAssets(w, r, http.StatusOK, &p)
}

func (s *Server) renderAssets(w http.ResponseWriter, r *http.Request, status int, p *assetsPage) error {
	var err error
	if p.Assets, err = s.store.ListAssets(r.Context(), ""); err != nil {
		return err
	}
	for _, a := range p.Assets {
		if a.Status != chamber.AssetDisposed {
			p.TotalFen += a.CostFen
		}
	}
	if p.Actor.Can(chamber.PermFinanceRead) {
		if p.Runs, err = s.store.ListDepreciation(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, status, "assets", p)
	return nil
}

// assetCheckSubmit records a 盘点 from the register's checkboxes: every
// asset listed on the form (not disposed) is found if ticked, else missing.
func (s *Server) assetCheckSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.AssetCheck{Date: f.Get("date")}
	found := map[string]bool{}
	for _, v := range f["found"] {
		found[v] = true
	}
	for _, v := range f["listed"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if found[v] {
			in.Found = append(in.Found, id)
		} else {
			in.Missing = append(in.Missing, id)
		}
	}
	res, err := s.store.CheckAssets(r.Context(), in)
	if err != nil {
		p := assetsPage{Page: s.page(r, "asset.title"), Today: in.Date}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAssets(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/assets?done=checked&found="+strconv.Itoa(res.Found)+"&missing="+strconv.Itoa(res.Missing), http.StatusSeeOther)
	return nil
}

func (s *Server) assetDetailPage(w http.ResponseWriter, r *http.Request) error {
	p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
	switch r.URL.Query().Get("done") {
	case "transferred":
		p.Flash = p.T("asset.transferred")
	case "disposed":
		p.Flash = p.T("asset.disposed")
	case "life":
		p.Flash = p.T("recruit.saved")
	}
	return s.renderAsset(w, r, http.StatusOK, &p)
}

func (s *Server) renderAsset(w http.ResponseWriter, r *http.Request, status int, p *assetsPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.Asset, err = s.store.FindAsset(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, status, "asset", p)
	return nil
}

func (s *Server) assetTransferSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.AssetTransfer{Location: f.Get("location"), Note: f.Get("note")}
	if v := strings.TrimSpace(f.Get("custodian_user_id")); v != "" {
		in.CustodianID, _ = strconv.ParseInt(v, 10, 64)
	}
	if _, err := s.store.TransferAsset(r.Context(), id, in); err != nil {
		p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAsset(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/assets/"+strconv.FormatInt(id, 10)+"?done=transferred", http.StatusSeeOther)
	return nil
}

func (s *Server) assetDisposeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	if _, err := s.store.DisposeAsset(r.Context(), id, chamber.AssetDisposal{Date: f.Get("date"), Reason: f.Get("reason")}); err != nil {
		p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAsset(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/assets/"+strconv.FormatInt(id, 10)+"?done=disposed", http.StatusSeeOther)
	return nil
}

func (s *Server) suppliesPage(w http.ResponseWriter, r *http.Request) error {
	p := assetsPage{Page: s.page(r, "supply.title")}
	switch r.URL.Query().Get("done") {
	case "issued":
		p.Flash = p.T("supply.issued")
	case "created":
		p.Flash = p.T("supply.created")
	}
	return s.renderSupplies(w, r, http.StatusOK, &p)
}

func (s *Server) renderSupplies(w http.ResponseWriter, r *http.Request, status int, p *assetsPage) error {
	var err error
	if p.Supplies, err = s.store.ListSupplies(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "supplies", p)
	return nil
}

func (s *Server) supplyCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.Supply{Name: f.Get("name"), Unit: f.Get("unit")}
	var err error
	if v := strings.TrimSpace(f.Get("stock")); v != "" {
		if in.Stock, err = strconv.ParseInt(v, 10, 64); err != nil {
			err = fieldErr("stock", "err.invalid_value")
		}
	}
	if err == nil {
		_, err = s.store.CreateSupply(r.Context(), in)
	}
	if err != nil {
		p := assetsPage{Page: s.page(r, "supply.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderSupplies(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/supplies?done=created", http.StatusSeeOther)
	return nil
}

func (s *Server) supplyIssueSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.SupplyIssue{Note: f.Get("note")}
	in.Qty, _ = strconv.ParseInt(strings.TrimSpace(f.Get("qty")), 10, 64)
	in.UserID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("user_id")), 10, 64)
	if _, err := s.store.IssueSupply(r.Context(), id, in); err != nil {
		p := assetsPage{Page: s.page(r, "supply.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		status := http.StatusUnprocessableEntity
		if chamber.ErrorCode(err) == chamber.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderSupplies(w, r, status, &p)
	}
	http.Redirect(w, r, "/supplies?done=issued", http.StatusSeeOther)
	return nil
}
