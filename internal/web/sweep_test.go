package web_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// TestNoRouteAnswers500 sends every API operation and every form of the OpenAPI document
// bad input on the demo chamber, as the administrator: each property of its
// body of the wrong type, every property at once out of range, an empty
// body, unknown and huge ids in the path, nonsense in every query
// parameter; every form of the pages gets every field name the templates
// use, filled with nonsense. Whatever the route, the answer is a 4xx (or a success), never
// a 5xx: bad input gets an error, not a crash. The answers also go through
// the OpenAPI check of TestMain, so every error status must be declared.
func TestNoRouteAnswers500(t *testing.T) {
	if testing.Short() {
		t.Skip("the sweep works on the demo chamber")
	}
	// Each part on a fresh copy of the demo: the one before has closed,
	// deleted and filled in what it could.
	t.Run("api", func(t *testing.T) { sweepAPI(t, sweepEnv(t)) })
	t.Run("forms", func(t *testing.T) { sweepForms(t, sweepEnv(t)) })
	// The pages' own forms, as the administrator and as the demo's portal
	// login (its pages take other paths: its own member, its offers).
	for _, c := range []struct {
		login    string
		minForms int
	}{{"admin", 150}, {"qiye", 20}} {
		t.Run("page forms "+c.login, func(t *testing.T) {
			e := sweepEnv(t)
			b := e.browser("")
			resp, err := b.PostForm(e.srv.URL+"/login", url.Values{"username": {c.login}, "password": {demo.Password}, "next": {"/"}})
			if err != nil || resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("login: %v %v", err, resp)
			}
			resp.Body.Close()
			if n := sweepPageForms(t, e, b); n < c.minForms {
				t.Errorf("only %d forms found on the pages, want at least %d: pages stopped answering?", n, c.minForms)
			}
		})
	}
}

