package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// mustMembers creates n active individual members and returns their ids.
func mustMembers(t testing.TB, db *sqlstore.DB, n int) []chamber.ID {
	t.Helper()
	ids := make([]chamber.ID, n)
	for i := range ids {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%04d", i)})
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		ids[i] = m.ID
	}
	return ids
}

// openAssembly convenes and opens a general assembly far enough ahead.
func openAssembly(t testing.TB, db *sqlstore.DB) *chamber.Meeting {
	t.Helper()
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "第三届第二次会员大会", StartsAt: time.Now().AddDate(0, 0, 20), Location: "会议中心"})
	if err != nil {
		t.Fatal(err)
	}
	if m, err = db.OpenMeeting(sysCtx, m.ID); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNoticePeriod(t *testing.T) {
	db := openDB(t)
	_, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "临时会员大会", StartsAt: time.Now().AddDate(0, 0, 10)})
	if e, ok := err.(*chamber.Error); !ok || e.Reason != "notice_period" {
		t.Fatalf("10 days before a general assembly: %v", err)
	}
	// The council's 7 days are enough.
	if _, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", Title: "理事会", StartsAt: time.Now().AddDate(0, 0, 10)}); err != nil {
		t.Fatal(err)
	}
	// An override records who and why.
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "紧急会员大会", StartsAt: time.Now().AddDate(0, 0, 2), OverrideNotice: "突发事件需紧急决策"})
	if err != nil || m.NoticeOverride == "" {
		t.Fatalf("override: %+v %v", m, err)
	}
	_, err = db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "no_such_body", Title: "x", StartsAt: time.Now().AddDate(0, 1, 0)})
	wantField(t, err, "body")
}

// API.md's example: 210 of 300 represented (10 by proxy); 140 yes passes
// under 2/3以上 of present and 139 fails.
func TestQualifiedMajorityEndToEnd(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 300)
	m := openAssembly(t, db)
	var creds []*chamber.CheckIn
	for i := 0; i < 200; i++ {
		var proxy []chamber.ID
		if i < 10 {
			proxy = []chamber.ID{members[200+i]}
		}
		c, err := db.CheckIn(sysCtx, m.ID, members[i], proxy)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c)
	}
	q, err := db.Quorum(context.Background(), m.ID)
	if err != nil || q.Entitled != 300 || q.Present != 200 || q.Represented != 210 || q.Required != 200 || !q.Quorate {
		t.Fatalf("quorum: %+v %v", q, err)
	}
	for _, yes := range []int{140, 139} {
		mo, err := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: fmt.Sprintf("修改章程（%d）", yes), Kind: chamber.KindCharterAmend})
		if err != nil {
			t.Fatal(err)
		}
		if mo.Threshold != chamber.TwoThirdsPresent || !mo.Secret {
			t.Fatalf("charter amendment in the assembly: %+v", mo)
		}
		if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
			t.Fatal(err)
		}
		// The 10 proxy holders weigh 2 each: 130 single voters + 10×2 = 150 yes weight possible.
		got := 0
		for _, c := range creds {
			choice := "no"
			if got+int(c.Weight) <= yes {
				choice = "yes"
				got += int(c.Weight)
			}
			if _, err := db.CastBallot(context.Background(), mo.ID, c.Credential, choice); err != nil {
				t.Fatal(err)
			}
		}
		if got != yes {
			t.Fatalf("could only place %d yes", got)
		}
		res, err := db.MotionResult(context.Background(), mo.ID)
		if err != nil || res.Yes != nil || res.Cast != 210 {
			t.Fatalf("open secret result must hide the tally: %+v", res)
		}
		res, err = db.CloseMotion(sysCtx, mo.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *res.Yes != int64(yes) || *res.Present != 210 || *res.Passed != (yes == 140) {
			t.Fatalf("%d yes: %+v passed=%v", yes, res, *res.Passed)
		}
	}
}

func TestCheckInRules(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 6)
	sched, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "会员大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.CheckIn(sysCtx, sched.ID, members[0], nil)
	wantCode(t, err, chamber.ECONFLICT) // not open yet
	m, _ := db.OpenMeeting(sysCtx, sched.ID)
	if _, err := db.CheckIn(sysCtx, m.ID, members[0], []chamber.ID{members[1]}); err != nil {
		t.Fatal(err)
	}
	// The principal cannot also check in; nobody checks in twice.
	_, err = db.CheckIn(sysCtx, m.ID, members[1], nil)
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CheckIn(sysCtx, m.ID, members[0], nil)
	wantCode(t, err, chamber.ECONFLICT)
	// The charter's limit of one proxy per holder.
	_, err = db.CheckIn(sysCtx, m.ID, members[2], []chamber.ID{members[3], members[4]})
	if e, ok := err.(*chamber.Error); !ok || e.Reason != "proxy_limit" {
		t.Fatalf("two proxies: %v", err)
	}
	// Someone not entitled.
	_, err = db.CheckIn(sysCtx, m.ID, 999999, nil)
	wantField(t, err, "member_id")
	// A motion cannot open without quorum: 2 of 6 represented, 4 required.
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "一般事项"})
	_, err = db.OpenMotion(sysCtx, mo.ID)
	wantCode(t, err, chamber.ECONFLICT)
	// A suspended member is no longer entitled at the next assembly.
	if mo.Threshold != chamber.MajorityPresent || mo.Secret {
		t.Fatalf("ordinary motion: %+v", mo)
	}
}

