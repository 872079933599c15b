package sqlstore_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func optsWithClock(c chamber.Clock) sqlstore.Options { return sqlstore.Options{Clock: c} }

func TestMigrationsMatch(t *testing.T) {
	lite, err := sqlstore.MigrationNames(sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqlstore.MigrationNames(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !reflect.DeepEqual(lite, pg) {
		t.Fatalf("migration files differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	db := openDB(t)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingMigrations(context.Background())
	if err != nil || len(pending) != 0 {
		t.Fatalf("pending after migrate: %v %v", pending, err)
	}
}

func TestAuditChainRecordsAndVerifies(t *testing.T) {
	db := openDB(t)
	admin := mustCreateUser(t, db, "root", true)
	ctx := actorCtx(t, db, admin.ID)
	mustCreateUser(t, db, "a1", false)
	if err := db.UpdateSettings(ctx, chamber.Settings{Name: "杭州市温州商会", TimeZone: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	recs, _, err := db.ListAudit(ctx, chamber.AuditFilter{}, chamber.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 4 || recs[0].Action != "settings.update" || recs[0].Actor != "root" {
		t.Fatalf("audit: %d records, newest %+v", len(recs), recs[0])
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || !res.OK || res.Checked != int64(len(recs)) {
		t.Fatalf("verify: %+v %v", res, err)
	}
	// Paging walks every record once.
	var seen int
	cursor := ""
	for {
		page, next, err := db.ListAudit(ctx, chamber.AuditFilter{}, chamber.Page{Cursor: cursor, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		seen += len(page)
		if next == "" {
			break
		}
		cursor = next
	}
	if seen != len(recs) {
		t.Fatalf("paging saw %d of %d", seen, len(recs))
	}
}

func TestAuditRowsCannotChange(t *testing.T) {
	db := openDB(t)
	mustCreateUser(t, db, "a1", false)
	if _, err := db.Writer().Exec(`UPDATE audit_log SET actor = 'mallory'`); err == nil {
		t.Fatal("UPDATE on audit_log allowed")
	}
	if _, err := db.Writer().Exec(`DELETE FROM audit_log`); err == nil {
		t.Fatal("DELETE on audit_log allowed")
	}
}

func TestAuditNeedsPermission(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "a1", false)
	_, _, err := db.ListAudit(actorCtx(t, db, u.ID), chamber.AuditFilter{}, chamber.Page{})
	wantCode(t, err, chamber.EFORBIDDEN)
}

// Several instances starting at once on a new database take turns migrating
// and seed once.
func TestConcurrentMigrate(t *testing.T) {
	dsn := sqlstoretest.DSN(t, false)
	errs := make(chan error, 4)
	var dbs []*sqlstore.DB
	for i := 0; i < 4; i++ {
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	for _, db := range dbs {
		go func() { errs <- db.Migrate(context.Background()) }()
	}
	for range dbs {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	var seeds int
	dbs[0].Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'grants.seed'`).Scan(&seeds)
	if seeds != 1 {
		t.Fatalf("seeded %d times", seeds)
	}
}

// A record slipped in past the chain head (inserts are not blocked by the
// triggers) is found by verify.
func TestVerifyFindsRecordBeyondHead(t *testing.T) {
	db := openDB(t)
	mustCreateUser(t, db, "a1", false)
	if _, err := db.Writer().Exec(`INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash)
		SELECT seq + 1, at, actor_id, actor, action, entity, entity_id, before, after, hash, hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)`); err != nil {
		t.Fatal(err)
	}
	res, err := db.VerifyAudit(sysCtx)
	if err != nil || res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
}
