package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /recruitment":                        "staff.manage",
	"POST /recruitment":                       "staff.manage",
	"GET /recruitment/{id}":                   "login",
	"POST /recruitment/{id}/approve":          "login",
	"POST /recruitment/{id}/reject":           "login",
	"POST /recruitment/{id}/close":            "staff.manage",
	"POST /recruitment/{id}/applicants":       "staff.manage",
	"GET /applicants/{id}":                    "staff.manage",
	"POST /applicants/{id}/interviews":        "staff.manage",
	"POST /applicants/{id}/reject":            "staff.manage",
	"POST /applicants/{id}/hire":              "staff.manage",
	"POST /api/v1/openings":                   "staff.manage",
	"GET /api/v1/openings":                    "staff.manage",
	"GET /api/v1/openings/{id}":               "login",
	"POST /api/v1/openings/{id}/approve":      "login",
	"POST /api/v1/openings/{id}/reject":       "login",
	"POST /api/v1/openings/{id}/close":        "staff.manage",
	"POST /api/v1/openings/{id}/applicants":   "staff.manage",
	"GET /api/v1/applicants/{id}":             "staff.manage",
	"POST /api/v1/applicants/{id}/interviews": "staff.manage",
	"POST /api/v1/applicants/{id}/reject":     "staff.manage",
	"POST /api/v1/applicants/{id}/hire":       "staff.manage",
})

func positionID(t *testing.T, e *env, code string) chamber.ID {
	t.Helper()
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == code {
			return p.ID
		}
	}
	t.Fatalf("no position %s", code)
	return 0
}

