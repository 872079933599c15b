package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestMemberNoticesInTheirLanguage: the e-mail of an introduction and of a
// policy bulletin reaches a member whose portal login chose English in
// English, and the others in Chinese; the inbox keeps the Chinese notice.
func TestMemberNoticesInTheirLanguage(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 2, chamber.StatusActive)
	zh, en := portalCtx(t, db, "qiye-zh", ms[0].ID), portalCtx(t, db, "qiye-en", ms[1].ID)
	if err := db.SetLocale(en, "en"); err != nil {
		t.Fatal(err)
	}
	demand, err := db.CreateOffer(sysCtx, chamber.NewOffer{MemberID: ms[0].ID, Kind: "demand", Title: "求购头层牛皮鞋面材料", Body: "长期求购头层牛皮鞋面材料。", Industry: "鞋业"})
	if err != nil {
		t.Fatal(err)
	}
	supply, err := db.CreateOffer(sysCtx, chamber.NewOffer{MemberID: ms[1].ID, Kind: "supply", Title: "供应头层牛皮鞋面材料", Body: "头层牛皮鞋面材料。", Industry: "鞋业"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := db.RequestIntroduction(zh, demand.ID, chamber.NewIntroduction{MatchOfferID: supply.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LogIntroduction(sysCtx, x.ID, chamber.IntroductionLog{IntroducedOn: db.Today(sysCtx), People: "双方总经理", Outcome: "达成采购意向。"}); err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []context.Context{zh, en} {
		if _, err := db.SetPolicySubscriptions(ctx, chamber.PolicySubscriptionInput{AllIndustries: true}); err != nil {
			t.Fatal(err)
		}
	}
	a, err := db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: chamber.KindPolicy, Title: "外贸企业开拓国际市场若干措施", Body: "对参加境外展会的企业给予补助。",
		Industry: "鞋业", Audience: chamber.AudienceSubscribers})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublishAnnouncement(sysCtx, a.ID); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Reader().Query(`SELECT o.to_addr, c.subject, c.body FROM mail_outbox o JOIN mail_contents c ON c.id = o.content_id
		WHERE o.channel = 'email' ORDER BY o.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	mails := map[string][]string{}
	for rows.Next() {
		var to, subject, body string
		if err := rows.Scan(&to, &subject, &body); err != nil {
			t.Fatal(err)
		}
		mails[to] = append(mails[to], subject+"\n"+body)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		ms[0].Email: {"供需对接：" + ms[0].Name, "对接结果：达成采购意向。", "【政策信息】外贸企业开拓国际市场若干措施", "适用行业：鞋业"},
		ms[1].Email: {"Business matching: ", "Outcome: 达成采购意向。", "[Policy bulletin] 外贸企业开拓国际市场若干措施", "Industry: 鞋业", "subscribed"},
	}
	for to, parts := range want {
		all := strings.Join(mails[to], "\n---\n")
		if len(mails[to]) != 2 {
			t.Fatalf("%s got %d mails: %s", to, len(mails[to]), all)
		}
		for _, p := range parts {
			if !strings.Contains(all, p) {
				t.Fatalf("%s's mail lacks %q:\n%s", to, p, all)
			}
		}
	}
	if strings.Contains(strings.Join(mails[ms[1].Email], ""), "对接日期") {
		t.Fatalf("the English mail has Chinese labels: %v", mails[ms[1].Email])
	}
	inbox, _, err := db.ListAnnouncements(sysCtx, chamber.AnnouncementFilter{Kind: chamber.KindNotice}, chamber.Page{})
	if err != nil || len(inbox) == 0 || !strings.HasPrefix(inbox[0].Title, "供需对接：") {
		t.Fatalf("the inbox keeps the Chinese notice: %+v %v", inbox, err)
	}
}
