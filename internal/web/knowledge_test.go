package web_test

import (
	"archive/zip"
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /knowledge":             "login",
	"POST /knowledge":            "login",
	"GET /knowledge/{id}":        "login",
	"POST /knowledge/{id}/items": "login",
	"GET /knowledge-items/{id}":  "login",
	"GET /search":                "login",

	"POST /api/v1/knowledge":            "login",
	"GET /api/v1/knowledge":             "login",
	"GET /api/v1/knowledge/{id}":        "login",
	"POST /api/v1/knowledge/{id}/items": "login",
	"GET /api/v1/knowledge-items/{id}":  "login",
})

// docxOf is a minimal Word file with one paragraph per text.
func docxOf(t *testing.T, paras ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`))
	w, _ = zw.Create("word/document.xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paras {
		b.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	b.WriteString(`</w:body></w:document>`)
	w.Write([]byte(b.String()))
	zw.Close()
	return buf.Bytes()
}

// TestKnowledgeBaseAndAttachmentSearch: collections for members and for
// staff; a member reads only the former; an entry and the text of its
// Word file are found by two characters and by pinyin; an annex of a
// confidential document is found by its distribution, never by the
// administrator; a Word file that unpacks too far is refused.
func TestKnowledgeBaseAndAttachmentSearch(t *testing.T) {
	e, _ := docEnv(t)
	var pub, internal chamber.KBCollection
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge", map[string]any{"name": "政策法规库", "description": "涉企政策与法律法规", "audience": "members"}), 201, &pub)
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge", map[string]any{"name": "各地商会工作经验汇编", "audience": "staff"}), 201, &internal)
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge", map[string]any{"name": "政策法规库"}), 409, nil)
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge", map[string]any{"name": "x", "audience": "public"}), 422, nil)
	decodeInto(t, e.do("reader", "POST", "/api/v1/knowledge", map[string]any{"name": "y"}), 403, nil)
	var list struct{ Items []chamber.KBCollection }
	decodeInto(t, e.do("member", "GET", "/api/v1/knowledge", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != pub.ID {
		t.Fatalf("member sees %+v", list)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/knowledge/"+strconv.FormatInt(internal.ID, 10), nil), 404, nil)
	var item chamber.KBItem
	decodeInto(t, e.do("author", "POST", "/api/v1/knowledge/"+strconv.FormatInt(pub.ID, 10)+"/items", map[string]any{"title": "中华人民共和国中小企业促进法",
		"body": "## 第一章 总则\n\n第一条 为了改善中小企业经营环境，促进中小企业健康发展……", "source": "主席令第七十四号"}), 201, &item)
	decodeInto(t, e.do("member", "POST", "/api/v1/knowledge/"+strconv.FormatInt(pub.ID, 10)+"/items", map[string]any{"title": "x"}), 403, nil)
	if !strings.Contains(item.BodyHTML, "<h2>") {
		t.Fatalf("item %+v", item)
	}
	decodeInto(t, e.upload("author", "kb_item", item.ID, "融资指引.docx", docxOf(t, "小微企业融资担保业务指引", "第三条 担保费率不超过百分之一")), 201, nil)
	decodeInto(t, e.upload("member", "kb_item", item.ID, "x.txt", []byte("x")), 403, nil)
	var found struct{ Items []chamber.SearchHit }
	for _, q := range []string{"担保", "danbao", "经营环境"} {
		decodeInto(t, e.do("member", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil), 200, &found)
		if len(found.Items) == 0 {
			t.Fatalf("member finds nothing for %s", q)
		}
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/search?q="+url.QueryEscape("担保"), nil), 200, &found)
	if found.Items[0].Kind != "attachment" || found.Items[0].OwnerKind != "kb_item" || !strings.Contains(found.Items[0].Snippet, "<mark>担保</mark>") {
		t.Fatalf("hit %+v", found.Items)
	}
	// A confidential document's annex.
	var d chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "decision", "title": "关于调整薪酬的决定",
		"classification": "confidential", "distribution": []chamber.ID{mustID(t, e, "reader")}}), 201, &d)
	decodeInto(t, e.upload("author", "document", d.ID, "方案.docx", docxOf(t, "秘书处绩效工资方案")), 201, nil)
	decodeInto(t, e.upload("reader", "document", d.ID, "x.txt", []byte("x")), 403, nil)
	decodeInto(t, e.do("admin", "GET", "/api/v1/search?q="+url.QueryEscape("绩效"), nil), 200, &found)
	if len(found.Items) != 0 {
		t.Fatalf("the admin finds a confidential annex: %+v", found)
	}
	decodeInto(t, e.do("reader", "GET", "/api/v1/search?q="+url.QueryEscape("绩效"), nil), 200, &found)
	if len(found.Items) != 1 || found.Items[0].Snippet != "" || found.Items[0].OwnerID != d.ID {
		t.Fatalf("reader's hit %+v", found)
	}
	bomb := docxOf(t, strings.Repeat("a", 8<<20))
	decodeInto(t, e.upload("author", "document", d.ID, "bomb.docx", bomb), 422, nil)
	for _, lang := range []string{"zh-CN", "en"} {
		c := e.browser(lang)
		e.login(c, "member")
		for _, p := range []string{"/knowledge", "/knowledge/" + strconv.FormatInt(pub.ID, 10), "/knowledge-items/" + strconv.FormatInt(item.ID, 10),
			"/search?q=" + url.QueryEscape("担保")} {
			resp, err := c.Get(e.srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 || strings.Contains(body, "kb.") || strings.Contains(body, "search.") {
				t.Fatalf("%s %s: %d %s", lang, p, resp.StatusCode, body)
			}
			if strings.HasPrefix(p, "/search") && !strings.Contains(body, "<mark>担保</mark>") {
				t.Fatalf("search page: %s", body)
			}
		}
		resp, _ := c.Get(e.srv.URL + "/knowledge/" + strconv.FormatInt(internal.ID, 10))
		if resp.StatusCode != 404 {
			t.Fatalf("member opens a staff collection: %d", resp.StatusCode)
		}
	}
}

func mustID(t *testing.T, e *env, username string) chamber.ID {
	t.Helper()
	u, err := e.db.FindUserByUsername(sysCtx, username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
