package sqlstore_test

import (
	"io/fs"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestReindex: files and rows written before their search existed (raw
// rows, no text, no tokens) are found after Reindex; a second run extracts
// nothing and finds the same; a missing file is tried again next run.
func TestReindex(t *testing.T) {
	db := openDB(t)
	c, err := db.CreateCollection(sysCtx, chamber.NewKBCollection{Name: "资料汇编", Audience: "staff"})
	if err != nil {
		t.Fatal(err)
	}
	item, err := db.AddKBItem(sysCtx, c.ID, chamber.NewKBItem{Title: "经验材料"})
	if err != nil {
		t.Fatal(err)
	}
	var old, gone, pic, doc, ann chamber.ID
	err = db.Write(sysCtx, chamber.SystemActor, func(tx *sqlstore.Tx) error {
		for _, f := range []struct {
			id         *chamber.ID
			hash, name string
		}{{&old, "a1", "旧材料.docx"}, {&gone, "b2", "丢失.pdf"}, {&pic, "c3", "照片.png"}} {
			if err := tx.QueryRowContext(sysCtx, `INSERT INTO attachments(owner_kind, owner_id, hash, name, content_type, size, created_by, created_at)
				VALUES ('kb_item', $1, $2, $3, 'application/octet-stream', 1, 1, 1) RETURNING id`, item.ID, f.hash, f.name).Scan(f.id); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(sysCtx, `INSERT INTO documents(direction, doc_type, title, body, classification, status, author_id, created_at)
			VALUES ('outgoing', 'notice', '关于商会换届选举的通知', '定于明年三月召开会员大会。', 'internal', 'draft', 1, 1) RETURNING id`).Scan(&doc); err != nil {
			return err
		}
		return tx.QueryRowContext(sysCtx, `INSERT INTO announcements(kind, title, body, audience, status, created_at, updated_at)
			VALUES ('notice', '换届工作简报', '第一期', 'public', 'published', 1, 1) RETURNING id`).Scan(&ann)
	})
	if err != nil {
		t.Fatal(err)
	}
	find := func(q string) map[string]int {
		t.Helper()
		hits, err := db.SearchDocuments(sysCtx, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, h := range hits {
			out[h.Kind]++
		}
		return out
	}
	if got := find("换届"); len(got) != 0 {
		t.Fatalf("found before reindex: %v", got)
	}
	files := map[string]string{"a1": "关于换届选举工作的经验材料", "c3": ""}
	reads := 0
	extract := func(p sqlstore.PendingText) (string, error) {
		reads++
		text, ok := files[p.Hash]
		if !ok {
			return "", fs.ErrNotExist
		}
		return text, nil
	}
	st, err := db.Reindex(sysCtx, extract)
	if err != nil {
		t.Fatal(err)
	}
	if st.Extracted != 1 || st.Missing != 1 || st.Rows < 6 || reads != 3 {
		t.Fatalf("first run %+v, %d reads", st, reads)
	}
	want := map[string]int{"attachment": 1, "document": 1, "announcement": 1}
	if got := find("换届"); len(got) != 3 || got["attachment"] != 1 || got["document"] != 1 || got["announcement"] != 1 {
		t.Fatalf("after reindex %v, want %v", got, want)
	}
	hits, _ := db.SearchDocuments(sysCtx, "huanjie", 50)
	if len(hits) != 3 || !hits[0].InTitle || hits[len(hits)-1].InTitle {
		t.Fatalf("pinyin, title hits first: %+v", hits)
	}
	reads = 0
	if st, err = db.Reindex(sysCtx, extract); err != nil || st.Extracted != 0 || st.Missing != 1 || reads != 1 {
		t.Fatalf("second run %+v %v, %d reads", st, err, reads)
	}
	if got := find("换届"); len(got) != 3 || got["attachment"] != 1 {
		t.Fatalf("after a second run %v", got)
	}
	files["b2"] = "换届选举办法"
	if st, err = db.Reindex(sysCtx, extract); err != nil || st.Extracted != 1 || st.Missing != 0 {
		t.Fatalf("third run %+v %v", st, err)
	}
	if got := find("换届"); got["attachment"] != 2 {
		t.Fatalf("the file found again %v", got)
	}
	if _, err := db.Reindex(actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID), extract); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a login reindexes: %v", err)
	}
}
