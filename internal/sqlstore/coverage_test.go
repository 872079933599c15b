package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// auditActions lists the actions recorded against one entity, oldest first.
func auditActions(t *testing.T, db *sqlstore.DB, entity string, id chamber.ID) []string {
	t.Helper()
	recs, _, err := db.ListAudit(sysCtx, chamber.AuditFilter{Entity: entity, EntityID: id}, chamber.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(recs) - 1; i >= 0; i-- {
		out = append(out, recs[i].Action)
	}
	return out
}

func hasAction(actions []string, want string) bool {
	for _, a := range actions {
		if a == want {
			return true
		}
	}
	return false
}

// allButCtx is a staff login holding every permission except perm, so a
// check against the wrong permission is caught.
func allButCtx(t *testing.T, db *sqlstore.DB, username string, perm chamber.Permission) context.Context {
	t.Helper()
	u := mustCreateUser(t, db, username, false)
	a := actorFor(t, db, u.ID)
	a.Permissions = map[chamber.Permission]bool{}
	for _, p := range chamber.AllPermissions {
		a.Permissions[p] = p != perm
	}
	return chamber.WithActor(context.Background(), a)
}

// portalCtx makes a portal login for member m.
func portalCtx(t *testing.T, db *sqlstore.DB, username string, m chamber.ID) context.Context {
	t.Helper()
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: username, Name: username, Password: "secret-password", MemberID: m})
	if err != nil {
		t.Fatal(err)
	}
	return actorCtx(t, db, u.ID)
}

func strp(s string) *string { return &s }

