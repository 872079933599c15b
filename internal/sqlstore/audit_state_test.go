package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestVerifyStateCleanOnDemo: on a database filled through the application
// (the demo: members, posts, grants, meetings, votes, dues, claims),
// every recorded state matches the tables.
func TestVerifyStateCleanOnDemo(t *testing.T) {
	db := attackDB(t)
	res, err := db.VerifyAudit(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK {
		t.Fatalf("verify on the demo: %+v", res)
	}
	if res.Checked < 100 {
		t.Fatalf("only %d records checked", res.Checked)
	}
}

// attackDB is the demo plus what the demo does not do: an election closed,
// dues invoiced, paid and waived, a period closed, a token, grants set, a
// member's status and lapse decided, a post ended.
func attackDB(t *testing.T) *sqlstore.DB {
	t.Helper()
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	ctx := sysCtx
	members, _, err := db.ListMembers(ctx, chamber.MemberFilter{Status: chamber.StatusActive}, chamber.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	var live chamber.ID
	if err := db.Reader().QueryRow(`SELECT id FROM meetings WHERE status = 'open'`).Scan(&live); err != nil {
		t.Fatal(err)
	}
	var creds []string
	for _, m := range members[13:15] {
		c, err := db.CheckIn(ctx, live, m.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	el, err := db.CreateElection(ctx, live, chamber.NewElection{Title: "增补常务理事", Seats: 1, Candidates: []chamber.ID{members[0].ID, members[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenElection(ctx, el.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if _, err := db.CastElectionBallot(ctx, el.ID, c, []chamber.ID{members[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CloseElection(ctx, el.ID); err != nil {
		t.Fatal(err)
	}
	for _, tier := range []string{"president", "vice_president", "standing_council", "council", "member"} {
		if _, err := db.SetDuesRate(ctx, chamber.DuesRate{Year: 2026, Tier: tier, AmountFen: 100000}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.InvoiceYear(ctx, 2026, "2026-12-31"); err != nil {
		t.Fatal(err)
	}
	invs, _, err := db.ListDuesInvoices(ctx, chamber.DuesFilter{Year: 2026, Status: chamber.DuesOpen}, chamber.Page{Limit: 5}) // the demo leaves some unpaid
	if err != nil || len(invs) < 2 {
		t.Fatalf("invoices: %v %d", err, len(invs))
	}
	if _, err := db.RecordDuesPayment(ctx, invs[0].ID, chamber.NewDuesPayment{Date: "2026-11-20", AmountFen: 40000, Method: chamber.PayBank, Reference: "b1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AdjustDues(ctx, invs[1].ID, chamber.NewDuesAdjust{AmountFen: 10000, Reason: "困难减免", ApprovedBy: "秘书长"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClosePeriod(ctx, "2026-01"); err != nil {
		t.Fatal(err)
	}
	admin, err := db.FindUserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CreateToken(ctx, admin.ID, "ci"); err != nil {
		t.Fatal(err)
	}
	positions, err := db.ListPositions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetGrants(ctx, "position", itoa(positions[0].ID), []chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeMemberStatus(ctx, members[30].ID, chamber.StatusChange{Status: chamber.StatusWithdrawn, Reason: "退会"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetMemberLapsed(ctx, members[31].ID, true, "欠费"); err != nil {
		t.Fatal(err)
	}
	return db
}

// dropTriggers removes every trigger that guards the tables, inside tx.
func dropTriggers(t *testing.T, db *sqlstore.DB, tx *sql.Tx) {
	t.Helper()
	q := `SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'`
	if db.Dialect == sqlstore.Postgres {
		q = `SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()`
	}
	rows, err := tx.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var drops []string
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			t.Fatal(err)
		}
		if db.Dialect == sqlstore.Postgres {
			drops = append(drops, `DROP TRIGGER `+name+` ON `+table)
		} else {
			drops = append(drops, `DROP TRIGGER `+name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(drops) < 10 {
		t.Fatalf("only %d triggers found", len(drops))
	}
	for _, d := range drops {
		if _, err := tx.Exec(d); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
	}
}

// TestVerifyFindsEditsPastTheTriggers is the attack: with the triggers
// dropped, each kind of edit an insider could make in the database file is
// made alone (in a transaction rolled back afterwards), and verify must
// fail naming the record the edit broke. No edit may go unnoticed.
func TestVerifyFindsEditsPastTheTriggers(t *testing.T) {
	db := attackDB(t)
	ctx := context.Background()
	sub := func(q string) string { return "(" + q + ")" }
	firstMember := sub(`SELECT MIN(id) FROM members WHERE status = 'active'`)
	closedMotion := sub(`SELECT MIN(id) FROM motions WHERE status = 'closed'`)
	closedElection := sub(`SELECT MIN(id) FROM elections WHERE status = 'closed'`)
	paidInvoice := sub(`SELECT invoice_id FROM dues_payments WHERE reference = 'b1'`) // the demo pays others in full
	memberCols := `member_no, kind, name, tier, industry, region, credit_code, legal_rep, address, size, website, company, contact_name,
		phone, email, joined_on, status, lapsed, tags, public_listing, cert_code, created_at, updated_at`
	edits := []struct {
		name   string
		sql    []string
		record string // what the failure must name
	}{
		{"member name", []string{`UPDATE members SET name = name || '（改）' WHERE id = ` + firstMember}, "(member "},
		{"member status", []string{`UPDATE members SET status = 'expelled' WHERE id = ` + firstMember}, "(member "},
		{"member status back", []string{`UPDATE members SET status = 'active' WHERE status = 'withdrawn'`}, "(member "},
		{"member lapsed", []string{`UPDATE members SET lapsed = NOT lapsed WHERE id = ` + firstMember}, "(member "},
		{"member phone", []string{`UPDATE members SET phone = '13900000000' WHERE id = ` + firstMember}, "(member "},
		{"member tier", []string{`UPDATE members SET tier = 'president' WHERE tier = 'member'`}, "(member "},
		{"member inserted", []string{`INSERT INTO members(` + memberCols + `) SELECT member_no || 'X', kind, name, tier, industry, region, NULL,
			legal_rep, address, size, website, company, contact_name, phone, email, joined_on, status, lapsed, tags, public_listing, cert_code || 'X',
			created_at, updated_at FROM members WHERE id = ` + firstMember}, "member "},
		{"users.admin", []string{`UPDATE users SET admin = TRUE WHERE username = 'kuaiji'`}, "(user "},
		{"user enabled", []string{`UPDATE users SET disabled = TRUE WHERE username = 'jianshi'`}, "(user "},
		{"user renamed", []string{`UPDATE users SET username = 'root' WHERE username = 'kuaiji'`}, "(user "},
		{"user inserted", []string{`INSERT INTO users(username, name, password_hash, admin, created_at, password_changed_at)
			SELECT 'intruder', name, password_hash, TRUE, created_at, password_changed_at FROM users WHERE username = 'admin'`}, "user "},
		{"grant added to a role", []string{`INSERT INTO grants(subject_kind, subject, permission) VALUES ('role', 'member', 'user.manage')`}, "(grant role member"},
		{"grant added to a position", []string{`INSERT INTO grants(subject_kind, subject, permission) SELECT 'position', CAST(MAX(id) AS TEXT), 'finance.post' FROM positions`}, "grant position"},
		{"grant added to a subject never set", []string{`INSERT INTO grants(subject_kind, subject, permission) VALUES ('body_seat', '999', 'finance.post')`}, "grant body_seat 999"},
		{"grant removed", []string{`DELETE FROM grants WHERE subject_kind = 'role' AND subject = 'admin' AND permission = 'user.manage'`}, "(grant role admin"},
		{"closed motion yes", []string{`UPDATE motions SET yes = yes + 5 WHERE id = ` + closedMotion}, "(motion "},
		{"closed motion passed", []string{`UPDATE motions SET passed = NOT passed WHERE id = ` + closedMotion}, "(motion "},
		{"closed motion present", []string{`UPDATE motions SET present = present + 3 WHERE id = ` + closedMotion}, "(motion "},
		{"election votes", []string{`UPDATE election_candidates SET votes = votes + 3 WHERE election_id = ` + closedElection +
			` AND member_id = (SELECT MAX(member_id) FROM election_candidates WHERE election_id = ` + closedElection + `)`}, "(election "},
		{"election cast", []string{`UPDATE elections SET cast_weight = cast_weight + 1 WHERE id = ` + closedElection}, "(election "},
		{"dues payment amount (invoice too)", []string{`UPDATE dues_payments SET amount_fen = amount_fen + 100`,
			`UPDATE dues_invoices SET paid_fen = paid_fen + 100 WHERE id = ` + paidInvoice}, "(dues_"},
		{"dues payment deleted (invoice too)", []string{`UPDATE dues_invoices SET paid_fen = 0 WHERE id = ` + paidInvoice, `DELETE FROM dues_payments`}, "(dues_"},
		{"dues invoice marked paid", []string{`UPDATE dues_invoices SET paid_fen = amount_fen WHERE id = (SELECT MAX(id) FROM dues_invoices WHERE paid_fen = 0 AND adjusted_fen = 0)`}, "dues_invoice "},
		{"dues waiver changed", []string{`UPDATE dues_adjustments SET amount_fen = amount_fen + 100`, `UPDATE dues_invoices SET adjusted_fen = adjusted_fen + 100 WHERE adjusted_fen > 0`}, "(dues_"},
		{"post holder changed", []string{`UPDATE posts SET name = '冒名', member_id = member_id + 1 WHERE id = (SELECT MIN(id) FROM posts WHERE member_id IS NOT NULL)`}, "(post "},
		{"post ends later", []string{`UPDATE posts SET ends_on = '2099-12-31' WHERE id = (SELECT MIN(id) FROM posts)`}, "(post "},
		{"post inserted", []string{`INSERT INTO posts(position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note, created_at)
			SELECT position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note, created_at FROM posts WHERE id = (SELECT MIN(id) FROM posts)`}, "post "},
		{"body renamed", []string{`UPDATE bodies SET name = '影子理事会' WHERE code = 'council'`}, "(body "},
		{"position reports elsewhere", []string{`UPDATE positions SET headcount = headcount + 5 WHERE id = (SELECT MAX(id) FROM positions)`}, "(position "},
		{"term start moved", []string{`UPDATE terms SET starts_on = '2020-01-01' WHERE id = (SELECT MIN(id) FROM terms)`}, "(term "},
		{"period reopened", []string{`UPDATE ledger_periods SET closed_at = NULL WHERE period = '2026-01'`}, "(period 2026-01"},
		{"period closed without record", []string{`INSERT INTO ledger_periods(period, last_seq, closed_at) VALUES ('2030-05', 0, 1)`}, "period 2030-05"},
		{"token revocation undone / token renamed", []string{`UPDATE api_tokens SET name = 'x'`}, "(api_token "},
		{"token inserted", []string{`INSERT INTO api_tokens(user_id, name, secret_hash, created_at) SELECT user_id, name, 'fake', created_at FROM api_tokens`}, "api_token "},
		{"donation amount", []string{`UPDATE donations SET amount_fen = amount_fen * 10`}, "(donation "},
		{"application decision", []string{`UPDATE member_applications SET status = 'rejected' WHERE id = (SELECT MIN(id) FROM member_applications)`}, "(member_application "},
		{"audit record altered", []string{`UPDATE audit_log SET after = '{}' WHERE seq = 5`}, "audit 5"},
		{"audit record deleted", []string{`DELETE FROM audit_log WHERE seq = 7`}, "audit 7"},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			tx, err := db.Writer().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			dropTriggers(t, db, tx)
			for _, q := range e.sql {
				res, err := tx.Exec(q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if n, err := res.RowsAffected(); err != nil || n == 0 {
					t.Fatalf("%s changed no row (%v)", q, err)
				}
			}
			res, err := db.VerifyInTx(sysCtx, tx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || !strings.Contains(res.Record, e.record) {
				t.Fatalf("verify after %q: %+v; want a failure naming %q", e.name, res, e.record)
			}
			t.Logf("%s → %s: %s", e.name, res.Record, res.Problem)
		})
	}
	// Nothing stayed: the rolled-back edits leave a clean database.
	if res, err := db.VerifyAudit(sysCtx); err != nil || !res.OK {
		t.Fatalf("verify after the rollbacks: %+v %v", res, err)
	}
}
