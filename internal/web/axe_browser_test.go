package web_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// newDemoEnv is a server on a database filled by the demo seed (its logins
// have the password chamber-demo).
func newDemoEnv(t *testing.T) *env {
	t.Helper()
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	blobs, err := blob.New(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(testLogOut(), nil)), Blobs: blobs})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, tokens: map[string]string{}}
}

// axeViolation is one serious or critical axe-core finding.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
  r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160))
  }))))`

// axeCheck injects axe-core into the page at path and returns its serious
// and critical violations.
func axeCheck(t *testing.T, ctx chromeCtx, base, path, axeJS string) []axeViolation {
	t.Helper()
	step(t, ctx, chromedp.Navigate(base+path), chromedp.WaitReady(`body`))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("%s: inject axe: %v", path, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", path, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("%s: %v: %s", path, err, out)
	}
	return vs
}

// TestAxeMainPages runs axe-core (CHAMBER_AXE_JS: the path of axe.min.js,
// installed from npm by .ci/run) on 20 main pages of a demo chamber, as an
// administrator, a portal member and a visitor, and fails on any violation
// of impact serious or critical.
func TestAxeMainPages(t *testing.T) {
	path := os.Getenv("CHAMBER_AXE_JS")
	if path == "" {
		t.Skip("CHAMBER_AXE_JS not set (the path of axe-core's axe.min.js)")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	axeJS := string(src)
	e := newDemoEnv(t)
	first := func(q string) int64 {
		var id int64
		if err := e.db.Reader().QueryRow(q).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	member := first(`SELECT MIN(id) FROM members`)
	meeting := first(`SELECT MIN(id) FROM meetings`)

	var failures []string
	check := func(ctx chromeCtx, who string, paths ...string) {
		for _, p := range paths {
			for _, v := range axeCheck(t, ctx, e.srv.URL, p, axeJS) {
				failures = append(failures, fmt.Sprintf("%s %s: [%s] %s (%s)\n      %s", who, p, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n      ")))
			}
		}
	}
	login := func(ctx chromeCtx, username string) {
		step(t, ctx,
			chromedp.Navigate(e.srv.URL+"/login"),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, username),
			chromedp.SendKeys(`input[name=password]`, "chamber-demo"),
			chromedp.Click(`button[type=submit].primary`),
			chromedp.WaitVisible(`a.who`),
		)
	}

	// A visitor: the public home, 入会申请, the login page and the ballot entry.
	anon := newBrowser(t, 390, 844)
	check(anon, "visitor", "/", "/join", "/login", "/vote")

	// Two tabs of the administrator's pages, each within newBrowser's minute
	// also under -race.
	for _, pages := range [][]string{
		{"/", "/members", fmt.Sprintf("/members/%d", member), "/members/reviews", "/meetings", fmt.Sprintf("/meetings/%d", meeting), "/finance", "/finance/reports/balance-sheet"},
		{"/announcements", "/inbox", "/events", "/documents", "/tickets", "/leave", "/staff", "/org/chart", "/audit"},
	} {
		admin := newBrowser(t, 1280, 900)
		login(admin, "admin")
		check(admin, "admin", pages...)
	}

	portal := newBrowser(t, 390, 844)
	login(portal, "qiye")
	time.Sleep(100 * time.Millisecond)
	check(portal, "member", "/", "/portal/dues", "/portal/events", "/inbox")

	if len(failures) > 0 {
		t.Errorf("axe-core: %d serious or critical violations:\n  %s", len(failures), strings.Join(failures, "\n  "))
	}
}
