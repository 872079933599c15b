package sqlstore_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// staffOrg appoints logins to the secretariat's posts: the 秘书长, the
// office's director and clerk, a legal clerk, a former clerk whose post
// ended before and one whose post starts on the meeting's date in the
// chamber's zone (Asia/Shanghai); an outsider holds no post.
func staffOrg(t *testing.T, db *sqlstore.DB) (map[string]*chamber.User, map[string]chamber.ID) {
	t.Helper()
	u := map[string]*chamber.User{}
	for _, n := range []string{"sg", "dir", "clerk", "legal", "former", "newcomer", "outsider"} {
		u[n] = mustCreateUser(t, db, "sm_"+n, false)
	}
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	for _, a := range []struct {
		who, code, from, to string
	}{{"sg", chamber.PosSecretaryGeneral, "2020-01-01", ""}, {"dir", "office_director", "2020-01-01", ""},
		{"clerk", "office_staff", "2021-01-01", ""}, {"legal", "legal_rights_staff", "2022-01-01", ""},
		{"former", "office_staff", "2020-01-01", "2026-11-01"}, {"newcomer", "office_staff", "2026-11-02", ""}} {
		if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: pos[a.code], UserID: u[a.who].ID, StartsOn: a.from, EndsOn: a.to}); err != nil {
			t.Fatal(a.who, err)
		}
	}
	depts, err := db.ListDepartments(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	dept := map[string]chamber.ID{}
	for _, d := range depts {
		dept[d.Code] = d.ID
	}
	return u, dept
}

