package chamber

// Permission names one thing a login may do. Permissions are data: they are
// granted to roles (admin, member portal), to positions and to body seats
// (see the grants table); a login holds the union of its grants for today.
type Permission string

// The permissions chamber knows. Each domain adds its own here.
const (
	PermUserManage      Permission = "user.manage"    // create logins, reset passwords, revoke tokens
	PermSettingsWrite   Permission = "settings.write" // chamber name, time zone, mail settings
	PermAuditRead       Permission = "audit.read"     // read the audit trail
	PermOrgRead         Permission = "org.read"
	PermOrgWrite        Permission = "org.write"
	PermMemberRead      Permission = "member.read"
	PermMemberWrite     Permission = "member.write"
	PermMeetingManage   Permission = "meeting.manage"
	PermFinanceRead     Permission = "finance.read"
	PermFinancePost     Permission = "finance.post"
	PermFinanceReview   Permission = "finance.review"  // 审核 vouchers made by others
	PermFinanceCashier  Permission = "finance.cashier" // 出纳: confirm cash and bank lines
	PermAnnounceWrite   Permission = "announcement.write"
	PermAnnounceApprove Permission = "announcement.approve"
	PermDocumentWrite   Permission = "document.write"
	PermTicketHandle    Permission = "ticket.handle"
	PermStaffManage     Permission = "staff.manage"
	PermPortal          Permission = "portal"          // a member's own portal
	PermEventManage     Permission = "event.manage"    // plan, publish and run events, check attendees in
	PermWorkPlanManage  Permission = "workplan.manage" // the annual work plan
	// PermLegalHandle reads and works on legal-aid cases (法律维权) and keeps
	// the advisers' office hours. The standard structure grants it to the
	// 法律维权部 and the 秘书长 only, not to the administrator: case
	// details are sensitive.
	PermLegalHandle Permission = "legal.handle"
	// Outside relations and economic cooperation (办公室, 经济合作部):
	// agreements, investment leads and delegations.
	PermRelationsRead  Permission = "relations.read"
	PermRelationsWrite Permission = "relations.write"
	// PermReportWrite writes the narrative of the annual work report and
	// records its adoption (秘书长, 办公室); reading it is audit.read.
	PermReportWrite Permission = "report.write"
)

// AllPermissions lists every permission in display order.
var AllPermissions = []Permission{
	PermUserManage, PermSettingsWrite, PermAuditRead,
	PermOrgRead, PermOrgWrite,
	PermMemberRead, PermMemberWrite,
	PermMeetingManage,
	PermFinanceRead, PermFinancePost, PermFinanceReview, PermFinanceCashier,
	PermAnnounceWrite, PermAnnounceApprove,
	PermDocumentWrite, PermTicketHandle, PermStaffManage,
	PermPortal,
	PermEventManage, PermWorkPlanManage,
	PermLegalHandle,
	PermRelationsRead, PermRelationsWrite,
	PermReportWrite,
}

// Role names a grant subject that is not a post: the installation's
// administrator and the member portal role.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// DefaultRoleGrants is what a new database grants each role. The
// administrator starts with everything but the member portal, so a fresh
// install can be set up before anyone holds a post.
func DefaultRoleGrants() map[Role][]Permission {
	admin := make([]Permission, 0, len(AllPermissions))
	for _, p := range AllPermissions {
		if p != PermPortal && p != PermLegalHandle {
			admin = append(admin, p)
		}
	}
	return map[Role][]Permission{
		RoleAdmin:  admin,
		RoleMember: {PermPortal},
	}
}

// KnownPermission reports whether p is one of AllPermissions.
func KnownPermission(p Permission) bool {
	for _, q := range AllPermissions {
		if p == q {
			return true
		}
	}
	return false
}
