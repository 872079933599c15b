package web_test

var _ = addRouteAccess(map[string]string{
	"GET /members":                                    "member.read",
	"GET /members/new":                                "member.write",
	"POST /members":                                   "member.write",
	"GET /members/{id}":                               "member.read",
	"GET /members/{id}/edit":                          "member.write",
	"POST /members/{id}":                              "member.write",
	"POST /members/{id}/status":                       "member.write",
	"POST /members/{id}/lapse":                        "member.write",
	"POST /members/{id}/representatives":              "member.write",
	"POST /members/{id}/representatives/{rid}/delete": "member.write",
	"POST /members/{id}/changes/{cid}":                "member.write",
	"POST /members/{id}/invite":                       "user.manage",
	"GET /members/{id}/certificate":                   "member.read",
	"GET /members/import":                             "member.write",
	"POST /members/import":                            "member.write",
	"GET /members/export":                             "member.read",
	"GET /members/import/jobs/{id}":                   "member.write",
	"POST /members/import/jobs/{id}":                  "member.write",
	"POST /api/v1/members/import-jobs":                "member.write",
	"GET /api/v1/jobs/{id}":                           "member.write",
	"GET /members/reviews":                            "member.read",
	"POST /members/reviews":                           "member.write",
	"GET /applications":                               "member.read",
	"GET /applications/{id}":                          "member.read",
	"POST /applications/{id}":                         "member.write",
	"GET /join":                                       "public",
	"POST /join":                                      "public",
	"GET /join/{token}":                               "public",
	"POST /join/{token}":                              "public",
	"GET /verify/{code}":                              "public",
	"GET /directory/public":                           "public",
	"GET /portal":                                     "portal",
	"POST /portal":                                    "portal",
	"GET /portal/certificate":                         "portal",
	"GET /directory":                                  "portal",
	"POST /api/v1/members":                            "member.write",
	"GET /api/v1/members":                             "member.read",
	"GET /api/v1/members/tiers":                       "member.read",
	"GET /api/v1/members/export":                      "member.read",
	"POST /api/v1/members/import":                     "member.write",
	"GET /api/v1/members/{id}":                        "member.read",
	"PATCH /api/v1/members/{id}":                      "member.write",
	"GET /api/v1/members/{id}/history":                "member.read",
	"POST /api/v1/members/{id}/status":                "member.write",
	"POST /api/v1/members/{id}/lapse":                 "member.write",
	"GET /api/v1/members/{id}/representatives":        "member.read",
	"POST /api/v1/members/{id}/representatives":       "member.write",
	"POST /api/v1/applications":                       "public",
	"GET /api/v1/applications":                        "member.read",
	"POST /api/v1/applications/{id}/decision":         "member.write",
	"GET /api/v1/me/member":                           "portal",
	"PATCH /api/v1/me/member":                         "portal",
})

// The administrator holds every permission but the portal in a new database.
var _ = func() bool {
	for _, p := range []string{"member.read", "member.write"} {
		rolePerms["admin"][p] = true
	}
	return true
}()
