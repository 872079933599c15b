package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// Every API answer the tests of this package get is recorded (recordAPI
// wraps each test server) and, once they have run, checked against the
// OpenAPI document: its status must be declared and its body must match
// the declared schema (TestMain).
func TestMain(m *testing.M) {
	code := m.Run()
	sqlstoretest.DropSeeded()
	if code == 0 && os.Getenv("CHAMBER_SKIP_OPENAPI_CHECK") == "" {
		if failures := checkRecordedAnswers(); failures != "" {
			fmt.Fprint(os.Stderr, failures)
			code = 1
		}
	}
	os.Exit(code)
}

type recordedAnswer struct {
	method, path, route string
	status              int
	header              http.Header
	body                []byte
	request             *recordedRequest // nil: not checked (an upload)
}

type recordedRequest struct {
	rawQuery string
	header   http.Header
	body     []byte
}

var recorded struct {
	sync.Mutex
	answers []recordedAnswer
}

// apiMux finds the route pattern of a request, as the server's mux does.
var apiMux = sync.OnceValue(func() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range web.RoutesForTest() {
		if strings.HasPrefix(rt.Pattern, "/api/v1/") {
			mux.Handle(rt.Method+" "+rt.Pattern, http.NotFoundHandler())
		}
	}
	return mux
})

// recordAPI wraps a test server's handler to record its API answers.
func recordAPI(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
			h.ServeHTTP(w, r)
			return
		}
		_, pattern := apiMux().Handler(r)
		var req *recordedRequest
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "" || ct == "application/json" {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			req = &recordedRequest{r.URL.RawQuery, r.Header.Clone(), body}
		}
		rw := &recordingWriter{ResponseWriter: w}
		h.ServeHTTP(rw, r)
		if pattern == "" || rw.status == 0 && rw.body.Len() == 0 {
			return
		}
		if rw.status == 0 {
			rw.status = http.StatusOK
		}
		recorded.Lock()
		recorded.answers = append(recorded.answers, recordedAnswer{r.Method, r.URL.Path, pattern, rw.status, rw.Header().Clone(), rw.body.Bytes(), req})
		recorded.Unlock()
	})
}

type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recordingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.body.Len() < 8<<20 {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func loadOpenAPI(t testing.TB) *openapi3.T {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPIForTest())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI 3: %v", err)
	}
	return doc
}

// checkRecordedAnswers validates every recorded answer against the
// document; it answers a report of the mismatches ("" when none).
func checkRecordedAnswers() string {
	recorded.Lock()
	answers := recorded.answers
	recorded.Unlock()
	if len(answers) == 0 {
		return ""
	}
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPIForTest())
	if err == nil {
		err = doc.Validate(context.Background())
	}
	if err != nil {
		return "openapi.json is not valid: " + err.Error() + "\n"
	}
	byRoute := map[string][]string{}
	routes, succeeded := map[string]bool{}, map[string]bool{}
	for _, a := range answers {
		routes[a.route] = true
		if a.status < 300 {
			succeeded[a.route] = true
		}
		err := validateAnswer(doc, a)
		if err == nil && a.status < 300 && a.request != nil {
			err = validateRequest(doc, a)
		}
		if err != nil {
			if len(byRoute[a.route]) < 3 {
				msg := err.Error()
				if len(msg) > 600 {
					msg = msg[:600] + " …"
				}
				byRoute[a.route] = append(byRoute[a.route], fmt.Sprintf("  %s %s → %d: %s", a.method, a.path, a.status, msg))
			}
		}
	}
	if testing.Verbose() {
		fmt.Printf("openapi: %d API answers of %d routes (%d with a success answer) checked against openapi.json\n", len(answers), len(routes), len(succeeded))
	}
	if len(byRoute) == 0 {
		return ""
	}
	keys := make([]string, 0, len(byRoute))
	for k := range byRoute {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "openapi: answers of %d routes do not match openapi.json:\n", len(keys))
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\n%s\n", k, strings.Join(byRoute[k], "\n"))
	}
	return b.String()
}

