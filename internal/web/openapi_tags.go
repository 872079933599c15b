package web

import "strings"

// apiTags groups the operations by area: the tag of the longest matching
// path prefix (after /api/v1).
var apiTags = map[string]string{
	"/auth": "Accounts", "/me": "Accounts", "/users": "Accounts", "/activate": "Accounts", "/invitations": "Accounts",
	"/openapi.json": "System", "/settings": "System", "/audit": "System", "/search": "System", "/jobs": "System",
	"/attachments": "Attachments",
	"/members":     "Members", "/applications": "Members", "/me/member": "Members",
	"/org": "Organisation", "/charter": "Organisation", "/charters": "Organisation",
	"/meetings": "Meetings", "/motions": "Meetings", "/elections": "Meetings", "/resolutions": "Meetings", "/action-items": "Meetings",
	"/announcements": "Announcements", "/inbox": "Announcements", "/mail": "Announcements",
	"/finance": "Finance", "/finance/dues": "Dues", "/finance/reimbursements": "Reimbursements", "/finance/bank-statements": "Finance",
	"/events": "Events", "/registrations": "Events", "/me/calendar.ics": "Events",
	"/charity-campaigns": "Events", "/projects": "Events", "/pledges": "Events", "/exhibitor-applications": "Events",
	"/tickets": "Services", "/ticket-routes": "Services", "/contacts": "Services",
	"/reports/voice": "Services", "/typical-cases": "Services",
	"/legal-cases": "Services", "/legal-office-hours": "Services", "/legal-consultations": "Services",
	"/documents": "Documents", "/regulations": "Documents", "/archive": "Documents",
	"/knowledge": "Documents", "/knowledge-items": "Documents",
	"/staff": "Secretariat", "/staff-meetings": "Secretariat", "/leave": "Secretariat", "/leave-balances": "Secretariat", "/holidays": "Secretariat",
	"/vehicles": "Secretariat", "/vehicle-bookings": "Secretariat", "/work-plans": "Secretariat", "/work-plan-items": "Secretariat",
	"/pay-items": "Secretariat", "/payrolls": "Secretariat", "/reviews": "Secretariat", "/openings": "Secretariat", "/applicants": "Secretariat",
	"/me/todo":    "Home",
	"/agreements": "Relations", "/leads": "Relations", "/delegations": "Relations", "/offers": "Relations", "/introductions": "Relations",
	"/policy-bulletins": "Relations", "/me/policy-subscriptions": "Relations",
	"/journal-issues": "Relations", "/site-pages": "Relations", "/leadership": "Relations",
}

// apiTagDescriptions describe the tags, in the order tools show them.
var apiTagDescriptions = [][2]string{
	{"Accounts", "Logins, tokens, the caller, portal invitations"},
	{"Home", "What waits for the caller"},
	{"Members", "Members (会员), applications (入会申请), tiers, import and export"},
	{"Organisation", "Bodies, terms, positions, posts, grants, the charter (章程)"},
	{"Meetings", "Meetings, check-in, motions, elections, minutes, resolutions"},
	{"Announcements", "Announcements (通知公告), the inbox, mail"},
	{"Finance", "Accounts, vouchers, periods, reports, budgets, donations, bank statements"},
	{"Dues", "Membership dues (会费): rates, invoices, payments, arrears"},
	{"Reimbursements", "Expense claims (报销) and their limits"},
	{"Events", "Events and registrations"},
	{"Services", "Member requests (诉求), legal aid (维权) and the consultation calendar, contacts"},
	{"Documents", "Official documents (公文), regulations, the archive"},
	{"Secretariat", "Staff, leave, vehicles, work plans, pay, annual reviews"},
	{"Attachments", "Files attached to records"},
	{"Relations", "Outside relations and economic cooperation: agreements (合作协议), investment leads (招商引资), delegations (出访/来访), business matching (供需对接) and introductions, policy bulletins (政策信息), publicity: the 会刊, the public site's pages, press releases' media"},
	{"System", "Settings, audit trail, search, jobs, this document"},
}

func apiTag(pattern string) string {
	p := strings.TrimPrefix(pattern, "/api/v1")
	best, tag := "", "System"
	for prefix, t := range apiTags {
		if (p == prefix || strings.HasPrefix(p, prefix+"/")) && len(prefix) > len(best) {
			best, tag = prefix, t
		}
	}
	return tag
}
