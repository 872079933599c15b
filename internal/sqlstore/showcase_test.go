package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestMemberProfiles: the store's rules of 会员风采 — a member writes its
// own (whatever member_id it sends) and waits; only approved versions of
// active members are public; a change keeps the approved version public;
// another member's profile is not found; every write is audited.
func TestMemberProfiles(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 3, chamber.StatusActive)
	p1, p2 := portalCtx(t, db, "qiye1", ms[0].ID), portalCtx(t, db, "qiye2", ms[1].ID)
	mine, err := db.SaveMemberProfile(p1, chamber.MemberProfileInput{MemberID: ms[1].ID, ProfileText: chamber.ProfileText{IntroZh: "  第一版简介。 ", IntroEn: "First."}})
	if err != nil || mine.MemberID != ms[0].ID || mine.Status != chamber.ProfilePending || mine.Draft.IntroZh != "第一版简介。" {
		t.Fatalf("own profile %+v %v", mine, err)
	}
	if _, err := db.FindMemberProfile(p2, mine.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("another member reads it: %v", err)
	}
	if _, err := db.UpdateMemberProfile(p2, mine.ID, chamber.MemberProfileInput{ProfileText: chamber.ProfileText{IntroZh: "篡改"}}); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("another member changes it: %v", err)
	}
	if _, err := db.ApproveMemberProfile(p1, mine.ID); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a member approves its own: %v", err)
	}
	if list, _, err := db.Showcase(sysCtx, chamber.Page{}); err != nil || len(list) != 0 {
		t.Fatalf("public before approval %+v %v", list, err)
	}
	if _, err := db.ApproveMemberProfile(sysCtx, mine.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateMemberProfile(p1, mine.ID, chamber.MemberProfileInput{ProfileText: chamber.ProfileText{IntroZh: "第二版简介。"}}); err != nil {
		t.Fatal(err)
	}
	e, err := db.ShowcaseEntry(sysCtx, mine.ID)
	if err != nil || e.IntroZh != "第一版简介。" || e.Intro("en") != "First." {
		t.Fatalf("public during the change %+v %v", e, err)
	}
	if again, err := db.MyMemberProfile(p1); err != nil || again.Draft.IntroZh != "第二版简介。" || again.Status != chamber.ProfilePending {
		t.Fatalf("mine %+v %v", again, err)
	}
	if _, err := db.ReturnMemberProfile(sysCtx, mine.ID, strings.Repeat("长", 501)); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("a long reason: %v", err)
	}
	if r, err := db.ReturnMemberProfile(sysCtx, mine.ID, "请补充英文简介。"); err != nil || r.Status != chamber.ProfileReturned || r.Public.IntroZh != "第一版简介。" {
		t.Fatalf("returned %+v %v", r, err)
	}
	if none, err := db.MyMemberProfile(p2); err != nil || none != nil {
		t.Fatalf("a member without a profile %+v %v", none, err)
	}
	// A member who left is no longer shown.
	if _, err := db.SaveMemberProfile(sysCtx, chamber.MemberProfileInput{MemberID: ms[2].ID, ProfileText: chamber.ProfileText{IntroZh: "退会企业。"}}); err != nil {
		t.Fatal(err)
	}
	if list, _, err := db.Showcase(sysCtx, chamber.Page{}); err != nil || len(list) != 2 {
		t.Fatalf("showcase %d %v", len(list), err)
	}
	if _, err := db.ChangeMemberStatus(sysCtx, ms[2].ID, chamber.StatusChange{Status: chamber.StatusWithdrawn, Reason: "退会"}); err != nil {
		t.Fatal(err)
	}
	if list, _, err := db.Showcase(sysCtx, chamber.Page{}); err != nil || len(list) != 1 || list[0].ID != mine.ID {
		t.Fatalf("showcase without the member who left %+v %v", list, err)
	}
	recs, _, err := db.ListAudit(sysCtx, chamber.AuditFilter{Entity: "member_profile", EntityID: mine.ID}, chamber.Page{})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, r := range recs {
		actions[r.Action]++
	}
	if actions["showcase.create"] != 1 || actions["showcase.update"] != 1 || actions["showcase.approve"] != 1 || actions["showcase.return"] != 1 {
		t.Fatalf("audit %v", actions)
	}
}
