package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestVerifyHeadFindsARewrittenChain: a head taken earlier (as printed on
// signed minutes) proves the chain was not rewritten or cut short. The
// attacker drops the audit triggers and rewrites every record from one
// before the head on, with correct hashes and the chain head moved along:
// plain verify cannot tell, verify --head can. Then the chain is cut short
// before the head. On SQLite and (with CHAMBER_TEST_POSTGRES_URL) PostgreSQL.
func TestVerifyHeadFindsARewrittenChain(t *testing.T) {
	dsn := sqlstoretest.DSN(t, false)
	env := map[string]string{"CHAMBER_DB": dsn}
	ctx := chamber.WithActor(context.Background(), chamber.SystemActor)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, chamber.NewUser{Username: "admin", Name: "管理员", Password: "secret-password", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	reset := func(n int) {
		for range n {
			if err := db.SetPassword(ctx, u.ID, "another-password"); err != nil {
				t.Fatal(err)
			}
		}
	}
	reset(3)
	head, err := db.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reset(3)
	if code, out, stderr := cli(t, env, "", "verify", "--head", head.String()); code != 0 || out != "ok\n" {
		t.Fatalf("verify --head before: %d %q %q", code, out, stderr)
	}
	if code, _, _ := cli(t, env, "", "verify", "--head", "12:xyz"); code != 2 {
		t.Fatalf("a malformed head: exit %d, want 2", code)
	}

	raw := db.Writer()
	drop := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if db.Dialect == sqlstore.Postgres {
		drop = []string{`DROP TRIGGER audit_log_no_update ON audit_log`}
	}
	for _, q := range drop {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// Rewrite from the record before the head on: the actor is changed, every
	// later hash recomputed, the chain head moved.
	recs, _, err := db.ListAudit(ctx, chamber.AuditFilter{}, chamber.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for i := len(recs) - 1; i >= 0; i-- { // oldest first
		r := recs[i]
		if r.Seq < head.Seq-1 {
			prev = r.Hash
			continue
		}
		r.PrevHash = prev
		if r.Seq == head.Seq-1 {
			r.Actor = "mallory"
		}
		r.Hash = r.ComputeHash()
		prev = r.Hash
		if _, err := raw.Exec(`UPDATE audit_log SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4`, r.Actor, r.PrevHash, r.Hash, r.Seq); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`UPDATE chain_heads SET hash = $1 WHERE name = 'audit'`, prev); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := cli(t, env, "", "verify"); code != 0 {
		t.Fatalf("plain verify of the rewritten chain: %d %q %q (the rewrite is meant to pass the plain check)", code, out, stderr)
	}
	code, out, stderr := cli(t, env, "", "verify", "--head", head.String())
	if code != 1 || out != "" || !strings.Contains(stderr, "first broken record: audit "+itoa(head.Seq)) || !strings.Contains(stderr, "rewritten") {
		t.Fatalf("verify --head of the rewritten chain: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	// Cut short: every record from the one before the head on is gone.
	if _, err := raw.Exec(`DELETE FROM audit_log WHERE seq >= $1`, head.Seq-1); err != nil {
		t.Fatal(err)
	}
	var keep string
	if err := raw.QueryRow(`SELECT hash FROM audit_log WHERE seq = $1`, head.Seq-2).Scan(&keep); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE chain_heads SET seq = $1, hash = $2 WHERE name = 'audit'`, head.Seq-2, keep); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := cli(t, env, "", "verify"); code != 0 {
		t.Fatalf("plain verify of the cut chain: %d %q %q", code, out, stderr)
	}
	code, out, stderr = cli(t, env, "", "verify", "--head", head.String())
	if code != 1 || !strings.Contains(stderr, "cut short") || !strings.Contains(stderr, "first broken record: audit "+itoa(head.Seq-1)) {
		t.Fatalf("verify --head of the cut chain: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
