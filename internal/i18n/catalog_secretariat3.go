package i18n

// secretariat3Catalog holds the messages of the staff register's upkeep
// (contracts, reminders), recruitment and the vehicles' reminders.
var secretariat3Catalog = map[string][2]string{
	"staff.contract":               {"劳动合同", "Contract"},
	"staff.contract_due":           {"即将到期", "Ends soon"},
	"staff.contract_lapsed":        {"已到期", "Ended"},
	"staff.err.not_hr":             {"只有人力资源部（及秘书长、副秘书长）可以查看和维护人员档案。", "Only human resources (and the secretary general and deputies) keep the staff register."},
	"todo.kind.contract":           {"即将到期的劳动合同", "Staff contracts ending soon"},
	"todo.kind.vehicle_insurance":  {"即将到期的车辆保险", "Vehicle insurance ending soon"},
	"todo.kind.vehicle_inspection": {"即将到期的车辆年检", "Vehicle inspections due soon"},
}
