package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /reviews":                        "login",
	"POST /reviews":                       "staff.manage",
	"GET /reviews/{id}":                   "login",
	"POST /reviews/{id}/report":           "login",
	"POST /reviews/{id}/scores":           "login",
	"POST /reviews/{id}/conclude":         "staff.manage",
	"POST /api/v1/reviews":                "staff.manage",
	"GET /api/v1/reviews":                 "login",
	"GET /api/v1/reviews/{id}":            "login",
	"POST /api/v1/reviews/{id}/report":    "login",
	"POST /api/v1/reviews/{id}/scores":    "login",
	"POST /api/v1/reviews/{id}/reviewers": "staff.manage",
	"POST /api/v1/reviews/{id}/conclude":  "staff.manage",
})

// TestAnnualReviewAPI: HR opens the clerk's review; the clerk writes the
// report, the director (its superior) scores, others may not; the grade
// follows the total; the pages show it in both languages.
func TestAnnualReviewAPI(t *testing.T) {
	e := claimEnv(t)
	var me struct {
		ID chamber.ID `json:"id"`
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/me", nil), 200, &me)
	var rv chamber.AnnualReview
	decodeInto(t, e.do("clerk", "POST", "/api/v1/reviews", map[string]any{"year": 2025, "subject_kind": "staff", "subject_id": me.ID}), 403, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/reviews", map[string]any{"year": 2025, "subject_kind": "boss", "subject_id": me.ID}), 422, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/reviews", map[string]any{"year": 2025, "subject_kind": "staff", "subject_id": me.ID}), 201, &rv)
	if len(rv.Reviewers) != 1 || rv.Reviewers[0].Role != "superior" || rv.Weights["superior"] != 60 {
		t.Fatalf("review: %+v", rv)
	}
	id := "/api/v1/reviews/" + strconv.FormatInt(rv.ID, 10)
	decodeInto(t, e.do("director", "POST", id+"/report", map[string]any{"text": "替写"}), 403, nil)
	decodeInto(t, e.do("clerk", "POST", id+"/report", map[string]any{"text": ""}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", id+"/report", map[string]any{"text": "全年完成凭证录入和报销审核。"}), 200, nil)
	decodeInto(t, e.do("sg", "POST", id+"/scores", map[string]any{"score": 90}), 403, nil)
	decodeInto(t, e.do("supervisor", "POST", id+"/scores", map[string]any{"score": 90}), 404, nil)
	decodeInto(t, e.do("director", "POST", id+"/scores", map[string]any{"score": 92, "comment": "优秀"}), 201, &rv)
	if rv.Total != 92 || rv.Suggested != "excellent" {
		t.Fatalf("scored: %+v", rv)
	}
	decodeInto(t, e.do("sg", "POST", id+"/conclude", map[string]any{"grade": "competent"}), 200, &rv)
	if rv.Grade != "competent" || rv.Status != "concluded" {
		t.Fatalf("concluded: %+v", rv)
	}
	for lang, want := range map[string]string{"zh-CN": "称职", "en": "Competent"} {
		c := e.browser(lang)
		e.login(c, "sg")
		for _, path := range []string{"/reviews?year=2025", "/reviews/" + strconv.FormatInt(rv.ID, 10)} {
			resp, err := c.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "李会计") {
				t.Fatalf("%s %s: %d", lang, path, resp.StatusCode)
			}
		}
	}
}
