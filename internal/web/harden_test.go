package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// Each test here reproduces an attack of the outside review (issue 10/13)
// through real HTTP on a real database, and shows it refused.

type stillClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stillClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stillClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func prefixes(t *testing.T, s string) []netip.Prefix {
	t.Helper()
	p, err := web.ParseCIDRList(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// behindProxy is a server that trusts the loopback peer (the test client)
// as its proxy, so X-Forwarded-For chooses the client's address.
func behindProxy(t *testing.T, mod func(*web.Config)) *env {
	return newEnvWith(t, sqlstoretest.Options{}, func(c *web.Config) {
		c.TrustedProxies = prefixes(t, "127.0.0.1/32, ::1")
		if mod != nil {
			mod(c)
		}
	})
}

// send makes a request with extra headers (pairs) and an optional body.
func send(t *testing.T, c *http.Client, method, u, body string, header ...string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, rd)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		if strings.HasPrefix(body, "{") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// ---- open redirect (issue 10 item 3)

func TestLoginNextNeverLeavesTheSite(t *testing.T) {
	e := newEnv(t)
	in := e.browser("")
	e.login(in, "staff")
	for _, next := range []string{"/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "/%2f%2fevil.example",
		"/%5Cevil.example", "https://evil.example/", "/\r\n/evil.example", "\\/evil.example", "/\u3000/evil.example", "javascript:alert(1)"} {
		// A logged-in visitor is sent on at once.
		resp := send(t, in, "GET", e.srv.URL+"/login?next="+url.QueryEscape(next), "")
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/" {
			t.Errorf("GET /login?next=%q: %d Location %q, want /", next, resp.StatusCode, loc)
		}
		// The login form carries next through the POST.
		resp = send(t, e.browser(""), "POST", e.srv.URL+"/login",
			url.Values{"username": {"staff"}, "password": {testPassword}, "next": {next}}.Encode())
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/" {
			t.Errorf("POST /login next=%q: %d Location %q, want /", next, resp.StatusCode, loc)
		}
	}
	resp := send(t, in, "GET", e.srv.URL+"/login?next="+url.QueryEscape("/members?q=%E5%BC%A0"), "")
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/members?q=%E5%BC%A0" {
		t.Errorf("a path of this site was not kept: %q", loc)
	}
}

// ---- base URL and the feed (issue 10 item 7)

func TestPrintedLinksUseBaseURLNotHost(t *testing.T) {
	e := newEnvWith(t, sqlstoretest.Options{}, func(c *web.Config) { c.BaseURL = "https://chamber.example.org" })
	a, err := e.db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "news", Title: "年会通知", Body: "内容", Audience: chamber.AudiencePublic})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishAnnouncement(sysCtx, a.ID); err != nil {
		t.Fatal(err)
	}
	c := e.browser("")
	req, _ := http.NewRequest("GET", e.srv.URL+"/news.atom", nil)
	req.Host = "evil.example"
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 200 || strings.Contains(body, "evil.example") || !strings.Contains(body, fmt.Sprintf("https://chamber.example.org/news/%d", a.ID)) {
		t.Fatalf("feed links: %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, "<author>") || !strings.Contains(body, "<name>") {
		t.Fatalf("feed without author:\n%s", body)
	}
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q Last-Modified %q", etag, lm)
	}
	for _, h := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", lm}} {
		r := send(t, c, "GET", e.srv.URL+"/news.atom", "", h[0], h[1])
		if b := readBody(t, r); r.StatusCode != http.StatusNotModified || b != "" {
			t.Errorf("%s: %d %q, want 304", h[0], r.StatusCode, b)
		}
	}
	if r := send(t, c, "GET", e.srv.URL+"/news.atom", "", "If-None-Match", `"other"`); r.StatusCode != 200 {
		t.Errorf("stale ETag: %d", r.StatusCode)
	}
	// The meeting notice (inbox and e-mail) links to the meeting at the base URL.
	e.createMembers(1)
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "年度大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	nr := send(t, noRedirect, "POST", fmt.Sprintf("%s/api/v1/meetings/%d/notice", e.srv.URL, m.ID), "", "Authorization", "Bearer "+e.tokens["admin"], "X-Forwarded-Host", "evil.example")
	if b := readBody(t, nr); nr.StatusCode >= 300 {
		t.Fatalf("notice: %d %s", nr.StatusCode, b)
	}
	ann, _, err := e.db.ListAnnouncements(sysCtx, chamber.AnnouncementFilter{}, chamber.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range ann {
		found = found || strings.Contains(x.Body, fmt.Sprintf("https://chamber.example.org/meetings/%d", m.ID))
	}
	if !found {
		t.Error("the meeting notice does not link to the meeting at the base URL")
	}
	// The follow-up link of an application and the join status page.
	r := send(t, c, "POST", e.srv.URL+"/api/v1/applications", `{"kind":"individual","name":"申请人","contact_name":"申请人","phone":"13800138000"}`, "X-Forwarded-Host", "evil.example")
	if b := readBody(t, r); r.StatusCode != 201 || !strings.Contains(b, `"status_url":"https://chamber.example.org/join/`) {
		t.Fatalf("application: %d %s", r.StatusCode, b)
	}
}

