package web_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"net/http"
	"strings"
	"testing"
)

// whitespaceXLSX is a small zip whose sheet unpacks to n bytes of
// whitespace: the decompression bomb of issue 10 item 6, in small.
func whitespaceXLSX(t *testing.T, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<worksheet><sheetData>`)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := int64(0); i < n>>20; i++ {
		w.Write(chunk)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	zw.Close()
	return buf.Bytes()
}

// TestUploadBombRefused: a member import whose xlsx would unpack past 100×
// its size is a 422 naming the file, through the API and the page.
func TestUploadBombRefused(t *testing.T) {
	e := newEnv(t)
	bomb := whitespaceXLSX(t, 20<<20)
	resp := e.sendMultipart("admin", "/api/v1/members/import", nil, "bomb.xlsx", bomb)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"file"`) || !strings.Contains(body, "100") {
		t.Fatalf("bomb through the API: %d %s", resp.StatusCode, body)
	}
	c := e.browser("en")
	e.login(c, "admin")
	page, ct := multipartBody(t, map[string]string{"mode": "preview"}, "bomb.xlsx", bomb)
	req, _ := http.NewRequest("POST", e.srv.URL+"/members/import", page)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); !strings.Contains(body, "unpack to too much") {
		t.Fatalf("bomb through the page: %d", resp.StatusCode)
	}
}
