package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"POST /attachments":                 "login",
	"GET /attachments/{id}":             "login",
	"POST /api/v1/attachments":          "login",
	"GET /api/v1/attachments":           "login",
	"GET /api/v1/attachments/{id}":      "login",
	"GET /api/v1/attachments/{id}/file": "login",
})

// A tiny but real PNG header: what http.DetectContentType recognises.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 300)...)

func multipartBody(t *testing.T, fields map[string]string, name string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// upload posts a file to the API as role.
func (e *env) upload(role, kind string, id int64, name string, content []byte) *http.Response {
	e.t.Helper()
	body, ct := multipartBody(e.t, map[string]string{"owner_kind": kind, "owner_id": strconv.FormatInt(id, 10)}, name, content)
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/attachments", body)
	req.Header.Set("Content-Type", ct)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func TestAttachmentVoucherRoundTrip(t *testing.T) {
	e := newEnv(t)
	v := e.postVoucher("2026-03-05", line("1002", 120000, 0, "会费"), line("4201", 0, 120000, "会费"))
	var a chamber.Attachment
	decodeInto(t, e.upload("admin", "voucher", v.ID, "收据 2026年3月.png", pngBytes), 201, &a)
	if a.ContentType != "image/png" || a.Size != int64(len(pngBytes)) || a.Name != "收据 2026年3月.png" || len(a.Hash) != 64 {
		t.Fatalf("created: %+v", a)
	}
	var l struct{ Items []chamber.Attachment }
	decodeInto(t, e.do("admin", "GET", fmt.Sprintf("/api/v1/attachments?owner_kind=voucher&owner_id=%d", v.ID), nil), 200, &l)
	if len(l.Items) != 1 || l.Items[0].ID != a.ID {
		t.Fatalf("list: %+v", l)
	}
	resp := e.do("admin", "GET", fmt.Sprintf("/api/v1/attachments/%d/file", a.ID), nil)
	got := readBody(t, resp)
	if resp.StatusCode != 200 || got != string(pngBytes) {
		t.Fatalf("download: %d, %d bytes", resp.StatusCode, len(got))
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("headers: %v", resp.Header)
	}
	cd := resp.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''"+strings.ReplaceAll(url.QueryEscape("收据 2026年3月.png"), "+", "%20")) {
		t.Fatalf("Content-Disposition %q", cd)
	}
	// The add is audited.
	var n int
	if err := e.db.Writer().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.add'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("audit rows %d %v", n, err)
	}
	// Append-only.
	if _, err := e.db.Writer().Exec(`DELETE FROM attachments`); err == nil {
		t.Fatal("attachments could be deleted")
	}

	// Refusals, with clear messages.
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 20<<20)...)
	resp = e.upload("admin", "voucher", v.ID, "big.pdf", big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(decodeErr(t, resp).Error.Message, "20 MB") {
		t.Fatalf("too large: %d", resp.StatusCode)
	}
	resp = e.upload("admin", "voucher", v.ID, "page.html", []byte("<!DOCTYPE html><script>alert(1)</script>"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("html: %d %s", resp.StatusCode, readBody(t, resp))
	}
	if msg := decodeErr(t, resp).Error.Message; !strings.Contains(msg, "PDF") {
		t.Fatalf("type message %q", msg)
	}
	resp = e.upload("admin", "voucher", v.ID, "evil.png", []byte("MZ\x90\x00 an executable"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("exe named png: %d", resp.StatusCode)
	}
	for _, c := range []struct {
		role, kind string
		id         int64
		want       int
	}{
		{"staff", "voucher", v.ID, 404},   // cannot read the ledger
		{"member", "voucher", v.ID, 404},  // nor a member
		{"admin", "voucher", 999999, 404}, // no such voucher
		{"admin", "bogus", v.ID, 422},
		{"", "voucher", v.ID, 401},
	} {
		if resp := e.upload(c.role, c.kind, c.id, "a.png", pngBytes); resp.StatusCode != c.want {
			t.Errorf("%s %s %d: %d, want %d", c.role, c.kind, c.id, resp.StatusCode, c.want)
		}
	}
	for _, role := range []string{"staff", "member"} {
		if resp := e.do(role, "GET", fmt.Sprintf("/api/v1/attachments/%d/file", a.ID), nil); resp.StatusCode != 404 {
			t.Errorf("%s download: %d", role, resp.StatusCode)
		}
	}
	// No file at all.
	if resp := e.upload("admin", "voucher", v.ID, "", nil); resp.StatusCode != 422 {
		t.Errorf("no file: %d", resp.StatusCode)
	}
}

func TestAttachmentClaimAndPage(t *testing.T) {
	e := claimEnv(t)
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "差旅",
		"lines": []map[string]any{{"date": "2026-03-01", "account": "520103", "amount_fen": 45000, "memo": "机票"}}}), 201, &c)
	pdf := []byte("%PDF-1.4\n发票内容\n%%EOF")
	var a chamber.Attachment
	decodeInto(t, e.upload("clerk", "reimbursement", c.ID, "发票.pdf", pdf), 201, &a)
	if a.ContentType != "application/pdf" {
		t.Fatalf("%+v", a)
	}
	if resp := e.upload("member", "reimbursement", c.ID, "x.pdf", pdf); resp.StatusCode != 404 {
		t.Fatalf("stranger: %d", resp.StatusCode)
	}
	// The claim page lists it and has the plain upload form; the form works.
	b := e.browser("zh-CN")
	e.login(b, "clerk")
	page := e.get(b, fmt.Sprintf("/reimbursements/%d", c.ID))
	for _, want := range []string{"发票.pdf", `enctype="multipart/form-data"`, `action="/attachments"`, "附件"} {
		if !strings.Contains(page, want) {
			t.Fatalf("claim page lacks %q", want)
		}
	}
	body, ct := multipartBody(t, map[string]string{"owner_kind": "reimbursement", "owner_id": strconv.FormatInt(c.ID, 10)}, "清单.csv", []byte("日期,金额\n2026-03-01,450\n"))
	req, _ := http.NewRequest("POST", e.srv.URL+"/attachments", body)
	req.Header.Set("Content-Type", ct)
	resp, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), fmt.Sprintf("/reimbursements/%d?attached=1", c.ID)) {
		t.Fatalf("form upload: %d %s", resp.StatusCode, readBody(t, resp))
	}
	page = e.get(b, resp.Header.Get("Location"))
	if !strings.Contains(page, "清单.csv") || !strings.Contains(page, "已上传附件") {
		t.Fatal("uploaded file not listed")
	}
	// The page link downloads the same bytes with the session.
	if got := e.get(b, fmt.Sprintf("/attachments/%d", a.ID)); got != string(pdf) {
		t.Fatalf("page download: %q", got)
	}
}

