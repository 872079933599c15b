package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestLandmarks: one main per page, every nav labelled (the finance pages
// have two), the balance sheet one header row group before its body.
func TestLandmarks(t *testing.T) {
	e := newEnv(t)
	c := e.browser("zh-CN")
	e.login(c, "admin")
	nav := regexp.MustCompile(`<nav\b[^>]*>`)
	for _, path := range []string{"/", "/finance", "/finance/reports/balance-sheet", "/finance/bank", "/members/reviews", "/org/chart"} {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if n := strings.Count(body, "<main"); n != 1 {
			t.Errorf("%s: %d main", path, n)
		}
		for _, n := range nav.FindAllString(body, -1) {
			if !strings.Contains(n, "aria-label=") {
				t.Errorf("%s: unlabelled %s", path, n)
			}
		}
		if path == "/finance/reports/balance-sheet" {
			i := strings.Index(body, "balance-sheet\">")
			table := body[i:]
			table = table[:strings.Index(table, "</table>")]
			if strings.Count(table, "<thead") != 1 || strings.Index(table, "<thead") > strings.Index(table, "<tbody") {
				t.Errorf("balance sheet header groups: %q", table)
			}
		}
	}
}
