package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, c *http.Client, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

func TestLoginPageLanguages(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	resp, body := get(t, c, e.srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, `href="/login"`) || !strings.Contains(body, "public-hero") {
		t.Fatalf("/ without login is not the public home: %d", resp.StatusCode)
	}
	_, body = get(t, c, e.srv.URL+"/login")
	if !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, "用户名") {
		t.Fatal("login page is not in Chinese by default")
	}
	_, body = get(t, c, e.srv.URL+"/login", "Accept-Language", "en-GB,en;q=0.8")
	if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "Username") {
		t.Fatal("login page ignores Accept-Language en")
	}
	// The user's choice wins over Accept-Language.
	resp, err := c.PostForm(e.srv.URL+"/lang", url.Values{"lang": {"zh-CN"}, "next": {"/login"}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("lang: %v %d", err, resp.StatusCode)
	}
	_, body = get(t, c, e.srv.URL+"/login", "Accept-Language", "en")
	if !strings.Contains(body, "用户名") {
		t.Fatal("chosen language not kept")
	}
}

func TestLoginFlowAndSessionCookie(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {"admin"}, "password": {"wrong-password"}})
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 401 || !strings.Contains(body, "用户名或密码错误") || !strings.Contains(body, `value="admin"`) {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	resp, err = c.PostForm(e.srv.URL+"/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q (open redirect?)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var sc *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "chamber_session" {
			sc = ck
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure {
		t.Fatalf("session cookie: %+v", sc)
	}
	// Behind a TLS proxy the cookie is Secure.
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(url.Values{"username": {"staff"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, _ = noRedirect.Do(req)
	resp.Body.Close()
	if cs := resp.Cookies(); len(cs) == 0 || !cs[0].Secure {
		t.Fatalf("cookie behind TLS not Secure: %+v", cs)
	}

	resp, body = get(t, c, e.srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, "您好，管理员") {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	// Real counts: three logins exist.
	if m := regexp.MustCompile(`data-count="users">(\d+)<`).FindStringSubmatch(body); m == nil || m[1] != "3" {
		t.Fatalf("home users count: %v", m)
	}
	resp, err = c.PostForm(e.srv.URL+"/logout", nil)
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("logout: %v", err)
	}
	resp, body = get(t, c, e.srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, "public-hero") || strings.Contains(body, "/logout") {
		t.Fatalf("home after logout is not the public home: %d", resp.StatusCode)
	}
}

func TestSecurityHeadersAndCrossOrigin(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	resp, _ := get(t, c, e.srv.URL+"/login")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Request-Id":            "",
	} {
		if v := resp.Header.Get(h); v == "" || !strings.Contains(v, want) {
			t.Errorf("header %s = %q", h, v)
		}
	}
	// A form posted from another site is refused.
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader("username=admin&password="+testPassword))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
}

func TestFriendlyErrorPages(t *testing.T) {
	e := newEnv(t)
	c := e.browser("en")
	e.login(c, "staff")
	resp, body := get(t, c, e.srv.URL+"/no/such/page")
	if resp.StatusCode != 404 || !strings.Contains(body, "does not exist") || !strings.Contains(body, "Request ID") {
		t.Fatalf("404 page: %d", resp.StatusCode)
	}
	resp, body = get(t, c, e.srv.URL+"/admin/users")
	if resp.StatusCode != 403 || !strings.Contains(body, "not allowed") || strings.Contains(body, "user.manage") {
		t.Fatalf("403 page: %d %s", resp.StatusCode, body)
	}
}

func TestStaticHashedAndCached(t *testing.T) {
	e := newEnv(t)
	_, body := get(t, e.browser(""), e.srv.URL+"/login")
	m := regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`).FindString(body)
	if m == "" {
		t.Fatal("no hashed stylesheet link")
	}
	resp, css := get(t, e.browser(""), e.srv.URL+m)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(css, ":root") {
		t.Fatalf("static: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	resp, _ = get(t, e.browser(""), e.srv.URL+"/static/app.0000000000.css")
	if resp.StatusCode != 404 {
		t.Fatalf("stale static: %d", resp.StatusCode)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t)
	resp, body := get(t, e.browser(""), e.srv.URL+"/healthz")
	if resp.StatusCode != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
	admin := e.browser("")
	e.login(admin, "admin")
	_, body = get(t, admin, e.srv.URL+"/metrics")
	if !strings.Contains(body, `chamber_http_requests_total{code="200",route="GET /healthz"}`) {
		t.Fatalf("metrics lack the healthz request:\n%.500s", body)
	}
}

func TestAdminPagesCreateAndReset(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	e.login(c, "admin")
	// A bad form re-renders with the field errors and creates nothing.
	resp, err := c.PostForm(e.srv.URL+"/admin/users", url.Values{"username": {"李"}, "name": {""}, "password": {"123"}})
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 422 || !strings.Contains(body, "必填") || !strings.Contains(body, "密码至少 8 位") {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	resp, err = c.PostForm(e.srv.URL+"/admin/users", url.Values{"username": {"lisi"}, "name": {"李四"}, "password": {"first-password"}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("create: %v %d", err, resp.StatusCode)
	}
	_, body = get(t, c, e.srv.URL+"/admin/users")
	m := regexp.MustCompile(`href="/admin/users/(\d+)">lisi<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("new login not listed")
	}
	resp, err = c.PostForm(e.srv.URL+"/admin/users/"+m[1]+"/password", url.Values{"password": {"second-password"}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("reset: %v %d", err, resp.StatusCode)
	}
	lc := e.browser("")
	resp, _ = lc.PostForm(e.srv.URL+"/login", url.Values{"username": {"lisi"}, "password": {"second-password"}})
	if resp.StatusCode != 303 {
		t.Fatalf("login with the reset password: %d", resp.StatusCode)
	}
	// Changing one's own password: a wrong old password is a field error.
	resp, _ = lc.PostForm(e.srv.URL+"/account/password", url.Values{"old_password": {"nope-nope"}, "new_password": {"third-password"}})
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "当前密码不正确") {
		t.Fatalf("wrong old password: %d", resp.StatusCode)
	}
}
