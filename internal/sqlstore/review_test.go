package sqlstore_test

import (
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
	hr := actorCtx(t, db, u["sg"].ID) // the 秘书长 holds staff.manage
	r, err := db.CreateAnnualReview(hr, chamber.NewReview{Year: 2026, SubjectKind: "staff", SubjectID: u["clerk"].ID})
	if err != nil {
		t.Fatal(err)
	}
	want := chamber.ReviewFacts{MeetingsEntitled: 1, MeetingsAttended: 1, ActionItemsDone: 1, ActionItemsOverdue: 1, LeaveDays: l.Days}
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
