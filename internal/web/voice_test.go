package web_test

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

var _ = addRouteAccess(map[string]string{
	"GET /reports/voice":                     "ticket.handle",
	"POST /tickets/{id}/typical-case":        "ticket.handle",
	"GET /api/v1/reports/voice":              "ticket.handle",
	"POST /api/v1/tickets/{id}/typical-case": "ticket.handle",
	"GET /api/v1/typical-cases":              "ticket.handle",
})

// TestVoiceReport counts a period's requests by kind, industry, region and
// outcome, and turns a resolved one into an anonymised typical case that
// waits for the announcement approval; printed and as xlsx.
func TestVoiceReport(t *testing.T) {
	e := legalEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "温州鹿城鞋业有限公司", ContactName: "林总", Phone: "13812345679", Industry: "轻工业", Region: "温州"}); err != nil {
		t.Fatal(err)
	}
	file := func(kind string, member int, subject string) chamber.Ticket {
		var tk chamber.Ticket
		decodeInto(t, e.do("office", "POST", "/api/v1/tickets", map[string]any{"kind": kind, "member_id": member, "subject": subject, "body": "华南科技有限公司孙经理来电：" + subject}), 201, &tk)
		return tk
	}
	a := file("legal_aid", 1, "货款被拖欠")
	b := file("policy", 3, "出口退税政策")
	c := file("complaint", 1, "展位安排")
	if _, err := e.db.CreateTicket(context.Background(), chamber.NewTicket{Kind: "petition", Subject: "噪音", Body: "活动扰民", RequesterName: "周女士", RequesterPhone: "13857700123"}); err != nil {
		t.Fatal(err) // the public 信访 form
	}
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "广东正义律师事务所"}), 201, &law)
	path := func(tk chamber.Ticket, x string) string { return "/api/v1/tickets/" + strconv.FormatInt(tk.ID, 10) + x }
	decodeInto(t, e.do("office", "POST", path(a, "/refer"), map[string]any{"contact_id": law.ID, "note": "请律师跟进"}), 200, nil)
	decodeInto(t, e.do("office", "POST", path(a, "/resolve"), map[string]any{"outcome": "经律师函催告，华南科技有限公司收回货款。"}), 200, nil)
	decodeInto(t, e.do("office", "POST", path(b, "/resolve"), map[string]any{"outcome": "已寄送政策解读。"}), 200, nil)

	var rep chamber.VoiceReport
	decodeInto(t, e.do("sg", "GET", "/api/v1/reports/voice", nil), 200, &rep)
	by := func(gs []chamber.VoiceGroup, key string) chamber.VoiceGroup {
		for _, g := range gs {
			if g.Key == key {
				return g
			}
		}
		return chamber.VoiceGroup{}
	}
	if rep.Total.Count != 4 || rep.Total.Resolved != 2 || rep.Total.OnTime != 2 || rep.Total.OnTimeShare != 1 {
		t.Fatalf("total: %+v", rep.Total)
	}
	if by(rep.ByKind, "legal_aid").Count != 1 || by(rep.ByKind, "petition").Count != 1 || len(rep.ByKind) != 4 {
		t.Fatalf("by kind: %+v", rep.ByKind)
	}
	if g := by(rep.ByIndustry, "制造业"); g.Count != 2 || g.Resolved != 1 || by(rep.ByIndustry, "轻工业").Count != 1 || by(rep.ByIndustry, "").Count != 1 {
		t.Fatalf("by industry: %+v", rep.ByIndustry)
	}
	if by(rep.ByRegion, "东莞").Count != 2 || by(rep.ByRegion, "温州").Count != 1 {
		t.Fatalf("by region: %+v", rep.ByRegion)
	}
	if by(rep.ByOutcome, "referred").Count != 1 || by(rep.ByOutcome, "resolved").Count != 1 || by(rep.ByOutcome, "pending").Count != 2 {
		t.Fatalf("by outcome: %+v", rep.ByOutcome)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/reports/voice?from=2000-01-01&to=2000-12-31", nil), 200, &rep)
	if rep.Total.Count != 0 || len(rep.ByKind) != 0 {
		t.Fatalf("an empty period: %+v", rep)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/reports/voice?from=2026-13-01", nil), 422, nil)
	decodeInto(t, e.do("sg", "GET", "/api/v1/reports/voice?from=2026-12-01&to=2026-01-01", nil), 422, nil)
	decodeInto(t, e.do("member", "GET", "/api/v1/reports/voice", nil), 403, nil)

	// A typical case: only of a resolved request, once, anonymised on request.
	decodeInto(t, e.do("office", "POST", path(c, "/typical-case"), map[string]any{"anonymise": true}), 409, nil)
	decodeInto(t, e.do("member", "POST", path(a, "/typical-case"), map[string]any{"anonymise": true}), 403, nil)
	var tc chamber.TypicalCase
	decodeInto(t, e.do("office", "POST", path(a, "/typical-case"), map[string]any{"anonymise": true}), 201, &tc)
	if tc.AnnouncementID == 0 || tc.AnnouncementStatus != "draft" || !tc.Anonymised || tc.TicketID != a.ID {
		t.Fatalf("typical case: %+v", tc)
	}
	decodeInto(t, e.do("office", "POST", path(a, "/typical-case"), nil), 409, nil)
	ann := "/api/v1/announcements/" + strconv.FormatInt(tc.AnnouncementID, 10)
	var draft chamber.Announcement
	decodeInto(t, e.do("sg", "GET", ann, nil), 200, &draft)
	if draft.Status != "draft" || draft.Kind != "disclosure" || strings.Contains(draft.Body+draft.Title, "华南科技") || strings.Contains(draft.Body, "孙经理") ||
		!strings.Contains(draft.Body, chamber.AnonymousMember) || !strings.Contains(draft.Body, "收回货款") {
		t.Fatalf("draft: %+v", draft)
	}
	var marked chamber.Ticket
	decodeInto(t, e.do("office", "GET", path(a, ""), nil), 200, &marked)
	if marked.TypicalCaseAnnID != tc.AnnouncementID {
		t.Fatalf("ticket link: %+v", marked)
	}
	if body := readBody(t, e.do("member", "GET", path(a, ""), nil)); strings.Contains(body, "typical_case_announcement_id") {
		t.Fatalf("the member sees the typical case: %s", body)
	}
	if inbox := readBody(t, e.do("sg", "GET", "/api/v1/inbox", nil)); !strings.Contains(inbox, "典型事例待审核") {
		t.Fatalf("the approver's inbox: %s", inbox)
	}
	// Nothing is published without the approval, although this chamber
	// does not require it for other announcements.
	if resp := e.do("office", "POST", ann+"/publish", nil); resp.StatusCode != 409 || decodeErr(t, resp).Error.Code != "approval_required" {
		t.Fatalf("published unapproved: %d", resp.StatusCode)
	}
	decodeInto(t, e.do("sg", "POST", ann+"/approve", nil), 200, nil)
	decodeInto(t, e.do("office", "POST", ann+"/publish", nil), 200, nil)
	decodeInto(t, e.do("sg", "GET", "/api/v1/reports/voice", nil), 200, &rep)
	if len(rep.Cases) != 1 || rep.Cases[0].AnnouncementStatus != "published" {
		t.Fatalf("cases: %+v", rep.Cases)
	}
	var cases struct{ Items []chamber.TypicalCase }
	decodeInto(t, e.do("sg", "GET", "/api/v1/typical-cases", nil), 200, &cases)
	if len(cases.Items) != 1 {
		t.Fatalf("typical cases: %+v", cases)
	}

	// Printed and as xlsx.
	br := e.browser("")
	e.login(br, "sg")
	resp, err := br.Get(e.srv.URL + "/reports/voice")
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "会员呼声报告") || !strings.Contains(page, "转介外部机构后办结") || !strings.Contains(page, `data-total="4"`) {
		t.Fatalf("page: %d %s", resp.StatusCode, page)
	}
	if resp, err = br.Get(e.srv.URL + "/reports/voice?from=2026-12-31&to=2026-01-01"); err != nil || resp.StatusCode != 422 {
		t.Fatalf("bad period page: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if resp, err = br.Get(e.srv.URL + "/reports/voice?format=xlsx"); err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %s", resp.Header.Get("Content-Type"))
	}
	rows, err := sheet.Read("voice.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) >= 5 && r[0] == "法律维权" && r[1] == "1" && r[4] == "100.0%" {
			found = true
		}
	}
	if !found {
		t.Fatalf("xlsx rows: %v", rows)
	}
}
