package i18n

// leaveCatalog holds the staff register's and leave's messages.
var leaveCatalog = map[string][2]string{
	"nav.leave": {"请假", "Leave"},

	"leave.title":              {"请假", "Leave"},
	"leave.new":                {"提交请假申请", "Request leave"},
	"leave.mine":               {"我的请假", "My leave"},
	"leave.to_me":              {"待我审批", "Waiting for me"},
	"leave.balances":           {"假期余额", "Leave balance"},
	"leave.kind":               {"假别", "Kind"},
	"leave.kind.annual":        {"年休假", "Annual leave"},
	"leave.kind.sick":          {"病假", "Sick leave"},
	"leave.kind.personal":      {"事假", "Personal leave"},
	"leave.kind.marriage":      {"婚假", "Marriage leave"},
	"leave.kind.maternity":     {"产假", "Maternity leave"},
	"leave.kind.bereavement":   {"丧假", "Bereavement leave"},
	"leave.kind.business_trip": {"出差", "Business trip"},
	"leave.from":               {"开始日期", "From"},
	"leave.to":                 {"结束日期", "To"},
	"leave.days":               {"工作日天数", "Working days"},
	"leave.reason":             {"事由", "Reason"},
	"leave.acting":             {"代理人", "Acting holder"},
	"leave.acting_none":        {"（不指定，按组织架构顺延）", "(none: the org chart decides)"},
	"leave.approver":           {"审批人", "Approver"},
	"leave.status":             {"状态", "Status"},
	"leave.status.pending":     {"待审批", "Pending"},
	"leave.status.approved":    {"已批准", "Approved"},
	"leave.status.rejected":    {"已驳回", "Rejected"},
	"leave.status.cancelled":   {"已撤销", "Cancelled"},
	"leave.approve":            {"批准", "Approve"},
	"leave.reject":             {"驳回", "Reject"},
	"leave.cancel":             {"撤销", "Cancel"},
	"leave.comment":            {"审批意见", "Comment"},
	"leave.entitlement":        {"应休", "Entitled"},
	"leave.taken":              {"已休", "Taken"},
	"leave.pending_days":       {"待批", "Pending"},
	"leave.remaining":          {"剩余", "Remaining"},
	"leave.none":               {"暂无请假记录。", "No leave yet."},
	"leave.filed":              {"请假申请已提交，等待 %v 审批。", "Your request was sent to %v for approval."},
	"leave.decided":            {"已处理该请假申请。", "The request has been decided."},

	"leave.err.overlap":         {"该时间段与您已有的请假重叠。", "These days overlap leave you already have."},
	"leave.err.not_found":       {"找不到该请假申请。", "No such leave request."},
	"leave.err.not_approver":    {"该申请应由 %v 审批。", "This request is for %v to decide."},
	"leave.err.not_pending":     {"该申请已处理。", "This request has already been decided."},
	"leave.err.not_own":         {"只能撤销本人的请假申请。", "You can only cancel your own request."},
	"leave.err.not_cancellable": {"该申请已无法撤销。", "This request can no longer be cancelled."},
	"leave.err.no_position":     {"您当前没有任职，无法确定审批人。请联系管理员在组织架构中为您任职。", "You hold no position, so there is no one to approve your leave. Ask an administrator to appoint you."},
	"leave.err.no_approver":     {"您的职位没有上级，无法确定审批人。", "Your position reports to no one, so there is no approver."},

	"staff.title":                {"秘书处人员", "Secretariat staff"},
	"staff.new":                  {"登记人员", "Add a person"},
	"staff.name":                 {"姓名", "Name"},
	"staff.position":             {"职位", "Position"},
	"staff.hired_on":             {"入职日期", "Hired on"},
	"staff.employment":           {"用工形式", "Employment"},
	"staff.employment.full_time": {"全职", "Full time"},
	"staff.employment.part_time": {"兼职", "Part time"},
	"staff.employment.seconded":  {"借调", "Seconded"},
	"staff.phone":                {"联系电话", "Phone"},
	"staff.emergency":            {"紧急联系人", "Emergency contact"},
	"staff.contract_ends_on":     {"合同到期", "Contract ends"},
	"staff.trainings":            {"培训记录", "Training"},
	"staff.user_id":              {"账号 ID", "Login id"},
	"staff.err.exists":           {"该账号已在人员名册中。", "This login is already in the staff register."},
	"staff.err.not_found":        {"找不到该人员。", "No such person."},
}

// actionCatalog holds the action items' messages.
var actionCatalog = map[string][2]string{
	"action.err.not_found": {"找不到该督办事项。", "No such action item."},
	"action.err.done":      {"该督办事项已办结。", "This action item is already done."},
}

// vehicleCatalog holds the vehicles' messages.
var vehicleCatalog = map[string][2]string{
	"vehicle.err.plate_exists": {"该车牌号已登记。", "This plate is already registered."},
	"vehicle.err.not_found":    {"找不到该车辆。", "No such vehicle."},
	"vehicle.err.overlap":      {"该车辆在此时段已被预约。", "The vehicle is already booked for part of this time."},
}
