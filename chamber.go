// Package chamber holds the domain types, rules and service interfaces of a
// system that runs a chamber of commerce (商会). Implementations live in
// internal/sqlstore; the web and API layer in internal/web.
package chamber

import (
	"context"
	"time"
)

// ID identifies a record. IDs are JSON integers.
type ID = int64

// MaxPageLimit is the largest page a list returns.
const MaxPageLimit = 200

// DefaultPageLimit is used when a list request names no limit.
const DefaultPageLimit = 50

// Page asks for one page of a list: items after Cursor, at most Limit of them.
type Page struct {
	Cursor string
	Limit  int
}

// Normalize clamps Limit to 1..MaxPageLimit.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	return p
}

// Clock tells the time; tests pass a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Actor is who is acting: a login with the permissions it holds today, or
// the system itself (CLI, background jobs).
type Actor struct {
	UserID      ID
	Username    string
	Name        string
	Admin       bool
	MemberID    ID // non-zero for a member portal login
	Locale      string
	Permissions map[Permission]bool
	System      bool
}

// SystemActor is used by the CLI and background jobs.
var SystemActor = &Actor{System: true, Username: "system"}

// Can reports whether the actor holds perm.
func (a *Actor) Can(perm Permission) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	if a.Permissions[perm] {
		return true
	}
	for _, w := range impliedBy[perm] {
		if a.Permissions[w] {
			return true
		}
	}
	return false
}

// Implies reports whether holding held lets one do what perm guards.
func Implies(held, perm Permission) bool {
	if held == perm {
		return true
	}
	for _, w := range impliedBy[perm] {
		if w == held {
			return true
		}
	}
	return false
}

// Granting lists the permissions any of which lets one do what perm
// guards: perm itself and those that include it.
func Granting(perm Permission) []Permission {
	return append([]Permission{perm}, impliedBy[perm]...)
}

// impliedBy lists, for a read permission, the permissions that include it:
// whoever may change a record may read it, and whoever manages logins and
// their grants may read the org chart the grants attach to.
var impliedBy = map[Permission][]Permission{
	PermOrgRead:       {PermOrgWrite, PermUserManage},
	PermMemberRead:    {PermMemberWrite},
	PermFinanceRead:   {PermFinancePost, PermFinanceReview, PermFinanceCashier},
	PermRelationsRead: {PermRelationsWrite},
}

// Require returns an EFORBIDDEN error unless the actor holds perm. It is the
// one check every service method calls.
func (a *Actor) Require(perm Permission) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "err.unauthorized")
	}
	if !a.Can(perm) {
		return &Error{Code: EFORBIDDEN, Key: "err.forbidden", Args: []any{string(perm)}}
	}
	return nil
}

// RequireAny is Require for a record that holders of any of perms may read.
func (a *Actor) RequireAny(perms ...Permission) error {
	for _, p := range perms {
		if a.Can(p) {
			return nil
		}
	}
	if len(perms) == 0 {
		return Errorf(EFORBIDDEN, "err.forbidden")
	}
	return a.Require(perms[0])
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
