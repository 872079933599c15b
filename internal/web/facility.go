package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

type facilitiesPage struct {
	Page
	Vehicles   []*chamber.Vehicle
	Due        []*chamber.VehicleDue
	Trips      []*chamber.VehicleTrip
	Repairs    []*chamber.RepairRequest
	Receptions []*chamber.Reception
	Today      string
}

// PlateOf is a vehicle's plate for the trip log.
func (p *facilitiesPage) PlateOf(id chamber.ID) string {
	for _, v := range p.Vehicles {
		if v.ID == id {
			return v.Plate
		}
	}
	return ""
}

// RepairNext are the statuses a request in status s may move to.
func (p *facilitiesPage) RepairNext(s string) []string {
	switch s {
	case chamber.RepairOpen:
		return []string{chamber.RepairInProgress, chamber.RepairDone, chamber.RepairCancelled}
	case chamber.RepairInProgress:
		return []string{chamber.RepairDone, chamber.RepairCancelled}
	}
	return nil
}

func (s *Server) facilitiesPage(w http.ResponseWriter, r *http.Request) error {
	p := facilitiesPage{Page: s.page(r, "facility.title")}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("facility.saved")
	}
	return s.renderFacilities(w, r, http.StatusOK, &p)
}

func (s *Server) renderFacilities(w http.ResponseWriter, r *http.Request, status int, p *facilitiesPage) error {
	ctx := r.Context()
	p.Today = s.store.Today(ctx)
	var err error
	if p.Vehicles, err = s.store.ListVehicles(ctx); err != nil {
		return err
	}
	if p.Due, err = s.store.VehiclesDue(ctx, 30); err != nil {
		return err
	}
	if p.Trips, err = s.store.ListTrips(ctx, 0); err != nil {
		return err
	}
	if len(p.Trips) > 20 {
		p.Trips = p.Trips[:20]
	}
	if p.Repairs, err = s.store.ListRepairs(ctx, ""); err != nil {
		return err
	}
	if p.Receptions, err = s.store.ListReceptions(ctx, "", ""); err != nil {
		return err
	}
	if len(p.Receptions) > 30 {
		p.Receptions = p.Receptions[:30]
	}
	s.render(w, r, status, "facilities", p)
	return nil
}

// facilityForm runs one of the page's forms and shows the page again with
// the errors, or goes back to it.
func (s *Server) facilityForm(do func(r *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if err := do(r); err != nil {
			p := facilitiesPage{Page: s.page(r, "facility.title")}
			if !p.withFieldErrors(err) {
				return err
			}
			return s.renderFacilities(w, r, http.StatusUnprocessableEntity, &p)
		}
		http.Redirect(w, r, "/facilities?done=1", http.StatusSeeOther)
		return nil
	}
}

func facilityInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(name)), 10, 64)
	return n
}

func (s *Server) repairSubmit(r *http.Request) error {
	f := r.PostForm
	_, err := s.store.CreateRepair(r.Context(), chamber.RepairRequest{Title: f.Get("title"), Location: f.Get("location"), Detail: f.Get("detail")})
	return err
}

// repairStatusSubmit moves a repair request (staff.manage, who may not
// read the page: an error shows on its own page).
func (s *Server) repairStatusSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err = s.store.SetRepairStatus(r.Context(), id, r.PostForm.Get("status"), r.PostForm.Get("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/facilities?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) receptionSubmit(r *http.Request) error {
	f := r.PostForm
	_, err := s.store.LogReception(r.Context(), chamber.Reception{Date: f.Get("date"), Visitor: f.Get("visitor"), Organisation: f.Get("organisation"),
		People: int(facilityInt(r, "people")), Purpose: f.Get("purpose")})
	return err
}

func (s *Server) tripSubmit(r *http.Request) error {
	f := r.PostForm
	fuel, ok := int64(0), true
	if v := strings.TrimSpace(f.Get("fuel")); v != "" {
		fuel, ok = chamber.ParseYuan(v)
	}
	if !ok {
		return fieldErr("fuel_fen", "ledger.err.amount")
	}
	_, err := s.store.LogTrip(r.Context(), chamber.VehicleTrip{VehicleID: facilityInt(r, "vehicle_id"), Date: f.Get("date"), StartKm: facilityInt(r, "start_km"),
		EndKm: facilityInt(r, "end_km"), Purpose: f.Get("purpose"), FuelFen: fuel})
	return err
}
