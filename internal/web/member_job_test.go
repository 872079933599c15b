package web_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chamber-org/chamber/internal/web"
)

// jobEnv is newEnv whose server runs imports above inline rows as jobs.
func jobEnv(t *testing.T, inline int) *env {
	e := newEnv(t)
	s, err := web.New(web.Config{Store: e.db, Logger: slog.New(slog.NewTextHandler(testLogOut(), nil)), ImportInlineRows: inline})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(recordAPI(s))
	t.Cleanup(e.srv.Close)
	return e
}

func jobCSV(n, bad int) string { return jobCSVFrom(0, n, bad) }

func jobCSVFrom(base, n, bad int) string {
	var b strings.Builder
	b.WriteString("name,kind,credit_code\n")
	for i := 0; i < n; i++ {
		code := credit(base + i)
		if i == bad {
			code = "91330100MA00000000"
		}
		fmt.Fprintf(&b, "公司%d,unit,%s\n", i, code)
	}
	return b.String()
}

// postFile sends a multipart upload with extra form fields.
func postFile(t *testing.T, c *http.Client, token, u, content string, fields map[string]string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "m.csv")
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

type jobJSON struct {
	ID     int64          `json:"id"`
	Status string         `json:"status"`
	Total  int64          `json:"total"`
	Done   int64          `json:"done"`
	Result map[string]any `json:"result"`
}

func TestImportJobAPI(t *testing.T) {
	e := jobEnv(t, 10)
	id := decode[map[string]int64](t, postFile(t, http.DefaultClient, e.tokens["admin"], e.srv.URL+"/api/v1/members/import-jobs", jobCSV(30, -1), nil), 202)["id"]
	j := decode[jobJSON](t, e.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil), 200)
	if j.Status != "queued" || j.Total != 60 || j.Done != 0 {
		t.Fatalf("queued: %+v", j)
	}
	if n, err := e.db.WorkJobs(sysCtx, "test"); err != nil || n != 1 {
		t.Fatalf("work: %d %v", n, err)
	}
	j = decode[jobJSON](t, e.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil), 200)
	if j.Status != "done" || j.Done != 60 || j.Result["created"] != float64(30) {
		t.Fatalf("done: %+v", j)
	}
	// One bad row: the job fails naming it, nothing written.
	id = decode[map[string]int64](t, postFile(t, http.DefaultClient, e.tokens["admin"], e.srv.URL+"/api/v1/members/import-jobs", jobCSVFrom(500, 30, 4), nil), 202)["id"]
	e.db.WorkJobs(sysCtx, "test")
	j = decode[jobJSON](t, e.do("admin", "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil), 200)
	rows, _ := j.Result["rows"].([]any)
	if j.Status != "failed" || len(rows) != 1 || rows[0].(map[string]any)["row"] != float64(6) {
		t.Fatalf("failed: %+v", j)
	}
	l := decode[struct {
		Items []map[string]any `json:"items"`
	}](t, e.do("admin", "GET", "/api/v1/members?limit=100", nil), 200)
	if len(l.Items) != 30 {
		t.Fatalf("members: %d", len(l.Items))
	}
	decode[map[string]any](t, e.do("admin", "GET", "/api/v1/jobs/999999", nil), 404)
	decode[map[string]any](t, e.do("staff", "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil), 403)
}

var startForm = regexp.MustCompile(`action="(/members/import/jobs/\d+)"`)

func TestImportPreviewThenImportWithoutChoosingAgain(t *testing.T) {
	e := jobEnv(t, 10)
	c := e.browser("zh-CN")
	e.login(c, "admin")
	// Small file: the preview keeps the upload; Import runs it inline.
	resp := postFile(t, c, "", e.srv.URL+"/members/import", jobCSV(5, -1), map[string]string{"mode": "preview"})
	body := readBody(t, resp)
	m := startForm.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("preview: %d %s", resp.StatusCode, body)
	}
	resp, err := c.PostForm(e.srv.URL+m[1], nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/members?imported=5" {
		t.Fatalf("inline import: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A big file goes to the progress page and the worker.
	resp = postFile(t, c, "", e.srv.URL+"/members/import", strings.Replace(jobCSV(25, -1), "公司", "企业", -1), map[string]string{"mode": "preview"})
	body = readBody(t, resp)
	// credit codes 0..4 are already taken by the first import
	if resp.StatusCode != 422 || startForm.MatchString(body) {
		t.Fatalf("preview of taken codes: %d", resp.StatusCode)
	}
	var big strings.Builder
	big.WriteString("name,kind,credit_code\n")
	for i := 100; i < 125; i++ {
		fmt.Fprintf(&big, "企业%d,unit,%s\n", i, credit(i))
	}
	body = readBody(t, postFile(t, c, "", e.srv.URL+"/members/import", big.String(), map[string]string{"mode": "preview"}))
	m = startForm.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no start form: %s", body)
	}
	resp, _ = c.PostForm(e.srv.URL+m[1], nil)
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != m[1] {
		t.Fatalf("background import: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := get(t, c, e.srv.URL+m[1])
	if !strings.Contains(page, "<progress") || !strings.Contains(page, `data-job-status="queued"`) {
		t.Fatalf("job page: %s", page)
	}
	e.db.WorkJobs(sysCtx, "test")
	_, page = get(t, c, e.srv.URL+m[1])
	if !strings.Contains(page, "导入完成：新增 25 个会员。") || !strings.Contains(page, `value="50"`) {
		t.Fatalf("finished job page: %s", page)
	}
}
