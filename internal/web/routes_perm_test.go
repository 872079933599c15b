package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// permLogin creates a staff login whose only post carries exactly perms
// and returns its username (API token in e.tokens, password testPassword).
func (e *env) permLogin(name string, perms []chamber.Permission) string {
	e.t.Helper()
	depts, err := e.db.ListDepartments(sysCtx)
	if err != nil || len(depts) == 0 {
		e.t.Fatalf("departments: %v", err)
	}
	pos, err := e.db.CreatePosition(sysCtx, chamber.Position{Name: "岗位" + name, DepartmentID: depts[0].ID, Headcount: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.SetGrants(sysCtx, "position", fmt.Sprint(pos.ID), perms); err != nil {
		e.t.Fatal(err)
	}
	u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: name, Name: name, Password: testPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pos.ID, UserID: u.ID, StartsOn: "2000-01-01"}); err != nil {
		e.t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[name] = secret
	return name
}

// TestRouteAccessByPermission calls every permission-guarded route with a
// login holding exactly the route's permission (let through) and one holding
// every permission that does not include it (403), so a route guarded by the wrong staff
// permission fails here even where the three standard roles cannot tell.
func TestRouteAccessByPermission(t *testing.T) {
	e := newEnv(t)
	byPerm := map[string][]string{}
	for key, want := range routeAccess {
		if want != "public" && want != "login" && want != "staff" && want != string(chamber.PermPortal) {
			byPerm[want] = append(byPerm[want], key)
		}
	}
	call := func(login, key string) int {
		method, pattern, _ := strings.Cut(key, " ")
		path := strings.TrimSuffix(pathParam.ReplaceAllString(pattern, "999999"), "{$}")
		if strings.HasPrefix(path, "/api/") {
			resp := e.do(login, method, path, nil)
			resp.Body.Close()
			return resp.StatusCode
		}
		c := e.browser("")
		e.login(c, login)
		req, _ := http.NewRequest(method, e.srv.URL+path, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			return http.StatusUnauthorized
		}
		return resp.StatusCode
	}
	i := 0
	for p, keys := range byPerm {
		i++
		var others []chamber.Permission
		for _, q := range chamber.AllPermissions {
			if !chamber.Implies(q, chamber.Permission(p)) && q != chamber.PermPortal {
				others = append(others, q)
			}
		}
		only := e.permLogin(fmt.Sprintf("only%d", i), []chamber.Permission{chamber.Permission(p)})
		rest := e.permLogin(fmt.Sprintf("rest%d", i), others)
		for _, key := range keys {
			if code := call(only, key); code == http.StatusUnauthorized || code == http.StatusForbidden || code >= 500 {
				t.Errorf("%s with exactly %s: %d, want let through", key, p, code)
			}
			if code := call(rest, key); code != http.StatusForbidden {
				t.Errorf("%s with every permission but %s: %d, want 403", key, p, code)
			}
		}
	}
}
