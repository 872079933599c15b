package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

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
