package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

// access says who may use a route.
type access int

const (
	public    access = iota // anyone, logged in or not
	loggedIn                // any login
	needPerm                // a login holding route.Perm
	staffOnly               // any login but a member's portal login
)

// route is one entry of the route table: every page and API endpoint is
// declared here, with who may use it, so one test can check them all.
type route struct {
	Method  string
	Pattern string
	Access  access
	Perm    chamber.Permission
	// API routes answer JSON and appear in the OpenAPI document.
	API     bool
	Summary string
	// Body names the request schema (OpenAPI), "" for none.
	Body string
	// Response names the success response's schema, "" for any object.
	Response string
	// MaxBody overrides the request body limit (uploads); 0 is the default.
	MaxBody int64
	// Ballot marks the voting routes: no request log line of theirs names
	// the login or the address, and only a server error is logged at all,
	// so no record carries a ballot's time (API.md "Sealed ballots").
	Ballot  bool
	Handler func(w http.ResponseWriter, r *http.Request) error
}

// withMaxBody raises a route's body limit, for file uploads.
func withMaxBody(r *route, n int64) *route {
	r.MaxBody = n
	return r
}

// ballot marks a voting route (see route.Ballot).
func ballot(r *route) *route {
	r.Ballot = true
	return r
}

// pub, user, perm and api build route table entries.
func pub(m, p string, h func(http.ResponseWriter, *http.Request) error) *route {
	return &route{Method: m, Pattern: p, Access: public, Handler: h}
}

func user(m, p string, h func(http.ResponseWriter, *http.Request) error) *route {
	return &route{Method: m, Pattern: p, Access: loggedIn, Handler: h}
}

// staff is a route for every login except a member's portal login (its
// API tokens: the portal is worked in a browser).
func staff(m, p string, h func(http.ResponseWriter, *http.Request) error) *route {
	return &route{Method: m, Pattern: p, Access: staffOnly, Handler: h}
}

func perm(m, p string, pm chamber.Permission, h func(http.ResponseWriter, *http.Request) error) *route {
	return &route{Method: m, Pattern: p, Access: needPerm, Perm: pm, Handler: h}
}

// api marks a route as part of the JSON API with its OpenAPI summary and
// request schema name ("" for none; schemas live in openapi.go's schemas).
func api(r *route, summary, body string) *route {
	r.API, r.Summary, r.Body = true, summary, body
	return r
}

// routeTable is every route: the core ones here, each domain's from its own
// file (orgRoutes in org.go, memberRoutes in member.go …).
func (s *Server) routeTable() []*route {
	var all []*route
	for _, part := range [][]*route{
		s.coreRoutes(), s.orgRoutes(), s.memberRoutes(), s.financeRoutes(), s.meetingRoutes(), s.announcementRoutes(), s.attachmentRoutes(),
		s.ticketRoutes(), s.booksRoutes(), s.leaveRoutes(), s.eventRoutes(), s.workPlanRoutes(), s.projectRoutes(), s.documentRoutes(), s.archiveRoutes(), s.archiveLoanRoutes(), s.knowledgeRoutes(), s.searchRoutes(),
		s.invitationRoutes(), s.liaisonRoutes(), s.nominationRoutes(), s.books2Routes(), s.homeRoutes(), s.secretariatRoutes(),
		s.purchaseRoutes(), s.facilityRoutes(), s.legalRoutes(), s.voiceRoutes(), s.relationRoutes(), s.offerRoutes(), s.introductionRoutes(), s.policyRoutes(), s.publicityRoutes(), s.showcaseRoutes(), s.recruitmentRoutes(), s.depreciationRoutes(),
		s.reportRoutes(),
	} {
		all = append(all, part...)
	}
	return all
}

func (s *Server) coreRoutes() []*route {
	return []*route{
		// Infrastructure.
		pub("GET", "/healthz", s.healthz),
		pub("GET", "/static/{file}", s.serveStatic),
		pub("GET", "/metrics", s.serveMetrics),

		// Pages.
		pub("GET", "/{$}", s.homeOrPublic), // a login's home; visitors the public home
		pub("GET", "/login", s.loginPage),
		pub("POST", "/login", s.loginSubmit),
		pub("POST", "/logout", s.logoutSubmit),
		pub("POST", "/lang", s.langSubmit),
		user("GET", "/account", s.accountPage),
		user("POST", "/account/password", s.accountPasswordSubmit),
		staff("POST", "/account/tokens", s.accountTokenCreate),
		user("POST", "/account/tokens/{id}/revoke", s.accountTokenRevoke),
		perm("GET", "/admin/users", chamber.PermUserManage, s.usersPage),
		perm("POST", "/admin/users", chamber.PermUserManage, s.usersCreate),
		perm("GET", "/admin/users/{id}", chamber.PermUserManage, s.userPage),
		perm("POST", "/admin/users/{id}/password", chamber.PermUserManage, s.userPasswordSubmit),
		perm("POST", "/admin/users/{id}/disabled", chamber.PermUserManage, s.userDisabledSubmit),
		perm("GET", "/admin/settings", chamber.PermSettingsWrite, s.settingsPage),
		perm("POST", "/admin/settings", chamber.PermSettingsWrite, s.settingsSubmit),
		perm("GET", "/audit", chamber.PermAuditRead, s.auditPage),

		// API.
		api(pub("GET", "/api/v1/openapi.json", s.openAPI), "This document: every /api/v1 endpoint", ""),
		api(pub("POST", "/api/v1/auth/tokens", s.apiTokenCreate), "Exchange a username and password for an API token (5 failures lock that account for that address: 429 with Retry-After)", "TokenRequest"),
		api(user("GET", "/api/v1/auth/tokens", s.apiTokenList), "List the caller's API tokens", ""),
		api(user("DELETE", "/api/v1/auth/tokens/{id}", s.apiTokenRevoke), "Revoke an API token", ""),
		api(user("GET", "/api/v1/me", s.apiMe), "The caller: login, member link and permissions held today", ""),
		api(user("POST", "/api/v1/me/password", s.apiMePassword), "Change the caller's own password", "PasswordChange"),
		api(perm("GET", "/api/v1/users", chamber.PermUserManage, s.apiUserList), "List logins", ""),
		api(perm("POST", "/api/v1/users", chamber.PermUserManage, s.apiUserCreate), "Create a login", "NewUser"),
		api(perm("GET", "/api/v1/users/{id}", chamber.PermUserManage, s.apiUserGet), "One login", ""),
		api(perm("POST", "/api/v1/users/{id}/password", chamber.PermUserManage, s.apiUserPassword), "Reset a login's password (ends its sessions)", "PasswordReset"),
		api(perm("POST", "/api/v1/users/{id}/status", chamber.PermUserManage, s.apiUserStatus), "Disable or enable a login", "UserStatus"),
		api(perm("GET", "/api/v1/audit", chamber.PermAuditRead, s.apiAuditList), "The audit trail, newest first", ""),
		api(perm("GET", "/api/v1/audit/verify", chamber.PermAuditRead, s.apiAuditVerify), "Recompute the audit hash chain", ""),
		api(perm("GET", "/api/v1/audit/head", chamber.PermAuditRead, s.apiAuditHead), "The audit chain's head {seq, hash}, for chamber verify --head", ""),
		api(user("GET", "/api/v1/settings", s.apiSettingsGet), "The installation settings", ""),
		api(perm("PATCH", "/api/v1/settings", chamber.PermSettingsWrite, s.apiSettingsPatch), "Change the installation settings", "Settings"),
	}
}
