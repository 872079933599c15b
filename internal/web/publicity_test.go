package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /journal":                             "public",
	"POST /journal":                            "announcement.write",
	"GET /journal/{id}":                        "public",
	"POST /journal/{id}/publish":               "announcement.write",
	"GET /journal/{id}/files/{att}":            "public",
	"GET /site/{slug}":                         "public",
	"GET /leadership":                          "public",
	"GET /api/v1/leadership":                   "public",
	"GET /site-pages":                          "announcement.write",
	"POST /site-pages":                         "announcement.write",
	"POST /announcements/{id}/media":           "announcement.write",
	"GET /api/v1/journal-issues":               "public",
	"POST /api/v1/journal-issues":              "announcement.write",
	"GET /api/v1/journal-issues/{id}":          "public",
	"PUT /api/v1/journal-issues/{id}":          "announcement.write",
	"POST /api/v1/journal-issues/{id}/publish": "announcement.write",
	"GET /api/v1/site-pages":                   "public",
	"GET /api/v1/site-pages/{slug}":            "public",
	"PUT /api/v1/site-pages/{slug}":            "announcement.write",
	"GET /api/v1/announcements/{id}/media":     "announcement.write",
	"PUT /api/v1/announcements/{id}/media":     "announcement.write",
})

// visit is GET path as a visitor in lang; it returns the status and body.
func visit(t *testing.T, e *env, lang, path string) (int, string) {
	t.Helper()
	resp, err := e.browser(lang).Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp)
}

