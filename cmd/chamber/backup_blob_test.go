package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/web"
)

// serveDB runs the web server on a SQLite file with its blob folder beside it.
func serveDB(t *testing.T, path string) *httptest.Server {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.New(blob.DirFor("sqlite:"+path, ""), 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Blobs: blobs})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

func call(t *testing.T, token, method, url, ct string, body io.Reader) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	req.Header.Set("Authorization", "Bearer "+token)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestBackupRestoreAttachments: the backup takes the blob folder
// (FILE.blobs), the restore puts it beside the restored database, and the
// attachment downloads with the same bytes.
func TestBackupRestoreAttachments(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	env := map[string]string{"CHAMBER_DB": "sqlite:" + live}
	if code, _, stderr := cli(t, env, "secret-password\n", "user", "add", "--username", "boss", "--name", "会长", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := cli(t, env, "", "token", "create", "--username", "boss")
	if code != 0 {
		t.Fatal(stderr)
	}
	token := strings.TrimSpace(stdout)

	srv := serveDB(t, live)
	st, b := call(t, token, "POST", srv.URL+"/api/v1/finance/vouchers", "application/json", strings.NewReader(
		`{"date":"2026-03-05","summary":"会费","lines":[{"account":"1002","debit_fen":100,"credit_fen":0},{"account":"4201","debit_fen":0,"credit_fen":100}]}`))
	if st != 201 {
		t.Fatalf("voucher: %d %s", st, b)
	}
	var v struct{ ID int64 }
	json.Unmarshal(b, &v)
	content := []byte("%PDF-1.4\n收据\n%%EOF\n")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("owner_kind", "voucher")
	mw.WriteField("owner_id", fmt.Sprint(v.ID))
	fw, _ := mw.CreateFormFile("file", "收据.pdf")
	fw.Write(content)
	mw.Close()
	st, b = call(t, token, "POST", srv.URL+"/api/v1/attachments", mw.FormDataContentType(), &buf)
	if st != 201 {
		t.Fatalf("upload: %d %s", st, b)
	}
	var a struct{ ID int64 }
	json.Unmarshal(b, &a)
	srv.Close()

	out := filepath.Join(dir, "backup.db")
	if code, stdout, stderr := cli(t, env, "", "backup", "--out", out); code != 0 || !strings.Contains(stdout, "1 files") {
		t.Fatalf("backup: %q %s", stdout, stderr)
	}
	restored := filepath.Join(dir, "restored.db")
	if code, _, stderr := cli(t, map[string]string{"CHAMBER_DB": "sqlite:" + restored}, "", "restore", out); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	srv2 := serveDB(t, restored)
	st, b = call(t, token, "GET", fmt.Sprintf("%s/api/v1/attachments/%d/file", srv2.URL, a.ID), "", nil)
	if st != 200 || !bytes.Equal(b, content) {
		t.Fatalf("download after restore: %d %q", st, b)
	}
}
