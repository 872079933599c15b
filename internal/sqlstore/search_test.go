package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestSearchPastUnreadable: the newest matches are documents the caller may
// not read (confidential, not in their distribution), more than one round
// of keys on PostgreSQL, behind newer documents that do not match; the
// older one they may read is still found, and no confidential one is.
func TestSearchPastUnreadable(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "su_author", false)
	reader := mustCreateUser(t, db, "su_reader", false)
	appoint(t, db, "office_director", author, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	old, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "关于跨境电商培训的通知", Body: "培训安排。", Classification: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 80; i++ {
		if _, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "decision", Title: fmt.Sprintf("跨境电商事项决定（%d）", i), Body: "内部事项。", Classification: "confidential"}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(q string) {
		t.Helper()
		hits, err := db.SearchDocuments(actorCtx(t, db, reader.ID), q, 0)
		if err != nil || len(hits) != 1 || hits[0].ID != old.ID || !hits[0].InTitle {
			t.Errorf("%q: %v %+v", q, err, hits)
		}
	}
	check("电商") // every newer row matches
	for i := 0; i < 60; i++ {
		if _, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: fmt.Sprintf("会议安排（%d）", i), Body: "会议。", Classification: "internal"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"电商", "kuajing", "kjds"} { // the newest rows match nothing
		check(q)
	}
	hits, err := db.SearchDocuments(ctx, "电商", 0)
	if err != nil || len(hits) != 20 || hits[0].ID != old.ID+80 || hits[19].ID != old.ID+61 {
		t.Errorf("author: %v %d hits", err, len(hits))
	}
}