func TestCreateCharter(t *testing.T) {
	db := openDB(t)
	admin := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	clerk := allButCtx(t, db, "clerk", chamber.PermSettingsWrite)

	before, err := db.CurrentCharter(sysCtx, "2027-06-30")
	if err != nil {
		t.Fatal(err)
	}
	rules := chamber.DefaultCharter()
	council := rules[chamber.BodyCouncil]
	council.NoticeDays, council.QuorumNum, council.QuorumDen = 10, 3, 4
	rules[chamber.BodyCouncil] = council

	// Without settings.write nothing is recorded.
	if _, err := db.CreateCharter(clerk, chamber.Charter{EffectiveOn: "2027-07-01", Rules: rules}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("clerk: %v", err)
	}
	// Bad input: each fault named, nothing recorded.
	bad := chamber.DefaultCharter()
	gaRules := bad[chamber.BodyGeneralAssembly]
	gaRules.QuorumNum, gaRules.QuorumDen = 3, 2
	bad[chamber.BodyGeneralAssembly] = gaRules
	_, err = db.CreateCharter(admin, chamber.Charter{EffectiveOn: "2027-07-01", Rules: bad})
	wantField(t, err, "rules.general_assembly.quorum")
	_, err = db.CreateCharter(admin, chamber.Charter{EffectiveOn: "2027-07-01", Rules: map[string]chamber.BodyRules{"parliament": council}})
	wantField(t, err, "rules.parliament")
	_, err = db.CreateCharter(admin, chamber.Charter{EffectiveOn: "2027-13-01", Rules: rules})
	wantField(t, err, "effective_on")
	_, err = db.CreateCharter(admin, chamber.Charter{EffectiveOn: "2027-07-01"})
	wantField(t, err, "rules")
	if list, err := db.ListCharters(sysCtx); err != nil || len(list) != 1 {
		t.Fatalf("after refusals: %d versions, %v", len(list), err)
	}

	c, err := db.CreateCharter(admin, chamber.Charter{EffectiveOn: "2027-07-01", Rules: rules, Note: "理事会通知期改为10日"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != before.Version+1 || c.EffectiveOn != "2027-07-01" {
		t.Fatalf("new version %d effective %s, previous %d", c.Version, c.EffectiveOn, before.Version)
	}
	// The day before it takes effect the old rules still apply; from that day the new ones.
	old, err := db.CurrentCharter(sysCtx, "2027-06-30")
	if err != nil || old.Version != before.Version || old.Rules[chamber.BodyCouncil].NoticeDays != 7 {
		t.Fatalf("day before: %+v %v", old, err)
	}
	cur, err := db.CurrentCharter(sysCtx, "2027-07-01")
	if err != nil {
		t.Fatal(err)
	}
	got := cur.Rules[chamber.BodyCouncil]
	if cur.Version != c.Version || got.NoticeDays != 10 || got.QuorumNum != 3 || got.QuorumDen != 4 || cur.Note != "理事会通知期改为10日" {
		t.Fatalf("in force: version %d rules %+v note %q", cur.Version, got, cur.Note)
	}
	if ga := cur.Rules[chamber.BodyGeneralAssembly]; ga.NoticeDays != 15 || ga.ThresholdFor(chamber.KindDues) != chamber.TwoThirdsPresent {
		t.Fatalf("other kinds changed: %+v", ga)
	}
	if !hasAction(auditActions(t, db, "charter", c.ID), "charter.create") {
		t.Fatal("charter.create not audited")
	}
}

func TestUpdateOwnMember(t *testing.T) {
	db := openDB(t)
	m := mustCreateMember(t, db, "甲科技有限公司", "张三", 1)
	other := mustCreateMember(t, db, "乙贸易有限公司", "李四", 2)
	ctx := portalCtx(t, db, "m1", m.ID)

	// Contact fields change at once; the tier is not the member's to choose.
	got, cr, err := db.UpdateOwnMember(ctx, chamber.MemberPatch{Phone: strp("13900001111"), Email: strp("a@example.com"), Tier: strp("会长单位")})
	if err != nil {
		t.Fatal(err)
	}
	if cr != nil {
		t.Fatalf("contact change made a change request: %+v", cr)
	}
	stored, err := db.FindMember(sysCtx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Phone != "13900001111" || stored.Phone != "13900001111" || stored.Email != "a@example.com" {
		t.Fatalf("contact not saved: returned %q, stored %q %q", got.Phone, stored.Phone, stored.Email)
	}
	if stored.Tier != m.Tier || m.Tier == "" {
		t.Fatalf("member changed its own tier to %q", stored.Tier)
	}
	if !hasAction(auditActions(t, db, "member", m.ID), "member.update_own") {
		t.Fatal("own update not audited")
	}

	// A key field (name) is not changed but waits for approval.
	_, cr, err = db.UpdateOwnMember(ctx, chamber.MemberPatch{Name: strp("甲智能科技有限公司"), Phone: strp("13900002222")})
	if err != nil {
		t.Fatal(err)
	}
	if cr == nil || cr.Status != "pending" || cr.Patch.Name == nil || *cr.Patch.Name != "甲智能科技有限公司" || cr.Patch.Phone != nil {
		t.Fatalf("change request: %+v", cr)
	}
	stored, _ = db.FindMember(sysCtx, m.ID)
	if stored.Name != "甲科技有限公司" || stored.Phone != "13900002222" {
		t.Fatalf("name %q phone %q: key field applied or plain field lost", stored.Name, stored.Phone)
	}
	// A bad key field is refused at once, and the plain part with it.
	_, _, err = db.UpdateOwnMember(ctx, chamber.MemberPatch{CreditCode: strp("91330100MA0000001X"), Phone: strp("13900003333")})
	wantCode(t, err, chamber.EINVALID)
	if stored, _ = db.FindMember(sysCtx, m.ID); stored.Phone != "13900002222" {
		t.Fatalf("refused edit still changed phone to %q", stored.Phone)
	}
	if reqs, err := db.ListChangeRequests(sysCtx, m.ID); err != nil || len(reqs) != 1 {
		t.Fatalf("change requests: %d %v", len(reqs), err)
	}

	// Another member's record is out of reach, and untouched.
	if _, err := db.UpdateMember(ctx, other.ID, chamber.MemberPatch{Phone: strp("13900004444")}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("portal edit of another member: %v", err)
	}
	if _, err := db.ListChangeRequests(ctx, other.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("portal read of another member's requests: %v", err)
	}
	if o, _ := db.FindMember(sysCtx, other.ID); o.Phone != other.Phone || o.Name != other.Name {
		t.Fatalf("other member changed: %+v", o)
	}
	// Staff logins (no member) have no own record.
	staff := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	if _, _, err := db.UpdateOwnMember(staff, chamber.MemberPatch{Phone: strp("13900005555")}); err == nil {
		t.Fatal("staff login updated an own member")
	}
}

func TestDecideChangeRequest(t *testing.T) {
	db := openDB(t)
	m := mustCreateMember(t, db, "甲科技有限公司", "张三", 1)
	ctx := portalCtx(t, db, "m1", m.ID)
	staff := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	clerk := allButCtx(t, db, "clerk", chamber.PermMemberWrite)

	request := func(name string) *chamber.ChangeRequest {
		t.Helper()
		_, cr, err := db.UpdateOwnMember(ctx, chamber.MemberPatch{Name: strp(name)})
		if err != nil || cr == nil {
			t.Fatalf("request %s: %v %v", name, cr, err)
		}
		return cr
	}
	first := request("甲智能科技有限公司")
	// Neither the member itself nor a login without member.write decides.
	if err := db.DecideChangeRequest(ctx, first.ID, true, ""); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("member approves own request: %v", err)
	}
	if err := db.DecideChangeRequest(clerk, first.ID, true, ""); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("clerk approves: %v", err)
	}
	if s, _ := db.FindMember(sysCtx, m.ID); s.Name != "甲科技有限公司" {
		t.Fatalf("refused approval renamed the member to %q", s.Name)
	}
	wantCode(t, db.DecideChangeRequest(staff, 999999, true, ""), chamber.ENOTFOUND)

	// Approval applies the change.
	if err := db.DecideChangeRequest(staff, first.ID, true, "营业执照已核"); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.FindMember(sysCtx, m.ID); s.Name != "甲智能科技有限公司" {
		t.Fatalf("approved name not applied: %q", s.Name)
	}
	// Decided once only.
	wantCode(t, db.DecideChangeRequest(staff, first.ID, false, ""), chamber.ECONFLICT)

	// Rejection changes nothing.
	second := request("丙公司")
	if err := db.DecideChangeRequest(staff, second.ID, false, "  材料不全  "); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.FindMember(sysCtx, m.ID); s.Name != "甲智能科技有限公司" {
		t.Fatalf("rejected name applied: %q", s.Name)
	}
	wantCode(t, db.DecideChangeRequest(staff, second.ID, true, ""), chamber.ECONFLICT)

	reqs, err := db.ListChangeRequests(ctx, m.ID)
	if err != nil || len(reqs) != 2 {
		t.Fatalf("requests: %v %v", reqs, err)
	}
	if reqs[0].ID != second.ID || reqs[0].Status != "rejected" || reqs[0].Note != "材料不全" || reqs[1].Status != "approved" || reqs[1].Note != "营业执照已核" {
		t.Fatalf("statuses seen by the member: %+v %+v", reqs[0], reqs[1])
	}
	acts := auditActions(t, db, "member", m.ID)
	if !hasAction(acts, "member.change_request_approved") || !hasAction(acts, "member.change_request_rejected") || !hasAction(acts, "member.update") {
		t.Fatalf("audit: %v", acts)
	}
}

func TestRecordReview(t *testing.T) {
	db := openDB(t)
	m := mustCreateMember(t, db, "甲科技有限公司", "张三", 1)
	staff := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	clerk := allButCtx(t, db, "clerk", chamber.PermMemberWrite)
	portal := portalCtx(t, db, "m1", m.ID)

	outcome := func(year int) chamber.Review {
		t.Helper()
		list, _, err := db.ListReviews(staff, year, chamber.Page{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.MemberID == m.ID {
				return *r
			}
		}
		t.Fatalf("member not in %d review", year)
		return chamber.Review{}
	}
	if r := outcome(2026); r.Outcome != "" {
		t.Fatalf("unreviewed member shows %q", r.Outcome)
	}
	wantCode(t, db.RecordReview(clerk, 2026, m.ID, "qualified", ""), chamber.EFORBIDDEN)
	wantCode(t, db.RecordReview(portal, 2026, m.ID, "qualified", ""), chamber.EFORBIDDEN)
	wantField(t, db.RecordReview(staff, 2026, m.ID, "excellent", ""), "outcome")
	wantField(t, db.RecordReview(staff, 1999, m.ID, "qualified", ""), "year")
	wantField(t, db.RecordReview(staff, 2026, m.ID, "qualified", strings.Repeat("注", 501)), "note")
	wantCode(t, db.RecordReview(staff, 2026, 999999, "qualified", ""), chamber.ENOTFOUND)
	if r := outcome(2026); r.Outcome != "" {
		t.Fatalf("refused review recorded %q", r.Outcome)
	}

	if err := db.RecordReview(staff, 2026, m.ID, "rectify", "  年检材料缺失  "); err != nil {
		t.Fatal(err)
	}
	if r := outcome(2026); r.Outcome != "rectify" || r.Note != "年检材料缺失" || r.By == "" {
		t.Fatalf("recorded: %+v", r)
	}
	// Recording again replaces that year's outcome; other years are apart.
	if err := db.RecordReview(staff, 2026, m.ID, "qualified", ""); err != nil {
		t.Fatal(err)
	}
	if r := outcome(2026); r.Outcome != "qualified" || r.Note != "" {
		t.Fatalf("re-recorded: %+v", r)
	}
	if r := outcome(2025); r.Outcome != "" {
		t.Fatalf("2025 shows %q", r.Outcome)
	}
	recs, _, err := db.ListAudit(sysCtx, chamber.AuditFilter{Entity: "member", EntityID: m.ID}, chamber.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var outcomes []string
	for _, r := range recs {
		if r.Action == "member.review" {
			var a struct{ Outcome string }
			if err := json.Unmarshal(r.After, &a); err != nil {
				t.Fatal(err)
			}
			outcomes = append(outcomes, a.Outcome)
		}
	}
	if strings.Join(outcomes, ",") != "qualified,rectify" {
		t.Fatalf("audited outcomes (newest first): %v", outcomes)
	}
}

func TestCreateAccount(t *testing.T) {
	db := openDB(t)
	staff := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	clerk := allButCtx(t, db, "clerk", chamber.PermFinancePost)

	find := func(code string) *chamber.Account {
		t.Helper()
		all, err := db.ListAccounts(staff)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			if a.Code == code {
				return a
			}
		}
		return nil
	}

	bank := chamber.NewAccount{Parent: "1002", Code: "100203", Name: "招商银行专户"}
	if _, err := db.CreateAccount(clerk, bank); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("clerk: %v", err)
	}
	if find("100203") != nil {
		t.Fatal("refused account created")
	}
	// A sub-account of a bank account is a cash asset, like its parent.
	a, err := db.CreateAccount(staff, bank)
	if err != nil {
		t.Fatal(err)
	}
	got := find("100203")
	if got == nil || got.Kind != chamber.AccountAsset || !got.Cash || got.Parent != "1002" || got.NameEN != "招商银行专户" || a.Kind != chamber.AccountAsset {
		t.Fatalf("bank sub-account: %+v", got)
	}
	// Under restricted donation income: income, restricted, not cash.
	r, err := db.CreateAccount(staff, chamber.NewAccount{Parent: "410102", Code: "41010201", Name: "助学专项", NameEN: "Scholarship fund"})
	if err != nil {
		t.Fatal(err)
	}
	got = find("41010201")
	if got == nil || got.Kind != chamber.AccountIncome || got.Cash || got.Restriction != chamber.Restricted || r.Restriction != chamber.Restricted {
		t.Fatalf("restricted income sub-account: %+v", got)
	}
	// The code must extend the parent's.
	for _, code := range []string{"100301", "1002031", "10020", "1002AB"} {
		_, err := db.CreateAccount(staff, chamber.NewAccount{Parent: "1002", Code: code, Name: "x"})
		wantField(t, err, "code")
	}
	_, err = db.CreateAccount(staff, chamber.NewAccount{Parent: "1088", Code: "108801", Name: "x"})
	wantField(t, err, "parent")
	// The same code twice is refused; the first stays.
	_, err = db.CreateAccount(staff, chamber.NewAccount{Parent: "1002", Code: "100203", Name: "另一个"})
	wantCode(t, err, chamber.ECONFLICT)
	if got := find("100203"); got == nil || got.Name != "招商银行专户" {
		t.Fatalf("duplicate replaced the account: %+v", got)
	}
	// A seeded code is a duplicate too.
	_, err = db.CreateAccount(staff, chamber.NewAccount{Parent: "1002", Code: "100201", Name: "x"})
	wantCode(t, err, chamber.ECONFLICT)

	// The new cash account can be posted to.
	if _, err := db.PostVoucher(staff, chamber.NewVoucher{Date: "2026-11-26", Summary: "转存", Lines: []chamber.NewVoucherLine{
		{Account: "100203", DebitFen: 10000}, {Account: "100201", CreditFen: 10000},
	}}); err != nil {
		t.Fatalf("post to new account: %v", err)
	}
	if !hasAction(auditActions(t, db, "account", 0), "account.create") {
		t.Fatal("account.create not audited")
	}
}
