package sqlstore_test

import (
	"errors"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestTriggerErrorsAreKnownByCode: what a guarding trigger raises is told
// apart by the database's error code (not by its text), on both databases.
func TestTriggerErrorsAreKnownByCode(t *testing.T) {
	db := openDB(t)
	mustCreateUser(t, db, "admin", true)
	_, err := db.Writer().Exec(`UPDATE audit_log SET actor = 'x'`)
	if err == nil || !sqlstore.IsTriggerAbort(err) {
		t.Fatalf("a trigger's refusal not recognised: %v", err)
	}
	_, err = db.Writer().Exec(`INSERT INTO grants(subject_kind, subject, permission) VALUES ('role', 'admin', 'user.manage')`)
	if err == nil || sqlstore.IsTriggerAbort(err) {
		t.Fatalf("a unique violation taken for a trigger: %v", err)
	}
	if sqlstore.IsTriggerAbort(errors.New("the period is closed")) {
		t.Fatal("error text taken for a trigger")
	}
}

// TestCorruptStoredJSONIsAnError: a member whose stored tags are not JSON
// is an error on read, not a member shown without its tags.
func TestCorruptStoredJSONIsAnError(t *testing.T) {
	db := openDB(t)
	m := mustCreateMember(t, db, "温州商贸有限公司", "张三", 1)
	if _, err := db.Writer().Exec(`UPDATE members SET tags = '["a",' WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindMember(sysCtx, m.ID); err == nil || chamber.ErrorCode(err) != chamber.EINTERNAL {
		t.Fatalf("corrupt tags read without an error: %v", err)
	}
}
