package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// depreciationRoutes are the monthly straight-line depreciation of the
// fixed assets (折旧) and each asset's useful life.
func (s *Server) depreciationRoutes() []*route {
	const post, read = chamber.PermFinancePost, chamber.PermFinanceRead
	return []*route{
		perm("POST", "/assets/depreciation", post, s.depreciationSubmit),
		perm("POST", "/assets/{id}/life", post, s.assetLifeSubmit),

		api(perm("POST", "/api/v1/finance/depreciation", post, s.apiDepreciate),
			"Run a month's straight-line depreciation (YYYY-MM, not in the future): one voucher Dr 520105 折旧费 / Cr 1502 累计折旧 dated the month's last day; 201 the first time, 200 with the same run (nothing posted) after", "DepreciationRequest"),
		api(perm("GET", "/api/v1/finance/depreciation", read, s.apiDepreciationList), "The monthly depreciation runs, latest first", ""),
		api(perm("POST", "/api/v1/assets/{id}/life", post, s.apiAssetLife), "Set an asset's useful life (months) and residual value for the months still to run", "AssetLife"),
	}
}

func depreciationSchemas() obj {
	return obj{
		"DepreciationRequest": oaObject([]string{"month"}, obj{"month": obj{"type": "string", "pattern": `^\d{4}-\d{2}$`, "example": "2026-11"}}),
		"AssetLife":           oaObject([]string{"life_months"}, obj{"life_months": oaInteger, "residual_fen": oaInteger}),
	}
}

func (s *Server) apiDepreciate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Month string `json:"month"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	run, created, err := s.store.Depreciate(r.Context(), strings.TrimSpace(in.Month))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, run)
	return nil
}

func (s *Server) apiDepreciationList(w http.ResponseWriter, r *http.Request) error {
	runs, err := s.store.ListDepreciation(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(runs, ""))
	return nil
}

func (s *Server) apiAssetLife(w http.ResponseWriter, r *http.Request) error {
	return withBody(http.StatusOK, false, func(r *http.Request, id chamber.ID, in chamber.AssetLife) (*chamber.Asset, error) {
		return s.store.SetAssetLife(r.Context(), id, in)
	})(w, r)
}

func (s *Server) depreciationSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	run, _, err := s.store.Depreciate(r.Context(), strings.TrimSpace(r.PostForm.Get("month")))
	if err != nil {
		p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
		if !p.withFieldErrors(err) || !mayReadAssets(p.Actor) {
			return err
		}
		return s.renderAssets(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/assets?done=depreciated&month="+run.Month, http.StatusSeeOther)
	return nil
}

func (s *Server) assetLifeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	var bad chamber.Fields
	life, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("life_months")))
	if err != nil {
		bad.Add("life_months", "err.invalid_value")
	}
	residual, ok := int64(0), true
	if v := strings.TrimSpace(r.PostForm.Get("residual")); v != "" {
		residual, ok = chamber.ParseYuan(v)
	}
	if !ok {
		bad.Add("residual_fen", "ledger.err.amount")
	}
	err = bad.Err()
	if err == nil {
		_, err = s.store.SetAssetLife(r.Context(), id, chamber.AssetLife{LifeMonths: life, ResidualFen: residual})
	}
	if err != nil {
		p := assetsPage{Page: s.page(r, "asset.title"), Today: s.store.Today(r.Context())}
		if !p.withFieldErrors(err) || !mayReadAssets(p.Actor) {
			return err
		}
		return s.renderAsset(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/assets/"+strconv.FormatInt(id, 10)+"?done=life", http.StatusSeeOther)
	return nil
}

// mayReadAssets: who sees the register's pages (finance.post alone posts
// depreciation but answers a bad form with the error page).
func mayReadAssets(a *chamber.Actor) bool {
	return a.Can(chamber.PermStaffManage) || a.Can(chamber.PermOrgRead)
}
