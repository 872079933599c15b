package chamber

import (
	"context"
	"strings"
	"time"
)

// Vehicles' dates and trips, facility repairs (设施维护) and the reception log (接待).

// VehicleDates are a vehicle's insurance and inspection expiry dates.
type VehicleDates struct {
	InsuranceUntil  string `json:"insurance_until"`
	InspectionUntil string `json:"inspection_until"`
}

// VehicleDue is a vehicle whose insurance or inspection ends within the window.
type VehicleDue struct {
	Vehicle
	Kind    string `json:"kind"` // "insurance" or "inspection"
	DueOn   string `json:"due_on"`
	DaysOut int    `json:"days"` // days from today; negative when already lapsed
}

// VehicleTrip is one trip in a vehicle's log.
type VehicleTrip struct {
	ID        ID     `json:"id"`
	VehicleID ID     `json:"vehicle_id"`
	UserID    ID     `json:"user_id"`
	Driver    string `json:"driver"`
	Date      string `json:"date"`
	StartKm   int64  `json:"start_km"`
	EndKm     int64  `json:"end_km"`
	Km        int64  `json:"km"`
	Purpose   string `json:"purpose"`
	FuelFen   int64  `json:"fuel_fen"`
	// ReimbursementID is the driver's claim for the fuel (0 without fuel).
	ReimbursementID ID        `json:"reimbursement_id,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// FuelAccount is the expense a trip's fuel is claimed on: 管理费用-差旅费
// (transport of the chamber's business).
const FuelAccount = "520103"

// Validate checks a trip.
func (t *VehicleTrip) Validate() error {
	var f Fields
	t.Purpose = strings.TrimSpace(t.Purpose)
	if !ValidDate(t.Date) {
		f.Add("date", "err.date")
	}
	if t.StartKm < 0 || t.StartKm > 5e6 {
		f.Add("start_km", "err.invalid_value")
	}
	if t.EndKm < t.StartKm || t.EndKm-t.StartKm > 5000 {
		f.Add("end_km", "trip.err.end_km")
	}
	if t.FuelFen < 0 || t.FuelFen > 1e8 {
		f.Add("fuel_fen", "err.invalid_value")
	}
	textField(&f, "purpose", t.Purpose, true, 200)
	return f.Err()
}

// Repair request statuses.
const (
	RepairOpen       = "open"
	RepairInProgress = "in_progress"
	RepairDone       = "done"
	RepairCancelled  = "cancelled"
)

// RepairStatuses lists them in order.
var RepairStatuses = []string{RepairOpen, RepairInProgress, RepairDone, RepairCancelled}

// RepairRequest is a facility or equipment repair request (设施维护).
type RepairRequest struct {
	ID         ID        `json:"id"`
	Title      string    `json:"title"`
	Location   string    `json:"location"`
	Detail     string    `json:"detail"`
	Status     string    `json:"status"`
	ReporterID ID        `json:"reporter_id"`
	Reporter   string    `json:"reporter"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks a new request.
func (r *RepairRequest) Validate() error {
	var f Fields
	r.Title, r.Location, r.Detail = strings.TrimSpace(r.Title), strings.TrimSpace(r.Location), strings.TrimSpace(r.Detail)
	textField(&f, "title", r.Title, true, 200)
	textField(&f, "location", r.Location, false, 100)
	textField(&f, "detail", r.Detail, false, 2000)
	return f.Err()
}

// Reception is one visit received (接待).
type Reception struct {
	ID           ID        `json:"id"`
	Date         string    `json:"date"`
	Visitor      string    `json:"visitor"`
	Organisation string    `json:"organisation"`
	People       int       `json:"people"`
	Purpose      string    `json:"purpose"`
	HostID       ID        `json:"host_user_id"`
	Host         string    `json:"host"`
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks a reception.
func (r *Reception) Validate() error {
	var f Fields
	r.Visitor, r.Organisation, r.Purpose = strings.TrimSpace(r.Visitor), strings.TrimSpace(r.Organisation), strings.TrimSpace(r.Purpose)
	if r.People == 0 {
		r.People = 1
	}
	if !ValidDate(r.Date) {
		f.Add("date", "err.date")
	}
	textField(&f, "visitor", r.Visitor, true, 100)
	textField(&f, "organisation", r.Organisation, false, 200)
	textField(&f, "purpose", r.Purpose, true, 500)
	if r.People < 1 || r.People > 1000 {
		f.Add("people", "err.invalid_value")
	}
	return f.Err()
}

// FacilityService keeps vehicles' dates and trips, repairs and receptions.
type FacilityService interface {
	SetVehicleDates(ctx context.Context, id ID, d VehicleDates) (*Vehicle, error)
	VehiclesDue(ctx context.Context, days int) ([]*VehicleDue, error)
	LogTrip(ctx context.Context, t VehicleTrip) (*VehicleTrip, error)
	ListTrips(ctx context.Context, vehicleID ID) ([]*VehicleTrip, error)
	CreateRepair(ctx context.Context, r RepairRequest) (*RepairRequest, error)
	ListRepairs(ctx context.Context, status string) ([]*RepairRequest, error)
	SetRepairStatus(ctx context.Context, id ID, status, note string) (*RepairRequest, error)
	LogReception(ctx context.Context, r Reception) (*Reception, error)
	ListReceptions(ctx context.Context, from, to string) ([]*Reception, error)
}