// ---- login throttling per (account, address), X-Forwarded-For (item 9, issue 13)

func tokenLogin(t *testing.T, e *env, user, pw string, header ...string) int {
	t.Helper()
	resp := send(t, noRedirect, "POST", e.srv.URL+"/api/v1/auth/tokens", fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw), header...)
	resp.Body.Close()
	return resp.StatusCode
}

func TestLoginLockoutIsPerAddressBehindProxy(t *testing.T) {
	e := behindProxy(t, nil)
	// The attacker's proxy chain: it writes the owner's address itself, the
	// trusted proxy appends the real one.
	for i := 0; i < 5; i++ {
		tokenLogin(t, e, "staff", "wrong-password", "X-Forwarded-For", "198.51.100.7, 203.0.113.9")
	}
	if got := tokenLogin(t, e, "staff", "wrong-password", "X-Forwarded-For", "203.0.113.9"); got != 429 {
		t.Fatalf("attacker after 5 failures: %d, want 429", got)
	}
	if got := tokenLogin(t, e, "staff", testPassword, "X-Forwarded-For", "198.51.100.7"); got != 201 {
		t.Fatalf("the owner from its own address: %d, want 201 (not locked out by someone else)", got)
	}
}

func TestForwardedForIgnoredFromUntrustedPeer(t *testing.T) {
	e := newEnv(t) // no --trusted-proxies: the header is the client's own words
	for i := 0; i < 5; i++ {
		tokenLogin(t, e, "staff", "wrong-password", "X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i+1))
	}
	if got := tokenLogin(t, e, "staff", "wrong-password", "X-Forwarded-For", "192.0.2.99"); got != 429 {
		t.Fatalf("a fresh X-Forwarded-For each try escaped the lock: %d", got)
	}
}

// ---- the per-token limit across instances (issue 13 item 3)

func TestTokenLimitSharedByInstances(t *testing.T) {
	clk := &stillClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	db1 := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clk}})
	// Two instances share a PostgreSQL; SQLite serves one process, whose
	// two servers here share its store (the windows live in memory there).
	db2 := db1
	if db1.Dialect == sqlstore.Postgres {
		var err error
		if db2, err = sqlstore.Open(context.Background(), db1.DSN, sqlstore.Options{Clock: clk}); err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
	}
	u, err := db1.CreateUser(sysCtx, chamber.NewUser{Username: "robot", Name: "接口", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := db1.CreateToken(sysCtx, u.ID, "sync")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, db := range []*sqlstore.DB{db1, db2} {
		s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clk})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(recordAPI(s))
		defer srv.Close()
		urls = append(urls, srv.URL)
	}
	count := func(n int) (got429 int) {
		for i := 0; i < n; i++ {
			resp := send(t, http.DefaultClient, "GET", urls[i%2]+"/api/v1/me", "", "Authorization", "Bearer "+tok)
			resp.Body.Close()
			if resp.StatusCode == 429 {
				if resp.Header.Get("Retry-After") == "" {
					t.Fatal("429 without Retry-After")
				}
				got429++
			} else if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
		}
		return got429
	}
	if got := count(130); got != 30 {
		t.Fatalf("%d of 130 requests over two instances throttled, want 30 (100/s across instances)", got)
	}
	clk.Add(time.Second)
	if got := count(10); got != 0 {
		t.Fatalf("next second: %d throttled", got)
	}
}

// ---- anonymous applications per address (item 9)

