package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// purchaseRoutes are purchasing's, the asset register's and office
// supplies' pages and API (物品采购, 财产, 物品).
func (s *Server) purchaseRoutes() []*route {
	const hr, staff = chamber.PermStaffManage, chamber.PermOrgRead
	return []*route{
		user("GET", "/purchases", s.purchasesPage),
		user("POST", "/purchases", s.purchaseSubmit),
		user("GET", "/purchases/{id}", s.purchaseDetailPage),
		user("POST", "/purchases/{id}/approve", s.purchaseDecideSubmit(true)),
		user("POST", "/purchases/{id}/reject", s.purchaseDecideSubmit(false)),
		perm("POST", "/purchases/{id}/receive", hr, s.purchaseReceiveSubmit),
		perm("GET", "/assets", staff, s.assetsPage),
		perm("GET", "/assets/{id}", staff, s.assetDetailPage),
		perm("POST", "/assets/check", hr, s.assetCheckSubmit),
		perm("POST", "/assets/{id}/transfer", hr, s.assetTransferSubmit),
		perm("POST", "/assets/{id}/dispose", hr, s.assetDisposeSubmit),
		perm("GET", "/supplies", staff, s.suppliesPage),
		perm("POST", "/supplies", hr, s.supplyCreateSubmit),
		perm("POST", "/supplies/{id}/issue", hr, s.supplyIssueSubmit),

		api(user("POST", "/api/v1/purchases", s.apiPurchaseCreate), "File a purchase request against a budget line; routed along the org chart with the reimbursement amount limits; 422 over_budget when the line has no room", "NewPurchase"),
		api(user("GET", "/api/v1/purchases", s.apiPurchaseList), "Purchase requests: ?view=mine (default), waiting (for the caller's decision), all (staff.manage, finance.read); ?status=", ""),
		api(user("GET", "/api/v1/purchases/{id}", s.apiPurchaseGet), "One purchase request with items, approval steps and the budget line's room", ""),
		api(user("POST", "/api/v1/purchases/{id}/approve", s.apiPurchaseDecide(true)), "Approve (the current approver only, 403 otherwise); the last approval makes it approved", "PurchaseDecision"),
		api(user("POST", "/api/v1/purchases/{id}/reject", s.apiPurchaseDecide(false)), "Reject (the current approver only, 403 otherwise)", "PurchaseDecision"),
		api(perm("POST", "/api/v1/purchases/{id}/receive", hr, s.apiPurchaseReceive), "Receive an approved purchase: asset items into the register (one per unit), the others into supplies stock; posts Dr 1501/520102, Cr 2202 or the bank account", "PurchaseReceipt"),
		api(perm("GET", "/api/v1/purchase-budgets", staff, s.apiPurchaseBudgets), "The year's budget lines (?year=) with amount, spent, committed and available", ""),
		api(perm("GET", "/api/v1/assets", staff, s.apiAssetList), "The fixed asset register (?status=in_use|missing|disposed)", ""),
		api(perm("GET", "/api/v1/assets/{id}", staff, s.apiAssetGet), "One asset with its history", ""),
		api(perm("POST", "/api/v1/assets/{id}/transfer", hr, s.apiAssetTransfer), "Hand an asset to another custodian and/or place", "AssetTransfer"),
		api(perm("POST", "/api/v1/assets/{id}/dispose", hr, s.apiAssetDispose), "Write an asset off: Dr 5401 / Cr 1501 at cost; 409 when already disposed", "AssetDisposal"),
		api(perm("POST", "/api/v1/asset-checks", hr, s.apiAssetCheck), "Record an inventory check (盘点): found assets in use, missing ones marked missing", "AssetCheck"),
		api(perm("GET", "/api/v1/supplies", staff, s.apiSupplyList), "Office supplies with their stock", ""),
		api(perm("POST", "/api/v1/supplies", hr, s.apiSupplyCreate), "Add an office supply with its opening stock", "Supply"),
		api(perm("POST", "/api/v1/supplies/{id}/issue", hr, s.apiSupplyIssue), "Issue a supply to a person; 409 when the stock does not cover it (never below zero)", "SupplyIssue"),
		api(perm("GET", "/api/v1/supplies/{id}/moves", staff, s.apiSupplyMoves), "A supply's stock changes, newest first", ""),
	}
}

func purchaseSchemas() obj {
	return obj{
		"NewPurchase": oaObject([]string{"title", "items", "budget_id"}, obj{"title": oaString, "budget_id": oaInteger,
			"items": oaArray(oaObject([]string{"name", "qty", "unit_price_fen"}, obj{"name": oaString, "unit": oaString, "qty": oaInteger,
				"unit_price_fen": oaInteger, "asset": oaBoolean}))}),
		"PurchaseDecision": oaObject(nil, obj{"comment": oaString}),
		"PurchaseReceipt": oaObject(nil, obj{"date": oaDate, "pay_account": oaString, "custodian_user_id": oaInteger,
			"location": oaString}),
		"AssetTransfer": oaObject([]string{"custodian_user_id"}, obj{"custodian_user_id": oaInteger, "location": oaString, "note": oaString}),
		"AssetDisposal": oaObject([]string{"reason"}, obj{"date": oaDate, "reason": oaString}),
		"AssetCheck":    oaObject(nil, obj{"date": oaDate, "found": oaArray(oaInteger), "missing": oaArray(oaInteger)}),
		"Supply":        oaObject([]string{"name"}, obj{"name": oaString, "unit": oaString, "stock": oaInteger}),
		"SupplyIssue":   oaObject([]string{"qty", "user_id"}, obj{"qty": oaInteger, "user_id": oaInteger, "note": oaString}),
	}
}

func (s *Server) apiPurchaseCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewPurchase
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.CreatePurchase(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/purchases/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiPurchaseList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ps, err := s.store.ListPurchases(r.Context(), chamber.PurchaseFilter{View: q.Get("view"), Status: q.Get("status")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ps, ""))
	return nil
}

func (s *Server) apiPurchaseGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.store.FindPurchase(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPurchaseDecide(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in struct {
			Comment string `json:"comment"`
		}
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		p, err := s.store.DecidePurchase(r.Context(), id, approve, in.Comment)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	}
}

func (s *Server) apiPurchaseReceive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.PurchaseReceipt
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	p, err := s.store.ReceivePurchase(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPurchaseBudgets(w http.ResponseWriter, r *http.Request) error {
	year := atoiYear(s.store.Today(r.Context()))
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return fieldErr("year", "err.invalid_value")
		}
		year = y
	}
	bs, err := s.store.PurchaseBudgets(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(bs, ""))
	return nil
}

func (s *Server) apiAssetList(w http.ResponseWriter, r *http.Request) error {
	as, err := s.store.ListAssets(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(as, ""))
	return nil
}

func (s *Server) apiAssetGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.FindAsset(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAssetTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.AssetTransfer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.TransferAsset(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAssetDispose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.AssetDisposal
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.DisposeAsset(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAssetCheck(w http.ResponseWriter, r *http.Request) error {
	var in chamber.AssetCheck
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.store.CheckAssets(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiSupplyList(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.store.ListSupplies(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ss, ""))
	return nil
}

func (s *Server) apiSupplyCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Supply
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.store.CreateSupply(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiSupplyIssue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.SupplyIssue
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.store.IssueSupply(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiSupplyMoves(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ms, err := s.store.ListSupplyMoves(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ms, ""))
	return nil
}
