package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func TestCreateUserValidatesAndRejectsDuplicates(t *testing.T) {
	db := openDB(t)
	_, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "x", Name: "", Password: "short"})
	wantCode(t, err, chamber.EINVALID)
	e := err.(*chamber.Error)
	for _, f := range []string{"username", "name", "password"} {
		if !chamber.Fields(e.Fields).Has(f) {
			t.Errorf("no error for field %s: %v", f, e.Fields)
		}
	}
	mustCreateUser(t, db, "wang", false)
	_, err = db.CreateUser(sysCtx, chamber.NewUser{Username: "WANG", Name: "王", Password: "secret-password"})
	wantCode(t, err, chamber.ECONFLICT)
}

func TestUserManageNeedsPermission(t *testing.T) {
	db := openDB(t)
	staff := mustCreateUser(t, db, "staff", false)
	admin := mustCreateUser(t, db, "admin", true)
	_, err := db.CreateUser(actorCtx(t, db, staff.ID), chamber.NewUser{Username: "other", Name: "O", Password: "secret-password"})
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.CreateUser(context.Background(), chamber.NewUser{Username: "other", Name: "O", Password: "secret-password"})
	wantCode(t, err, chamber.EUNAUTHORIZED)
	if _, err := db.CreateUser(actorCtx(t, db, admin.ID), chamber.NewUser{Username: "other", Name: "O", Password: "secret-password"}); err != nil {
		t.Fatal(err)
	}
	// A staff login sees itself but not others.
	if _, err := db.FindUser(actorCtx(t, db, staff.ID), staff.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindUser(actorCtx(t, db, staff.ID), admin.ID)
	wantCode(t, err, chamber.ENOTFOUND)
}

func TestLoginSameAnswerAndThrottle(t *testing.T) {
	db := openDB(t)
	mustCreateUser(t, db, "li", false)
	if _, err := db.Login(context.Background(), "li", "secret-password", "10.0.0.1"); err != nil {
		t.Fatalf("good login: %v", err)
	}
	_, errUnknown := db.Login(context.Background(), "nobody", "secret-password", "10.0.0.2")
	_, errWrong := db.Login(context.Background(), "li", "wrong-password", "10.0.0.3")
	wantCode(t, errUnknown, chamber.EUNAUTHORIZED)
	wantCode(t, errWrong, chamber.EUNAUTHORIZED)
	if errUnknown.Error() != errWrong.Error() {
		t.Fatalf("unknown user and wrong password differ: %v / %v", errUnknown, errWrong)
	}
	// Wrong passwords for one account from one address meet 429 by the fifth.
	first429 := -1
	for i := 0; i < 20; i++ {
		_, err := db.Login(context.Background(), "li", "wrong-password", "10.1.0.7")
		if chamber.ErrorCode(err) == chamber.ETHROTTLED {
			first429 = i
			break
		}
	}
	if first429 < 0 || first429 > 5 {
		t.Fatalf("first 429 at attempt %d", first429)
	}
	// Even the right password waits while locked, from that address ...
	_, err := db.Login(context.Background(), "li", "secret-password", "10.1.0.7")
	wantCode(t, err, chamber.ETHROTTLED)
	if e := err.(*chamber.Error); e.RetryAfter <= 0 {
		t.Fatalf("no Retry-After: %+v", e)
	}
	// ... but the account's owner elsewhere is not locked out.
	if _, err := db.Login(context.Background(), "li", "secret-password", "10.0.0.9"); err != nil {
		t.Fatalf("owner from another address: %v", err)
	}
}

// TestLoginLockIsPerAccountAndAddress is the attack of the review: five
// wrong passwords from anywhere used to lock the account for everyone.
func TestLoginLockIsPerAccountAndAddress(t *testing.T) {
	db := openDB(t)
	mustCreateUser(t, db, "president", false)
	for i := 0; i < 8; i++ {
		db.Login(context.Background(), "president", "wrong-password", "203.0.113.9")
	}
	if _, err := db.Login(context.Background(), "president", "wrong-password", "203.0.113.9"); chamber.ErrorCode(err) != chamber.ETHROTTLED {
		t.Fatalf("attacker not throttled: %v", err)
	}
	if _, err := db.Login(context.Background(), "president", "secret-password", "198.51.100.7"); err != nil {
		t.Fatalf("the president is locked out by someone else's failures: %v", err)
	}
	// IPv6: one /64 is one address for the throttle (privacy addresses rotate).
	for i := 0; i < 8; i++ {
		db.Login(context.Background(), "president", "wrong-password", fmt.Sprintf("2001:db8:1:2::%x", i+1))
	}
	if _, err := db.Login(context.Background(), "president", "secret-password", "2001:db8:1:2::ff"); chamber.ErrorCode(err) != chamber.ETHROTTLED {
		t.Fatalf("rotating within one /64 escapes the lock: %v", err)
	}
	if _, err := db.Login(context.Background(), "president", "secret-password", "2001:db8:1:3::1"); err != nil {
		t.Fatalf("another /64: %v", err)
	}
}

func TestLockoutEndsAndAddressThrottle(t *testing.T) {
	clk := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clk)})
	mustCreateUser(t, db, "zhao", false)
	for i := 0; i < 5; i++ {
		db.Login(context.Background(), "zhao", "wrong-password", "10.0.0.1")
	}
	_, err := db.Login(context.Background(), "zhao", "secret-password", "10.0.0.1")
	wantCode(t, err, chamber.ETHROTTLED)
	clk.Add(time.Minute)
	if _, err := db.Login(context.Background(), "zhao", "secret-password", "10.0.0.1"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	// One address trying many accounts is throttled too.
	var got string
	for i := 0; i < 60 && got != chamber.ETHROTTLED; i++ {
		_, err := db.Login(context.Background(), fmt.Sprintf("user%d", i), "wrong-password", "10.9.9.9")
		got = chamber.ErrorCode(err)
	}
	if got != chamber.ETHROTTLED {
		t.Fatal("address never throttled")
	}
}

