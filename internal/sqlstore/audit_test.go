package sqlstore_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
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
