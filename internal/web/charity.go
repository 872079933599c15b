package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Charity campaigns (公益募捐): staff pages under /charity, the API, and
// the public report (募捐公示) at /public/charity/{id}.
func (s *Server) charityRoutes() []*route {
	const manage = chamber.PermEventManage
	return []*route{
		perm("GET", "/charity", manage, s.charityPage),
		perm("POST", "/charity", manage, s.charityCreateSubmit),
		perm("GET", "/charity/{id}", manage, s.charityCampaignPage),
		perm("POST", "/charity/{id}/pledges", manage, s.charityPledgeSubmit),
		perm("POST", "/pledges/{id}/receive", chamber.PermFinancePost, s.pledgeReceiveSubmit),
		pub("GET", "/public/charity/{id}", s.publicCharityPage),

		api(perm("POST", "/api/v1/charity-campaigns", manage, s.apiCharityCreate), "Open a charity campaign (公益募捐) for a charity event: purpose, goal, public report or not", "NewCharityCampaign"),
		api(pub("GET", "/api/v1/charity-campaigns", s.apiCharityList), "Charity campaigns with pledged, raised (donations of the event) and spent (expense lines tagged with it): staff all, others the public ones", ""),
		api(pub("GET", "/api/v1/charity-campaigns/{id}", s.apiCharityGet), "One campaign (with its pledges for staff)", ""),
		api(perm("POST", "/api/v1/charity-campaigns/{id}/pledges", manage, s.apiCharityPledge), "Record a donor's pledge (认捐)", "NewCharityPledge"),
		api(perm("POST", "/api/v1/pledges/{id}/receive", chamber.PermFinancePost, s.apiPledgeReceive), "Receive a pledge: records the finance donation (restricted to the purpose, voucher lines tagged with the event) with its receipt number; once (409)", "PledgeReceipt"),
		api(pub("GET", "/api/v1/charity-campaigns/{id}/report", s.apiCharityReport), "The campaign's report (募捐公示): donors with receipt numbers, spending from the ledger, balance", ""),
	}
}

func charitySchemas() obj {
	return obj{
		"NewCharityCampaign": oaObject([]string{"event_id", "title", "purpose"}, obj{"event_id": oaInteger, "title": oaString, "purpose": oaString,
			"goal_fen": oaInteger, "public": oaBoolean}),
		"NewCharityPledge": oaObject([]string{"donor", "amount_fen"}, obj{"donor": oaString, "member_id": oaInteger, "amount_fen": oaInteger, "note": oaString}),
		"PledgeReceipt":    oaObject(nil, obj{"date": oaDate, "cash_account": obj{"type": "string", "example": "100201"}}),
	}
}

type charityPage struct {
	Page
	Campaigns []*chamber.CharityCampaign
	Events    []*chamber.Event
	Form      chamber.NewCharityCampaign
}

func (s *Server) renderCharity(w http.ResponseWriter, r *http.Request, status int, p *charityPage) error {
	ctx := r.Context()
	var err error
	if p.Campaigns, err = s.store.ListCharityCampaigns(ctx); err != nil {
		return err
	}
	if p.Events, _, err = s.store.ListEvents(ctx, chamber.EventFilter{Kind: string(chamber.EventCharity)}, chamber.Page{Limit: 100}); err != nil {
		return err
	}
	s.render(w, r, status, "charity", p)
	return nil
}

func (s *Server) charityPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCharity(w, r, http.StatusOK, &charityPage{Page: s.page(r, "charity.title")})
}

func (s *Server) charityCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	n := chamber.NewCharityCampaign{EventID: mustID(f.Get("event_id")), Title: f.Get("title"), Purpose: f.Get("purpose"), Public: f.Get("public") == "1"}
	p := &charityPage{Page: s.page(r, "charity.title"), Form: n}
	if v := strings.TrimSpace(f.Get("goal")); v != "" {
		fen, ok := chamber.ParseYuan(v)
		if !ok {
			p.Errors = map[string]string{"goal_fen": p.T("ledger.err.amount")}
			return s.renderCharity(w, r, http.StatusUnprocessableEntity, p)
		}
		n.GoalFen = fen
	}
	c, err := s.store.CreateCharityCampaign(r.Context(), n)
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderCharity(w, r, statusOf(chamber.ErrorCode(err)), p)
	}
	http.Redirect(w, r, "/charity/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

type charityCampaignPage struct {
	Page
	Campaign *chamber.CharityCampaign
	Report   *chamber.CharityReport
}

func (s *Server) charityCampaignPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := charityCampaignPage{Page: s.page(r, "charity.title")}
	if p.Campaign, err = s.store.FindCharityCampaign(r.Context(), id); err != nil {
		return err
	}
	if p.Report, err = s.store.CharityReportOf(r.Context(), id); err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("event.saved")
	}
	s.render(w, r, http.StatusOK, "charity_campaign", &p)
	return nil
}

func (s *Server) charityPledgeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	fen, ok := chamber.ParseYuan(strings.TrimSpace(r.PostForm.Get("amount")))
	if !ok {
		return fieldErr("amount_fen", "ledger.err.amount")
	}
	if _, err := s.store.Pledge(r.Context(), id, chamber.NewCharityPledge{Donor: r.PostForm.Get("donor"), AmountFen: fen, Note: r.PostForm.Get("note")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/charity/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) pledgeReceiveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.ReceivePledge(r.Context(), id, chamber.PledgeReceipt{}); err != nil {
		return err
	}
	http.Redirect(w, r, "/charity/"+strconv.FormatInt(mustID(r.PostForm.Get("campaign_id")), 10)+"?done=1", http.StatusSeeOther)
	return nil
}

type publicCharityPage struct {
	Page
	Report *chamber.CharityReport
}

func (s *Server) publicCharityPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := publicCharityPage{Page: s.page(r, "charity.report")}
	if p.Report, err = s.store.CharityReportOf(r.Context(), id); err != nil {
		return err
	}
	if !p.Report.Campaign.Public {
		return chamber.Errorf(chamber.ENOTFOUND, "charity.err.not_found")
	}
	s.render(w, r, http.StatusOK, "public_charity", &p)
	return nil
}

func (s *Server) apiCharityCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewCharityCampaign
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateCharityCampaign(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiCharityList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListCharityCampaigns(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
	return nil
}

func (s *Server) apiCharityGet(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		c, err := s.store.FindCharityCampaign(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, c)
		return nil
	})(w, r)
}

func (s *Server) apiCharityPledge(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewCharityPledge
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		p, err := s.store.Pledge(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, p)
		return nil
	})(w, r)
}

func (s *Server) apiPledgeReceive(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.PledgeReceipt
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		d, err := s.store.ReceivePledge(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, d)
		return nil
	})(w, r)
}

func (s *Server) apiCharityReport(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		rep, err := s.store.CharityReportOf(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, rep)
		return nil
	})(w, r)
}