func TestAttachmentAnnouncementDraftOnly(t *testing.T) {
	e := newEnv(t)
	var a struct{ ID int64 }
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "年会通知", "body": "正文", "audience": "all_members"}), 201, &a)
	if resp := e.upload("admin", "announcement", a.ID, "议程.txt", []byte("一、开幕\n二、报告\n")); resp.StatusCode != 201 {
		t.Fatalf("draft: %d %s", resp.StatusCode, readBody(t, resp))
	}
	if resp := e.upload("staff", "announcement", a.ID, "x.txt", []byte("x")); resp.StatusCode != 404 {
		t.Fatalf("staff on a draft: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/announcements/%d/publish", a.ID), nil); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp := e.upload("admin", "announcement", a.ID, "补充.txt", []byte("补充"))
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("published: %d", resp.StatusCode)
	}
	b := e.browser("en")
	e.login(b, "admin")
	page := e.get(b, fmt.Sprintf("/announcements/%d", a.ID))
	if !strings.Contains(page, "议程.txt") || strings.Contains(page, `action="/attachments"`) || !strings.Contains(page, "no longer a draft") {
		t.Fatal("published announcement page: attachment list without the form")
	}
}

// get fetches a page with a browser client and wants 200.
func (e *env) get(c *http.Client, path string) string {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	body := readBody(e.t, resp)
	if resp.StatusCode != 200 {
		e.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return body
}
