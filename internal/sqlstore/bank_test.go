package sqlstore_test

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"pgregory.net/rapid"
)

// bankExample is the worked example of the 余额调节表: the books of
// 100201 for March 2026 and the bank's statement of the month.
//
//	books: opening 100,000; 03-02 dues +12,000; 03-10 wages −26,000;
//	       03-15 computer −8,000; 03-30 donation +5,000; 03-31 rent −6,000
//	bank:  03-03 dues +12,000; 03-11 wages −26,000; 03-20 computer −8,000;
//	       03-25 interest +150; 03-28 fee −50
//
// Bank 78,100 + 5,000 − 6,000 = books 77,000 + 150 − 50 = 77,100.
func bankExample(t *testing.T, db *sqlstore.DB) (map[string]*chamber.Voucher, [][]string) {
	t.Helper()
	if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
		Lines: []chamber.NewVoucherLine{dr("100201", 10000000), cr("3101", 10000000)}}); err != nil {
		t.Fatal(err)
	}
	v := map[string]*chamber.Voucher{
		"dues":     mustPost(t, db, "2026-03-02", dr("100201", 1200000), cr("420101", 1200000)),
		"wages":    mustPost(t, db, "2026-03-10", dr("520101", 2600000), cr("100201", 2600000)),
		"computer": mustPost(t, db, "2026-03-15", dr("1501", 800000), cr("100201", 800000)),
		"donation": mustPost(t, db, "2026-03-30", dr("100201", 500000), cr("410101", 500000)),
		"rent":     mustPost(t, db, "2026-03-31", dr("520104", 600000), cr("100201", 600000)),
	}
	rows := [][]string{
		{"交易日期", "摘要", "收入", "支出", "余额"},
		{"2026-03-03", "会费", "12,000.00", "", "112000.00"},
		{"2026/3/11", "代发工资", "", "26000", "86000"},
		{"20260320", "电脑", "", "8000.00", "78000.00"},
		{"2026-03-25", "利息", "150.00", "", "78150.00"},
		{"2026年3月28日", "手续费", "", "50.00", "78100.00"},
	}
	return v, rows
}

