package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestMeetingMaterialsOnlyForTheBody reproduces issue 10 item 4: anyone
// holding org.read (nearly every post) could read a body's materials, and a
// member's portal listed every meeting.
func TestMeetingMaterialsOnlyForTheBody(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(3) // council seat, plain member, supervisor
	council, _ := e.db.FindBodyByCode(sysCtx, "council")
	board, _ := e.db.FindBodyByCode(sysCtx, "supervisory_board")
	today := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	for _, p := range []chamber.Post{{BodyID: council.ID, MemberID: members[0], StartsOn: today}, {BodyID: board.ID, MemberID: members[2], StartsOn: today}} {
		if _, err := e.db.Appoint(sysCtx, p); err != nil {
			t.Fatal(err)
		}
	}
	tokens := map[string]string{}
	for name, member := range map[string]int64{"seat": members[0], "plain": members[1], "supervisor": members[2]} {
		u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: name, Name: name, Password: testPassword, MemberID: member})
		if err != nil {
			t.Fatal(err)
		}
		if tokens[name], _, err = e.db.CreateToken(sysCtx, u.ID, "t"); err != nil {
			t.Fatal(err)
		}
	}
	// A clerk of the member development department: org.read, member.read, no meeting.manage.
	clerk, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "clerk", Name: "会员部干事", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	grants, err := e.db.Grants(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	perms := map[string]map[chamber.Permission]bool{}
	for _, g := range grants {
		if g.SubjectKind == "position" {
			if perms[g.Subject] == nil {
				perms[g.Subject] = map[chamber.Permission]bool{}
			}
			perms[g.Subject][g.Permission] = true
		}
	}
	// The position with the fewest grants that reads the org chart and
	// neither runs meetings nor reads the audit log (directly or implied),
	// chosen the same way every run.
	positions, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	inBody := map[string]bool{} // a seat's position makes its holder sit in the body
	for _, p := range positions {
		inBody[fmt.Sprint(p.ID)] = p.BodyID != 0
	}
	var clerkPos chamber.ID
	best := ""
	for subj, ps := range perms {
		probe := &chamber.Actor{Permissions: ps}
		if inBody[subj] || !ps[chamber.PermOrgRead] || probe.Can(chamber.PermMeetingManage) || probe.Can(chamber.PermAuditRead) {
			continue
		}
		if best == "" || len(ps) < len(perms[best]) || (len(ps) == len(perms[best]) && subj < best) {
			best = subj
		}
	}
	if best != "" {
		fmt.Sscan(best, &clerkPos)
	}
	if clerkPos != 0 {
		if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: clerkPos, UserID: clerk.ID, StartsOn: today}); err != nil {
			t.Fatal(err)
		}
		if a, err := e.db.Actor(sysCtx, clerk.ID); err != nil || !a.Can(chamber.PermOrgRead) || a.Can(chamber.PermMeetingManage) {
			t.Fatalf("clerk: %+v %v", a, err)
		}
	}
	if clerkPos == 0 {
		t.Fatal("no department position with org.read only")
	}
	if tokens["clerk"], _, err = e.db.CreateToken(sysCtx, clerk.ID, "t"); err != nil {
		t.Fatal(err)
	}
	tokens["admin"], tokens["staff"] = e.tokens["admin"], e.tokens["staff"]

	cm := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "council", "title": "理事会（人事）",
		"starts_at": time.Now().AddDate(0, 0, 8).Format(time.RFC3339), "agenda": []string{"人事任免"}}, 201)
	ga := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	mo := jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/motions", cm.ID), map[string]any{"title": "任免议案", "kind": "ordinary"}, 201)
	agenda, err := e.db.Agenda(sysCtx, cm.ID)
	if err != nil || len(agenda) != 1 {
		t.Fatal(agenda, err)
	}
	resp := e.upload("admin", "agenda_item", agenda[0].ID, "人事方案.pdf", []byte("%PDF-1.4\n人事\n"))
	var att struct{ ID int64 }
	if err := json.NewDecoder(resp.Body).Decode(&att); err != nil || resp.StatusCode != 201 {
		t.Fatalf("upload: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()

	as := func(who, path string) int {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[who])
		r, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	listed := func(who string) map[int64]bool {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/meetings", nil)
		req.Header.Set("Authorization", "Bearer "+tokens[who])
		r, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var l struct{ Items []idOnly }
		json.NewDecoder(r.Body).Decode(&l)
		r.Body.Close()
		out := map[int64]bool{}
		for _, it := range l.Items {
			out[it.ID] = true
		}
		return out
	}
	for who, want := range map[string]bool{"admin": true, "seat": true, "supervisor": true, "clerk": false, "plain": false, "staff": false} {
		code := map[bool]int{true: 200, false: 404}[want]
		for _, path := range []string{
			fmt.Sprintf("/api/v1/attachments/%d/file", att.ID),
			fmt.Sprintf("/api/v1/meetings/%d", cm.ID),
			fmt.Sprintf("/api/v1/meetings/%d/motions", cm.ID),
			fmt.Sprintf("/api/v1/meetings/%d/quorum", cm.ID),
			fmt.Sprintf("/api/v1/motions/%d", mo.ID),
			fmt.Sprintf("/api/v1/motions/%d/result", mo.ID),
		} {
			if got := as(who, path); got != code {
				t.Errorf("%s GET %s: %d, want %d", who, path, got, code)
			}
		}
		if got := listed(who)[cm.ID]; got != want {
			t.Errorf("%s lists the council meeting: %v, want %v", who, got, want)
		}
	}
	// Every active member sits in the general assembly; a login with no member does not.
	for who, want := range map[string]bool{"plain": true, "seat": true, "staff": false, "clerk": false} {
		if got := listed(who)[ga.ID]; got != want {
			t.Errorf("%s lists the general assembly: %v, want %v", who, got, want)
		}
	}
	// The meeting page itself.
	c := e.browser("")
	e.login(c, "plain")
	if r, _ := get(t, c, fmt.Sprintf("%s/meetings/%d", e.srv.URL, cm.ID)); r.StatusCode != 404 {
		t.Errorf("plain member opens the council meeting page: %d", r.StatusCode)
	}
	if r, _ := get(t, c, fmt.Sprintf("%s/meetings/%d", e.srv.URL, ga.ID)); r.StatusCode != 200 {
		t.Errorf("plain member opens the general assembly page: %d", r.StatusCode)
	}
}
