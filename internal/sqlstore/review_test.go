package sqlstore_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestAnnualReviewFactsScoresGrade: a clerk's review of the year holds the
// facts of the records (staff meetings held with the clerk on the roll, and
// attended — one not yet held does not count; action
// items done and overdue, leave days); the superior and the peer score, the
// weights give the total and the grade; only reviewers score, only the
// subject writes its report; one review per subject and year.
func TestAnnualReviewFactsScoresGrade(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 10, 30, 9, 0, 0, 0, time.UTC)}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	u, _ := staffOrg(t, db)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, sh)
	w1, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", Title: "第45周例会", StartsAt: start})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{StaffKind: "weekly", Title: "第46周例会", StartsAt: start.AddDate(0, 0, 7)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenMeeting(sysCtx, w1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CheckIn(sysCtx, w1.ID, u["clerk"].ID, nil); err != nil {
		t.Fatal(err)
	}
	clerk := actorCtx(t, db, u["clerk"].ID)
	for _, a := range []struct {
		title, due string
		done       bool
	}{{"报送季度报表", "2026-11-04", true}, {"整理档案", "2026-10-01", false}, {"筹备年会", "2026-12-01", false}, {"明年的事", "2027-01-05", false}} {
		it, err := db.CreateActionItem(sysCtx, w1.ID, chamber.NewActionItem{Title: a.title, OwnerID: u["clerk"].ID, DueOn: a.due})
		if err != nil {
			t.Fatal(err)
		}
		if a.done {
			if _, err := db.CompleteActionItem(clerk, it.ID, "完成"); err != nil {
				t.Fatal(err)
			}
		}
	}
	l, err := db.CreateLeave(clerk, chamber.NewLeave{Kind: "personal", From: "2026-11-09", To: "2026-11-10"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideLeave(actorCtx(t, db, u["dir"].ID), l.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	// Across New Year: only 30 and 31 December count in 2026.
	l2, err := db.CreateLeave(clerk, chamber.NewLeave{Kind: "annual", From: "2026-12-30", To: "2027-01-06"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideLeave(actorCtx(t, db, u["dir"].ID), l2.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	hr := actorCtx(t, db, u["sg"].ID) // the 秘书长 holds staff.manage
	r, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "staff", SubjectID: u["clerk"].ID})
	if err != nil {
		t.Fatal(err)
	}
	want := chamber.ReviewFacts{MeetingsEntitled: 1, MeetingsAttended: 1, ActionItemsDone: 1, ActionItemsOverdue: 1, LeaveDays: l.Days + 2}
	if r.Facts != want || l.Days != 2 {
		t.Fatalf("facts = %+v, want %+v", r.Facts, want)
	}
	if r.Department != "办公室" || r.WriterID != u["clerk"].ID {
		t.Errorf("review = %+v", r)
	}
	roles := map[chamber.ID]string{}
	for _, x := range r.Reviewers {
		roles[x.UserID] = x.Role
	}
	if len(roles) != 2 || roles[u["dir"].ID] != "superior" || roles[u["former"].ID] != "peer" {
		t.Fatalf("reviewers = %+v, want the director (superior) and the other clerk (peer)", r.Reviewers)
	}
	_, err = db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "staff", SubjectID: u["clerk"].ID})
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CreateAnnualReview(clerk, chamber.NewReview{Year: 2026, SubjectKind: "staff", SubjectID: u["legal"].ID})
	wantCode(t, err, chamber.EFORBIDDEN)

	_, err = db.ScoreAnnualReview(actorCtx(t, db, u["legal"].ID), r.ID, 80, "")
	wantCode(t, err, chamber.ENOTFOUND) // not a reviewer: not even seen
	_, err = db.ScoreAnnualReview(clerk, r.ID, 100, "")
	wantCode(t, err, chamber.EFORBIDDEN) // the subject sees it but does not score
	_, err = db.ScoreAnnualReview(actorCtx(t, db, u["dir"].ID), r.ID, 101, "")
	wantCode(t, err, chamber.EINVALID)
	_, err = db.WriteAnnualReport(actorCtx(t, db, u["dir"].ID), r.ID, "替他写")
	wantCode(t, err, chamber.EFORBIDDEN)
	if _, err := db.WriteAnnualReport(clerk, r.ID, "本年度完成会议组织、文书档案等工作。"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ScoreAnnualReview(actorCtx(t, db, u["dir"].ID), r.ID, 90, "认真负责"); err != nil {
		t.Fatal(err)
	}
	r, err = db.ScoreAnnualReview(actorCtx(t, db, u["former"].ID), r.ID, 70, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 82 || r.Suggested != "competent" { // 60% × 90 + 40% × 70
		t.Fatalf("total = %v (%s), want 82 competent", r.Total, r.Suggested)
	}
	r, err = db.ConcludeAnnualReview(hr, r.ID, "")
	if err != nil || r.Grade != "competent" || r.Status != chamber.ReviewConcluded || r.Report == "" {
		t.Fatalf("concluded = %+v %v", r, err)
	}
	_, err = db.ScoreAnnualReview(actorCtx(t, db, u["dir"].ID), r.ID, 95, "")
	wantCode(t, err, chamber.ECONFLICT)

	// Configured weights and reviewers: 20% × 100 + 80% × 50 = 60, 基本称职.
	r2, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "staff", SubjectID: u["dir"].ID,
		Weights:   map[string]int{"superior": 20, "peer": 80},
		Reviewers: []chamber.ReviewReviewer{{UserID: u["sg"].ID, Role: "superior"}, {UserID: u["legal"].ID, Role: "peer"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ScoreAnnualReview(hr, r2.ID, 100, ""); err != nil {
		t.Fatal(err)
	}
	r2, err = db.ScoreAnnualReview(actorCtx(t, db, u["legal"].ID), r2.ID, 50, "")
	if err != nil || r2.Total != 60 || r2.Suggested != "basic" {
		t.Fatalf("weighted = %+v %v", r2, err)
	}
	// Past years are kept beside this one; the clerk lists only its own.
	if _, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2025, SubjectKind: "staff", SubjectID: u["clerk"].ID}); err != nil {
		t.Fatal(err)
	}
	mine, err := db.ListAnnualReviews(clerk, chamber.ReviewFilter{})
	if err != nil || len(mine) != 2 {
		t.Fatalf("clerk's reviews = %d %v, want 2 years", len(mine), err)
	}
	all, err := db.ListAnnualReviews(hr, chamber.ReviewFilter{Year: 2026})
	if err != nil || len(all) != 2 {
		t.Fatalf("2026 = %d %v", len(all), err)
	}
	_, err = db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "branch", SubjectID: 999})
	wantCode(t, err, chamber.EINVALID)
}

// TestAnnualReviewCouncilMemberAndBranch: a council member's facts are the
// council meetings held while it sat and those it attended; a branch's are
// its meetings held, their roll and attendance; a branch's member panel
// scores it and its head's login writes the report.
func TestAnnualReviewCouncilMemberAndBranch(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 10, 30, 9, 0, 0, 0, time.UTC)}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	members := mustMembers(t, db, 3)
	council, err := db.FindBodyByCode(sysCtx, "council")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Appoint(sysCtx, chamber.Post{BodyID: council.ID, MemberID: members[0], StartsOn: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	for i, day := range []int{10, 20, 30} {
		m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", Title: "理事会", StartsAt: time.Date(2026, 11, day, 9, 0, 0, 0, sh)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			continue // not held yet
		}
		if _, err := db.OpenMeeting(sysCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := db.CheckIn(sysCtx, m.ID, members[0], nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	hr := sysCtx
	r, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "council_member", SubjectID: members[0]})
	if err != nil {
		t.Fatal(err)
	}
	if r.Facts.MeetingsEntitled != 2 || r.Facts.MeetingsAttended != 1 || r.Department != "理事会" {
		t.Fatalf("council member facts = %+v", r.Facts)
	}

	branch, err := db.CreateBody(sysCtx, chamber.Body{Kind: chamber.BodyBranch, Name: "青年企业家分会", ParentID: council.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range members[1:] {
		if _, err := db.Appoint(sysCtx, chamber.Post{BodyID: branch.ID, MemberID: id, StartsOn: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	head, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "branch_head", Name: "分会会长", Password: "secret-password", MemberID: members[1]})
	if err != nil {
		t.Fatal(err)
	}
	bm, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: strconv.FormatInt(branch.ID, 10), Title: "分会年会", StartsAt: time.Date(2026, 11, 5, 9, 0, 0, 0, sh), OverrideNotice: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenMeeting(sysCtx, bm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CheckIn(sysCtx, bm.ID, members[1], nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseMeeting(sysCtx, bm.ID); err != nil {
		t.Fatal(err)
	}
	p1, p2 := mustCreateUser(t, db, "panel1", false), mustCreateUser(t, db, "panel2", false)
	br, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "branch", SubjectID: branch.ID,
		Reviewers: []chamber.ReviewReviewer{{UserID: p1.ID, Role: "panel"}, {UserID: p2.ID, Role: "panel"}}})
	if err != nil {
		t.Fatal(err)
	}
	if br.Facts.MeetingsHeld != 1 || br.Facts.MeetingsEntitled != 2 || br.Facts.MeetingsAttended != 1 || br.WriterID != head.ID || br.Weights["panel"] != 40 {
		t.Fatalf("branch review = %+v", br)
	}
	if _, err := db.WriteAnnualReport(actorCtx(t, db, head.ID), br.ID, "本年度分会组织活动六次。"); err != nil {
		t.Fatal(err)
	}
	db.ScoreAnnualReview(actorCtx(t, db, p1.ID), br.ID, 80, "")
	br, err = db.ScoreAnnualReview(actorCtx(t, db, p2.ID), br.ID, 90, "")
	if err != nil || br.Total != 85 || br.Suggested != "competent" {
		t.Fatalf("branch total = %+v %v", br, err)
	}
}
