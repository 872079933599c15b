package chamber

import "strings"

// The staff register's upkeep: changes to a record, contract reminders.

// ContractReminderDays is how long before a contract ends HR is reminded
// (to-do and inbox, once per end date).
const ContractReminderDays = 30

// VehicleReminderDays is how long before a vehicle's insurance or
// inspection lapses the 行政后勤部 is reminded.
const VehicleReminderDays = 30

// To-do kinds of the secretariat's administration.
const (
	TodoContract          = "contract"           // a staff contract ending soon (HR)
	TodoVehicleInsurance  = "vehicle_insurance"  // a vehicle's insurance ending soon (行政后勤部)
	TodoVehicleInspection = "vehicle_inspection" // a vehicle's inspection (年检) due soon (行政后勤部)
)

// StaffUpdate changes a staff record (PATCH): nil fields stay as they are.
type StaffUpdate struct {
	Name             *string `json:"name"`
	PositionID       *ID     `json:"position_id"`
	Employment       *string `json:"employment"`
	Phone            *string `json:"phone"`
	Emergency        *string `json:"emergency_contact"`
	ContractStartsOn *string `json:"contract_starts_on"`
	ContractEndsOn   *string `json:"contract_ends_on"`
}

// Apply writes the set fields onto s.
func (u StaffUpdate) Apply(s *Staff) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&s.Name, u.Name)
	set(&s.Employment, u.Employment)
	set(&s.Phone, u.Phone)
	set(&s.Emergency, u.Emergency)
	set(&s.ContractStartsOn, u.ContractStartsOn)
	set(&s.ContractEndsOn, u.ContractEndsOn)
	if u.PositionID != nil {
		s.PositionID = *u.PositionID
	}
}
