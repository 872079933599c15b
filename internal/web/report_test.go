package web_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
	"github.com/xuri/excelize/v2"
)

// demoEnv is a server on the demo chamber with tokens for some demo logins.
func demoEnv(t *testing.T, logins ...string) *env {
	t.Helper()
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(testLogOut(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	e := &env{t: t, db: db, srv: srv, tokens: map[string]string{}}
	for _, name := range logins {
		u, err := db.FindUserByUsername(sysCtx, name)
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := db.CreateToken(sysCtx, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[name] = secret
	}
	return e
}

// getJSON is GET path as role into v, failing on any status but 200.
func (e *env) getJSON(role, path string, v any) {
	e.t.Helper()
	resp := e.do(role, "GET", path, nil)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, readBody(e.t, resp))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
}

// walk pages through a list API (limit 50) and hands each item to fn.
func walk[T any](e *env, role, path string, fn func(T)) {
	e.t.Helper()
	cursor := ""
	for page := 0; ; page++ {
		if page > 1000 {
			e.t.Fatalf("%s: too many pages", path)
		}
		sep := "?"
		if u, _ := url.Parse(path); u != nil && u.RawQuery != "" {
			sep = "&"
		}
		var l struct {
			Items      []T    `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		e.getJSON(role, path+sep+"limit=50&cursor="+url.QueryEscape(cursor), &l)
		for _, it := range l.Items {
			fn(it)
		}
		if l.NextCursor == "" {
			return
		}
		cursor = l.NextCursor
	}
}

// TestAnnualReportMatchesLists: every figure of GET /api/v1/reports/annual
// equals what the list APIs hold for that year, counted here by walking
// them page by page, on the demo chamber.
func TestAnnualReportMatchesLists(t *testing.T) {
	e := demoEnv(t, "admin", "huizhang", "mishuzhang", "jianshi", "qiye")
	loc, _ := time.LoadLocation(chamber.DefaultTimeZone)
	year := time.Now().In(loc).Year()
	// One member withdraws and one is suspended, so "left" and the statuses are not all zero.
	var page struct {
		Items []chamber.Member `json:"items"`
	}
	e.getJSON("admin", "/api/v1/members?status=active&limit=2", &page)
	for i, st := range []string{"withdrawn", "suspended"} {
		resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/members/%d/status", page.Items[i].ID), map[string]any{"status": st, "reason": "本人申请"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %s: %d %s", st, resp.StatusCode, readBody(t, resp))
		}
		resp.Body.Close()
	}
	for _, y := range []int{year, year - 1} {
		t.Run(fmt.Sprint(y), func(t *testing.T) { checkAnnualReport(t, e, y, loc) })
	}
	// Who may read it: the 监事会 yes, a member's portal login no; a bad year is a field error.
	var rep chamber.AnnualReport
	e.getJSON("jianshi", fmt.Sprintf("/api/v1/reports/annual?year=%d", year), &rep)
	if r := e.do("qiye", "GET", "/api/v1/reports/annual", nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("portal login: %d", r.StatusCode)
	}
	if r := e.do("admin", "GET", "/api/v1/reports/annual?year=abc", nil); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad year: %d", r.StatusCode)
	}
}

func checkAnnualReport(t *testing.T, e *env, year int, loc *time.Location) {
	var rep chamber.AnnualReport
	e.getJSON("admin", fmt.Sprintf("/api/v1/reports/annual?year=%d", year), &rep)
	var head chamber.AuditHead
	e.getJSON("admin", "/api/v1/audit/head", &head)
	if rep.AuditHead != head {
		t.Errorf("audit_head %+v, want %+v", rep.AuditHead, head)
	}
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	inYear := func(at time.Time) bool { return at.In(loc).Year() == year }

	// Members.
	want := chamber.ReportMembers{ByTier: map[string]int{}, ByStatus: map[string]int{}}
	var gone []chamber.ID
	walk(e, "admin", "/api/v1/members", func(m chamber.Member) {
		if m.JoinedOn > to {
			return
		}
		recs, err := e.db.MemberStatusRecords(sysCtx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
		for _, r := range recs { // the status at 31 December: undo later decisions
			if r.DecidedOn > to {
				m.Status = r.From
				break
			}
		}
		want.ByStatus[string(m.Status)]++
		if m.Status == chamber.StatusActive || m.Status == chamber.StatusSuspended {
			want.Total++
			want.ByTier[m.Tier]++
		} else {
			gone = append(gone, m.ID)
		}
		if m.JoinedOn >= from {
			want.Joined++
		}
	})
	for _, id := range gone { // left: the decision to withdraw or expel dated in the year
		recs, err := e.db.MemberStatusRecords(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if (r.To == chamber.StatusWithdrawn || r.To == chamber.StatusExpelled) && r.DecidedOn >= from && r.DecidedOn <= to {
				want.Left++
				break
			}
		}
	}
	// Members who joined after the year are not in it, but may have left in it: none in the demo.
	if got := rep.Members; !sameJSON(got, want) {
		t.Errorf("members %s, lists say %s", rjs(got), rjs(want))
	}
	if year == time.Now().In(loc).Year() && rep.Members.Total == 0 {
		t.Error("the demo has members")
	}

	// Bodies: meetings held (opened) in the year, people checked in.
	bodies := map[string]chamber.ReportBody{}
	walk(e, "admin", "/api/v1/meetings", func(m chamber.Meeting) {
		if !inYear(m.StartsAt) || m.OpenedAt == nil {
			return
		}
		var q chamber.Quorum
		e.getJSON("admin", fmt.Sprintf("/api/v1/meetings/%d/quorum", m.ID), &q)
		b := bodies[m.Body]
		b.Name = m.BodyName
		b.Meetings++
		b.Attendance += int(q.Present)
		b.Represented += int(q.Represented)
		bodies[m.Body] = b
	})
	if !sameJSON(rep.Bodies, bodies) {
		t.Errorf("bodies %s, lists say %s", rjs(rep.Bodies), rjs(bodies))
	}

	// Events of the year that were held or are to be held, and who came.
	ev := chamber.ReportEvents{ByKind: map[string]int{}}
	walk(e, "admin", fmt.Sprintf("/api/v1/events?year=%d", year), func(x chamber.Event) {
		if x.Status == chamber.EventDraft || x.Status == chamber.EventCancelled || !inYear(x.StartsAt) {
			return
		}
		var st struct {
			CheckedIn int `json:"checked_in"`
		}
		e.getJSON("admin", fmt.Sprintf("/api/v1/events/%d/stats", x.ID), &st)
		ev.Total++
		ev.ByKind[string(x.Kind)]++
		ev.Participants += st.CheckedIn
	})
	if !sameJSON(rep.Events, ev) {
		t.Errorf("events %s, lists say %s", rjs(rep.Events), rjs(ev))
	}

	// Services: requests filed in the year.
	sv := chamber.ReportServices{ByKind: map[string]int{}}
	sum := 0
	walk(e, "admin", "/api/v1/tickets", func(x chamber.Ticket) {
		if !inYear(x.CreatedAt) {
			return
		}
		sv.Total++
		sv.ByKind[string(x.Kind)]++
		if x.Status == chamber.TicketResolved {
			sv.Resolved++
			if x.ResolvedAt != nil && !x.ResolvedAt.After(x.DueAt) {
				sv.ResolvedOnTime++
			}
		}
		if x.Rating > 0 {
			sv.Rated++
			sum += x.Rating
		}
	})
	if sv.Rated > 0 {
		sv.SatisfactionAvg = math.Round(float64(sum)*100/float64(sv.Rated)) / 100
	}
	if !sameJSON(rep.Services, sv) {
		t.Errorf("services %s, lists say %s", rjs(rep.Services), rjs(sv))
	}

	// Documents: each login sees what it may read; together they see all.
	seen := map[chamber.ID]bool{}
	var docs chamber.ReportDocuments
	for _, who := range []string{"admin", "huizhang", "mishuzhang"} {
		walk(e, who, "/api/v1/documents", func(d chamber.Document) {
			if seen[d.ID] {
				return
			}
			seen[d.ID] = true
			if d.Direction == "outgoing" && d.IssuedAt != nil && inYear(*d.IssuedAt) {
				docs.Issued++
			}
			if d.Direction == "incoming" && d.ReceivedOn >= from && d.ReceivedOn <= to {
				docs.Received++
			}
		})
	}
	if rep.Documents != docs {
		t.Errorf("documents %+v, lists say %+v", rep.Documents, docs)
	}

	// Finance: the statements of the year.
	var act chamber.Activities
	e.getJSON("admin", "/api/v1/finance/reports/activities?from="+from+"&to="+to, &act)
	var bs chamber.BalanceSheet
	e.getJSON("admin", "/api/v1/finance/reports/balance-sheet?date="+to, &bs)
	var cf chamber.CashFlow
	e.getJSON("admin", "/api/v1/finance/reports/cash-flow?from="+from+"&to="+to, &cf)
	fin := chamber.ReportFinance{IncomeFen: act.TotalIncome.AmountFen, ExpensesFen: act.TotalExpenses.AmountFen,
		NetAssetsFen: bs.TotalNetAssetsFen, TotalAssetsFen: bs.TotalAssetsFen, CashFen: cf.ClosingCashFen}
	if rep.Finance != fin {
		t.Errorf("finance %+v, statements say %+v", rep.Finance, fin)
	}
	// Cooperation: offers posted in the year and approved, introductions made in it.
	var co chamber.ReportCooperation
	walk(e, "admin", "/api/v1/offers?status=approved", func(o chamber.Offer) {
		if inYear(o.CreatedAt) {
			co.Offers++
		}
	})
	walk(e, "admin", "/api/v1/introductions?status=introduced", func(x chamber.Introduction) {
		if x.IntroducedOn >= from && x.IntroducedOn <= to {
			co.Introduced++
		}
	})
	if rep.Cooperation != co {
		t.Errorf("cooperation %+v, lists say %+v", rep.Cooperation, co)
	}
	t.Logf("%d: offers %d, introduced %d", year, co.Offers, co.Introduced)
	t.Logf("%d: members %d (+%d −%d), bodies %d, events %d (%d came), tickets %d, documents %d/%d, income %d",
		year, rep.Members.Total, rep.Members.Joined, rep.Members.Left, len(rep.Bodies), rep.Events.Total, rep.Events.Participants,
		rep.Services.Total, rep.Documents.Issued, rep.Documents.Received, rep.Finance.IncomeFen)
}

func rjs(v any) string { b, _ := json.Marshal(v); return string(b) }

func sameJSON(a, b any) bool { return rjs(a) == rjs(b) }

// TestAnnualReportPrintAndXLSX: the printable page holds the sections and
// the audit chain head; the workbook holds the same figures as numbers.
func TestAnnualReportPrintAndXLSX(t *testing.T) {
	e := demoEnv(t, "admin", "jianshi")
	loc, _ := time.LoadLocation(chamber.DefaultTimeZone)
	year := time.Now().In(loc).Year()
	var rep chamber.AnnualReport
	e.getJSON("admin", fmt.Sprintf("/api/v1/reports/annual?year=%d", year), &rep)
	c := e.browser("zh-CN")
	demoLogin(t, e, c, "jianshi")
	resp, err := c.Get(e.srv.URL + fmt.Sprintf("/reports/annual?year=%d", year))
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 200 {
		t.Fatalf("page: %d %s", resp.StatusCode, body)
	}
	var head chamber.AuditHead // the login itself was audited: the head now
	e.getJSON("admin", "/api/v1/audit/head", &head)
	for _, want := range []string{"年度工作报告", "二、会员情况", "七、财务状况", head.Hash, fmt.Sprintf(">%d<", rep.Members.Total), chamber.FormatYuan(rep.Finance.IncomeFen)} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	resp, err = c.Get(e.srv.URL + fmt.Sprintf("/reports/annual?year=%d&format=xlsx", year))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	f, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			got[r[0]] = r[1]
		}
	}
	if got["会员总数（12月31日，含暂停）"] != fmt.Sprint(rep.Members.Total) {
		t.Errorf("xlsx members %q, want %d", got["会员总数（12月31日，含暂停）"], rep.Members.Total)
	}
	if v, err := strconv.ParseFloat(got["本年收入合计"], 64); err != nil || int64(math.Round(v*100)) != rep.Finance.IncomeFen {
		t.Errorf("xlsx income %q, want %d fen", got["本年收入合计"], rep.Finance.IncomeFen)
	}
	if got["链头哈希"] != head.Hash {
		t.Errorf("xlsx hash %q", got["链头哈希"])
	}
}

// demoLogin signs a browser in as a demo login.
func demoLogin(t *testing.T, e *env, c *http.Client, username string) {
	t.Helper()
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {username}, "password": {demo.Password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
}

// TestDashboardPages: the dashboards render their figures and charts, each
// chart with <title>, <desc> and a table, each figure a link to its list;
// the supervisory view has no member or request figures.
func TestDashboardPages(t *testing.T) {
	e := demoEnv(t, "admin")
	var d chamber.Dashboard
	e.getJSON("admin", "/api/v1/reports/dashboard", &d)
	if d.Report == nil || d.Report.Members.Total == 0 || len(d.MemberTrend) == 0 || d.DuesInvoices == 0 {
		t.Fatalf("dashboard %s", rjs(d))
	}
	if last := d.MemberTrend[len(d.MemberTrend)-1]; last.Total > d.Report.Members.Total {
		t.Errorf("trend ends at %d, members %d", last.Total, d.Report.Members.Total)
	}
	c := e.browser("zh-CN")
	demoLogin(t, e, c, "mishuzhang")
	get := func(path string) string {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		return body
	}
	body := get("/dashboard")
	for _, want := range []string{"<svg", "<title id=\"chart-tiers-t\">", "<desc id=\"chart-trend-d\">", "<details class=\"chart-data\">",
		`href="/tickets?overdue=true"`, `href="/members?tier=`, "会费收缴率", "预算执行率", `href="/dashboard"`, `href="/reports/annual"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/dashboard lacks %q", want)
		}
	}
	// A write (audited) shows at once, though the dashboard is kept between views.
	tile := func(n int) string {
		return fmt.Sprintf(`<a class="tile" href="/members"><span class="tile-n">%d</span>`, n)
	}
	if !strings.Contains(body, tile(d.Report.Members.Total)) {
		t.Fatalf("members tile %d missing", d.Report.Members.Total)
	}
	resp := e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "新会员甲", "joined_on": d.Today})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create member: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	if body := get("/dashboard"); !strings.Contains(body, tile(d.Report.Members.Total+1)) {
		t.Errorf("dashboard did not see the new member")
	}
	body = get("/dashboard/supervisory")
	if !strings.Contains(body, "监事会看板") || strings.Contains(body, "chart-tiers") || !strings.Contains(body, `href="/audit"`) {
		t.Errorf("supervisory view: %s", body)
	}
}

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/reports/annual":    "audit.read",
	"GET /reports/annual":           "audit.read",
	"GET /api/v1/reports/dashboard": "audit.read",
	"GET /dashboard":                "audit.read",
	"GET /dashboard/supervisory":    "audit.read",
})