// sweepEnv is a server on a copy of the demo chamber with an API token
// for its administrator and no per-token limit.
func sweepEnv(t *testing.T) *env {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	blobs, err := blob.New(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Blobs: blobs, TokenRate: 1 << 20, Logger: slog.New(slog.NewTextHandler(testLogOut(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recordAPI(s))
	t.Cleanup(srv.Close)
	e := &env{t: t, db: db, srv: srv, tokens: map[string]string{}}
	u, err := db.FindUserByUsername(sysCtx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if e.tokens["admin"], _, err = db.CreateToken(sysCtx, u.ID, "sweep"); err != nil {
		t.Fatal(err)
	}
	return e
}

// sweepAPI is the sweep over the OpenAPI document's operations.
func sweepAPI(t *testing.T, e *env) {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPIForTest())
	if err != nil {
		t.Fatal(err)
	}
	type op struct {
		method, path string
		o            *openapi3.Operation
	}
	var ops []op
	for path, item := range doc.Paths.Map() {
		if strings.HasPrefix(path, "/api/v1/auth") || strings.HasPrefix(path, "/api/v1/me") {
			continue // the sweep's own token and password
		}
		for method, o := range item.Operations() {
			ops = append(ops, op{method, path, o})
		}
	}
	// Reads first, then writes, deletions last: a deletion early would leave
	// the later requests nothing to stumble over.
	rank := map[string]int{"GET": 0, "PATCH": 1, "PUT": 1, "POST": 1, "DELETE": 2}
	sort.Slice(ops, func(i, j int) bool {
		if rank[ops[i].method] != rank[ops[j].method] {
			return rank[ops[i].method] < rank[ops[j].method]
		}
		return ops[i].method+ops[i].path < ops[j].method+ops[j].path
	})

	var failures []string
	n := 0
	send := func(method, path string, body any) {
		n++
		resp := e.do("admin", method, path, body)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			failures = append(failures, fmt.Sprintf("%s %s %v → %d %.300s", method, path, bodyText(body), resp.StatusCode, b))
		}
	}
	for _, o := range ops {
		ids := []string{"1", "2", "999999999999"}
		if !strings.Contains(o.path, "{") {
			ids = ids[:1] // one path: once is enough
		}
		for _, id := range ids {
			path := pathParam.ReplaceAllString(o.path, id)
			if o.method == "GET" {
				send("GET", path, nil)
				if strings.Contains(o.path, "{") && id == "999999999999" {
					continue // not found before any parameter is read
				}
				for _, p := range o.o.Parameters {
					if p.Value == nil || p.Value.In != "query" {
						continue
					}
					for _, bad := range []string{"zz", "-1", "0", "99999999999999999999", "2026-02-30", "%ff", strings.Repeat("商", 300)} {
						send("GET", path+"?"+url.Values{p.Value.Name: {bad}}.Encode(), nil)
					}
				}
				continue
			}
			if form := bodyProperties(o.o, "multipart/form-data"); form != nil {
				// An upload: each field alone with nonsense, a file of
				// nonsense bytes, and the body cut off halfway.
				for _, name := range sortedKeys(form) {
					sendMultipart(e, &n, &failures, o.method, path, map[string]string{name: "zz\u0000"}, false)
				}
				sendMultipart(e, &n, &failures, o.method, path, map[string]string{"owner_kind": "member", "owner_id": "999999999999"}, true)
			}
			props := bodyProperties(o.o, "application/json")
			if props == nil {
				send(o.method, path, nil)
				send(o.method, path, "{}")
				continue
			}
			send(o.method, path, "{}")
			extreme := map[string]any{}
			for _, name := range sortedKeys(props) {
				sc := props[name].Value
				send(o.method, path, map[string]any{name: wrongType(sc)})
				extreme[name] = outOfRange(sc)
			}
			send(o.method, path, extreme)
		}
	}
	t.Logf("%d operations, %d requests", len(ops), n)
	if len(ops) < 300 {
		t.Errorf("only %d operations in the OpenAPI document", len(ops))
	}
	if len(failures) > 0 {
		t.Errorf("%d answers of 5xx:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// bodyProperties is the properties of an operation's body of media type
// mt (application/json, multipart/form-data), nil if it takes none of it.
func bodyProperties(o *openapi3.Operation, mt string) openapi3.Schemas {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	m := o.RequestBody.Value.Content.Get(mt)
	if m == nil || m.Schema == nil || m.Schema.Value == nil {
		return nil
	}
	if m.Schema.Value.Properties == nil {
		return openapi3.Schemas{}
	}
	return m.Schema.Value.Properties
}

// wrongType is a value of another JSON type than the schema's.
func wrongType(sc *openapi3.Schema) any {
	switch {
	case sc == nil || sc.Type == nil:
		return []any{map[string]any{}}
	case sc.Type.Is("string"):
		return 12
	case sc.Type.Is("integer"), sc.Type.Is("number"):
		return "x"
	case sc.Type.Is("boolean"):
		return "yes"
	case sc.Type.Is("array"):
		return map[string]any{"a": 1}
	}
	return "x"
}

// outOfRange is a value of the schema's type that no rule should accept
// quietly: very long text, an impossible date, a huge or negative number,
// a long list of such values.
func outOfRange(sc *openapi3.Schema) any {
	switch {
	case sc == nil || sc.Type == nil:
		return nil
	case sc.Type.Is("string"):
		switch sc.Format {
		case "date":
			return "2026-02-30"
		case "date-time":
			return "9999-99-99T99:99:99Z"
		}
		return strings.Repeat("商", 20000)
	case sc.Type.Is("integer"):
		return int64(1) << 62
	case sc.Type.Is("number"):
		return -1e300
	case sc.Type.Is("boolean"):
		return true
	case sc.Type.Is("array"):
		var item *openapi3.Schema
		if sc.Items != nil {
			item = sc.Items.Value
		}
		list := make([]any, 3)
		for i := range list {
			list[i] = outOfRange(item)
		}
		return list
	case sc.Type.Is("object"):
		m := map[string]any{}
		for name, p := range sc.Properties {
			m[name] = outOfRange(p.Value)
		}
		return m
	}
	return nil
}

func bodyText(body any) string {
	s := fmt.Sprint(body)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sendMultipart posts fields (and, with file, a file of nonsense bytes cut
// off before the closing boundary) as a multipart form.
func sendMultipart(e *env, n *int, failures *[]string, method, path string, fields map[string]string, file bool) {
	*n++
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	body := b.Bytes()
	if file {
		fw, _ := w.CreateFormFile("file", "x.pdf")
		fw.Write([]byte("%PDF-1.7\n\x00\xff garbage"))
		body = b.Bytes() // no closing boundary: the upload is cut off
	} else {
		w.Close()
		body = b.Bytes()
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		*failures = append(*failures, fmt.Sprintf("%s %s multipart %v → %d %.300s", method, path, fields, resp.StatusCode, out))
	}
}

// formField finds the field names of the templates' forms.
var formField = regexp.MustCompile(`name="([a-z_][a-z0-9_]*)"`)

// sweepForms posts to every page route that takes a form, logged in as the
// administrator, with every field name of the templates set to one kind of
// nonsense at a time.
func sweepForms(t *testing.T, e *env) {
	names := map[string]bool{}
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range formField.FindAllSubmatch(b, -1) {
			names[string(m[1])] = true
		}
	}
	c := e.browser("")
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {"admin"}, "password": {demo.Password}, "next": {"/"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", err, resp)
	}
	resp.Body.Close()
	var failures []string
	n := 0
	for _, rt := range web.RoutesForTest() {
		if rt.Method != "POST" || strings.HasPrefix(rt.Pattern, "/api/") || strings.HasPrefix(rt.Pattern, "/admin/users") ||
			strings.HasPrefix(rt.Pattern, "/account") || rt.Pattern == "/login" || rt.Pattern == "/logout" || rt.Pattern == "/lang" {
			continue
		}
		ids := []string{"1", "999999999999"}
		if !strings.Contains(rt.Pattern, "{") {
			ids = ids[:1]
		}
		for _, id := range ids {
			path := pathParam.ReplaceAllString(rt.Pattern, id)
			for _, bad := range []string{"zz", "99999999999999999999"} { // more kinds, one field at a time: sweepPageForms
				form := url.Values{}
				for name := range names {
					form.Set(name, bad)
				}
				n++
				resp, err := c.PostForm(e.srv.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					failures = append(failures, fmt.Sprintf("POST %s (every field %.20q) → %d %.200s", path, bad, resp.StatusCode, b))
				}
				if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login") {
					t.Fatalf("POST %s logged the sweep out", path)
				}
			}
		}
	}
	t.Logf("%d form fields, %d requests", len(names), n)
	if len(failures) > 0 {
		t.Errorf("%d answers of 5xx:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
