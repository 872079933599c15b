package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/pdftest"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestReindexCommand: a PDF attached before PDF text existed (a raw row,
// no text) is found after `chamber reindex`; a second run reads nothing
// new and verify still holds.
func TestReindexCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "live.db")
	env := map[string]string{"CHAMBER_DB": dsn, "LANG": "C"}
	if code, _, stderr := cli(t, env, "", "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	blobs, err := blob.New(blob.DirFor(dsn, ""), 0)
	if err != nil {
		t.Fatal(err)
	}
	info, err := blobs.Put(bytes.NewReader(pdftest.New([][]string{{"关于商会换届选举的工作方案"}})), "方案.pdf")
	if err != nil {
		t.Fatal(err)
	}
	ctx := sysCtx(context.Background())
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Write(ctx, chamber.SystemActor, func(tx *sqlstore.Tx) error {
		var doc chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO documents(direction, doc_type, title, body, classification, status, author_id, created_at)
			VALUES ('outgoing', 'notice', '年度工作安排', '', 'internal', 'draft', 1, 1) RETURNING id`).Scan(&doc); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO attachments(owner_kind, owner_id, hash, name, content_type, size, created_by, created_at)
			VALUES ('document', $1, $2, '方案.pdf', $3, $4, 1, 1)`, doc, info.Hash, info.ContentType, info.Size)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	found := func() int {
		hits, err := db.SearchDocuments(ctx, "换届", 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	if n := found(); n != 0 {
		t.Fatalf("found %d before reindex", n)
	}
	if code, stdout, stderr := cli(t, env, "", "reindex"); code != 0 || !strings.Contains(stdout, "text extracted from 1 files") {
		t.Fatalf("reindex: %d %q %q", code, stdout, stderr)
	}
	if n := found(); n != 1 {
		t.Fatalf("found %d after reindex", n)
	}
	if code, stdout, stderr := cli(t, env, "", "reindex"); code != 0 || !strings.Contains(stdout, "text extracted from 0 files") {
		t.Fatalf("second reindex: %d %q %q", code, stdout, stderr)
	}
	if n := found(); n != 1 {
		t.Fatalf("found %d after the second run", n)
	}
	if code, stdout, stderr := cli(t, env, "", "verify"); code != 0 {
		t.Fatalf("verify: %q %q", stdout, stderr)
	}
	if code, _, _ := cli(t, env, "", "reindex", "extra"); code != 2 {
		t.Fatalf("an argument: %d", code)
	}
}
