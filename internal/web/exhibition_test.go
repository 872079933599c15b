package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /events/{id}/exhibition":                       "event.manage",
	"POST /events/{id}/booths":                          "event.manage",
	"POST /exhibitors/{id}/allocate":                    "event.manage",
	"GET /portal/exhibitions/{id}":                      "portal",
	"POST /portal/exhibitions/{id}/apply":               "portal",
	"POST /portal/exhibitors/{id}/products":             "portal",
	"GET /public/exhibitions/{id}":                      "public",
	"POST /api/v1/events/{id}/booths":                   "event.manage",
	"GET /api/v1/events/{id}/booths":                    "public",
	"POST /api/v1/events/{id}/exhibitors":               "public",
	"GET /api/v1/events/{id}/exhibitors":                "public",
	"POST /api/v1/exhibitor-applications/{id}/allocate": "event.manage",
	"POST /api/v1/exhibitor-applications/{id}/products": "login",
})

// TestExhibitionWeb: booths over the API, a member applies on the portal
// and enters a product; allocations racing over HTTP for one booth give
// one 200 and the rest 409; the public floor plan and exhibitor list show
// the allocated exhibitor with its product.
func TestExhibitionWeb(t *testing.T) {
	e := newEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越鞋业有限公司", ContactName: "陈总", Phone: "13812345678"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(20 * 24 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(20*24*time.Hour + 8*time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "exhibition", "title": "温州鞋服展销会", "starts_at": start, "ends_at": end, "audience": "public"}), 201)
	id := strconv.Itoa(int(ev["id"].(float64)))
	b1 := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/booths", map[string]any{"number": "A01", "size": "3m×3m", "price_fen": 300000, "x": 0, "y": 0}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/booths", map[string]any{"number": "A02", "size": "3m×3m", "price_fen": 300000, "x": 1, "y": 0}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/booths", map[string]any{"number": "A01"}), 422)
	evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/booths", map[string]any{"number": "Z9"}), 403)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200)

	c := e.browser("zh-CN")
	e.login(c, "member")
	resp, err := c.PostForm(e.srv.URL+"/portal/exhibitions/"+id+"/apply", url.Values{"note": {"男鞋、女鞋"}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("apply %d", resp.StatusCode)
	}
	evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/exhibitors", map[string]any{}), 409)
	var appIDs []string
	for i := 0; i < 5; i++ {
		m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "展商" + strconv.Itoa(i) + "有限公司", ContactName: "联系人", Phone: "1390000000" + strconv.Itoa(i)})
		if err != nil {
			t.Fatal(err)
		}
		a := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/exhibitors", map[string]any{"member_id": m.ID}), 201)
		appIDs = append(appIDs, strconv.Itoa(int(a["id"].(float64))))
	}
	list := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/exhibitors", nil), 200)["items"].([]any)
	var mine string
	for _, x := range list {
		if x.(map[string]any)["company"] == "瓯越鞋业有限公司" {
			mine = strconv.Itoa(int(x.(map[string]any)["id"].(float64)))
		}
	}
	appIDs = append(appIDs, mine)
	var wg sync.WaitGroup
	codes := make([]int, len(appIDs))
	for i, a := range appIDs {
		wg.Add(1)
		go func(i int, a string) {
			defer wg.Done()
			resp := e.do("admin", "POST", "/api/v1/exhibitor-applications/"+a+"/allocate", map[string]any{"booth_id": b1["id"]})
			readBody(t, resp)
			codes[i] = resp.StatusCode
		}(i, a)
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 409:
			conflict++
		}
	}
	if ok != 1 || conflict != len(appIDs)-1 {
		t.Fatalf("allocation codes %v", codes)
	}
	// Whoever won, the member gets A01 now: move the winner off first.
	booths := evJSON(t, e.do("", "GET", "/api/v1/events/"+id+"/booths", nil), 200)["items"].([]any)
	winner := strconv.Itoa(int(booths[0].(map[string]any)["application_id"].(float64)))
	if winner != mine {
		evJSON(t, e.do("admin", "POST", "/api/v1/exhibitor-applications/"+winner+"/allocate", map[string]any{"booth_id": booths[1].(map[string]any)["id"]}), 200)
		evJSON(t, e.do("admin", "POST", "/api/v1/exhibitor-applications/"+mine+"/allocate", map[string]any{"booth_id": b1["id"]}), 200)
	}
	evJSON(t, e.do("member", "POST", "/api/v1/exhibitor-applications/"+appIDs[0]+"/products", map[string]any{"name": "x"}), 404)
	resp, _ = c.PostForm(e.srv.URL+"/portal/exhibitors/"+mine+"/products", url.Values{"name": {"手工真皮男鞋"}, "description": {"头层牛皮"}, "event_id": {id}})
	readBody(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("product %d", resp.StatusCode)
	}
	anon := e.browser("zh-CN")
	resp, _ = anon.Get(e.srv.URL + "/public/exhibitions/" + id)
	page := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-booth="A01" class="taken"`) || !strings.Contains(page, "手工真皮男鞋") ||
		!strings.Contains(page, "瓯越鞋业有限公司") || strings.Contains(page, "展商0有限公司</strong> <span class=\"badge\"></span>") {
		t.Fatalf("public page %d %s", resp.StatusCode, page)
	}
	pub := evJSON(t, e.do("", "GET", "/api/v1/events/"+id+"/exhibitors", nil), 200)["items"].([]any)
	if want := map[bool]int{true: 1, false: 2}[winner == mine]; len(pub) != want {
		t.Fatalf("public exhibitors %v", pub)
	}
	a := e.browser("zh-CN")
	e.login(a, "admin")
	resp, _ = a.Get(e.srv.URL + "/events/" + id + "/exhibition")
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "展位平面图") {
		t.Fatalf("staff page %d", resp.StatusCode)
	}
	resp, _ = c.Get(e.srv.URL + "/portal/exhibitions/" + id)
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, `data-mine="allocated"`) {
		t.Fatalf("portal page %d %s", resp.StatusCode, page)
	}
}
