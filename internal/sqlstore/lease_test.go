package sqlstore_test

import (
	"testing"
	"time"
)

func TestLeaseOneHolder(t *testing.T) {
	db := openDB(t)
	ok, err := db.AcquireLease(sysCtx, "mail", "a", time.Minute)
	if err != nil || !ok {
		t.Fatalf("a takes the free lease: %v %v", ok, err)
	}
	if ok, err := db.AcquireLease(sysCtx, "mail", "b", time.Minute); err != nil || ok {
		t.Fatalf("b took a held lease: %v %v", ok, err)
	}
	if ok, err := db.AcquireLease(sysCtx, "mail", "a", time.Minute); err != nil || !ok {
		t.Fatalf("a renews: %v %v", ok, err)
	}
	if ok, _ := db.AcquireLease(sysCtx, "escalate", "b", time.Minute); !ok {
		t.Fatal("another name is another lease")
	}
	if h, _ := db.LeaseHolder(sysCtx, "mail"); h != "a" {
		t.Fatalf("holder %q", h)
	}
	if err := db.ReleaseLease(sysCtx, "mail", "b"); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.LeaseHolder(sysCtx, "mail"); h != "a" {
		t.Fatal("b released a's lease")
	}
	db.ReleaseLease(sysCtx, "mail", "a")
	if ok, _ := db.AcquireLease(sysCtx, "mail", "b", -time.Second); !ok {
		t.Fatal("b does not take the released lease")
	}
	// b's lease has run out (negative ttl): a takes it over.
	if ok, _ := db.AcquireLease(sysCtx, "mail", "a", time.Minute); !ok {
		t.Fatal("a does not take over the expired lease")
	}
}
