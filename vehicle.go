package chamber

import (
	"context"
	"strings"
	"time"
)

// Vehicle is one of the chamber's cars (车辆管理).
type Vehicle struct {
	ID        ID        `json:"id"`
	Plate     string    `json:"plate"`
	Name      string    `json:"name"`
	Seats     int       `json:"seats"`
	CreatedAt time.Time `json:"created_at"`
	// Expiry dates (YYYY-MM-DD, "" unknown), set with SetVehicleDates.
	InsuranceUntil  string `json:"insurance_until"`
	InspectionUntil string `json:"inspection_until"`
}

// Validate checks a vehicle.
func (v *Vehicle) Validate() error {
	var f Fields
	v.Plate, v.Name = strings.ToUpper(strings.TrimSpace(v.Plate)), strings.TrimSpace(v.Name)
	textField(&f, "plate", v.Plate, true, 20)
	textField(&f, "name", v.Name, true, 60)
	if v.Seats < 1 || v.Seats > 80 {
		f.Add("seats", "err.invalid_value")
	}
	return f.Err()
}

// VehicleBooking reserves a vehicle from one instant to another; bookings
// of one vehicle never overlap.
type VehicleBooking struct {
	ID        ID        `json:"id"`
	VehicleID ID        `json:"vehicle_id"`
	UserID    ID        `json:"user_id"`
	Booker    string    `json:"booker"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Purpose   string    `json:"purpose"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a booking.
func (b *VehicleBooking) Validate() error {
	var f Fields
	b.Purpose = strings.TrimSpace(b.Purpose)
	if b.VehicleID <= 0 {
		f.Add("vehicle_id", "err.required")
	}
	if b.From.IsZero() || !DateInRange(b.From) {
		f.Add("from", "err.date")
	}
	if b.To.IsZero() || !DateInRange(b.To) {
		f.Add("to", "err.date")
	} else if !b.To.After(b.From) {
		f.Add("to", "err.date_before_start")
	} else if b.To.Sub(b.From) > 31*24*time.Hour {
		f.Add("to", "err.invalid_value")
	}
	textField(&f, "purpose", b.Purpose, true, 200)
	return f.Err()
}

// VehicleService keeps vehicles and their bookings.
type VehicleService interface {
	CreateVehicle(ctx context.Context, v Vehicle) (*Vehicle, error)
	ListVehicles(ctx context.Context) ([]*Vehicle, error)
	BookVehicle(ctx context.Context, b VehicleBooking) (*VehicleBooking, error)
	ListBookings(ctx context.Context, vehicleID ID) ([]*VehicleBooking, error)
}
