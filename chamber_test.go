package chamber_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

func TestErrorCode(t *testing.T) {
	e := chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	if chamber.ErrorCode(e) != chamber.ENOTFOUND {
		t.Fatal("direct")
	}
	if chamber.ErrorCode(fmt.Errorf("wrapped: %w", e)) != chamber.ENOTFOUND {
		t.Fatal("wrapped")
	}
	if chamber.ErrorCode(errors.New("disk on fire")) != chamber.EINTERNAL {
		t.Fatal("foreign errors are internal")
	}
	if chamber.ErrorCode(nil) != "" {
		t.Fatal("nil")
	}
}

func TestFields(t *testing.T) {
	var f chamber.Fields
	if f.Err() != nil {
		t.Fatal("no fields, no error")
	}
	f.Add("name", "err.required")
	f.Add("phone", "err.too_long", 20)
	err := f.Err()
	if chamber.ErrorCode(err) != chamber.EINVALID || !f.Has("phone") || f.Has("email") {
		t.Fatalf("%v", err)
	}
}

func TestPageNormalize(t *testing.T) {
	for in, want := range map[int]int{-1: 50, 0: 50, 1: 1, 200: 200, 201: 200, 1 << 30: 200} {
		if got := (chamber.Page{Limit: in}).Normalize().Limit; got != want {
			t.Errorf("limit %d → %d, want %d", in, got, want)
		}
	}
}

func TestActorRequire(t *testing.T) {
	var nobody *chamber.Actor
	if chamber.ErrorCode(nobody.Require(chamber.PermMemberRead)) != chamber.EUNAUTHORIZED {
		t.Fatal("nil actor must be unauthorized")
	}
	a := &chamber.Actor{Permissions: map[chamber.Permission]bool{chamber.PermMemberRead: true}}
	if a.Require(chamber.PermMemberRead) != nil {
		t.Fatal("granted permission refused")
	}
	if chamber.ErrorCode(a.Require(chamber.PermFinancePost)) != chamber.EFORBIDDEN {
		t.Fatal("deny by default")
	}
	if chamber.SystemActor.Require(chamber.PermFinancePost) != nil {
		t.Fatal("the system may do anything")
	}
}

func TestDefaultGrants(t *testing.T) {
	g := chamber.DefaultRoleGrants()
	for _, p := range g[chamber.RoleAdmin] {
		if !chamber.KnownPermission(p) || p == chamber.PermPortal {
			t.Errorf("admin grant %q", p)
		}
	}
	if len(g[chamber.RoleMember]) != 1 || g[chamber.RoleMember][0] != chamber.PermPortal {
		t.Errorf("member grants %v", g[chamber.RoleMember])
	}
}

// Every field of an audit record is in its hash: changing any one changes it.
func TestAuditHashCoversEveryField(t *testing.T) {
	base := chamber.AuditRecord{Seq: 7, At: time.Date(2026, 11, 26, 1, 2, 3, 4000, time.UTC), ActorID: 3, Actor: "wang",
		Action: "user.create", Entity: "user", EntityID: 9, Before: []byte(`{"a":1}`), After: []byte(`{"a":2}`), PrevHash: chamber.GenesisHash}
	h := base.ComputeHash()
	if len(h) != 64 || h != base.ComputeHash() {
		t.Fatal("hash not stable")
	}
	muts := []func(r *chamber.AuditRecord){
		func(r *chamber.AuditRecord) { r.Seq++ },
		func(r *chamber.AuditRecord) { r.At = r.At.Add(time.Microsecond) },
		func(r *chamber.AuditRecord) { r.ActorID++ },
		func(r *chamber.AuditRecord) { r.Actor = "li" },
		func(r *chamber.AuditRecord) { r.Action = "user.delete" },
		func(r *chamber.AuditRecord) { r.Entity = "member" },
		func(r *chamber.AuditRecord) { r.EntityID++ },
		func(r *chamber.AuditRecord) { r.Before = []byte(`{"a":0}`) },
		func(r *chamber.AuditRecord) { r.After = []byte(`{"a":3}`) },
		func(r *chamber.AuditRecord) { r.PrevHash = h },
		// Moving bytes between fields must not collide.
		func(r *chamber.AuditRecord) { r.Actor, r.Action = "wanguser", ".create" },
	}
	for i, m := range muts {
		r := base
		m(&r)
		if r.ComputeHash() == h {
			t.Errorf("mutation %d does not change the hash", i)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	s := chamber.Settings{Name: "", TimeZone: "Nowhere/City"}
	err := s.Validate()
	var e *chamber.Error
	if !errors.As(err, &e) || len(e.Fields) != 2 {
		t.Fatalf("%v", err)
	}
	ok := chamber.Settings{Name: "温州商会", TimeZone: "Asia/Shanghai"}
	if ok.Validate() != nil {
		t.Fatal("valid settings refused")
	}
}

// TestAsErrorFindsWrappedErrors: handlers read a store error's key through
// AsError, so an *Error wrapped with %w is found, not a panic.
func TestAsErrorFindsWrappedErrors(t *testing.T) {
	inner := chamber.Errorf(chamber.ECONFLICT, "err.motion_not_open")
	e, ok := chamber.AsError(fmt.Errorf("close: %w", inner))
	if !ok || e != inner {
		t.Fatalf("AsError(wrapped) = %v, %v", e, ok)
	}
	if _, ok := chamber.AsError(errors.New("plain")); ok {
		t.Fatal("AsError found an *Error in a plain error")
	}
}
