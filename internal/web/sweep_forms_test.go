package web_test

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/chamber-org/chamber/internal/web"
)

// pageForm is one form of a page: where it posts and what it would send
// as the page left it (hidden values, defaults, the selected options).
type pageForm struct {
	action string
	fields url.Values
}

// sweepPageForms opens every page of the demo chamber (ids 1 and 2 for
// its path parameters) as the administrator, reads each form the page
// offers and posts it back with one field at a time made nonsense; the
// others keep the page's own values, so the bad value reaches the rule
// that checks it. No answer may be a 5xx. It returns the number of forms.
func sweepPageForms(t *testing.T, e *env, c *http.Client) int {
	forms := map[string]pageForm{}
	for _, rt := range web.RoutesForTest() {
		if rt.Method != "GET" || strings.HasPrefix(rt.Pattern, "/api/") || strings.HasPrefix(rt.Pattern, "/static/") {
			continue
		}
		ids := []string{"1", "2"}
		if !strings.Contains(strings.TrimSuffix(rt.Pattern, "{$}"), "{") {
			ids = ids[:1]
		}
		for _, id := range ids {
			path := strings.TrimSuffix(pathParam.ReplaceAllString(rt.Pattern, id), "{$}")
			resp, err := c.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s → %d", path, resp.StatusCode)
			}
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, f := range formsOf(t, path, string(b)) {
				keys := sortedKeys(f.fields)
				forms[f.action+" "+strings.Join(keys, ",")] = f
			}
		}
	}
	var failures []string
	n := 0
	for _, key := range sortedKeys(forms) {
		f := forms[key]
		if skipSweepAction(f.action) {
			continue
		}
		for _, name := range sortedKeys(f.fields) {
			if name == "next" {
				continue
			}
			for _, bad := range []string{"", "zz", "99999999999999999999", "2026-02-30", strings.Repeat("商", 3000)} {
				form := url.Values{}
				for k, v := range f.fields {
					form[k] = v
				}
				form.Set(name, bad)
				n++
				resp, err := c.PostForm(e.srv.URL+f.action, form)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					failures = append(failures, fmt.Sprintf("POST %s %s=%.20q → %d", f.action, name, bad, resp.StatusCode))
					_ = b
				}
				if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login") {
					t.Fatalf("POST %s logged the sweep out", f.action)
				}
			}
		}
	}
	t.Logf("%d forms, %d requests", len(forms), n)
	if len(failures) > 0 {
		sort.Strings(failures)
		t.Errorf("%d answers of 5xx:\n%s", len(failures), strings.Join(failures, "\n"))
	}
	return len(forms)
}

// skipSweepAction keeps the sweep's own login usable: its password, its
// account, its session and the administrator's users stay as they are.
func skipSweepAction(action string) bool {
	for _, p := range []string{"/login", "/logout", "/lang", "/account", "/admin/users"} {
		if action == p || strings.HasPrefix(action, p+"/") {
			return true
		}
	}
	return !strings.HasPrefix(action, "/")
}

// formsOf reads the post forms of a page with the values they would send.
func formsOf(t *testing.T, page, body string) []pageForm {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var out []pageForm
	var fields url.Values
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch n.Data {
			case "form":
				if m, _ := attr(n, "method"); strings.EqualFold(m, "post") {
					action, _ := attr(n, "action")
					if action == "" {
						action = page
					}
					u, err := url.Parse(action)
					if err == nil {
						fields = url.Values{}
						for c := n.FirstChild; c != nil; c = c.NextSibling {
							walk(c)
						}
						out = append(out, pageForm{action: u.Path, fields: fields})
						fields = nil
						return
					}
				}
			case "input":
				if fields != nil && named {
					typ, _ := attr(n, "type")
					v, _ := attr(n, "value")
					_, checked := attr(n, "checked")
					switch typ {
					case "checkbox", "radio":
						if checked || fields.Get(name) == "" {
							fields.Set(name, cmp.Or(v, "on"))
						}
					case "file", "submit", "button":
					default:
						fields.Set(name, v)
					}
				}
			case "textarea":
				if fields != nil && named {
					var text string
					if n.FirstChild != nil {
						text = n.FirstChild.Data
					}
					fields.Set(name, text)
				}
				return
			case "select":
				if fields != nil && named {
					var first, selected string
					var options func(*html.Node)
					options = func(o *html.Node) {
						if o.Type == html.ElementNode && o.Data == "option" {
							v, ok := attr(o, "value")
							if !ok && o.FirstChild != nil {
								v = o.FirstChild.Data
							}
							if first == "" {
								first = v
							}
							if _, sel := attr(o, "selected"); sel {
								selected = v
							}
						}
						for c := o.FirstChild; c != nil; c = c.NextSibling {
							options(c)
						}
					}
					options(n)
					fields.Set(name, cmp.Or(selected, first))
				}
				return
			case "button":
				if fields != nil && named {
					v, _ := attr(n, "value")
					if fields.Get(name) == "" {
						fields.Set(name, v)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