// TestSitePages: staff write the public site's pages in Markdown; visitors
// read them sanitised, in their language, linked from the public home.
func TestSitePages(t *testing.T) {
	e, _, _ := relEnv(t)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/site-pages/About!", map[string]any{"title_zh": "关于", "body_zh": "x"}), 422, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/site-pages/about", map[string]any{"title_zh": "", "body_zh": "x"}), 422, nil)
	decodeInto(t, e.do("clerk", "PUT", "/api/v1/site-pages/about", map[string]any{"title_zh": "关于我们", "body_zh": "x"}), 403, nil)
	var p chamber.SitePage
	decodeInto(t, e.do("admin", "PUT", "/api/v1/site-pages/about", map[string]any{"title_zh": "关于我们", "title_en": "About us", "position": 1,
		"body_zh": "## 本会简介\n\n本会成立于**2003年**。<script>alert(1)</script>\n\n[联系](javascript:alert(2))", "body_en": "## Who we are\n\nFounded in 2003."}), 200, &p)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/site-pages/contact", map[string]any{"title_zh": "联系我们", "title_en": "Contact", "position": 3,
		"body_zh": "电话：0577-88001234"}), 200, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/site-pages/charter", map[string]any{"title_zh": "章程", "position": 2, "body_zh": "第一条 本会名称……"}), 200, nil)
	var list struct{ Items []chamber.SitePage }
	decodeInto(t, e.do("", "GET", "/api/v1/site-pages", nil), 200, &list)
	if len(list.Items) != 3 || list.Items[0].Slug != "about" || list.Items[1].Slug != "charter" {
		t.Fatalf("pages %+v", list.Items)
	}
	decodeInto(t, e.do("", "GET", "/api/v1/site-pages/contact", nil), 200, &p)
	if p.TitleEn != "Contact" || p.Position != 3 {
		t.Fatalf("contact page %+v", p)
	}
	decodeInto(t, e.do("", "GET", "/api/v1/site-pages/none", nil), 404, nil)
	code, body := visit(t, e, "zh-CN", "/site/about")
	if code != 200 || !strings.Contains(body, "<h2") || !strings.Contains(body, "<strong>2003年</strong>") || strings.Contains(body, "<script>alert") ||
		strings.Contains(body, "javascript:") {
		t.Fatalf("about page %d %s", code, body)
	}
	if code, body = visit(t, e, "en", "/site/about"); code != 200 || !strings.Contains(body, "Who we are") || !strings.Contains(body, "About us") {
		t.Fatalf("about in English %d", code)
	}
	if code, body = visit(t, e, "en", "/site/charter"); code != 200 || !strings.Contains(body, "第一条") {
		t.Fatalf("a page without English falls back to Chinese: %d", code)
	}
	code, body = visit(t, e, "zh-CN", "/")
	for _, want := range []string{`href="/site/about"`, "关于我们", `href="/site/charter"`, `href="/site/contact"`, `href="/journal"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("public home lacks %q", want)
		}
	}
	// 领导机构 from the org chart: the 秘书长 is there, a department's staff are not.
	var leaders struct{ Items []chamber.Leader }
	decodeInto(t, e.do("", "GET", "/api/v1/leadership", nil), 200, &leaders)
	found := false
	for _, l := range leaders.Items {
		for _, h := range l.Holders {
			found = found || h == "赵秘书长"
			if h == "李会计" {
				t.Fatalf("a department's staff in the leadership: %+v", l)
			}
		}
	}
	if !found {
		t.Fatalf("leadership %+v", leaders.Items)
	}
	if code, body = visit(t, e, "zh-CN", "/leadership"); code != 200 || !strings.Contains(body, "赵秘书长") || !strings.Contains(body, "领导机构") {
		t.Fatalf("leadership page %d", code)
	}
	if code, _ = visit(t, e, "zh-CN", "/site/nothing"); code != 404 {
		t.Fatalf("a missing page: %d", code)
	}
	// The editor's form: a new page, and a bad address shown again with its error.
	br := e.browser("zh-CN")
	e.login(br, "admin")
	resp, err := br.PostForm(e.srv.URL+"/site-pages", url.Values{"slug": {"members"}, "title_zh": {"会员风采"}, "body_zh": {"- 瓯江皮革厂"}, "position": {"4"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("editor form %d", resp.StatusCode)
	}
	resp, err = br.PostForm(e.srv.URL+"/site-pages", url.Values{"slug": {"会员"}, "title_zh": {"会员风采"}, "body_zh": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "网址名只能包含") {
		t.Fatalf("bad slug form %d", resp.StatusCode)
	}
	resp, err = br.Get(e.srv.URL + "/site-pages")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "会员风采") || !strings.Contains(body, "第一条 本会名称") {
		t.Fatalf("editor %d", resp.StatusCode)
	}
	if tr := auditTrail(t, e, "site_page", 0); !strings.Contains(tr, "site_page.put") {
		t.Fatalf("audit %q", tr)
	}
}

// TestJournal: an issue of the 会刊 is drafted with articles from the news,
// hidden until published, then listed for visitors with its PDF; a
// published issue no longer changes.
func TestJournal(t *testing.T) {
	e, _, day := relEnv(t)
	var news, draft chamber.Announcement
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "news", "title": "商会组团参加米兰鞋展", "body": "……", "audience": "public"}), 201, &news)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements/"+strconv.FormatInt(news.ID, 10)+"/publish", nil), 200, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "news", "title": "草稿", "body": "……"}), 201, &draft)
	in := map[string]any{"number": 12, "title": "2026年第4期", "issued_on": day(0), "cover": "卷首语：开放合作。",
		"articles": []map[string]any{{"title": "商会组团参加米兰鞋展", "author": "秘书处", "page": 3, "announcement_id": news.ID}, {"title": "会员风采：瓯江皮革厂", "page": 8}}}
	bad := map[string]any{"number": 12, "title": "x", "issued_on": day(0), "articles": []map[string]any{{"title": "x", "announcement_id": draft.ID}}}
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", bad), 422, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", map[string]any{"number": 0, "title": "x", "issued_on": "2026-13-01"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/journal-issues", in), 403, nil)
	var j chamber.JournalIssue
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", in), 201, &j)
	if j.Status != "draft" || len(j.Articles) != 2 || j.Articles[0].AnnouncementID != news.ID {
		t.Fatalf("issue %+v", j)
	}
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", in), 422, nil) // the number is taken
	path := "/api/v1/journal-issues/" + strconv.FormatInt(j.ID, 10)
	decodeInto(t, e.do("", "GET", path, nil), 404, nil)
	var pub struct{ Items []chamber.JournalIssue }
	decodeInto(t, e.do("", "GET", "/api/v1/journal-issues", nil), 200, &pub)
	if len(pub.Items) != 0 {
		t.Fatalf("a draft listed for visitors")
	}
	var att chamber.Attachment
	decodeInto(t, e.upload("admin", "journal_issue", j.ID, "会刊2026-4.pdf", []byte("%PDF-1.4\n%会刊\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")), 201, &att)
	decodeInto(t, e.upload("clerk", "journal_issue", j.ID, "x.pdf", []byte("%PDF-1.4\n")), 404, nil)
	filePath := "/journal/" + strconv.FormatInt(j.ID, 10) + "/files/" + strconv.FormatInt(att.ID, 10)
	if code, _ := visit(t, e, "zh-CN", filePath); code != 404 {
		t.Fatalf("a draft's PDF for visitors: %d", code)
	}
	decodeInto(t, e.do("admin", "POST", path+"/publish", nil), 200, &j)
	decodeInto(t, e.do("admin", "POST", path+"/publish", nil), 409, nil)
	decodeInto(t, e.do("admin", "PUT", path, in), 409, nil)
	decodeInto(t, e.do("", "GET", "/api/v1/journal-issues", nil), 200, &pub)
	if len(pub.Items) != 1 || pub.Items[0].Number != 12 {
		t.Fatalf("public list %+v", pub.Items)
	}
	code, body := visit(t, e, "zh-CN", "/journal/"+strconv.FormatInt(j.ID, 10))
	for _, want := range []string{"2026年第4期", "第12期", "商会组团参加米兰鞋展", "第3页", "会员风采：瓯江皮革厂", filePath, "卷首语"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("issue page %d lacks %q", code, want)
		}
	}
	resp, err := http.Get(e.srv.URL + filePath)
	if err != nil {
		t.Fatal(err)
	}
	if b := readBody(t, resp); resp.StatusCode != 200 || !strings.HasPrefix(b, "%PDF") {
		t.Fatalf("the PDF for visitors: %d", resp.StatusCode)
	}
	if code, _ := visit(t, e, "zh-CN", "/journal/"+strconv.FormatInt(j.ID, 10)+"/files/999"); code != 404 {
		t.Fatalf("another file: %d", code)
	}
	if tr := auditTrail(t, e, "journal_issue", j.ID); tr != "journal.create attachment.add journal.publish" {
		t.Fatalf("audit %q", tr)
	}
}

// TestPressMedia: a press release goes to media organisations of the
// contacts register, nothing else; other kinds have no media.
func TestPressMedia(t *testing.T) {
	e, partner, _ := relEnv(t)
	var media, media2 chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "media", "name": "滨江日报", "country": "中国",
		"people": []map[string]any{{"name": "记者小王", "phone": "13900000000"}}}), 201, &media)
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "media", "name": "滨江电视台", "country": "中国"}), 201, &media2)
	var news, notice chamber.Announcement
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "news", "title": "新闻稿", "body": "……", "audience": "public"}), 201, &news)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "通知", "body": "……"}), 201, &notice)
	path := "/api/v1/announcements/" + strconv.FormatInt(news.ID, 10) + "/media"
	decodeInto(t, e.do("admin", "PUT", path, map[string]any{"contact_ids": []int64{media.ID, partner}}), 422, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/announcements/"+strconv.FormatInt(notice.ID, 10)+"/media", map[string]any{"contact_ids": []int64{media.ID}}), 422, nil)
	decodeInto(t, e.do("clerk", "PUT", path, map[string]any{"contact_ids": []int64{media.ID}}), 403, nil)
	var pm chamber.PressMedia
	decodeInto(t, e.do("admin", "PUT", path, map[string]any{"contact_ids": []int64{media.ID, media2.ID}}), 200, &pm)
	if len(pm.Media) != 2 {
		t.Fatalf("media %+v", pm)
	}
	decodeInto(t, e.do("admin", "GET", path, nil), 200, &pm)
	if len(pm.Media) != 2 || pm.Media[0].Name != "滨江日报" && pm.Media[1].Name != "滨江日报" {
		t.Fatalf("media %+v", pm)
	}
	// The announcement page offers the media with the chosen ones ticked.
	br := e.browser("zh-CN")
	e.login(br, "admin")
	resp, err := br.Get(e.srv.URL + "/announcements/" + strconv.FormatInt(news.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "媒体发布") || !strings.Contains(body, `value="`+strconv.FormatInt(media.ID, 10)+`" checked`) {
		t.Fatalf("announcement page %d", resp.StatusCode)
	}
}
