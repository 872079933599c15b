package blob

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		head, name, want string
		ok               bool
	}{
		{"%PDF-1.7\n", "a.pdf", "application/pdf", true},
		{"\x89PNG\r\n\x1a\n", "a.exe", "image/png", true},
		{"PK\x03\x04rest", "报表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old.doc", "application/msword", true},
		{"日期,金额\n", "a.csv", "text/csv; charset=utf-8", true},
		{"<!DOCTYPE html><p>", "a.pdf", "text/html", false},
		{"MZ\x90\x00", "a.png", "application/octet-stream", false},
	} {
		got, ok := Sniff([]byte(c.head), c.name)
		if got != c.want || ok != c.ok {
			t.Errorf("Sniff(%q, %q) = %q %v, want %q %v", c.head, c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestPutOpenLimits(t *testing.T) {
	s, err := New(t.TempDir(), 64)
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.Put(strings.NewReader("%PDF-1.4 x"), "../../etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Put(strings.NewReader("%PDF-1.4 x"), "other")
	if err != nil || again.Hash != in.Hash || !s.Has(in.Hash) {
		t.Fatalf("same bytes, same blob: %v %v", again, err)
	}
	if _, err := filepath.Rel(s.Root(), s.path(in.Hash)); err != nil || !strings.HasPrefix(s.path(in.Hash), filepath.Join(s.Root(), in.Hash[:2])) {
		t.Fatal("path not from the hash")
	}
	f, err := s.Open(in.Hash)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "%PDF-1.4 x" {
		t.Fatalf("read back %q", b)
	}
	if _, err := s.Put(bytes.NewReader(append([]byte("%PDF-"), make([]byte, 64)...)), "a.pdf"); err == nil || !strings.Contains(err.Error(), "too_large") {
		t.Fatalf("too large: %v", err)
	}
	if _, err := s.Open("../x"); err == nil {
		t.Fatal("opened a non-hash")
	}
}

func TestDirFor(t *testing.T) {
	for dsn, want := range map[string]string{"sqlite:/d/c.db": "/d/c.db.blobs", "postgres://u@h/db": DefaultDir} {
		if got := DirFor(dsn, ""); got != want {
			t.Errorf("DirFor(%q) = %q", dsn, got)
		}
	}
	if DirFor("sqlite:/d/c.db", "/x") != "/x" {
		t.Error("--blobs not honoured")
	}
}
