package web

import (
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
)

// vehicleRoutes are the vehicles and their bookings (车辆管理).
func (s *Server) vehicleRoutes() []*route {
	return []*route{
		api(perm("POST", "/api/v1/vehicles", chamber.PermStaffManage, s.apiVehicleCreate), "Add a vehicle", "Vehicle"),
		api(perm("GET", "/api/v1/vehicles", chamber.PermOrgRead, s.apiVehicleList), "The vehicles", ""),
		api(perm("POST", "/api/v1/vehicle-bookings", chamber.PermOrgRead, s.apiBookingCreate), "Book a vehicle (RFC 3339 from and to); 409 when it overlaps a booking of that vehicle", "VehicleBooking"),
		api(perm("GET", "/api/v1/vehicle-bookings", chamber.PermOrgRead, s.apiBookingList), "Bookings, newest first (?vehicle_id=)", ""),
	}
}

func vehicleSchemas() obj {
	return obj{
		"Vehicle":        oaObject([]string{"plate", "name", "seats"}, obj{"plate": oaString, "name": oaString, "seats": oaInteger}),
		"VehicleBooking": oaObject([]string{"vehicle_id", "from", "to", "purpose"}, obj{"vehicle_id": oaInteger, "from": oaTime, "to": oaTime, "purpose": oaString}),
	}
}

func (s *Server) apiVehicleCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Vehicle
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.store.CreateVehicle(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiVehicleList(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.store.ListVehicles(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(vs, ""))
	return nil
}

func (s *Server) apiBookingCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		VehicleID chamber.ID `json:"vehicle_id"`
		From      string     `json:"from"`
		To        string     `json:"to"`
		Purpose   string     `json:"purpose"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b := chamber.VehicleBooking{VehicleID: in.VehicleID, Purpose: in.Purpose}
	var bad chamber.Fields
	var err error
	if b.From, err = parseRFC3339(in.From); err != nil {
		bad.Add("from", "err.date")
	}
	if b.To, err = parseRFC3339(in.To); err != nil {
		bad.Add("to", "err.date")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	out, err := s.store.BookVehicle(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiBookingList(w http.ResponseWriter, r *http.Request) error {
	id, err := queryID(r, "vehicle_id")
	if err != nil {
		return err
	}
	bs, err := s.store.ListBookings(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(bs, ""))
	return nil
}

func parseRFC3339(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
