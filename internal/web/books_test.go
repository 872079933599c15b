package web_test

var _ = addRouteAccess(map[string]string{
	"POST /api/v1/finance/opening-balances": "finance.post",
	"GET /api/v1/finance/settings":          "finance.read",
	"PUT /api/v1/finance/settings":          "settings.write",
})
