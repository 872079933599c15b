package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /member-profiles":                      "login", // the store: a member its own, announcement.write all, others none
	"POST /member-profiles":                     "login",
	"GET /member-profiles/{id}":                 "login",
	"POST /member-profiles/{id}":                "login",
	"POST /member-profiles/{id}/approve":        "announcement.write",
	"POST /member-profiles/{id}/return":         "announcement.write",
	"GET /showcase":                             "public",
	"GET /showcase/{id}":                        "public",
	"GET /showcase/{id}/logo":                   "public",
	"GET /journal/{id}/print":                   "public",
	"POST /api/v1/member-profiles":              "login",
	"GET /api/v1/member-profiles":               "login",
	"GET /api/v1/member-profiles/{id}":          "login",
	"PUT /api/v1/member-profiles/{id}":          "login",
	"POST /api/v1/member-profiles/{id}/approve": "announcement.write",
	"POST /api/v1/member-profiles/{id}/return":  "announcement.write",
	"GET /api/v1/showcase":                      "public",
	"GET /api/v1/showcase/{id}":                 "public",
})

// TestShowcase: a member writes its profile on the portal (pending), staff
// approve it and it is public in both languages; a change waits for review
// while the approved version stays public, and is returned with a reason;
// a member never reads or changes another member's profile; the logo is an
// image of the profile's own.
func TestShowcase(t *testing.T) {
	e, _, _ := relEnv(t)
	var m1, m2 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "industry": "鞋业", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江皮革厂", "joined_on": "2020-01-01"}), 201, &m2)
	var mine, other chamber.MemberProfile
	decodeInto(t, e.do("member", "POST", "/api/v1/member-profiles", map[string]any{"member_id": m2.ID, "intro_zh": "本公司创办于1998年，专业生产男士真皮皮鞋。",
		"intro_en": "Founded in 1998, we make men's leather shoes.", "products_zh": "男士正装皮鞋、休闲鞋", "products_en": "Dress shoes, casual shoes",
		"website": "https://shoes.example.com"}), 200, &mine)
	if mine.Status != "pending" || mine.MemberID != m1.ID || mine.Public != nil || mine.Member != "温州鞋业有限公司" {
		t.Fatalf("the member's profile %+v", mine)
	}
	for _, bad := range []map[string]any{{"intro_zh": ""}, {"intro_zh": "x", "website": "javascript:alert(1)"}, {"intro_zh": "x\x01"}, {"intro_zh": "x", "logo_id": 99}} {
		decodeInto(t, e.do("member", "POST", "/api/v1/member-profiles", bad), 422, nil)
	}
	decodeInto(t, e.do("admin", "POST", "/api/v1/member-profiles", map[string]any{"member_id": m2.ID, "intro_zh": "瓯江皮革厂主营头层牛皮鞋面材料。"}), 200, &other)
	if other.Status != "approved" || other.Public == nil {
		t.Fatalf("staff write a profile approved at once: %+v", other)
	}
	// Nothing of the pending profile is public yet.
	var pub struct{ Items []chamber.ShowcaseEntry }
	decodeInto(t, e.do("", "GET", "/api/v1/showcase", nil), 200, &pub)
	if len(pub.Items) != 1 || pub.Items[0].ID != other.ID {
		t.Fatalf("public before approval %+v", pub.Items)
	}
	mineURL, otherURL := "/api/v1/member-profiles/"+strconv.FormatInt(mine.ID, 10), "/api/v1/member-profiles/"+strconv.FormatInt(other.ID, 10)
	decodeInto(t, e.do("", "GET", "/api/v1/showcase/"+strconv.FormatInt(mine.ID, 10), nil), 404, nil)
	// Another member's profile: not found, to read and to change.
	decodeInto(t, e.do("member", "GET", otherURL, nil), 404, nil)
	decodeInto(t, e.do("member", "PUT", otherURL, map[string]any{"intro_zh": "篡改"}), 404, nil)
	var list struct{ Items []chamber.MemberProfile }
	decodeInto(t, e.do("member", "GET", "/api/v1/member-profiles", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != mine.ID {
		t.Fatalf("a member lists %+v", list.Items)
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/member-profiles", nil), 200, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a login with neither a member nor the permission lists %+v", list.Items)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/member-profiles", map[string]any{"member_id": m2.ID, "intro_zh": "x"}), 403, nil)
	decodeInto(t, e.do("clerk", "GET", mineURL, nil), 404, nil)
	decodeInto(t, e.do("member", "POST", mineURL+"/approve", nil), 403, nil)
	decodeInto(t, e.do("admin", "GET", "/api/v1/member-profiles?status=pending", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != mine.ID {
		t.Fatalf("pending %+v", list.Items)
	}

	decodeInto(t, e.do("admin", "POST", mineURL+"/approve", nil), 200, &mine)
	decodeInto(t, e.do("admin", "POST", mineURL+"/approve", nil), 409, nil)
	if mine.Status != "approved" || mine.Public == nil || mine.Public.IntroEn == "" {
		t.Fatalf("approved %+v", mine)
	}
	// The logo: an image uploaded to the profile, chosen, approved, public.
	var att chamber.Attachment
	decodeInto(t, e.upload("member", "member_profile", mine.ID, "logo.png", pngBytes), 201, &att)
	decodeInto(t, e.upload("member", "member_profile", other.ID, "x.png", pngBytes), 404, nil)
	var otherAtt chamber.Attachment
	decodeInto(t, e.upload("admin", "member_profile", other.ID, "ojiang.png", pngBytes), 201, &otherAtt)
	decodeInto(t, e.do("member", "PUT", mineURL, map[string]any{"intro_zh": "x", "logo_id": otherAtt.ID}), 422, nil)
	// A change waits for review; the approved version stays public.
	decodeInto(t, e.do("member", "PUT", mineURL, map[string]any{"intro_zh": "本公司创办于1998年，年产男士皮鞋八十万双。", "intro_en": "Founded in 1998; 800,000 pairs a year.",
		"logo_id": att.ID}), 200, &mine)
	if mine.Status != "pending" || mine.Public == nil || !strings.Contains(mine.Public.IntroZh, "专业生产") || mine.Draft.LogoID != att.ID {
		t.Fatalf("changed %+v", mine)
	}
	var entry chamber.ShowcaseEntry
	decodeInto(t, e.do("", "GET", "/api/v1/showcase/"+strconv.FormatInt(mine.ID, 10), nil), 200, &entry)
	if !strings.Contains(entry.IntroZh, "专业生产") || entry.LogoID != 0 {
		t.Fatalf("public while the change is pending %+v", entry)
	}
	decodeInto(t, e.do("admin", "POST", mineURL+"/return", map[string]any{"reason": " "}), 422, nil)
	decodeInto(t, e.do("admin", "POST", mineURL+"/return", map[string]any{"reason": "年产量请注明统计年份。"}), 200, &mine)
	if mine.Status != "returned" || mine.Reason != "年产量请注明统计年份。" || mine.Public == nil {
		t.Fatalf("returned %+v", mine)
	}
	decodeInto(t, e.do("admin", "POST", mineURL+"/return", map[string]any{"reason": "again"}), 409, nil)
	decodeInto(t, e.do("member", "PUT", mineURL, map[string]any{"intro_zh": "本公司创办于1998年，2025年产男士皮鞋八十万双。",
		"intro_en": "Founded in 1998; 800,000 pairs in 2025.", "products_zh": "男士正装皮鞋", "products_en": "Dress shoes", "logo_id": att.ID}), 200, &mine)
	if mine.Status != "pending" || mine.Reason != "" {
		t.Fatalf("resubmitted %+v", mine)
	}
	decodeInto(t, e.do("admin", "POST", mineURL+"/approve", nil), 200, &mine)
	resp := e.do("", "GET", "/showcase/"+strconv.FormatInt(mine.ID, 10)+"/logo", nil)
	if body := readBody(t, resp); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || len(body) != len(pngBytes) {
		t.Fatalf("logo %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if code, _ := visit(t, e, "zh-CN", "/showcase/"+strconv.FormatInt(other.ID, 10)+"/logo"); code != 404 {
		t.Fatalf("a logo not chosen: %d", code)
	}
	if code, _ := visit(t, e, "zh-CN", "/attachments/"+strconv.FormatInt(att.ID, 10)); code == 200 {
		t.Fatalf("a visitor reads a profile's attachment directly")
	}

	// The public pages, in Chinese and in English.
	code, body := visit(t, e, "zh-CN", "/showcase")
	if code != 200 || !strings.Contains(body, "温州鞋业有限公司") || !strings.Contains(body, "2025年产男士皮鞋") || !strings.Contains(body, "会员风采") ||
		!strings.Contains(body, "瓯江皮革厂") {
		t.Fatalf("showcase %d %s", code, body)
	}
	code, body = visit(t, e, "en", "/showcase/"+strconv.FormatInt(mine.ID, 10))
	if code != 200 || !strings.Contains(body, "800,000 pairs in 2025") || !strings.Contains(body, "Member showcase") || !strings.Contains(body, "Dress shoes") ||
		strings.Contains(body, "男士正装皮鞋") || !strings.Contains(body, `src="/showcase/`+strconv.FormatInt(mine.ID, 10)+`/logo"`) {
		t.Fatalf("showcase in English %d %s", code, body)
	}
	if code, body = visit(t, e, "en", "/showcase/"+strconv.FormatInt(other.ID, 10)); code != 200 || !strings.Contains(body, "头层牛皮") {
		t.Fatalf("a profile without English falls back to Chinese: %d", code)
	}
	if code, body = visit(t, e, "zh-CN", "/"); code != 200 || !strings.Contains(body, `href="/showcase"`) {
		t.Fatalf("the public navigation lacks the showcase")
	}

	// The portal's form: the member's page shows its profile and takes a change.
	br := e.browser("zh-CN")
	e.login(br, "member")
	r, err := br.Get(e.srv.URL + "/member-profiles")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 303 || r.Header.Get("Location") != "/member-profiles/"+strconv.FormatInt(mine.ID, 10) {
		t.Fatalf("the member's profiles page %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r, err = br.PostForm(e.srv.URL+"/member-profiles/"+strconv.FormatInt(mine.ID, 10), url.Values{"intro_zh": {""}})
	if err != nil {
		t.Fatal(err)
	}
	if b := readBody(t, r); r.StatusCode != 422 || !strings.Contains(b, "field-error") {
		t.Fatalf("a bad form %d", r.StatusCode)
	}
	r, err = br.PostForm(e.srv.URL+"/member-profiles/"+strconv.FormatInt(other.ID, 10), url.Values{"intro_zh": {"篡改"}})
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 404 {
		t.Fatalf("the form on another member's profile: %d", r.StatusCode)
	}
	admin := e.browser("zh-CN")
	e.login(admin, "admin")
	r, err = admin.Get(e.srv.URL + "/member-profiles?status=approved")
	if err != nil {
		t.Fatal(err)
	}
	if b := readBody(t, r); r.StatusCode != 200 || !strings.Contains(b, "温州鞋业有限公司") || !strings.Contains(b, "瓯江皮革厂") {
		t.Fatalf("staff list %d", r.StatusCode)
	}
}

// TestJournalPrint: an issue's articles from the news and from an approved
// member profile (a never-approved one refused), printed on A4 with the
// cover, the contents and the pages, in Chinese and in English.
func TestJournalPrint(t *testing.T) {
	e, _, _ := relEnv(t)
	var m1, m2 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江皮革厂", "joined_on": "2020-01-01"}), 201, &m2)
	var approved, pending chamber.MemberProfile
	decodeInto(t, e.do("admin", "POST", "/api/v1/member-profiles", map[string]any{"member_id": m2.ID, "intro_zh": "瓯江皮革厂主营头层牛皮鞋面材料。",
		"intro_en": "Ojiang Leather makes full-grain shoe uppers."}), 200, &approved)
	decodeInto(t, e.do("member", "POST", "/api/v1/member-profiles", map[string]any{"intro_zh": "尚未审核的简介。"}), 200, &pending)
	issue := map[string]any{"number": 7, "title": "2026年第1期", "issued_on": "2026-03-01", "cover": "卷首语：开放合作。",
		"articles": []map[string]any{{"title": "会员风采：瓯江皮革厂", "author": "宣传部", "profile_id": pending.ID}}}
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", issue), 422, nil)
	issue["articles"] = []map[string]any{{"title": "x", "profile_id": approved.ID, "announcement_id": 1}}
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", issue), 422, nil)
	issue["articles"] = []map[string]any{{"title": "本会召开第三届会员大会", "author": "秘书处", "summary": "大会选举产生新一届理事会。", "page": 2},
		{"title": "会员风采：瓯江皮革厂", "author": "宣传部", "profile_id": approved.ID, "page": 6}, {"title": "政策解读", "author": "办公室"}}
	var j chamber.JournalIssue
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues", issue), 201, &j)
	if len(j.Articles) != 3 || j.Articles[1].ProfileID != approved.ID {
		t.Fatalf("issue %+v", j)
	}
	path := "/journal/" + strconv.FormatInt(j.ID, 10) + "/print"
	if code, _ := visit(t, e, "zh-CN", path); code != 404 {
		t.Fatalf("a draft's print for a visitor: %d", code)
	}
	decodeInto(t, e.do("admin", "POST", "/api/v1/journal-issues/"+strconv.FormatInt(j.ID, 10)+"/publish", nil), 200, nil)
	code, body := visit(t, e, "zh-CN", path)
	for _, want := range []string{"journal-print", "2026年第1期", "第7期", "卷首语：开放合作。", "本期目录", "瓯江皮革厂主营头层牛皮鞋面材料。", "大会选举产生新一届理事会。",
		`data-page="2"`, `data-page="6"`, `data-page="7"`, `data-source="member"`, "data-print"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("print lacks %q: %d %s", want, code, body)
		}
	}
	if code, body = visit(t, e, "en", path); code != 200 || !strings.Contains(body, "Contents") || !strings.Contains(body, "No. 7") ||
		!strings.Contains(body, "full-grain shoe uppers") || !strings.Contains(body, "Member showcase") {
		t.Fatalf("print in English %d %s", code, body)
	}
	if code, body = visit(t, e, "zh-CN", "/journal/"+strconv.FormatInt(j.ID, 10)); code != 200 || !strings.Contains(body, `href="`+path+`"`) ||
		!strings.Contains(body, `href="/showcase/`+strconv.FormatInt(approved.ID, 10)+`"`) {
		t.Fatalf("the issue's page links the print and the member story: %d", code)
	}
}