func TestAnonymousApplicationsThrottledPerAddress(t *testing.T) {
	e := behindProxy(t, nil)
	body := `{"kind":"individual","name":"灌水","contact_name":"灌水","phone":"13800138000"}`
	for i := 0; i < 20; i++ {
		r := send(t, noRedirect, "POST", e.srv.URL+"/api/v1/applications", body, "X-Forwarded-For", "203.0.113.5")
		r.Body.Close()
		if r.StatusCode == 429 {
			t.Fatalf("application %d throttled already", i+1)
		}
	}
	r := send(t, noRedirect, "POST", e.srv.URL+"/api/v1/applications", body, "X-Forwarded-For", "203.0.113.5")
	if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" || decodeErr(t, r).Error.Code != "rate_limited" {
		t.Fatalf("21st application from one address: %d", r.StatusCode)
	}
	// The join form counts against the same address.
	r = send(t, noRedirect, "POST", e.srv.URL+"/join", url.Values{"kind": {"individual"}, "name": {"灌水"}}.Encode(), "X-Forwarded-For", "203.0.113.5")
	r.Body.Close()
	if r.StatusCode != 429 {
		t.Fatalf("join form from the same address: %d", r.StatusCode)
	}
	r = send(t, noRedirect, "POST", e.srv.URL+"/api/v1/applications", body, "X-Forwarded-For", "203.0.113.6")
	r.Body.Close()
	if r.StatusCode != 201 {
		t.Fatalf("another address: %d", r.StatusCode)
	}
}

// ---- /metrics (item 9)

func TestMetricsGate(t *testing.T) {
	e := behindProxy(t, func(c *web.Config) { c.MetricsAllow = prefixes(t, "192.0.2.0/24") })
	get := func(c *http.Client, header ...string) int {
		r := send(t, c, "GET", e.srv.URL+"/metrics", "", header...)
		b := readBody(t, r)
		if r.StatusCode == 200 && !strings.Contains(b, "chamber_http_requests_total") {
			t.Fatalf("200 without metrics: %.200s", b)
		}
		return r.StatusCode
	}
	staff := e.browser("")
	e.login(staff, "staff")
	admin := e.browser("")
	e.login(admin, "admin")
	for name, c := range map[string]struct {
		code   int
		client *http.Client
		header []string
	}{
		"anonymous":              {403, e.browser(""), nil},
		"anonymous, other net":   {403, e.browser(""), []string{"X-Forwarded-For", "198.51.100.1"}},
		"staff login":            {403, staff, nil},
		"member token":           {403, noRedirect, []string{"Authorization", "Bearer " + e.tokens["member"]}},
		"admin login":            {200, admin, nil},
		"admin token":            {200, noRedirect, []string{"Authorization", "Bearer " + e.tokens["admin"]}},
		"allowed address":        {200, e.browser(""), []string{"X-Forwarded-For", "192.0.2.10"}},
		"allowed address spoofd": {403, e.browser(""), []string{"X-Forwarded-For", "192.0.2.10, 198.51.100.1"}},
	} {
		if got := get(c.client, c.header...); got != c.code {
			t.Errorf("%s: %d, want %d", name, got, c.code)
		}
	}
	// Without trusting the peer, a client cannot claim an allowed address.
	plain := newEnvWith(t, sqlstoretest.Options{}, func(c *web.Config) { c.MetricsAllow = prefixes(t, "192.0.2.0/24") })
	r := send(t, noRedirect, "GET", plain.srv.URL+"/metrics", "", "X-Forwarded-For", "192.0.2.10")
	r.Body.Close()
	if r.StatusCode != 403 {
		t.Fatalf("spoofed X-Forwarded-For on an untrusted peer: %d", r.StatusCode)
	}
}

// ---- the voting link (item 9) and the anonymous voting page (item 4)

// openAssembly makes a general assembly with two members, opens it, checks
// the first in and returns the meeting id and the credential.
func openAssembly(t *testing.T, e *env, title string) (int64, string) {
	t.Helper()
	members := e.createMembers(2)
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": title,
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/open", m.ID), nil, 200)
	ci := jsonOf[struct{ Credential string }](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/check-ins", m.ID),
		map[string]any{"member_id": members[0]}, 201)
	return m.ID, ci.Credential
}

func voteCookieOf(resp *http.Response, id int64) string {
	for _, c := range resp.Cookies() {
		if c.Name == fmt.Sprintf("chamber_vote_%d", id) && c.MaxAge >= 0 {
			return c.Value
		}
	}
	return ""
}

