package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// facilityRoutes are vehicles' dates and trips, facility repairs (设施维护)
// and the reception log (接待).
func (s *Server) facilityRoutes() []*route {
	const hr, staff = chamber.PermStaffManage, chamber.PermOrgRead
	return []*route{
		perm("GET", "/facilities", staff, s.facilitiesPage),
		perm("POST", "/facilities/repairs", staff, s.facilityForm(s.repairSubmit)),
		perm("POST", "/facilities/repairs/{id}/status", hr, s.repairStatusSubmit),
		perm("POST", "/facilities/receptions", staff, s.facilityForm(s.receptionSubmit)),
		perm("POST", "/facilities/trips", staff, s.facilityForm(s.tripSubmit)),

		api(perm("POST", "/api/v1/vehicles/{id}/dates", hr, s.apiVehicleDates), "Set a vehicle's insurance and inspection expiry dates", "VehicleDates"),
		api(perm("GET", "/api/v1/vehicles/due", staff, s.apiVehiclesDue), "Vehicles whose insurance or inspection ends within ?days= (default 30) or has ended, soonest first", ""),
		api(perm("POST", "/api/v1/vehicles/{id}/trips", staff, s.apiTripCreate), "Log a trip (date, start_km, end_km, purpose, fuel_fen); the odometer never runs back", "VehicleTrip"),
		api(perm("GET", "/api/v1/vehicles/{id}/trips", staff, s.apiTripList), "A vehicle's trip log, newest first", ""),
		api(perm("POST", "/api/v1/repairs", staff, s.apiRepairCreate), "File a facility or equipment repair request (设施维护)", "RepairRequest"),
		api(perm("GET", "/api/v1/repairs", staff, s.apiRepairList), "Repair requests, open first (?status=)", ""),
		api(perm("POST", "/api/v1/repairs/{id}/status", hr, s.apiRepairStatus), "Move a repair request: in_progress, done or cancelled (409 once closed)", "RepairStatus"),
		api(perm("POST", "/api/v1/receptions", staff, s.apiReceptionCreate), "Log a visit received (接待)", "Reception"),
		api(perm("GET", "/api/v1/receptions", staff, s.apiReceptionList), "The reception log (?from=&to=), newest first", ""),
	}
}

func facilitySchemas() obj {
	return obj{
		"VehicleDates": oaObject(nil, obj{"insurance_until": oaDate, "inspection_until": oaDate}),
		"VehicleTrip": oaObject([]string{"date", "start_km", "end_km", "purpose"}, obj{"date": oaDate, "start_km": oaInteger, "end_km": oaInteger,
			"purpose": oaString, "fuel_fen": oaInteger}),
		"RepairRequest": oaObject([]string{"title"}, obj{"title": oaString, "location": oaString, "detail": oaString}),
		"RepairStatus":  oaObject([]string{"status"}, obj{"status": oaEnum(chamber.RepairInProgress, chamber.RepairDone, chamber.RepairCancelled), "note": oaString}),
		"Reception": oaObject([]string{"date", "visitor", "purpose"}, obj{"date": oaDate, "visitor": oaString, "organisation": oaString,
			"people": oaInteger, "purpose": oaString, "host_user_id": oaInteger}),
	}
}

func (s *Server) apiVehicleDates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.VehicleDates
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.store.SetVehicleDates(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiVehiclesDue(w http.ResponseWriter, r *http.Request) error {
	days := 30
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fieldErr("days", "err.invalid_value")
		}
		days = n
	}
	ds, err := s.store.VehiclesDue(r.Context(), days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ds, ""))
	return nil
}

func (s *Server) apiTripCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.VehicleTrip
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.VehicleID = id
	t, err := s.store.LogTrip(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) apiTripList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ts, err := s.store.ListTrips(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ts, ""))
	return nil
}

func (s *Server) apiRepairCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.RepairRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.store.CreateRepair(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiRepairList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.ListRepairs(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rs, ""))
	return nil
}

func (s *Server) apiRepairStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.store.SetRepairStatus(r.Context(), id, in.Status, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiReceptionCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Reception
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.store.LogReception(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiReceptionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	rs, err := s.store.ListReceptions(r.Context(), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rs, ""))
	return nil
}