// TestBankReconciliation: a statement imported, matched automatically by
// amount and date (±3 days) and by hand, and the 余额调节表 of the worked
// example, both sides 77,100.
func TestBankReconciliation(t *testing.T) {
	db := openDB(t)
	v, rows := bankExample(t, db)
	lines, bad := chamber.BankRows(rows)
	if len(bad) > 0 {
		t.Fatalf("rows: %+v", bad)
	}
	st, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "100201", FileName: "3月.xlsx", Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	if st.From != "2026-03-01" || st.To != "2026-03-31" || st.OpeningFen != 10000000 || st.ClosingFen != 7810000 {
		t.Fatalf("statement %+v", st)
	}
	if _, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "100201", Lines: lines}); errReason(err) != "statement_overlap" {
		t.Errorf("the same month twice: %v", err)
	}
	if _, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "520101", Lines: lines}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Errorf("not a bank account: %v", err)
	}
	n, err := db.AutoMatchBank(sysCtx, st.ID)
	if err != nil || n != 2 {
		t.Fatalf("auto match: %d %v", n, err)
	}
	if n, _ := db.AutoMatchBank(sysCtx, st.ID); n != 0 {
		t.Errorf("auto match again matched %d", n)
	}
	st, _ = db.FindBankStatement(sysCtx, st.ID)
	if st.Lines[0].VoucherID != v["dues"].ID || st.Lines[1].VoucherID != v["wages"].ID || st.Lines[2].VoucherID != 0 || st.Matched != 2 {
		t.Fatalf("matches %+v", st.Lines)
	}
	// The computer cleared 5 days after it was booked: by hand.
	lineOf := func(vc *chamber.Voucher) int {
		for _, l := range vc.Lines {
			if l.Account == "100201" {
				return l.LineNo
			}
		}
		return 0
	}
	if _, err := db.MatchBankLine(sysCtx, st.ID, chamber.BankMatch{LineID: st.Lines[2].ID, VoucherID: v["rent"].ID, LineNo: lineOf(v["rent"])}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Errorf("matching 8,000 to 6,000: %v", err)
	}
	if _, err := db.MatchBankLine(sysCtx, st.ID, chamber.BankMatch{LineID: st.Lines[3].ID, VoucherID: v["dues"].ID, LineNo: lineOf(v["dues"])}); chamber.ErrorCode(err) != chamber.ECONFLICT && chamber.ErrorCode(err) != chamber.EINVALID {
		t.Errorf("a book line matched twice: %v", err)
	}
	m, err := db.MatchBankLine(sysCtx, st.ID, chamber.BankMatch{LineID: st.Lines[2].ID, VoucherID: v["computer"].ID, LineNo: lineOf(v["computer"])})
	if err != nil || m.Match != "manual" {
		t.Fatalf("manual match: %+v %v", m, err)
	}
	if _, err := db.MatchBankLine(sysCtx, st.ID, chamber.BankMatch{LineID: st.Lines[2].ID, VoucherID: v["computer"].ID, LineNo: lineOf(v["computer"])}); errReason(err) != "already_matched" {
		t.Errorf("matched twice: %v", err)
	}
	rc, err := db.Reconcile(sysCtx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rc.BankFen != 7810000 || rc.BookFen != 7700000 || rc.BookInFen != 500000 || rc.BookOutFen != 600000 ||
		rc.BankInFen != 15000 || rc.BankOutFen != 5000 || rc.AdjustedBankFen != 7710000 || rc.AdjustedBookFen != 7710000 || !rc.Balanced {
		t.Fatalf("reconciliation %+v", rc)
	}
	if len(rc.BookItems) != 2 || len(rc.BankItems) != 2 {
		t.Errorf("items: books %+v bank %+v", rc.BookItems, rc.BankItems)
	}
	// Unmatched again, the computer is on both sides and they still agree.
	if _, err := db.UnmatchBankLine(sysCtx, st.ID, st.Lines[2].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UnmatchBankLine(sysCtx, st.ID, st.Lines[2].ID); errReason(err) != "not_matched" {
		t.Errorf("unmatch twice: %v", err)
	}
	rc, _ = db.Reconcile(sysCtx, st.ID)
	if len(rc.BookItems) != 3 || len(rc.BankItems) != 3 || !rc.Balanced || rc.AdjustedBankFen != 7710000-800000 {
		t.Errorf("after unmatch %+v", rc)
	}
	books, err := db.BankBookLines(sysCtx, st.ID)
	if err != nil || len(books) != 5 {
		t.Errorf("book lines %d %v", len(books), err)
	}
	// April: the donation booked on 03-30 reaches the bank on 04-01, matched
	// from the earlier month.
	apr, bad := chamber.BankRows([][]string{{"日期", "摘要", "金额", "余额"}, {"2026-04-01", "捐赠", "5000", "83100"}})
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	st2, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "100201", Lines: apr})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.AutoMatchBank(sysCtx, st2.ID); err != nil || n != 1 {
		t.Fatalf("April auto match: %d %v", n, err)
	}
	rc2, _ := db.Reconcile(sysCtx, st2.ID)
	if !rc2.Balanced || rc2.BookInFen != 0 {
		t.Errorf("April %+v", rc2)
	}
	// March still shows the donation as 企业已收银行未收: it cleared after March.
	if rc, _ = db.Reconcile(sysCtx, st.ID); rc.BookInFen != 500000 || !rc.Balanced {
		t.Errorf("March after April %+v", rc)
	}
}

