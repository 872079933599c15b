package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func mustCreateMembers(t *testing.T, db *sqlstore.DB, n int, status chamber.MemberStatus) []*chamber.Member {
	t.Helper()
	var out []*chamber.Member
	for i := 0; i < n; i++ {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%s%d", status, i),
			Email: fmt.Sprintf("m%s%d@example.com", status, i)})
		if err != nil {
			t.Fatal(err)
		}
		if status != chamber.StatusActive {
			if m, err = db.ChangeMemberStatus(sysCtx, m.ID, chamber.StatusChange{Status: status, Reason: "测试"}); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, m)
	}
	return out
}

func grantUser(t *testing.T, db *sqlstore.DB, username string, perms ...chamber.Permission) context.Context {
	t.Helper()
	u := mustCreateUser(t, db, username, false)
	// A position of its own in the secretariat grants the permissions.
	pos, err := db.CreatePosition(sysCtx, chamber.Position{Name: "岗位" + username, BodyID: secretariatID(t, db), Headcount: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetGrants(sysCtx, "position", fmt.Sprint(pos.ID), perms); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: pos.ID, UserID: u.ID, StartsOn: "2000-01-01"}); err != nil {
		t.Fatal(err)
	}
	return actorCtx(t, db, u.ID)
}

func secretariatID(t *testing.T, db *sqlstore.DB) chamber.ID {
	t.Helper()
	var id chamber.ID
	if err := db.Reader().QueryRow(`SELECT id FROM bodies WHERE code = 'secretariat'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAnnouncementToActiveMembers(t *testing.T) {
	db := openDB(t)
	active := mustCreateMembers(t, db, 25, chamber.StatusActive)
	mustCreateMembers(t, db, 3, chamber.StatusSuspended)
	author := grantUser(t, db, "writer", chamber.PermAnnounceWrite)
	approver := grantUser(t, db, "boss", chamber.PermAnnounceWrite, chamber.PermAnnounceApprove)

	a, err := db.CreateAnnouncement(author, chamber.AnnouncementInput{Kind: "notice", Title: "年会通知", Body: "各会员单位：\n\n年会定于下月召开。",
		Audience: chamber.AudienceAllMembers, RequireAck: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != chamber.AnnDraft {
		t.Fatalf("status %s", a.Status)
	}
	// With the four-eyes rule on (a new installation has it off), the
	// author cannot publish nor approve its own.
	if _, err := db.Writer().Exec(`INSERT INTO settings(key, value) VALUES ('announcement.approval', 'required')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublishAnnouncement(author, a.ID); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("author publish: %v", err)
	}
	if _, err := db.ApproveAnnouncement(author, a.ID, chamber.ApproveInput{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("author approve: %v", err)
	}
	if _, err := db.ApproveAnnouncement(approver, a.ID, chamber.ApproveInput{}); err != nil {
		t.Fatal(err)
	}
	pub, err := db.PublishAnnouncement(author, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Recipients != 25 || pub.Status != chamber.AnnPublished || pub.Revision != 1 {
		t.Fatalf("published: %+v", pub)
	}
	st, err := db.OutboxStatus(sysCtx)
	if err != nil || st.Queued != 25 {
		t.Fatalf("outbox %+v %v", st, err)
	}
	// No edit after publishing.
	if _, err := db.UpdateAnnouncement(author, a.ID, chamber.AnnouncementInput{Kind: "notice", Title: "改", Body: "改"}); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("edit after publish: %v", err)
	}
	// Two representatives of one member: the first read counts, once.
	rep1 := actorCtx(t, db, mustLinkedUser(t, db, "rep1", active[0].ID).ID)
	rep2 := actorCtx(t, db, mustLinkedUser(t, db, "rep2", active[0].ID).ID)
	if n, _ := db.UnreadCount(rep1); n != 1 {
		t.Fatalf("unread %d", n)
	}
	for _, c := range []context.Context{rep1, rep2, rep1} {
		if _, _, err := db.ReadAnnouncement(c, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := db.UnreadCount(rep2); n != 0 {
		t.Fatalf("unread after read %d", n)
	}
	rc, err := db.AnnouncementReceipts(author, a.ID)
	if err != nil || rc.Recipients != 25 || rc.Read != 1 {
		t.Fatalf("receipts %+v %v", rc, err)
	}
	if err := db.AcknowledgeAnnouncement(rep2, a.ID); err != nil {
		t.Fatal(err)
	}
	if rc, _ = db.AnnouncementReceipts(author, a.ID); rc.Acked != 1 || rc.Read != 1 {
		t.Fatalf("after ack %+v", rc)
	}
	unread, _, err := db.AnnouncementRecipients(author, a.ID, true, chamber.Page{Limit: 200})
	if err != nil || len(unread) != 24 {
		t.Fatalf("unread list %d %v", len(unread), err)
	}
	if n, err := db.RemindUnread(author, a.ID); err != nil || n != 24 {
		t.Fatalf("remind %d %v", n, err)
	}
	// A member outside the audience does not see it.
	outsider := actorCtx(t, db, mustLinkedUser(t, db, "other", 999).ID)
	if _, err := db.FindAnnouncement(outsider, a.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("outsider: %v", err)
	}

	// A correction is a revision; the old text stays as history.
	title := "年会通知（更正）"
	rev, err := db.ReviseAnnouncement(author, a.ID, chamber.RevisionInput{Title: &title, Body: "年会改期。"})
	if err != nil {
		t.Fatal(err)
	}
	if rev.Revision != 2 || len(rev.History) != 2 || rev.History[0].Body != "各会员单位：\n\n年会定于下月召开。" || rev.Title != title {
		t.Fatalf("revision: %+v", rev)
	}
	// The revisions table refuses edits.
	if _, err := db.Writer().Exec(`UPDATE announcement_revisions SET body = 'x'`); err == nil {
		t.Fatal("revision edited in place")
	}
	res, err := db.VerifyAudit(sysCtx)
	if err != nil || !res.OK {
		t.Fatalf("audit %+v %v", res, err)
	}
}

func mustLinkedUser(t *testing.T, db *sqlstore.DB, username string, member chamber.ID) *chamber.User {
	t.Helper()
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: username, Name: username, Password: "secret-password", MemberID: member})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAnnouncementAudiences(t *testing.T) {
	db := openDB(t)
	members := mustCreateMembers(t, db, 3, chamber.StatusActive)
	writer := grantUser(t, db, "ww", chamber.PermAnnounceWrite, chamber.PermAnnounceApprove) // a secretariat post: staff
	approver := grantUser(t, db, "aa", chamber.PermAnnounceApprove)                          // staff too
	var council chamber.ID
	if err := db.Reader().QueryRow(`SELECT id FROM bodies WHERE code = 'council'`).Scan(&council); err != nil {
		t.Fatal(err)
	}
	// Two council seats (members), the president's post (a login), a
	// seat that ended, and a seat on another body.
	for _, p := range []chamber.Post{
		{BodyID: council, MemberID: members[0].ID, StartsOn: "2000-01-01"},
		{BodyID: council, MemberID: members[1].ID, StartsOn: "2000-01-01"},
		{BodyID: council, MemberID: members[2].ID, StartsOn: "2000-01-01", EndsOn: "2001-01-01"},
	} {
		if _, err := db.Appoint(sysCtx, p); err != nil {
			t.Fatal(err)
		}
	}
	pres := mustCreateUser(t, db, "pres", false)
	var presPos chamber.ID
	if err := db.Reader().QueryRow(`SELECT id FROM positions WHERE code = 'president'`).Scan(&presPos); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: presPos, UserID: pres.ID, StartsOn: "2000-01-01"}); err != nil {
		t.Fatal(err)
	}
	publish := func(aud chamber.Audience) *chamber.Announcement {
		t.Helper()
		a, err := db.CreateAnnouncement(writer, chamber.AnnouncementInput{Kind: "notice", Title: "t", Body: "b", Audience: aud})
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.PublishAnnouncement(approver, a.ID) // approval + publish by a non-author
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if a := publish(chamber.AudienceCouncil); a.Recipients != 3 {
		t.Errorf("council: %d recipients, want 2 seats + the president", a.Recipients)
	}
	if a := publish(chamber.BodyAudience(council)); a.Recipients != 3 {
		t.Errorf("council by id: %d", a.Recipients)
	}
	if a := publish(chamber.AudienceStaff); a.Recipients != 2 {
		t.Errorf("staff: %d recipients, want the 2 secretariat logins", a.Recipients)
	}
	if a := publish(chamber.AudiencePublic); a.Recipients != 0 {
		t.Errorf("public: %d", a.Recipients)
	}
	if _, err := db.CreateAnnouncement(writer, chamber.AnnouncementInput{Kind: "notice", Title: "t", Body: "b", Audience: chamber.BodyAudience(99999)}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Errorf("unknown body: %v", err)
	}
	// Notify: idempotent by key, explicit recipients, inside a transaction.
	id1, err := db.Notify(sysCtx, chamber.Notification{Key: "meeting:1:notice", Title: "会议通知", Body: "请准时参会", Members: []chamber.ID{members[0].ID, members[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	id2, err := db.Notify(sysCtx, chamber.Notification{Key: "meeting:1:notice", Title: "会议通知", Body: "请准时参会", Members: []chamber.ID{members[0].ID}})
	if err != nil || id1 != id2 {
		t.Fatalf("notify twice: %d %d %v", id1, id2, err)
	}
	if rc, _ := db.AnnouncementReceipts(sysCtx, id1); rc.Recipients != 2 {
		t.Fatalf("notify recipients %+v", rc)
	}
}

func TestAnnouncementScheduled(t *testing.T) {
	clock := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	mustCreateMembers(t, db, 2, chamber.StatusActive)
	writer := grantUser(t, db, "ww", chamber.PermAnnounceWrite)
	approver := grantUser(t, db, "aa", chamber.PermAnnounceApprove)
	a, err := db.CreateAnnouncement(writer, chamber.AnnouncementInput{Kind: "news", Title: "t", Body: "b"})
	if err != nil {
		t.Fatal(err)
	}
	at := clock.Now().Add(3600e9)
	if _, err := db.ApproveAnnouncement(approver, a.ID, chamber.ApproveInput{PublishAt: &at}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PublishDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("early: %d %v", n, err)
	}
	clock.Add(3601e9)
	if n, err := db.PublishDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("due: %d %v", n, err)
	}
	got, _ := db.FindAnnouncement(writer, a.ID)
	if got.Status != chamber.AnnPublished || got.Recipients != 2 {
		t.Fatalf("%+v", got)
	}
}