func TestSessionsExpire(t *testing.T) {
	clk := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clk)})
	u := mustCreateUser(t, db, "chen", true)
	secret, err := db.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.SessionActor(context.Background(), secret)
	if err != nil || a.UserID != u.ID || !a.Can(chamber.PermUserManage) {
		t.Fatalf("session actor: %+v %v", a, err)
	}
	// Active use keeps it alive up to the absolute limit.
	for i := 0; i < 15; i++ { // 165 h
		clk.Add(11 * time.Hour)
		if _, err := db.SessionActor(context.Background(), secret); err != nil {
			t.Fatalf("after %d hours: %v", (i+1)*11, err)
		}
	}
	clk.Add(11 * time.Hour) // 176 h > 7 days
	_, err = db.SessionActor(context.Background(), secret)
	wantCode(t, err, chamber.EUNAUTHORIZED)

	secret, _ = db.CreateSession(context.Background(), u.ID)
	clk.Add(chamber.SessionIdle + time.Second)
	_, err = db.SessionActor(context.Background(), secret)
	wantCode(t, err, chamber.EUNAUTHORIZED)

	secret, _ = db.CreateSession(context.Background(), u.ID)
	if err := db.DeleteSession(context.Background(), secret); err != nil {
		t.Fatal(err)
	}
	_, err = db.SessionActor(context.Background(), secret)
	wantCode(t, err, chamber.EUNAUTHORIZED)
}

func TestPasswordResetEndsSessions(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "sun", false)
	admin := mustCreateUser(t, db, "root", true)
	secret, _ := db.CreateSession(context.Background(), u.ID)
	if err := db.SetPassword(actorCtx(t, db, admin.ID), u.ID, "new-secret-pass"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionActor(context.Background(), secret); chamber.ErrorCode(err) != chamber.EUNAUTHORIZED {
		t.Fatalf("session survived reset: %v", err)
	}
	if _, err := db.Login(context.Background(), "sun", "new-secret-pass", "x"); err != nil {
		t.Fatal(err)
	}
	ctx := actorCtx(t, db, u.ID)
	wantCode(t, db.ChangeOwnPassword(ctx, "wrong-old-pass", "another-pass-1"), chamber.EINVALID)
	if err := db.ChangeOwnPassword(ctx, "new-secret-pass", "another-pass-1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.SetPassword(ctx, admin.ID, "hijack-password"), chamber.EFORBIDDEN)
}

func TestTokensHashedAndRevocable(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "zhou", false)
	ctx := actorCtx(t, db, u.ID)
	secret, tok, err := db.CreateToken(ctx, u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	db.Reader().QueryRow(`SELECT secret_hash FROM api_tokens WHERE id = $1`, tok.ID).Scan(&stored)
	if stored == "" || stored == secret {
		t.Fatalf("secret stored in clear or not at all: %q", stored)
	}
	a, id, err := db.TokenActor(context.Background(), secret)
	if err != nil || a.UserID != u.ID || id != tok.ID {
		t.Fatalf("token actor: %v %v", a, err)
	}
	if err := db.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.TokenActor(context.Background(), secret)
	wantCode(t, err, chamber.EUNAUTHORIZED)
	// Another login cannot make a token for this one.
	other := mustCreateUser(t, db, "wu", false)
	_, _, err = db.CreateToken(actorCtx(t, db, other.ID), u.ID, "x")
	wantCode(t, err, chamber.EFORBIDDEN)
}

func TestDisabledUserLosesAccess(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "feng", false)
	admin := mustCreateUser(t, db, "root", true)
	secret, _, _ := db.CreateToken(actorCtx(t, db, u.ID), u.ID, "t")
	if err := db.SetUserDisabled(actorCtx(t, db, admin.ID), u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.TokenActor(context.Background(), secret); err == nil {
		t.Fatal("disabled user's token still works")
	}
	_, err := db.Login(context.Background(), "feng", "secret-password", "x")
	wantCode(t, err, chamber.EUNAUTHORIZED)
}