func TestBallotRules(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 3)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "年度工作报告", Kind: chamber.KindWorkReport})
	_, err := db.CastBallot(context.Background(), mo.ID, creds[0], "yes")
	wantCode(t, err, chamber.ECONFLICT) // not open
	db.OpenMotion(sysCtx, mo.ID)
	if _, err := db.CastBallot(context.Background(), mo.ID, creds[0], "yes"); err != nil {
		t.Fatal(err)
	}
	_, err = db.CastBallot(context.Background(), mo.ID, creds[0], "no")
	wantCode(t, err, chamber.ECONFLICT) // second ballot
	_, err = db.CastBallot(context.Background(), mo.ID, "vote_forged", "yes")
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.CastBallot(context.Background(), mo.ID, creds[1], "maybe")
	wantField(t, err, "choice")
	db.CastBallot(context.Background(), mo.ID, creds[1], "abstain")
	// An open vote shows the running tally and records who voted how.
	res, _ := db.MotionResult(context.Background(), mo.ID)
	if res.Yes == nil || *res.Yes != 1 || *res.Abstain != 1 || res.Cast != 2 {
		t.Fatalf("open vote result: %+v", res)
	}
	var n int
	db.Reader().QueryRow(`SELECT COUNT(*) FROM open_ballots WHERE motion_id = $1`, mo.ID).Scan(&n)
	if n != 2 {
		t.Fatalf("open ballots recorded: %d", n)
	}
	// Cast ballots never change.
	if _, err := db.Writer().Exec(`UPDATE open_ballots SET choice = 'no'`); err == nil {
		t.Fatal("open ballot changed")
	}
	if _, err := db.Writer().Exec(`DELETE FROM ballot_marks`); err == nil {
		t.Fatal("ballot marks deleted")
	}
	// Closing twice gives the same result; a credential of another meeting is unknown here.
	r1, _ := db.CloseMotion(sysCtx, mo.ID)
	r2, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil || *r1.Yes != *r2.Yes || r1.Cast != r2.Cast || *r1.Passed != *r2.Passed {
		t.Fatalf("second close: %+v %+v %v", r1, r2, err)
	}
}

// Ballots racing a close: every close returns the same result, and the
// tally equals the accepted ballots, open or sealed.
func TestBallotsRaceClose(t *testing.T) {
	for _, secret := range []bool{false, true} {
		t.Run(fmt.Sprintf("secret=%v", secret), func(t *testing.T) { ballotsRaceClose(t, secret) })
	}
}

func ballotsRaceClose(t *testing.T, secret bool) {
	db := openDB(t)
	members := mustMembers(t, db, 40)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "预算", Secret: &secret})
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	results := []*chamber.Result{}
	for i, c := range creds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.CastBallot(context.Background(), mo.ID, c, "yes"); err == nil {
				mu.Lock()
				accepted++
				mu.Unlock()
			} else if chamber.ErrorCode(err) != chamber.ECONFLICT {
				t.Error(err)
			}
		}()
		if i%10 == 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := db.CloseMotion(sysCtx, mo.ID)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	final, _ := db.CloseMotion(sysCtx, mo.ID)
	for _, r := range results {
		if *r.Yes != *final.Yes || r.Cast != final.Cast {
			t.Fatalf("closes disagree: %+v vs %+v", r, final)
		}
	}
	if final.Cast != int64(accepted) || *final.Yes != int64(accepted) {
		t.Fatalf("tally %d/%d, accepted ballots %d", *final.Yes, final.Cast, accepted)
	}
	var marks int64
	db.Reader().QueryRow(`SELECT COALESCE(SUM(weight), 0) FROM ballot_marks WHERE scope = 'motion' AND ref_id = $1`, mo.ID).Scan(&marks)
	if marks != final.Cast {
		t.Fatalf("used credentials %d, ballots %d", marks, final.Cast)
	}
}