func rollIDs(t *testing.T, db *sqlstore.DB, meetingID chamber.ID) []chamber.ID {
	t.Helper()
	rows, err := db.Entitled(sysCtx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	var out []chamber.ID
	for _, r := range rows {
		out = append(out, r.MemberID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func ids(us ...*chamber.User) []chamber.ID {
	var out []chamber.ID
	for _, u := range us {
		out = append(out, u.ID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TestStaffMeetingRollAndCarryOver: a weekly meeting of the secretariat has
// as its roll exactly the logins holding its posts on the meeting's date in
// the chamber's zone (a department's meeting: that department's posts);
// they check themselves in, an outsider cannot. The next weekly meeting's
// agenda holds last week's open action items (owner, due date) and not the
// done ones, nor those of a department's meeting, then a slot per department.
func TestStaffMeetingRollAndCarryOver(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 10, 30, 9, 0, 0, 0, time.UTC)}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	u, dept := staffOrg(t, db)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	// 00:30 on 2 November in Shanghai is still 1 November in UTC.
	start := time.Date(2026, 11, 2, 0, 30, 0, 0, sh)
	w1, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", Title: "第45周例会", StartsAt: start})
	if err != nil {
		t.Fatal(err)
	}
	if w1.StaffKind != "weekly" || w1.Body != "secretariat" {
		t.Fatalf("meeting = %+v", w1)
	}
	want := ids(u["sg"], u["dir"], u["clerk"], u["legal"], u["newcomer"])
	if got := rollIDs(t, db, w1.ID); !equalIDs(got, want) {
		t.Fatalf("roll = %v, want the post holders %v", got, want)
	}
	office, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "office", DepartmentID: dept["office"], Title: "办公室例会", StartsAt: start})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rollIDs(t, db, office.ID), ids(u["dir"], u["clerk"], u["newcomer"]); !equalIDs(got, want) {
		t.Fatalf("office roll = %v, want %v", got, want)
	}
	q, err := db.Quorum(sysCtx, w1.ID)
	if err != nil || q.Entitled != 5 {
		t.Fatalf("quorum = %+v %v, want 5 entitled", q, err)
	}
	if _, err := db.OpenMeeting(sysCtx, w1.ID); err != nil {
		t.Fatal(err)
	}
	c, err := db.CheckIn(actorCtx(t, db, u["clerk"].ID), w1.ID, u["clerk"].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.MemberName != u["clerk"].Name {
		t.Errorf("check-in name = %q, want %q", c.MemberName, u["clerk"].Name)
	}
	_, err = db.CheckIn(actorCtx(t, db, u["outsider"].ID), w1.ID, u["outsider"].ID, nil)
	wantCode(t, err, chamber.EINVALID)
	_, err = db.CheckIn(actorCtx(t, db, u["legal"].ID), w1.ID, u["dir"].ID, nil)
	wantCode(t, err, chamber.EFORBIDDEN)
	if _, err := db.CheckIn(sysCtx, w1.ID, u["sg"].ID, nil); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListCheckIns(sysCtx, w1.ID)
	if err != nil || len(list) != 2 || list[1].MemberName != u["sg"].Name {
		t.Fatalf("check-ins = %+v %v", list, err)
	}
	if q, _ := db.Quorum(sysCtx, w1.ID); q.Present != 2 || q.Entitled != 5 {
		t.Errorf("quorum after check-in = %+v", q)
	}

	open, err := db.CreateActionItem(sysCtx, w1.ID, chamber.NewActionItem{Title: "落实年会场地", OwnerID: u["dir"].ID, DueOn: "2026-11-06"})
	if err != nil {
		t.Fatal(err)
	}
	done, err := db.CreateActionItem(sysCtx, w1.ID, chamber.NewActionItem{Title: "报送季度报表", OwnerID: u["clerk"].ID, DueOn: "2026-11-04"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateActionItem(sysCtx, office.ID, chamber.NewActionItem{Title: "整理档案室", OwnerID: u["clerk"].ID, DueOn: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CompleteActionItem(actorCtx(t, db, u["clerk"].ID), done.ID, "已报送"); err != nil {
		t.Fatal(err)
	}
	// Those on the roll see the meeting's decisions, an outsider not.
	if got, err := db.ListActionItems(actorCtx(t, db, u["legal"].ID), chamber.ActionFilter{MeetingID: w1.ID}); err != nil || len(got) != 2 {
		t.Fatalf("the legal clerk sees %d items %v, want 2", len(got), err)
	}
	if got, _ := db.ListActionItems(actorCtx(t, db, u["outsider"].ID), chamber.ActionFilter{MeetingID: w1.ID}); len(got) != 0 {
		t.Fatalf("an outsider sees %d items", len(got))
	}
	w2, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", Title: "第46周例会", StartsAt: start.AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	ag, err := db.Agenda(sysCtx, w2.ID)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, a := range ag {
		text = append(text, a.Title)
	}
	all := strings.Join(text, "\n")
	if len(ag) == 0 || ag[0].Title != (&chamber.ActionItem{Title: open.Title, Owner: open.Owner, DueOn: open.DueOn}).AgendaLine() {
		t.Fatalf("agenda = %q, want last week's open item first", text)
	}
	if strings.Contains(all, "报送季度报表") || strings.Contains(all, "整理档案室") {
		t.Errorf("agenda = %q holds a done item or another department's", text)
	}
	if !strings.Contains(all, "部门工作汇报：办公室") || !strings.Contains(all, "部门工作汇报：人力资源部") {
		t.Errorf("agenda = %q, want a slot per department", text)
	}
	o2, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", DepartmentID: dept["office"], Title: "办公室第46周", StartsAt: start.AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if ag, _ := db.Agenda(sysCtx, o2.ID); len(ag) != 2 || !strings.Contains(ag[0].Title, "整理档案室") {
		t.Errorf("department agenda = %+v", ag)
	}
	ms, err := db.ListStaffMeetings(actorCtx(t, db, u["legal"].ID), chamber.StaffMeetingFilter{Kind: "weekly"})
	if err != nil || len(ms) != 3 {
		t.Fatalf("a legal clerk's weekly meetings = %d %v, want 3", len(ms), err)
	}
	_, err = db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", StaffKind: "weekly", Title: "x", StartsAt: start})
	wantCode(t, err, chamber.EINVALID)
	_, err = db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "monthly", Title: "x", StartsAt: start})
	wantCode(t, err, chamber.EINVALID)
	_, err = db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", DepartmentID: 9999, Title: "x", StartsAt: start})
	wantCode(t, err, chamber.EINVALID)
}

func equalIDs(a, b []chamber.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
