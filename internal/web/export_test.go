package web

// RouteInfo describes one route for the access-table test.
type RouteInfo struct{ Method, Pattern, Access string }

// RoutesForTest lists the route table as the access test sees it.
func RoutesForTest() []RouteInfo {
	s := &Server{}
	var out []RouteInfo
	for _, rt := range s.routeTable() {
		a := "public"
		switch rt.Access {
		case loggedIn:
			a = "login"
		case staffOnly:
			a = "staff"
		case needPerm:
			a = string(rt.Perm)
		}
		out = append(out, RouteInfo{rt.Method, rt.Pattern, a})
	}
	return out
}

// ForgetDashboards empties the dashboards' caches, as a write does: the
// next view computes its figures afresh.
func ForgetDashboards() {
	dashCache.Clear()
	deptCache.Clear()
}
