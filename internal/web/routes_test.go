package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// routeAccess lists every route with who may use it: "public", "login"
// (any login), or a permission name. A route missing here, or a row with no
// route, fails TestEveryRouteHasAccessRow. Each domain keeps its rows in its
// own test file and adds them with addRouteAccess.
var routeAccess = map[string]string{}

// addRouteAccess merges a domain's rows; a row given twice is a mistake.
func addRouteAccess(rows map[string]string) bool {
	for k, v := range rows {
		if _, dup := routeAccess[k]; dup {
			panic("routeAccess row twice: " + k)
		}
		routeAccess[k] = v
	}
	return true
}

var _ = addRouteAccess(coreRouteAccess)

var coreRouteAccess = map[string]string{
	"GET /healthz":                     "public",
	"GET /static/{file}":               "public",
	"GET /metrics":                     "public", // gated in the handler: admins and --metrics-allow (TestMetricsGate)
	"GET /{$}":                         "public", // the handler: a login's home, else the public home
	"GET /login":                       "public",
	"POST /login":                      "public",
	"POST /logout":                     "public",
	"POST /lang":                       "public",
	"GET /account":                     "login",
	"POST /account/password":           "login",
	"POST /account/tokens":             "staff",
	"POST /account/tokens/{id}/revoke": "login",
	"GET /admin/users":                 "user.manage",
	"POST /admin/users":                "user.manage",
	"GET /admin/users/{id}":            "user.manage",
	"POST /admin/users/{id}/password":  "user.manage",
	"POST /admin/users/{id}/disabled":  "user.manage",
	"GET /admin/settings":              "settings.write",
	"POST /admin/settings":             "settings.write",
	"GET /audit":                       "audit.read",

	"GET /api/v1/openapi.json":         "public",
	"POST /api/v1/auth/tokens":         "public",
	"GET /api/v1/auth/tokens":          "login",
	"DELETE /api/v1/auth/tokens/{id}":  "login",
	"GET /api/v1/me":                   "login",
	"POST /api/v1/me/password":         "login",
	"GET /api/v1/users":                "user.manage",
	"POST /api/v1/users":               "user.manage",
	"GET /api/v1/users/{id}":           "user.manage",
	"POST /api/v1/users/{id}/password": "user.manage",
	"POST /api/v1/users/{id}/status":   "user.manage",
	"GET /api/v1/audit":                "audit.read",
	"GET /api/v1/audit/verify":         "audit.read",
	"GET /api/v1/audit/head":           "audit.read",
	"GET /api/v1/settings":             "login",
	"PATCH /api/v1/settings":           "settings.write",
}

// roles and what each holds in a fresh database: the default role grants;
// "staff" holds no post.
var rolePerms = func() map[string]map[string]bool {
	out := map[string]map[string]bool{"admin": {}, "staff": {}, "member": {}}
	g := chamber.DefaultRoleGrants()
	for _, p := range g[chamber.RoleAdmin] {
		out["admin"][string(p)] = true
	}
	for _, p := range g[chamber.RoleMember] {
		out["member"][string(p)] = true
	}
	return out
}()

func TestEveryRouteHasAccessRow(t *testing.T) {
	routes := web.RoutesForTest()
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		want, ok := routeAccess[key]
		if !ok {
			t.Errorf("route %s has no row in routeAccess", key)
			continue
		}
		if want != rt.Access {
			t.Errorf("route %s: table says %q, route says %q", key, want, rt.Access)
		}
	}
	var stale []string
	for k := range routeAccess {
		if !seen[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("routeAccess row %s has no route", k)
	}
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestRouteAccessEnforced calls every route as nobody and as each role and
// checks that the gate lets exactly the right ones through.
func TestRouteAccessEnforced(t *testing.T) {
	// Every route twice per role within a second or two: the per-token
	// limit is not what this test is about.
	e := newEnvWith(t, sqlstoretest.Options{}, func(c *web.Config) { c.TokenRate = 1 << 20 })
	for key, want := range routeAccess {
		method, pattern, _ := strings.Cut(key, " ")
		path := strings.TrimSuffix(pathParam.ReplaceAllString(pattern, "999999"), "{$}")
		api := strings.HasPrefix(path, "/api/")
		for _, role := range []string{"", "admin", "staff", "member"} {
			var resp *http.Response
			if api {
				resp = e.do(role, method, path, nil)
			} else {
				c := e.browser("")
				if role != "" {
					e.login(c, role)
				}
				req, _ := http.NewRequest(method, e.srv.URL+path, nil)
				var err error
				if resp, err = c.Do(req); err != nil {
					t.Fatal(err)
				}
			}
			resp.Body.Close()
			allowed := want == "public" || (want == "login" && role != "") || (want == "staff" && role != "" && role != "member") ||
				(role != "" && rolePerms[role][want])
			code := resp.StatusCode
			denied := code == http.StatusUnauthorized || code == http.StatusForbidden ||
				(!api && code == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login?next="))
			if want == "public" && key == "GET /metrics" {
				continue // its own gate: TestMetricsGate
			}
			if want == "public" {
				// A public route may still refuse bad input (a failed login is 401).
				if code == http.StatusForbidden || code >= 500 {
					t.Errorf("%s as %q: %d", key, role, code)
				}
				continue
			}
			if allowed && denied {
				t.Errorf("%s as %q: denied with %d, want allowed", key, role, code)
			}
			if !allowed && !denied {
				t.Errorf("%s as %q: got %d, want denied", key, role, code)
			}
			if !allowed && role != "" && code != http.StatusForbidden {
				t.Errorf("%s as %q: got %d, want 403 for a login without the permission", key, role, code)
			}
			if code >= 500 {
				t.Errorf("%s as %q: %d", key, role, code)
			}
		}
	}
}
