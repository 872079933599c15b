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
	"GET /agreements":                    "relations.read",
	"POST /agreements":                   "relations.write",
	"GET /agreements/{id}":               "relations.read",
	"POST /agreements/{id}/renew":        "relations.write",
	"POST /api/v1/agreements":            "relations.write",
	"GET /api/v1/agreements":             "relations.read",
	"GET /api/v1/agreements/{id}":        "relations.read",
	"POST /api/v1/agreements/{id}/renew": "relations.write",
})

// relEnv is claimEnv with a contact of the register; the 秘书长 ("sg")
// keeps relations, the 财务专员 ("clerk") does not, "member" is a portal login.
func relEnv(t *testing.T) (*env, chamber.ID, func(int) string) {
	t.Helper()
	e := claimEnv(t)
	today, err := time.Parse("2006-01-02", e.db.Today(sysCtx))
	if err != nil {
		t.Fatal(err)
	}
	var c chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "partner_chamber", "name": "宁波市温州商会", "country": "中国"}), 201, &c)
	return e, c.ID, func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
}

// TestAgreements: an agreement with its documents; the one expiring within
// 60 days lands in its owner's inbox once however often the job runs, the
// other not; a renewal moves the expiry and reminds again later; members
// and staff without the permission see nothing.
func TestAgreements(t *testing.T) {
	e, contact, day := relEnv(t)
	var soon, later chamber.Agreement
	decodeInto(t, e.do("sg", "POST", "/api/v1/agreements", map[string]any{"contact_id": contact, "title": "甬温两地商会战略合作协议",
		"signed_on": day(-700), "expires_on": day(30)}), 201, &soon)
	decodeInto(t, e.do("sg", "POST", "/api/v1/agreements", map[string]any{"contact_id": contact, "title": "会员企业互访备忘录",
		"signed_on": day(-10), "expires_on": day(200)}), 201, &later)
	if soon.Status != "expiring" || later.Status != "active" || soon.Owner != "赵秘书长" || soon.Contact != "宁波市温州商会" {
		t.Fatalf("created %+v %+v", soon, later)
	}
	for _, bad := range []map[string]any{
		{"contact_id": contact, "title": "x", "signed_on": day(0), "expires_on": day(-1)},
		{"contact_id": contact, "title": "a\x01b", "signed_on": day(0)},
		{"contact_id": 99999, "title": "x", "signed_on": day(0)},
		{"contact_id": contact, "title": "x", "signed_on": "2026-02-30"},
	} {
		decodeInto(t, e.do("sg", "POST", "/api/v1/agreements", bad), 422, nil)
	}
	decodeInto(t, e.do("sg", "POST", "/api/v1/agreements", map[string]any{"contact_id": contact, "title": "x", "signed_on": day(0), "party": "y"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/agreements", map[string]any{"contact_id": contact, "title": "x", "signed_on": day(0)}), 403, nil)
	decodeInto(t, e.do("member", "GET", "/api/v1/agreements", nil), 403, nil)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/agreements/"+strconv.FormatInt(soon.ID, 10), nil), 403, nil)

	// The signed text as an attachment; others cannot see it.
	decodeInto(t, e.upload("sg", "agreement", soon.ID, "协议.png", pngBytes), 201, nil)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/attachments?owner_kind=agreement&owner_id="+strconv.FormatInt(soon.ID, 10), nil), 404, nil)

	inboxCount := func() int {
		var in struct{ Items []chamber.InboxItem }
		decodeInto(t, e.do("sg", "GET", "/api/v1/inbox", nil), 200, &in)
		n := 0
		for _, it := range in.Items {
			if strings.Contains(it.Title, "甬温两地商会战略合作协议") {
				n++
			}
			if strings.Contains(it.Title, "会员企业互访备忘录") {
				t.Fatalf("reminded too early: %+v", it)
			}
		}
		return n
	}
	// Two runs at once (two instances of a cluster) remind once between them.
	var wg sync.WaitGroup
	counts, errs := make([]int, 2), make([]error, 2)
	for i := range counts {
		wg.Add(1)
		go func() { defer wg.Done(); counts[i], errs[i] = e.db.RemindAgreements(sysCtx) }()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || counts[0]+counts[1] != 1 {
		t.Fatalf("concurrent runs: %v %v", counts, errs)
	}
	for i, want := range []int{0, 0} {
		n, err := e.db.RemindAgreements(sysCtx)
		if err != nil || n != want {
			t.Fatalf("run %d: %d reminded, %v; want %d", i, n, err, want)
		}
		if got := inboxCount(); got != 1 {
			t.Fatalf("run %d: %d inbox items, want 1", i, got)
		}
	}
	var list struct{ Items []chamber.Agreement }
	decodeInto(t, e.do("sg", "GET", "/api/v1/agreements?status=expiring", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != soon.ID || list.Items[0].RemindedAt == nil {
		t.Fatalf("expiring %+v", list.Items)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/agreements?status=nope", nil), 422, nil)

	// Renewed: in force again, reminded again only before the new expiry.
	renew := "/api/v1/agreements/" + strconv.FormatInt(soon.ID, 10) + "/renew"
	decodeInto(t, e.do("sg", "POST", renew, map[string]any{"expires_on": day(10)}), 422, nil)
	var renewed chamber.Agreement
	decodeInto(t, e.do("sg", "POST", renew, map[string]any{"expires_on": day(30 + 3*365), "note": "续签三年"}), 200, &renewed)
	if renewed.Status != "active" || renewed.RemindedAt != nil {
		t.Fatalf("renewed %+v", renewed)
	}
	if n, err := e.db.RemindAgreements(sysCtx); err != nil || n != 0 {
		t.Fatalf("after renewal: %d, %v", n, err)
	}
	if got := auditTrail(t, e, "agreement", soon.ID); got != "agreement.create attachment.add agreement.remind agreement.renew" {
		t.Fatalf("audit %q", got)
	}
	var page2 struct {
		Items      []chamber.Agreement
		NextCursor string `json:"next_cursor"`
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/agreements?limit=1", nil), 200, &page2)
	if len(page2.Items) != 1 || page2.Items[0].ID != later.ID || page2.NextCursor == "" {
		t.Fatalf("first page %+v", page2)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/agreements?limit=1&cursor="+url.QueryEscape(page2.NextCursor), nil), 200, &page2)
	if len(page2.Items) != 1 || page2.Items[0].ID != soon.ID || page2.NextCursor != "" {
		t.Fatalf("second page %+v", page2)
	}

	// The pages, in both languages; a bad form shows again with its error.
	for lang, want := range map[string]string{"zh-CN": "即将到期", "en": "In force"} {
		c := e.browser(lang)
		e.login(c, "sg")
		resp, err := c.Get(e.srv.URL + "/agreements")
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "甬温两地商会战略合作协议") {
			t.Fatalf("%s list: %d %s", lang, resp.StatusCode, body)
		}
		resp, err = c.Get(e.srv.URL + "/agreements/" + strconv.FormatInt(soon.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "协议.png") || !strings.Contains(body, "宁波市温州商会") {
			t.Fatalf("%s detail: %d", lang, resp.StatusCode)
		}
		resp, err = c.Get(e.srv.URL + "/contacts/" + strconv.FormatInt(contact, 10))
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "会员企业互访备忘录") {
			t.Fatalf("%s contact page: %d", lang, resp.StatusCode)
		}
	}
	c := e.browser("zh-CN")
	e.login(c, "sg")
	resp, err := c.PostForm(e.srv.URL+"/agreements", url.Values{"contact_id": {strconv.FormatInt(contact, 10)}, "title": {"新协议"}, "signed_on": {day(0)}, "expires_on": {day(-5)}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "到期日期须晚于签订日期") || !strings.Contains(body, "新协议") {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	resp, err = c.PostForm(e.srv.URL+"/agreements", url.Values{"contact_id": {strconv.FormatInt(contact, 10)}, "title": {"新协议"}, "signed_on": {day(0)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/agreements/") {
		t.Fatalf("form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// auditTrail is the actions recorded against one record, oldest first.
func auditTrail(t *testing.T, e *env, entity string, id chamber.ID) string {
	t.Helper()
	recs, _, err := e.db.ListAudit(sysCtx, chamber.AuditFilter{Entity: entity, EntityID: id}, chamber.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(recs) - 1; i >= 0; i-- {
		out = append(out, recs[i].Action)
	}
	return strings.Join(out, " ")
}
