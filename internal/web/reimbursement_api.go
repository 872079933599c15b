package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

func (s *Server) apiClaimList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cs, next, err := s.store.ListReimbursements(r.Context(), chamber.ClaimFilter{View: q.Get("view"), Status: q.Get("status")}, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(cs, next))
	return nil
}

func (s *Server) apiClaimCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewReimbursement
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateReimbursement(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/reimbursements/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiClaimGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.FindReimbursement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// decodeOptional reads a JSON body when there is one: approve and pay may
// be sent with no body at all.
func decodeOptional(r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decodeJSON(r, v)
}

func (s *Server) apiClaimApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d chamber.ClaimDecision
	if err := decodeOptional(r, &d); err != nil {
		return err
	}
	c, err := s.store.ApproveReimbursement(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiClaimReject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d chamber.ClaimDecision
	if err := decodeOptional(r, &d); err != nil {
		return err
	}
	c, err := s.store.RejectReimbursement(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiClaimPay(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p chamber.ClaimPayment
	if err := decodeOptional(r, &p); err != nil {
		return err
	}
	c, err := s.store.PayReimbursement(r.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

type apiLimit struct {
	AboveFen     int64  `json:"above_fen"`
	PositionCode string `json:"position_code"`
}

type apiLimits struct {
	Limits []apiLimit `json:"limits"`
}

func (s *Server) apiClaimLimits(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.store.ReimbursementLimits(r.Context())
	if err != nil {
		return err
	}
	out := apiLimits{Limits: []apiLimit{}}
	for _, l := range ls {
		out.Limits = append(out.Limits, apiLimit{l.AboveFen, l.PositionCode})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiClaimLimitsSet replaces the limits: the body must be the full list
// ({"limits": [{"above_fen", "position_code"}, …]}, at least one, each
// complete); null, {}, [] or a partial item leave the limits as they were.
func (s *Server) apiClaimLimitsSet(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Limits *[]struct {
			AboveFen     *int64  `json:"above_fen"`
			PositionCode *string `json:"position_code"`
		} `json:"limits"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f chamber.Fields
	if in.Limits == nil || len(*in.Limits) == 0 {
		f.Add("limits", "reimb.err.limits_required")
		return f.Err()
	}
	var ls []chamber.ApprovalLimit
	for i, l := range *in.Limits {
		if l.AboveFen == nil {
			f.Add(fmt.Sprintf("limits[%d].above_fen", i), "err.required")
		}
		if l.PositionCode == nil {
			f.Add(fmt.Sprintf("limits[%d].position_code", i), "err.required")
		}
		if l.AboveFen != nil && l.PositionCode != nil {
			ls = append(ls, chamber.ApprovalLimit{AboveFen: *l.AboveFen, PositionCode: *l.PositionCode})
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if _, err := s.store.SetReimbursementLimits(r.Context(), ls); err != nil {
		return err
	}
	return s.apiClaimLimits(w, r)
}