func validateAnswer(doc *openapi3.T, a recordedAnswer) error {
	method, path, _ := strings.Cut(a.route, " ")
	item := doc.Paths.Value(path)
	if item == nil {
		return fmt.Errorf("path %s not in the document", path)
	}
	op := item.GetOperation(method)
	if op == nil && method == http.MethodGet {
		op = item.Get
	}
	if op == nil {
		return fmt.Errorf("operation %s not in the document", a.route)
	}
	req, _ := http.NewRequest(a.method, a.path, nil)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req,
			Route:   &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
		},
		Status:  a.status,
		Header:  a.header,
		Body:    io.NopCloser(bytes.NewReader(a.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	ct, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	if ct != "application/json" {
		// A download: its content type must be declared; its bytes are not JSON.
		resp := op.Responses.Status(a.status)
		if resp == nil || resp.Value == nil {
			return fmt.Errorf("status %d not declared", a.status)
		}
		if len(a.body) > 0 && resp.Value.Content.Get(ct) == nil {
			return fmt.Errorf("content type %q not declared for %d", ct, a.status)
		}
		return nil
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// validateRequest checks a request the server accepted against the
// document: its query parameters and JSON body must be what it declares (a
// declared rule that refuses what the server accepts is wrong).
func validateRequest(doc *openapi3.T, a recordedAnswer) error {
	method, path, _ := strings.Cut(a.route, " ")
	item := doc.Paths.Value(path)
	op := item.GetOperation(method)
	params := map[string]string{}
	got := strings.Split(a.path, "/")
	for i, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && i < len(got) {
			params[strings.Trim(seg, "{}")] = got[i]
		}
	}
	req, err := http.NewRequest(a.method, a.path+"?"+a.request.rawQuery, bytes.NewReader(a.request.body))
	if err != nil {
		return err
	}
	for name := range req.URL.Query() {
		if op.Parameters.GetByInAndName("query", name) == nil {
			return fmt.Errorf("query parameter %q not declared", name)
		}
	}
	req.Header = a.request.header
	if len(a.request.body) > 0 && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params,
		Route:   &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	})
	if err != nil {
		return fmt.Errorf("accepted request %s refused by the document: %w", a.request.body, err)
	}
	return nil
}

// TestOpenAPIValidDocument: the document passes kin-openapi's validation,
// and says what every API route answers.
func TestOpenAPIValidDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	ops, params, typed, open := 0, 0, 0, 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops++
			for _, p := range op.Parameters {
				if p.Value.In == "query" {
					params++
				}
			}
			if len(op.Tags) == 0 {
				t.Errorf("%s %s has no tag", method, path)
			}
			for code, r := range op.Responses.Map() {
				if code == "default" || r.Value.Content == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					if s := mt.Schema; s != nil && (s.Ref != "" || s.Value != nil && (s.Value.Properties != nil || s.Value.Items != nil || s.Value.Format == "binary" || s.Value.AdditionalProperties.Schema != nil)) {
						typed++
					} else if s != nil && s.Value != nil && s.Value.Type.Is("object") {
						open++ // a map the handler builds
					} else {
						t.Errorf("%s %s %s: an untyped answer", method, path, code)
					}
				}
			}
		}
	}
	t.Logf("%d operations, %d schemas, %d query parameters, %d typed success answers, %d open objects", ops, len(doc.Components.Schemas), params, typed, open)
}

// TestOpenAPICheckCatchesMismatches: the answer check refuses a body that
// is not the declared schema, an undeclared status and an undeclared
// download type.
func TestOpenAPICheckCatchesMismatches(t *testing.T) {
	doc := loadOpenAPI(t)
	js := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for _, a := range []recordedAnswer{
		{"GET", "/api/v1/me", "GET /api/v1/me", 200, js, []byte(`{"user": {"id": "one"}, "permissions": []}`), nil},
		{"GET", "/api/v1/members", "GET /api/v1/members", 200, js, []byte(`[]`), nil},
		{"POST", "/api/v1/members/1/status", "POST /api/v1/members/{id}/status", 201, js, []byte(`{}`), nil},
		{"GET", "/api/v1/org/chart.svg", "GET /api/v1/org/chart.svg", 200, http.Header{"Content-Type": {"text/plain"}}, []byte(`x`), nil},
	} {
		if err := validateAnswer(doc, a); err == nil {
			t.Errorf("%s %d %s: accepted", a.route, a.status, a.body)
		}
	}
	good := recordedAnswer{"GET", "/api/v1/members", "GET /api/v1/members", 200, js, []byte(`{"items": [], "next_cursor": ""}`), nil}
	if err := validateAnswer(doc, good); err != nil {
		t.Errorf("an empty list refused: %v", err)
	}
}
