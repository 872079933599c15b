package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/members/{id}/trainings": "login",
	"POST /events/{id}/register":         "login",
})

// TestTrainingHistoryWeb: a member checked in at a training event finds it
// in its training history on the portal and over the API; staff see it on
// the member's file; another member's history is not found.
func TestTrainingHistoryWeb(t *testing.T) {
	e := newEnv(t)
	m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "鹿城眼镜有限公司", ContactName: "李总", Phone: "13812345679"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(4 * time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "training", "title": "跨境电商实务培训", "starts_at": start, "ends_at": end}), 201)
	id := strconv.Itoa(int(ev["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200)
	reg := evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": reg["code"]}), 201)
	mid := strconv.FormatInt(m.ID, 10)
	h := evJSON(t, e.do("member", "GET", "/api/v1/members/"+mid+"/trainings", nil), 200)
	items := h["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["title"] != "跨境电商实务培训" || items[0].(map[string]any)["hours"].(float64) != 2 {
		t.Fatalf("history %v", h)
	}
	evJSON(t, e.do("member", "GET", "/api/v1/members/"+strconv.FormatInt(other.ID, 10)+"/trainings", nil), 404)
	evJSON(t, e.do("admin", "GET", "/api/v1/members/"+mid+"/trainings", nil), 200)

	c := e.browser("zh-CN")
	e.login(c, "member")
	resp, err := c.Get(e.srv.URL + "/portal/events")
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "培训记录") || !strings.Contains(page, "2 学时") {
		t.Fatalf("portal %d %s", resp.StatusCode, page)
	}
	a := e.browser("zh-CN")
	e.login(a, "admin")
	resp, _ = a.Get(e.srv.URL + "/members/" + mid)
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "跨境电商实务培训") {
		t.Fatalf("member file %d", resp.StatusCode)
	}
}
