package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// A member who checked in on one phone gets the same credential on
// another; staff re-issue it, the old one stops working and the new one
// cannot vote again where the old one did.
func TestCredentialShownAgainAndReissued(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 3)
	m := openAssembly(t, db)
	me := portalCtx(t, db, "rep0", members[0])
	principal := portalCtx(t, db, "rep1", members[1])

	if _, err := db.MyCheckIn(me, m.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("before check-in: %v", err)
	}
	first, err := db.CheckIn(me, m.ID, members[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CheckIn(sysCtx, m.ID, members[2], []chamber.ID{members[1]}); err != nil {
		t.Fatal(err)
	}
	again, err := db.MyCredential(me, m.ID)
	if err != nil || again.Credential != first.Credential {
		t.Fatalf("shown again: %v %q want %q", err, again.Credential, first.Credential)
	}
	// The principal is represented by the holder and has no credential.
	c, err := db.MyCheckIn(principal, m.ID)
	if err != nil || c.MemberID != members[2] {
		t.Fatalf("principal's check-in: %+v %v", c, err)
	}
	if _, err := db.MyCredential(principal, m.ID); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("principal's credential: %v", err)
	}
	// A member's login cannot fetch or re-issue another's.
	if _, err := db.ReissueCredential(me, m.ID, members[2]); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("member re-issues: %v", err)
	}

	yes := true
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "年度工作报告", Kind: chamber.KindWorkReport, Secret: &yes})
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CastBallot(context.Background(), mo.ID, first.Credential, "yes"); err != nil {
		t.Fatal(err)
	}
	re, err := db.ReissueCredential(sysCtx, m.ID, members[0])
	if err != nil || re.Credential == "" || re.Credential == first.Credential {
		t.Fatalf("re-issue: %+v %v", re, err)
	}
	// The old credential is void; the new one has voted already.
	_, err = db.CastBallot(context.Background(), mo.ID, first.Credential, "no")
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.CastBallot(context.Background(), mo.ID, re.Credential, "no")
	wantCode(t, err, chamber.ECONFLICT)
	if done, err := db.HasVoted(context.Background(), "motion", mo.ID, re.Credential); err != nil || !done {
		t.Fatalf("new credential has voted: %v %v", done, err)
	}
	if _, err := db.MeetingForVoter(context.Background(), m.ID, first.Credential); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("old credential still opens the voting page: %v", err)
	}
	if again, err := db.MyCredential(me, m.ID); err != nil || again.Credential != re.Credential {
		t.Fatalf("shown again after re-issue: %v", err)
	}
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil || res.Cast != 1 || *res.Yes != 1 {
		t.Fatalf("one ballot counted once: %+v %v", res, err)
	}
	// The audit log names the re-issue and never a credential.
	var n int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.credential_reissue'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("re-issue audited: %d %v", n, err)
	}
	rows, err := db.Reader().Query(`SELECT after FROM audit_log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var after string
		if err := rows.Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, re.Credential) || strings.Contains(after, first.Credential) {
			t.Fatalf("a credential in the audit log: %s", after)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// The stored copy is sealed, not the credential in clear.
	var sealed []byte
	if err := db.Reader().QueryRow(`SELECT credential_sealed FROM check_ins WHERE member_id = $1`, members[0]).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if len(sealed) == 0 || strings.Contains(string(sealed), re.Credential) {
		t.Fatalf("stored credential: %q", sealed)
	}
}

// What staff type at the check-in desk: a name, two characters of it, its
// pinyin or initials, or a member number; namesakes come with numbers.
func TestMatchEntitled(t *testing.T) {
	db := openDB(t)
	var ids []chamber.ID
	for _, name := range []string{"张秀英", "郑国庆", "郑国庆", "李明"} {
		mb, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, mb.ID)
	}
	m := openAssembly(t, db)
	for _, q := range []string{"张秀英", "秀英", "zhangxiuying", "zxy"} {
		found, err := db.MatchEntitled(sysCtx, m.ID, q)
		if err != nil || len(found) != 1 || found[0].MemberID != ids[0] {
			t.Fatalf("%q: %+v %v", q, found, err)
		}
	}
	found, err := db.MatchEntitled(sysCtx, m.ID, "郑国庆")
	if err != nil || len(found) != 2 || found[0].MemberNo == found[1].MemberNo || found[0].MemberNo == "" {
		t.Fatalf("namesakes: %+v %v", found, err)
	}
	found, err = db.MatchEntitled(sysCtx, m.ID, found[1].MemberNo)
	if err != nil || len(found) != 1 || found[0].Name != "郑国庆" {
		t.Fatalf("by member number: %+v %v", found, err)
	}
	if found, err := db.MatchEntitled(sysCtx, m.ID, "王五"); err != nil || len(found) != 0 {
		t.Fatalf("nobody: %+v %v", found, err)
	}
	if _, err := db.MatchEntitled(portalCtx(t, db, "rep", ids[3]), m.ID, "张"); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a member searches the roll: %v", err)
	}
}

// Mail goes out in each recipient's language: a member whose portal login
// chose English gets the English wrapper (a correction's subject, the
// footer), everyone else the chamber's; the text is as written, once each.
func TestMailInTheRecipientsLanguage(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 3, chamber.StatusActive)
	en := actorCtx(t, db, mustLinkedUser(t, db, "rep_en", ms[0].ID).ID)
	if err := db.SetLocale(en, "en"); err != nil {
		t.Fatal(err)
	}
	boss := grantUser(t, db, "boss", chamber.PermAnnounceWrite, chamber.PermAnnounceApprove)
	a, err := db.CreateAnnouncement(boss, chamber.AnnouncementInput{Kind: "notice", Title: "年会通知", Body: "年会定于下月召开。", Audience: chamber.AudienceAllMembers})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublishAnnouncement(boss, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviseAnnouncement(boss, a.ID, chamber.RevisionInput{Body: "年会改为下周召开。", Note: "改期"}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Reader().Query(`SELECT o.to_addr, c.subject, c.body FROM mail_outbox o JOIN mail_contents c ON c.id = o.content_id
		WHERE o.channel = 'email' ORDER BY o.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]int{}
	for rows.Next() {
		var to, subject, body string
		if err := rows.Scan(&to, &subject, &body); err != nil {
			t.Fatal(err)
		}
		english := strings.Contains(body, i18n.T(i18n.EN, "ann.mail.footer"))
		chinese := strings.Contains(body, i18n.T(i18n.ZH, "ann.mail.footer"))
		if to == ms[0].Email && (!english || chinese) || to != ms[0].Email && (english || !chinese) {
			t.Errorf("%s got the wrong language: %q", to, body)
		}
		if !strings.Contains(body, "年会") {
			t.Errorf("%s: the text is not as written", to)
		}
		seen[to]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[ms[0].Email] != 2 || seen[ms[1].Email] != 2 {
		t.Fatalf("each member once per publication and correction: %v", seen)
	}
}

// A login is linked to a member that exists, by 会员编号 or id; anything
// else is a field error, not a login whose portal answers 404.
func TestLoginLinkedByMemberNumber(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 1, chamber.StatusActive)
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "rep", Name: "代表", Password: "secret-password", MemberNo: ms[0].MemberNo})
	if err != nil || u.MemberID != ms[0].ID {
		t.Fatalf("by member number: %+v %v", u, err)
	}
	_, err = db.CreateUser(sysCtx, chamber.NewUser{Username: "rep2", Name: "代表", Password: "secret-password", MemberNo: "209900001"})
	wantField(t, err, "member_no")
	admin := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	_, err = db.CreateUser(admin, chamber.NewUser{Username: "rep3", Name: "代表", Password: "secret-password", MemberID: 999999})
	wantField(t, err, "member_id")
	if _, err := db.FindUserByUsername(sysCtx, "rep3"); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("a refused login was made: %v", err)
	}
}