// TestRecruitment: HR opens a vacancy, it waits for the 秘书长 (in her
// to-do) and only she decides it; applicants with a CV only HR sees,
// interviews with notes; the hire makes a disabled login, the staff record
// and the post; the filled opening takes no more, and of two hires sent at
// once for the last place exactly one wins.
func TestRecruitment(t *testing.T) {
	e := adminEnv(t)
	today := e.db.Today(sysCtx)
	clerkPos := positionID(t, e, "finance_staff")
	var o chamber.Opening
	decodeInto(t, e.do("hr", "POST", "/api/v1/openings", map[string]any{"position_id": clerkPos, "title": "会计专员", "headcount": 1,
		"description": "会计专业，持初级会计师证"}), 201, &o)
	if o.Status != "pending" || len(o.Steps) != 1 || o.Steps[0].PositionCode != chamber.PosSecretaryGeneral || o.WaitingFor != "赵秘书长" {
		t.Fatalf("opening: %+v", o)
	}
	decodeInto(t, e.do("hr", "POST", "/api/v1/openings", map[string]any{"position_id": 999999, "title": "x"}), 422, nil)
	decodeInto(t, e.do("hr", "POST", "/api/v1/openings", map[string]any{"position_id": clerkPos, "title": "", "headcount": 0}), 422, nil)
	decodeInto(t, e.do("houqin", "POST", "/api/v1/openings", map[string]any{"position_id": clerkPos, "title": "司机"}), 403, nil)
	decodeInto(t, e.do("director", "POST", "/api/v1/openings", map[string]any{"position_id": clerkPos, "title": "x"}), 403, nil)
	oid := "/api/v1/openings/" + strconv.FormatInt(o.ID, 10)
	decodeInto(t, e.do("houqin", "GET", oid, nil), 404, nil)
	var seen struct{ Items []chamber.Opening }
	decodeInto(t, e.do("houqin", "GET", "/api/v1/openings", nil), 200, &seen)
	if len(seen.Items) != 0 {
		t.Fatalf("openings outside HR: %+v", seen.Items)
	}
	decodeInto(t, e.do("hr", "POST", oid+"/applicants", map[string]any{"name": "张三"}), 409, nil) // not approved yet
	if !todoHas(todoOf(t, e, "sg"), chamber.TodoOpening, o.ID) {
		t.Fatalf("the 秘书长's to-do lacks the opening")
	}
	decodeInto(t, e.do("hr", "POST", oid+"/approve", nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", oid+"/approve", map[string]any{"comment": "同意招聘"}), 200, &o)
	if o.Status != "open" {
		t.Fatalf("approved: %+v", o)
	}
	decodeInto(t, e.do("sg", "POST", oid+"/approve", nil), 409, nil)

	// Applicants, a CV, interviews.
	var a, b chamber.Applicant
	decodeInto(t, e.do("hr", "POST", oid+"/applicants", map[string]any{"name": "张晓", "phone": "138 0000 1111", "email": "zx@example.com"}), 201, &a)
	decodeInto(t, e.do("hr", "POST", oid+"/applicants", map[string]any{"name": "王磊", "phone": "13800002222"}), 201, &b)
	decodeInto(t, e.do("hr", "POST", oid+"/applicants", map[string]any{"name": "", "email": "nope"}), 422, nil)
	var cv chamber.Attachment
	decodeInto(t, e.upload("hr", chamber.OwnerApplicant, a.ID, "张晓简历.png", pngBytes), 201, &cv)
	decodeInto(t, e.upload("houqin", chamber.OwnerApplicant, a.ID, "x.png", pngBytes), 404, nil)
	decodeInto(t, e.do("director", "GET", "/api/v1/attachments/"+strconv.FormatInt(cv.ID, 10), nil), 404, nil)
	decodeInto(t, e.do("sg", "GET", "/api/v1/attachments?owner_kind=applicant&owner_id="+strconv.FormatInt(a.ID, 10), nil), 200, nil) // the 秘书长 is HR
	aid := "/api/v1/applicants/" + strconv.FormatInt(a.ID, 10)
	decodeInto(t, e.do("hr", "POST", aid+"/interviews", map[string]any{"stage": "first", "date": today, "notes": "专业扎实，沟通良好", "result": "pass"}), 201, nil)
	decodeInto(t, e.do("hr", "POST", aid+"/interviews", map[string]any{"stage": "oral", "date": "2026-02-30"}), 422, nil)
	decodeInto(t, e.do("hr", "GET", aid, nil), 200, &a)
	if a.Status != "interviewing" || len(a.Interviews) != 1 || a.Interviews[0].Interviewer != "钱人事" {
		t.Fatalf("applicant: %+v", a)
	}
	decodeInto(t, e.do("houqin", "GET", aid, nil), 404, nil)

	// The hire.
	decodeInto(t, e.do("hr", "POST", aid+"/hire", map[string]any{"username": "bad name", "hired_on": today}), 422, nil)
	decodeInto(t, e.do("hr", "POST", aid+"/hire", map[string]any{"username": "clerk", "hired_on": today}), 409, nil) // taken
	decodeInto(t, e.do("hr", "POST", aid+"/hire", map[string]any{"username": "zhangxiao", "hired_on": today, "contract_starts_on": today,
		"contract_ends_on": "2029-12-31"}), 200, &a)
	if a.Status != "hired" || a.StaffID == 0 {
		t.Fatalf("hired: %+v", a)
	}
	var st chamber.Staff
	decodeInto(t, e.do("hr", "GET", "/api/v1/staff/"+strconv.FormatInt(a.StaffID, 10), nil), 200, &st)
	if st.Name != "张晓" || st.PositionID != clerkPos || st.Phone != "13800001111" || st.ContractEndsOn != "2029-12-31" {
		t.Fatalf("staff record: %+v", st)
	}
	holders, err := e.db.HoldersOn(sysCtx, clerkPos, 0, today)
	if err != nil {
		t.Fatal(err)
	}
	appointed := false
	for _, h := range holders {
		appointed = appointed || h.UserID == st.UserID
	}
	if !appointed {
		t.Fatalf("not appointed: %+v", holders)
	}
	decodeInto(t, e.do("", "POST", "/api/v1/auth/tokens", map[string]any{"username": "zhangxiao", "password": "whatever-it-is"}), 401, nil)
	decodeInto(t, e.do("hr", "GET", oid, nil), 200, &o)
	if o.Status != "closed" || o.Hired != 1 {
		t.Fatalf("filled opening: %+v", o)
	}
	decodeInto(t, e.do("hr", "POST", "/api/v1/applicants/"+strconv.FormatInt(b.ID, 10)+"/hire", map[string]any{"username": "wanglei", "hired_on": today}), 409, nil)

	// Two hires at once for the last place: exactly one.
	var o2 chamber.Opening
	decodeInto(t, e.do("hr", "POST", "/api/v1/openings", map[string]any{"position_id": positionID(t, e, "office_staff"), "title": "文秘"}), 201, &o2)
	o2id := "/api/v1/openings/" + strconv.FormatInt(o2.ID, 10)
	decodeInto(t, e.do("sg", "POST", o2id+"/approve", nil), 200, nil)
	var ids []chamber.ID
	for _, n := range []string{"甲", "乙"} {
		var x chamber.Applicant
		decodeInto(t, e.do("hr", "POST", o2id+"/applicants", map[string]any{"name": "应聘者" + n}), 201, &x)
		ids = append(ids, x.ID)
	}
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := e.do("hr", "POST", "/api/v1/applicants/"+strconv.FormatInt(id, 10)+"/hire", map[string]any{"username": "hire" + strconv.Itoa(i), "hired_on": today})
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409) && !(codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("concurrent hires: %v", codes)
	}

	// The pages, both languages.
	for lang, want := range map[string][4]string{"zh-CN": {"招聘管理", "已录用", "王磊", "张晓"}, "en": {"Recruitment", "Hired", "Applied", "Hired"}} {
		c := e.browser(lang)
		e.login(c, "hr")
		for i, path := range []string{"/recruitment", "/applicants/" + strconv.FormatInt(a.ID, 10), "/applicants/" + strconv.FormatInt(b.ID, 10),
			"/recruitment/" + strconv.FormatInt(o.ID, 10)} {
			resp, err := c.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, want[i]) || !strings.Contains(body, "张晓") && i == 1 {
				t.Fatalf("%s %s: %d", lang, path, resp.StatusCode)
			}
		}
		resp, err := c.PostForm(e.srv.URL+"/recruitment", url.Values{"position_id": {strconv.FormatInt(clerkPos, 10)}, "title": {""}})
		if err != nil {
			t.Fatal(err)
		}
		if readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s bad form: %d", lang, resp.StatusCode)
		}
	}
	c := e.browser("zh-CN")
	e.login(c, "sg")
	resp, err := c.Get(e.srv.URL + "/recruitment/" + strconv.FormatInt(o.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, "同意招聘") {
		t.Fatalf("the 秘书长's opening page: %d", resp.StatusCode)
	}
}
