package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

var sysCtx = chamber.WithActor(context.Background(), chamber.SystemActor)

// env is a running server with one login of each role and a token for each.
type env struct {
	t      *testing.T
	db     *sqlstore.DB
	srv    *httptest.Server
	tokens map[string]string // role → API token
}

const testPassword = "secret-password"

func newEnv(t *testing.T) *env { t.Helper(); return newEnvWith(t, sqlstoretest.Options{}, nil) }

// newEnvWith is newEnv on a database opened with opt and a server whose
// Config mod adjusts (base URL, trusted proxies …).
func newEnvWith(t *testing.T, opt sqlstoretest.Options, mod func(*web.Config)) *env {
	t.Helper()
	db := sqlstoretest.Open(t, opt)
	blobs, err := blob.New(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(testLogOut(), nil)), Blobs: blobs}
	if mod != nil {
		mod(&cfg)
	}
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recordAPI(s)) // openapi_test.go checks the answers
	t.Cleanup(srv.Close)
	e := &env{t: t, db: db, srv: srv, tokens: map[string]string{}}
	for _, u := range []chamber.NewUser{
		{Username: "admin", Name: "管理员", Password: testPassword, Admin: true},
		{Username: "staff", Name: "工作人员", Password: testPassword},
		{Username: "member", Name: "会员代表", Password: testPassword, MemberID: 1},
	} {
		created, err := db.CreateUser(sysCtx, u)
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := db.CreateToken(sysCtx, created.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.Username] = secret
	}
	return e
}

// do sends a request as role ("" for nobody) with an optional JSON body.
func (e *env) do(role, method, path string, body any) *http.Response {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			js, _ := json.Marshal(b)
			rd = strings.NewReader(string(js))
		}
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// browser is a cookie-keeping client that does not follow redirects.
func (e *env) browser(lang string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: noRedirect.CheckRedirect}
	if lang != "" {
		u, _ := url.Parse(e.srv.URL)
		jar.SetCookies(u, []*http.Cookie{{Name: "chamber_lang", Value: lang}})
	}
	return c
}

// login logs a browser in through the login form.
func (e *env) login(c *http.Client, username string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {username}, "password": {testPassword}, "next": {"/"}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type apiErr struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
}

func decodeErr(t *testing.T, resp *http.Response) apiErr {
	t.Helper()
	var e apiErr
	body := readBody(t, resp)
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not the error shape: %q (%v)", body, err)
	}
	return e
}

// testLogOut sends server logs to stderr with CHAMBER_TEST_LOG=1, else nowhere.
func testLogOut() io.Writer {
	if os.Getenv("CHAMBER_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}
