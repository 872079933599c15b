package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/pdftest"
)

// TestPDFAttachmentSearch: the text of an uploaded PDF is found by two
// characters and by pinyin, by those who may read its owner only.
func TestPDFAttachmentSearch(t *testing.T) {
	e, _ := docEnv(t)
	var staffOnly chamber.KBCollection
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge", map[string]any{"name": "内部资料汇编", "audience": "staff"}), 201, &staffOnly)
	var item chamber.KBItem
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge/"+strconv.FormatInt(staffOnly.ID, 10)+"/items", map[string]any{"title": "兄弟商会经验"}), 201, &item)
	pdf := pdftest.New([][]string{{"第一页"}, {"异地商会党建工作经验交流材料"}})
	decodeInto(t, e.upload("author", "kb_item", item.ID, "经验交流.pdf", pdf), 201, nil)
	var found struct{ Items []chamber.SearchHit }
	for _, q := range []string{"党建", "dangjian", "djgz"} {
		decodeInto(t, e.do("reader", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil), 200, &found)
		if len(found.Items) != 1 || found.Items[0].Kind != "attachment" || found.Items[0].OwnerID != item.ID {
			t.Fatalf("%s: %+v", q, found.Items)
		}
	}
	if !strings.Contains(found.Items[0].Snippet, "党建工作") {
		t.Fatalf("snippet %q", found.Items[0].Snippet)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/search?q="+url.QueryEscape("党建"), nil), 200, &found)
	if len(found.Items) != 0 {
		t.Fatalf("a member finds a staff PDF: %+v", found.Items)
	}
}

// TestSearchEverything: announcements by their audience (a draft only to
// their writers), minutes by their meeting's visibility, archive records
// to their keepers; title hits before text hits, newest first within each.
func TestSearchEverything(t *testing.T) {
	e, _ := docEnv(t)
	if m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "会员甲"}); err != nil || m.ID != 1 {
		t.Fatalf("the member login's member: %v %v", m, err) // an active member receives all_members
	}
	var pub, draft chamber.Announcement
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "关于召开跨境电商年会的通知", "body": "各会员单位：定于下月召开。", "audience": "all_members"}), 201, &pub)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements/"+strconv.FormatInt(pub.ID, 10)+"/publish", nil), 200, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "培训安排（草稿）", "body": "跨境电商培训", "audience": "all_members"}), 201, &draft)
	m, err := e.db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: chamber.BodyCouncil, Title: "第三届理事会第五次会议", StartsAt: time.Now().AddDate(0, 1, 0), OverrideNotice: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveMinutes(sysCtx, m.ID, "会议审议通过了设立跨境电商专业委员会的方案。"); err != nil {
		t.Fatal(err)
	}
	var rec chamber.ArchiveRecord
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "announcement", "source_id": pub.ID, "category": "综合类", "retention": "10y"}), 201, &rec)
	kinds := func(who, q string) map[string][]chamber.ID {
		t.Helper()
		var found struct{ Items []chamber.SearchHit }
		decodeInto(t, e.do(who, "GET", "/api/v1/search?q="+url.QueryEscape(q), nil), 200, &found)
		out := map[string][]chamber.ID{}
		for _, h := range found.Items {
			out[h.Kind] = append(out[h.Kind], h.ID)
		}
		return out
	}
	got := kinds("member", "跨境")
	if len(got["announcement"]) != 1 || got["announcement"][0] != pub.ID || len(got["minutes"]) != 0 || len(got["archive"]) != 0 {
		t.Fatalf("member finds %v", got)
	}
	if got := kinds("admin", "kuajing"); len(got["announcement"]) != 2 || len(got["minutes"]) != 1 || got["minutes"][0] != m.ID {
		t.Fatalf("admin finds %v", got)
	}
	if got := kinds("author", "kjds"); len(got["archive"]) != 1 || got["archive"][0] != rec.ID {
		t.Fatalf("the keeper finds %v", got)
	}
	if got := kinds("reader", "跨境"); len(got) != 0 {
		t.Fatalf("a login outside the audience, the council and the archive finds %v", got)
	}
	if got := kinds("author", rec.ArchiveNo); len(got["archive"]) != 1 {
		t.Fatalf("by 档号 %s: %v", rec.ArchiveNo, got)
	}

	// Ranking among documents: the two title hits (the newer first), then
	// the newest text hit, though it is newer than both.
	doc := func(title, body string) chamber.ID {
		var d chamber.Document
		decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "notice", "title": title, "body": body, "classification": "internal"}), 201, &d)
		return d.ID
	}
	older := doc("关于会费标准的请示", "按章程办理。")
	newer := doc("会费收缴情况的报告", "详见附表。")
	text := doc("年度工作要点", "第三条 调整会费标准。")
	var found struct{ Items []chamber.SearchHit }
	decodeInto(t, e.do("author", "GET", "/api/v1/search?q="+url.QueryEscape("会费"), nil), 200, &found)
	var order []chamber.ID
	for _, h := range found.Items {
		if h.Kind == "document" {
			order = append(order, h.ID)
		}
	}
	if len(order) != 3 || order[0] != newer || order[1] != older || order[2] != text || !found.Items[0].InTitle || found.Items[2].InTitle {
		t.Fatalf("order %v, want %v %v %v: %+v", order, newer, older, text, found.Items)
	}
	// The page links each kind to where it is read.
	c := e.browser("zh-CN")
	e.login(c, "admin")
	resp, err := c.Get(e.srv.URL + "/search?q=" + url.QueryEscape("跨境"))
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	for _, want := range []string{"/announcements/" + strconv.FormatInt(pub.ID, 10), "/meetings/" + strconv.FormatInt(m.ID, 10) + "/minutes", "会议纪要", "公告"} {
		if !strings.Contains(body, want) {
			t.Fatalf("search page lacks %s: %s", want, body)
		}
	}
}