func TestVoteLinkCannotPlantACredential(t *testing.T) {
	e := newEnv(t)
	id, cred := openAssembly(t, e, "临时会员大会")
	link := fmt.Sprintf("%s/vote/enter?m=%d&c=%s", e.srv.URL, id, url.QueryEscape(cred))
	// A link (or an <img> on another site) only shows a confirmation form.
	r := send(t, e.browser(""), "GET", link, "")
	body := readBody(t, r)
	if r.StatusCode != 200 || voteCookieOf(r, id) != "" || !strings.Contains(body, `method="post" action="/vote/enter"`) {
		t.Fatalf("GET the link: %d cookie %q\n%.400s", r.StatusCode, voteCookieOf(r, id), body)
	}
	form := url.Values{"m": {fmt.Sprint(id)}, "c": {cred}}.Encode()
	// Another site posting the form is refused.
	r = send(t, e.browser(""), "POST", e.srv.URL+"/vote/enter", form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	r.Body.Close()
	if r.StatusCode != 403 || voteCookieOf(r, id) != "" {
		t.Fatalf("cross-site POST: %d cookie %q", r.StatusCode, voteCookieOf(r, id))
	}
	// A made-up credential is refused and stored nowhere.
	r = send(t, e.browser(""), "POST", e.srv.URL+"/vote/enter", url.Values{"m": {fmt.Sprint(id)}, "c": {"forged"}}.Encode())
	r.Body.Close()
	if r.StatusCode != 403 || voteCookieOf(r, id) != "" {
		t.Fatalf("forged credential: %d cookie %q", r.StatusCode, voteCookieOf(r, id))
	}
	// The voter's own confirmation keeps it.
	r = send(t, e.browser(""), "POST", e.srv.URL+"/vote/enter", form, "Sec-Fetch-Site", "same-origin")
	r.Body.Close()
	if r.StatusCode != 303 || voteCookieOf(r, id) != cred {
		t.Fatalf("same-origin POST: %d cookie %q", r.StatusCode, voteCookieOf(r, id))
	}
}

func TestVotePageShowsNothingWithoutCredential(t *testing.T) {
	e := newEnv(t)
	id, cred := openAssembly(t, e, "罢免理事的临时大会")
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/motions", id), map[string]any{"title": "关于罢免某理事的议案", "kind": "ordinary"}, 201)
	for name, cookie := range map[string]string{"no credential": "", "forged credential": "forged-credential"} {
		c := e.browser("")
		u, _ := url.Parse(e.srv.URL)
		if cookie != "" {
			c.Jar.SetCookies(u, []*http.Cookie{{Name: fmt.Sprintf("chamber_vote_%d", id), Value: cookie}})
		}
		r := send(t, c, "GET", fmt.Sprintf("%s/vote?m=%d", e.srv.URL, id), "")
		body := readBody(t, r)
		if strings.Contains(body, "罢免") || strings.Contains(body, "会员大会") {
			t.Errorf("%s: the voting page shows the meeting:\n%.600s", name, body)
		}
	}
	c := e.browser("")
	u, _ := url.Parse(e.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: fmt.Sprintf("chamber_vote_%d", id), Value: cred}})
	if _, body := get(t, c, fmt.Sprintf("%s/vote?m=%d", e.srv.URL, id)); !strings.Contains(body, "罢免理事的临时大会") {
		t.Fatal("the credential holder does not see the meeting")
	}
}

// ---- downloads keep the extension of their sniffed type (item 9)

func TestDownloadNameFollowsSniffedType(t *testing.T) {
	e := newEnv(t)
	v := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": e.db.Today(sysCtx), "summary": "收款",
		"lines": []map[string]any{{"account": "1002", "debit_fen": 100}, {"account": "4101", "credit_fen": 100}}}, 201)
	for name, want := range map[string]string{"invoice.html": "invoice.png", "收据.PNG": "收据.PNG", "noext": "noext.png", "a.svg": "a.png"} {
		resp := e.upload("admin", "voucher", v.ID, name, pngBytes)
		b := readBody(t, resp)
		if resp.StatusCode != 201 {
			t.Fatalf("upload %s: %d %s", name, resp.StatusCode, b)
		}
		var att struct{ ID int64 }
		if err := json.Unmarshal([]byte(b), &att); err != nil {
			t.Fatal(err)
		}
		r := e.do("admin", "GET", fmt.Sprintf("/api/v1/attachments/%d/file", att.ID), nil)
		r.Body.Close()
		cd := r.Header.Get("Content-Disposition")
		if !strings.Contains(cd, url.PathEscape(want)) && !strings.Contains(cd, `"`+want+`"`) {
			t.Errorf("%s saved as %q, want %s", name, cd, want)
		}
		if strings.Contains(strings.ToLower(cd), ".html") || strings.Contains(strings.ToLower(cd), ".svg") {
			t.Errorf("%s: active extension kept: %q", name, cd)
		}
	}
}
