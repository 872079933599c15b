package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestMemberReviewBulk: 资格审查 is a paged table with checkboxes; one form
// records one outcome and note for the ticked members in one transaction,
// one audit record each; nothing ticked or an unknown member changes nothing.
func TestMemberReviewBulk(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(5)
	c := e.browser("zh-CN")
	e.login(c, "admin")
	audits := func() int {
		var n int
		if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'member.review'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	outcomes := func() map[int64]string {
		list, _, err := e.db.ListReviews(sysCtx, 2026, chamber.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for _, r := range list {
			out[r.MemberID] = r.Outcome + "/" + r.Note
		}
		return out
	}

	// Paged: two a page, a next link, a checkbox per member, the bulk form.
	resp, err := c.Get(e.srv.URL + "/members/reviews?year=2026&limit=2")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 200 || strings.Count(body, `name="member_id"`) != 2 || !strings.Contains(body, "cursor=") || !strings.Contains(body, `id="bulk-review"`) {
		t.Fatalf("review page %d: %s", resp.StatusCode, body)
	}

	v := url.Values{"year": {"2026"}, "outcome": {"qualified"}, "note": {" 年检材料齐全 "}}
	for _, id := range ids[:3] {
		v.Add("member_id", fmt.Sprint(id))
	}
	resp = e.postForm(c, "/members/reviews", v)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "done=3") {
		t.Fatalf("bulk %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got := outcomes()
	for i, id := range ids {
		want := ""
		if i < 3 {
			want = "qualified/年检材料齐全"
		}
		if w := got[id]; (want == "" && w != "/") || (want != "" && w != want) {
			t.Errorf("member %d: %q, want %q", id, w, want)
		}
	}
	if n := audits(); n != 3 {
		t.Fatalf("%d audit records, want 3", n)
	}
	resp, _ = c.Get(e.srv.URL + "/members/reviews?year=2026&done=3")
	if body := readBody(t, resp); !strings.Contains(body, "已保存 3 位会员的审查结果") {
		t.Fatal("no saved count")
	}

	// Nothing ticked: 422 with the field error in the page; an unknown
	// member among known ones: nothing recorded.
	resp = e.postForm(c, "/members/reviews", url.Values{"year": {"2026"}, "outcome": {"rectify"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请至少勾选一位会员") {
		t.Fatalf("none ticked %d", resp.StatusCode)
	}
	resp = e.postForm(c, "/members/reviews", url.Values{"year": {"2026"}, "outcome": {"rectify"}, "member_id": {fmt.Sprint(ids[3]), "999999"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown member %d", resp.StatusCode)
	}
	if got := outcomes(); got[ids[3]] != "/" || audits() != 3 {
		t.Fatalf("partial bulk recorded: %q, %d audits", got[ids[3]], audits())
	}
	// Without member.write: refused.
	staff := e.browser("zh-CN")
	e.login(staff, "staff")
	resp = e.postForm(staff, "/members/reviews", url.Values{"year": {"2026"}, "outcome": {"qualified"}, "member_id": {fmt.Sprint(ids[4])}})
	resp.Body.Close()
	if resp.StatusCode == http.StatusSeeOther || outcomes()[ids[4]] != "/" {
		t.Fatalf("staff bulk %d", resp.StatusCode)
	}
}