// TestBankRows: bad cells are reported with their row numbers, and no
// line is returned.
func TestBankRows(t *testing.T) {
	_, bad := chamber.BankRows([][]string{{"摘要", "余额"}})
	if len(bad) != 2 {
		t.Errorf("missing columns: %+v", bad)
	}
	lines, bad := chamber.BankRows([][]string{
		{"日期", "摘要", "借方", "贷方", "余额"}, // the bank's 借方 is money out
		{"2026-03-01", "a", "", "100", "100"},
		{"2026-02-30", "b", "", "100", "200"},
		{"2026-03-02", "c", "50", "50", "150"},
		{"2026-03-03", "d", "abc", "", "150"},
		{"2026-03-04", "e", "10", "", "999"},
		{"", "", "", "", ""},
	})
	if lines != nil {
		t.Errorf("lines returned with errors: %+v", lines)
	}
	want := map[int]string{3: "date", 4: "amount", 5: "out", 6: "balance"}
	got := map[int]string{}
	for _, b := range bad {
		got[b.Row] = b.Field
	}
	for row, f := range want {
		if got[row] != f {
			t.Errorf("row %d: %q, want %q (all: %+v)", row, got[row], f, bad)
		}
	}
}

// TestDemoBankStatement: the demo's statement of last month is partly
// matched and its 余额调节表 agrees, with items on both sides.
func TestDemoBankStatement(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	ss, err := db.ListBankStatements(sysCtx)
	if err != nil || len(ss) != 1 {
		t.Fatalf("statements %d %v", len(ss), err)
	}
	st := ss[0]
	if st.Matched == 0 || st.Matched == st.Total {
		t.Errorf("matched %d of %d: want partly", st.Matched, st.Total)
	}
	rc, err := db.Reconcile(sysCtx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo %s…%s: bank %d books %d; +%d −%d | +%d −%d → %d = %d", st.From, st.To, rc.BankFen, rc.BookFen,
		rc.BookInFen, rc.BookOutFen, rc.BankInFen, rc.BankOutFen, rc.AdjustedBankFen, rc.AdjustedBookFen)
	if !rc.Balanced || rc.BankInFen == 0 || rc.BankOutFen == 0 || len(rc.BookItems) == 0 {
		t.Errorf("demo reconciliation %+v", rc)
	}
}

