package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestVerifyDetectsLedgerTampering posts vouchers, edits an amount in the
// database file past the trigger that guards it, and sees verify fail
// naming the voucher.
func TestVerifyDetectsLedgerTampering(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	env := map[string]string{"CHAMBER_DB": "sqlite:" + path}
	ctx := chamber.WithActor(context.Background(), chamber.SystemActor)
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var second chamber.ID
	for i := range 3 {
		v, err := db.PostVoucher(ctx, chamber.NewVoucher{Date: "2026-03-0" + itoa(int64(i+1)), Summary: "收会费",
			Lines: []chamber.NewVoucherLine{{Account: "1002", DebitFen: 50000}, {Account: "4201", CreditFen: 50000}}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			second = v.ID
		}
	}
	db.Close()
	if code, out, stderr := cli(t, env, "", "verify"); code != 0 || out != "ok\n" {
		t.Fatalf("verify before: %d %q %q", code, out, stderr)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TRIGGER voucher_lines_no_update`,
		`UPDATE voucher_lines SET debit_fen = 5000, credit_fen = 0 WHERE voucher_id = ` + itoa(second) + ` AND line_no = 1`,
		`UPDATE voucher_lines SET credit_fen = 5000 WHERE voucher_id = ` + itoa(second) + ` AND line_no = 2`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	code, out, stderr := cli(t, env, "", "verify")
	if code != 1 || out != "" || !strings.Contains(stderr, "voucher "+itoa(second)) {
		t.Fatalf("verify after tampering with voucher %d: exit %d, stdout %q, stderr %q", second, code, out, stderr)
	}
}