func TestElectionEndToEnd(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 6)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, _ := db.CheckIn(sysCtx, m.ID, id, nil)
		creds = append(creds, c.Credential)
	}
	_, err := db.CreateElection(sysCtx, m.ID, chamber.NewElection{Title: "x", Seats: 3, Candidates: members[:2]})
	wantField(t, err, "candidates")
	e, err := db.CreateElection(sysCtx, m.ID, chamber.NewElection{Title: "选举理事", Seats: 2, Candidates: members[:3]})
	if err != nil || !e.Secret || !e.Contested {
		t.Fatalf("election: %+v %v", e, err)
	}
	if _, err := db.OpenElection(sysCtx, e.ID); err != nil {
		t.Fatal(err)
	}
	votes := [][]chamber.ID{{members[0], members[1]}, {members[0], members[2]}, {members[0]}, {members[1], members[2]}, {}, {members[1]}}
	for i, v := range votes {
		if _, err := db.CastElectionBallot(context.Background(), e.ID, creds[i], v); err != nil {
			t.Fatal(err)
		}
	}
	_, err = db.CastElectionBallot(context.Background(), e.ID, creds[0], nil)
	wantCode(t, err, chamber.ECONFLICT)
	res, _ := db.ElectionResult(context.Background(), e.ID)
	if res.Cast != 6 || len(res.Tally) != 0 {
		t.Fatalf("open secret election shows %+v", res)
	}
	res, err = db.CloseElection(sysCtx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// member0: 3, member1: 3, member2: 2 → both elected, no tie.
	if len(res.Elected) != 2 || len(res.Tied) != 0 || res.Tally[0].Votes != 3 {
		t.Fatalf("result: %+v", res)
	}
	// Too many choices and unknown candidates are refused.
	e2, _ := db.CreateElection(sysCtx, m.ID, chamber.NewElection{Title: "选举监事", Seats: 1, Candidates: members[3:5]})
	db.OpenElection(sysCtx, e2.ID)
	_, err = db.CastElectionBallot(context.Background(), e2.ID, creds[0], members[3:5])
	wantField(t, err, "choices")
	_, err = db.CastElectionBallot(context.Background(), e2.ID, creds[0], []chamber.ID{members[0]})
	wantField(t, err, "choices")
}

func TestCouncilEntitlementFromSeats(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 4)
	council, _ := db.FindBodyByCode(context.Background(), "council")
	for _, id := range members[:3] {
		if _, err := db.Appoint(sysCtx, chamber.Post{BodyID: council.ID, MemberID: id, StartsOn: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", Title: "理事会", StartsAt: time.Now().AddDate(0, 0, 8)})
	if err != nil {
		t.Fatal(err)
	}
	db.OpenMeeting(sysCtx, m.ID)
	q, _ := db.Quorum(context.Background(), m.ID)
	if q.Entitled != 3 || q.Required != 2 {
		t.Fatalf("council quorum: %+v", q)
	}
	_, err = db.CheckIn(sysCtx, m.ID, members[3], nil)
	wantField(t, err, "member_id")
}

// An admitted applicant is welcomed through the announcements path.
func TestAdmissionWelcome(t *testing.T) {
	db := openDB(t)
	app, err := db.Apply(context.Background(), chamber.ApplicationInput{MemberInput: chamber.MemberInput{Kind: chamber.MemberIndividual,
		Name: "周建华", ContactName: "周建华", Phone: "13912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []chamber.AppDecision{{Action: "review_pass"}, {Action: "approve", DecidedOn: "2026-11-27", Resolution: "理事会决议〔2026〕5号"}} {
		if app, err = db.DecideApplication(sysCtx, app.ID, d); err != nil {
			t.Fatalf("%s: %v", d.Action, err)
		}
	}
	var n int
	db.Reader().QueryRow(`SELECT COUNT(*) FROM announcements WHERE notify_key = $1`, fmt.Sprintf("application:%d:approved", app.ID)).Scan(&n)
	if n != 1 || app.MemberID == 0 {
		t.Fatalf("welcome notices: %d (member %d)", n, app.MemberID)
	}
}

// An export imported again into the same database is refused, naming the
// rows whose member number exists, and writes nothing.
func TestReimportRefusesExistingMemberNumbers(t *testing.T) {
	db := openDB(t)
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "李四"})
	if err != nil {
		t.Fatal(err)
	}
	rows := []chamber.ImportRow{
		{Row: 2, MemberNo: m.MemberNo, Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "李四"}},
		{Row: 3, MemberNo: "209900001", Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "王五"}},
		{Row: 4, MemberNo: "209900001", Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "赵六"}},
	}
	res, bad, err := db.ImportMembers(sysCtx, rows)
	if err != nil || res != nil || len(bad) != 2 || bad[0].Row != 2 || bad[0].Field != "member_no" || bad[1].Row != 4 {
		t.Fatalf("import: %+v %+v %v", res, bad, err)
	}
	var n int
	db.Reader().QueryRow(`SELECT COUNT(*) FROM members`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d members after a refused import", n)
	}
}