// TestBankReconcileProperty: for random books and a bank statement that
// clears some of their lines (on time, late or not at all) and adds its
// own, after the automatic match and random matches and unmatches by hand
// the 余额调节表 agrees, and every match pairs equal amounts.
func TestBankReconcileProperty(t *testing.T) {
	cases, max := 0, 40
	if os.Getenv("CHAMBER_TEST_POSTGRES_URL") != "" {
		max = 10
	}
	rapid.Check(t, func(rt *rapid.T) {
		if cases++; cases > max {
			return
		}
		db := openDB(t)
		if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
			Lines: []chamber.NewVoucherLine{dr("100201", 10000000), cr("3101", 10000000)}}); err != nil {
			rt.Fatalf("opening: %v", err)
		}
		var bank []chamber.BankStatementLine
		n := rapid.IntRange(1, 12).Draw(rt, "books")
		for i := 0; i < n; i++ {
			day := rapid.IntRange(1, 31).Draw(rt, "day")
			date := fmt.Sprintf("2026-03-%02d", day)
			amt := rapid.Int64Range(1, 300000).Draw(rt, "amount")
			in := rapid.Bool().Draw(rt, "in")
			lines := []chamber.NewVoucherLine{dr("520102", amt), cr("100201", amt)}
			if in {
				lines = []chamber.NewVoucherLine{dr("100201", amt), cr("420101", amt)}
			}
			if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Lines: lines}); err != nil {
				rt.Fatalf("post: %v", err)
			}
			if shift := rapid.IntRange(-1, 6).Draw(rt, "clears"); shift >= 0 && day+shift <= 31 {
				l := chamber.BankStatementLine{Date: fmt.Sprintf("2026-03-%02d", day+shift), Summary: "清算"}
				if in {
					l.InFen = amt
				} else {
					l.OutFen = amt
				}
				bank = append(bank, l)
			}
		}
		for i, k := 0, rapid.IntRange(0, 3).Draw(rt, "bank only"); i < k || len(bank) == 0; i++ {
			l := chamber.BankStatementLine{Date: fmt.Sprintf("2026-03-%02d", rapid.IntRange(1, 31).Draw(rt, "bank day")), Summary: "银行"}
			if rapid.Bool().Draw(rt, "bank in") {
				l.InFen = rapid.Int64Range(1, 5000).Draw(rt, "bank amount")
			} else {
				l.OutFen = rapid.Int64Range(1, 5000).Draw(rt, "bank amount")
			}
			bank = append(bank, l)
		}
		sort.SliceStable(bank, func(i, j int) bool { return bank[i].Date < bank[j].Date })
		bal := int64(10000000)
		for i := range bank {
			bal += bank[i].InFen - bank[i].OutFen
			bank[i].BalanceFen = bal
		}
		st, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "100201", Lines: bank})
		if err != nil {
			rt.Fatalf("import: %v", err)
		}
		if _, err := db.AutoMatchBank(sysCtx, st.ID); err != nil {
			rt.Fatalf("auto: %v", err)
		}
		books, err := db.BankBookLines(sysCtx, st.ID)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		st, _ = db.FindBankStatement(sysCtx, st.ID)
		for _, l := range st.Lines {
			switch {
			case l.VoucherID != 0 && rapid.Bool().Draw(rt, "unmatch"):
				if _, err := db.UnmatchBankLine(sysCtx, st.ID, l.ID); err != nil {
					rt.Fatalf("unmatch: %v", err)
				}
			case l.VoucherID == 0 && len(books) > 0:
				b := rapid.SampledFrom(books).Draw(rt, "book")
				_, err := db.MatchBankLine(sysCtx, st.ID, chamber.BankMatch{LineID: l.ID, VoucherID: b.VoucherID, LineNo: b.LineNo})
				if err == nil && (b.DebitFen != l.InFen || b.CreditFen != l.OutFen) {
					rt.Fatalf("matched %+v to %+v", l, b)
				}
			}
		}
		rc, err := db.Reconcile(sysCtx, st.ID)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		if !rc.Balanced || rc.AdjustedBankFen != rc.AdjustedBookFen {
			rt.Fatalf("not reconciled: %+v", rc)
		}
		if rc.BankFen != bal {
			rt.Fatalf("bank balance %d, statement ends at %d", rc.BankFen, bal)
		}
	})
}

// TestBankStatementManyLines: a statement longer than one multi-row INSERT
// keeps every line, in file order, numbered from 1, each with its own id,
// as stored and as read back.
func TestBankStatementManyLines(t *testing.T) {
	db := openDB(t)
	const n = 1203
	lines := make([]chamber.BankStatementLine, n)
	for i := range lines {
		lines[i] = chamber.BankStatementLine{Date: fmt.Sprintf("2026-05-%02d", 1+i%28), Summary: fmt.Sprintf("流水%04d", i), InFen: int64(100 + i)}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Date < lines[j].Date })
	bal := int64(0)
	for i := range lines {
		bal += lines[i].InFen
		lines[i].BalanceFen = bal
	}
	st, err := db.ImportBankStatement(sysCtx, chamber.NewBankStatement{Account: "100201", Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	read, err := db.FindBankStatement(sysCtx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range [][]chamber.BankStatementLine{st.Lines, read.Lines} {
		if len(got) != n {
			t.Fatalf("%d lines, want %d", len(got), n)
		}
		ids := map[chamber.ID]bool{}
		for i, l := range got {
			if l.LineNo != i+1 || l.Summary != lines[i].Summary || l.InFen != lines[i].InFen || l.ID == 0 || ids[l.ID] {
				t.Fatalf("line %d: %+v, want %+v", i, l, lines[i])
			}
			ids[l.ID] = true
		}
	}
}
