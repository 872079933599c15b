package web_test

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/web"
)

// fillChamber builds a large chamber straight into the tables (the
// benchmarks measure the reading, not the writing): members, events with
// registrations, requests, and vouchers through the posting path.
func fillChamber(b testing.TB, db *sqlstore.DB, members, vouchers, events, tickets int) {
	b.Helper()
	now := time.Now().UnixMicro()
	tiers := []string{"president", "vice_president", "standing_council", "council", "member"}
	statuses := []string{"active", "active", "active", "active", "active", "active", "active", "suspended", "withdrawn", "expelled"}
	bulk(b, db.Writer(), members, func(i int) (string, []any) {
		return `INSERT INTO members(member_no, kind, name, tier, joined_on, status, cert_code, created_at, updated_at) VALUES ($1, 'unit', $2, $3, $4, $5, $6, $7, $7)`,
			[]any{fmt.Sprintf("B%07d", i), fmt.Sprintf("会员企业%d", i), tiers[i%len(tiers)],
				fmt.Sprintf("%04d-%02d-%02d", 2020+i%7, i%12+1, i%28+1), statuses[i%len(statuses)], fmt.Sprintf("cert-%d", i), now}
	})
	kinds := chamber.EventKinds
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	bulk(b, db.Writer(), events, func(i int) (string, []any) {
		at := year + int64(i%360)*86400e6
		return `INSERT INTO events(id, kind, status, title, starts_at, ends_at, audience, created_at) VALUES ($1, $2, 'done', $3, $4, $5, 'all_members', $6)`,
			[]any{i + 1000, string(kinds[i%len(kinds)]), fmt.Sprintf("活动%d", i), at, at + 7200e6, now}
	})
	bulk(b, db.Writer(), events*5, func(i int) (string, []any) {
		var in any
		if i%3 != 0 {
			in = now
		}
		return `INSERT INTO event_registrations(event_id, attendee_name, phone, channel, status, code, created_at, checked_in_at) VALUES ($1, '参会人', $2, 'staff', 'confirmed', $3, $4, $5)`,
			[]any{i/5 + 1000, fmt.Sprintf("138%08d", i), fmt.Sprintf("code-%d", i), now, in}
	})
	tk := []string{"inquiry", "complaint", "legal_aid", "policy", "financing", "petition", "rights"}
	bulk(b, db.Writer(), tickets, func(i int) (string, []any) {
		at := year + int64(i%360)*86400e6
		status, rating := "open", 0
		var res any
		if i%4 != 0 {
			status, res, rating = "resolved", at+86400e6*int64(i%9), i%5+1
		}
		return `INSERT INTO tickets(kind, status, channel, subject, body, created_at, first_due_at, due_at, resolved_at, rating) VALUES ($1, $2, 'staff', '诉求', '', $3, $4, $5, $6, $7)`,
			[]any{tk[i%len(tk)], status, at, at + 86400e6, at + 5*86400e6, res, rating}
	})
	// Vouchers straight into the ledger's tables (the chain is not checked
	// here; BenchmarkPost100kAndStatements measures the posting path).
	accounts := []struct{ dr, cr string }{{"1002", "4201"}, {"520102", "1001"}, {"1001", "1002"}, {"5101", "1002"},
		{"100201", "410102"}, {"1501", "2202"}, {"2202", "1002"}, {"1002", "4401"}}
	cash := func(code string) bool { return strings.HasPrefix(code, "1001") || strings.HasPrefix(code, "1002") }
	bulk(b, db.Writer(), vouchers, func(i int) (string, []any) {
		date := fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1)
		a := accounts[i%len(accounts)]
		return `INSERT INTO vouchers(id, number, period, date, summary, kind, total_fen, moves_cash, created_at, created_by, creator, prev_hash, hash)
			VALUES ($1, $2, $3, $4, '批量', 'general', $5, $6, $7, 0, 'bench', '', '')`,
			[]any{i + 1_000_000, fmt.Sprintf("B-%d", i), date[:7], date, int64(1000 + i%97*100), cash(a.dr) || cash(a.cr), now}
	})
	bulk(b, db.Writer(), 2*vouchers, func(j int) (string, []any) {
		i := j / 2
		date := fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1)
		a := accounts[i%len(accounts)]
		amt := int64(1000 + i%97*100)
		acct, dr, cr := a.dr, amt, int64(0)
		if j%2 == 1 {
			acct, dr, cr = a.cr, 0, amt
		}
		return `INSERT INTO voucher_lines(voucher_id, line_no, account, date, debit_fen, credit_fen, memo, moves_cash) VALUES ($1, $2, $3, $4, $5, $6, '', $7)`,
			[]any{i + 1_000_000, j%2 + 1, acct, date, dr, cr, cash(a.dr) || cash(a.cr)}
	})
	// A chamber's database of this size has been vacuumed and analysed
	// since it grew (autovacuum does it after large inserts): the plans and
	// index-only scans measured are those it would have.
	if db.Dialect == sqlstore.Postgres {
		if _, err := db.Writer().Exec(`VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
}

// bulk runs n inserts in transactions of 5,000.
func bulk(b testing.TB, w *sql.DB, n int, row func(i int) (string, []any)) {
	b.Helper()
	for start := 0; start < n; start += 5000 {
		tx, err := w.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for i := start; i < n && i < start+5000; i++ {
			q, args := row(i)
			if _, err := tx.Exec(q, args...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnualReportLarge: the annual report and the dashboards of a
// chamber of 100,000 members, 100,000 vouchers, 10,000 events with 50,000
// registrations and 50,000 requests (CHAMBER_BENCH_MEMBERS scales the
// members down, CHAMBER_BENCH_VOUCHERS the vouchers). Reports the report's
// and each dashboard page's time, the department dashboards (all eight, as
// the administrator), the 年报 and a statistic; dashboard-cold-ms and
// department-cold-ms are the first views (templates compiled), the cold-*
// metrics each dashboard computed from scratch as after a write (issue 19:
// each under 200 ms).
func BenchmarkAnnualReportLarge(b *testing.B) {
	n := benchMembers()
	srv, db, _ := benchServer(b, password.New(password.Fast, 0))
	t0 := time.Now()
	fillChamber(b, db, n, benchVouchers(), 10_000, 50_000)
	b.Logf("built in %s", time.Since(t0).Round(time.Millisecond))
	secret, err := db.CreateSession(sysCtx, 1)
	if err != nil {
		b.Fatal(err)
	}
	page := func(path string) time.Duration {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: "chamber_session", Value: secret})
		t := time.Now()
		resp, err := noRedirect.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<") {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return time.Since(t)
	}
	cold := page("/dashboard?year=2026") // compiles; later views reuse it while nothing is written
	deptCold := page("/dashboard/department?year=2026")
	b.ResetTimer()
	var rep, dash, sup, print, dept, auth, stat time.Duration
	for i := 0; i < b.N; i++ {
		t := time.Now()
		r, err := db.AnnualReport(sysCtx, 2026)
		if err != nil {
			b.Fatal(err)
		}
		rep += time.Since(t)
		if r.Members.Total == 0 || r.Events.Total != 10_000 || r.Services.Total != 50_000 {
			b.Fatalf("report %+v", r)
		}
		dash += page("/dashboard?year=2026")
		sup += page("/dashboard/supervisory?year=2026")
		print += page("/reports/annual?year=2026")
		dept += page("/dashboard/department?year=2026")
		auth += page("/reports/authority?year=2026")
		stat += page("/reports/statistics?measure=tickets&breakdown=month&year=2026")
	}
	b.StopTimer()
	coldDash, coldSup, coldDept, coldDeptMax := coldViews(b, db, page)
	b.ReportMetric(coldDash, "cold-dashboard-ms")
	b.ReportMetric(coldSup, "cold-supervisory-ms")
	b.ReportMetric(coldDept, "cold-departments-ms")
	b.ReportMetric(coldDeptMax, "cold-department-max-ms")
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(float64(cold.Microseconds())/1000, "dashboard-cold-ms")
	b.ReportMetric(float64(deptCold.Microseconds())/1000, "department-cold-ms")
	b.ReportMetric(ms(rep), "report-ms")
	b.ReportMetric(ms(dash), "dashboard-ms")
	b.ReportMetric(ms(sup), "supervisory-ms")
	b.ReportMetric(ms(print), "print-ms")
	b.ReportMetric(ms(dept), "department-dashboards-ms")
	b.ReportMetric(ms(auth), "authority-report-ms")
	b.ReportMetric(ms(stat), "statistic-ms")
}

// coldViews times each dashboard computed from scratch, as the first view
// after a write sees it (the caches emptied before each view): /dashboard,
// /dashboard/supervisory, /dashboard/department with every department and
// the slowest of each department's own. Each is the median of three views.
func coldViews(b testing.TB, db *sqlstore.DB, page func(string) time.Duration) (dash, sup, all, deptMax float64) {
	b.Helper()
	cold := func(path string) float64 {
		var ds []float64
		for range 3 {
			web.ForgetDashboards()
			ds = append(ds, float64(page(path).Microseconds())/1000)
		}
		slices.Sort(ds)
		b.Logf("cold %s: %.1f ms (of %v)", path, ds[1], ds)
		return ds[1]
	}
	dash = cold("/dashboard?year=2026")
	sup = cold("/dashboard/supervisory?year=2026")
	all = cold("/dashboard/department?year=2026")
	depts, err := db.DeptDashboards(sysCtx, 2026)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range depts {
		deptMax = max(deptMax, cold("/dashboard/department?year=2026&dept="+d.Code))
	}
	return dash, sup, all, deptMax
}

// benchVouchers is 100,000 unless CHAMBER_BENCH_VOUCHERS says otherwise.
func benchVouchers() int {
	if n, err := strconv.Atoi(os.Getenv("CHAMBER_BENCH_VOUCHERS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}
