package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Policy bulletins: a portal login keeps its member's subscriptions by
// industry (the empty industry meaning every one); any login reads the
// feed of published bulletins. Delivery is the announcement path's: a
// bulletin to the audience subscribers (see deliver).

func policyMember(a *chamber.Actor) (chamber.ID, error) {
	if a == nil {
		return 0, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if a.MemberID == 0 {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "policy.err.members_only")
	}
	return a.MemberID, nil
}

// PolicySubscriptions are the caller's member's subscriptions.
func (db *DB) PolicySubscriptions(ctx context.Context) (*chamber.PolicySubscription, error) {
	m, err := policyMember(chamber.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	return db.policySubscriptions(ctx, db.read, m)
}

func (db *DB) policySubscriptions(ctx context.Context, q querier, m chamber.ID) (*chamber.PolicySubscription, error) {
	out := &chamber.PolicySubscription{MemberID: m, Industries: []string{}}
	list, err := queryAll(ctx, q, scanString, `SELECT industry FROM policy_subscriptions WHERE member_id = $1 ORDER BY industry`, m)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if s == "" {
			out.AllIndustries = true
		} else {
			out.Industries = append(out.Industries, s)
		}
	}
	if out.Choices, err = queryAll(ctx, q, scanString, `SELECT industry FROM members WHERE industry <> '' AND status = 'active'
		UNION SELECT industry FROM announcements WHERE kind = 'policy' AND industry <> '' ORDER BY 1`); err != nil {
		return nil, err
	}
	if out.Choices == nil {
		out.Choices = []string{}
	}
	return out, nil
}

func scanString(sc interface{ Scan(...any) error }) (string, error) {
	var s string
	err := sc.Scan(&s)
	return s, err
}

// SetPolicySubscriptions replaces the caller's member's subscriptions.
func (db *DB) SetPolicySubscriptions(ctx context.Context, in chamber.PolicySubscriptionInput) (*chamber.PolicySubscription, error) {
	actor := chamber.ActorFrom(ctx)
	m, err := policyMember(actor)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.PolicySubscription
	err = db.Write(ctx, actor, func(tx *Tx) error {
		before, err := db.policySubscriptions(ctx, tx, m)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM policy_subscriptions WHERE member_id = $1`, m); err != nil {
			return err
		}
		want := in.Industries
		if in.AllIndustries {
			want = append([]string{""}, want...)
		}
		now := micros(tx.now)
		for _, s := range want {
			if _, err := tx.ExecContext(ctx, `INSERT INTO policy_subscriptions(member_id, industry, created_at) VALUES ($1, $2, $3)`, m, s, now); err != nil {
				return err
			}
		}
		if out, err = db.policySubscriptions(ctx, tx, m); err != nil {
			return err
		}
		return tx.Audit("policy.subscribe", "member", m, map[string]any{"all": before.AllIndustries, "industries": before.Industries},
			map[string]any{"all": out.AllIndustries, "industries": out.Industries})
	})
	return out, err
}

// PolicyBulletins lists the published policy bulletins for any login.
func (db *DB) PolicyBulletins(ctx context.Context, industry string, p chamber.Page) ([]*chamber.PolicyBulletin, string, error) {
	if chamber.ActorFrom(ctx) == nil {
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	where, args := `a.kind = 'policy' AND a.status = 'published' AND a.id < $1`, []any{before}
	if industry != "" {
		args = append(args, industry)
		where += ` AND a.industry IN ('', $2)`
	}
	args = append(args, p.Limit+1)
	rows, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.PolicyBulletin, error) {
		var b chamber.PolicyBulletin
		a, err := scanAnnouncement(rowWithTail{sc, &b.Source})
		if err != nil {
			return nil, err
		}
		b.Announcement = *a
		return &b, nil
	}, `SELECT `+prefixed("a.", announcementColumns)+`, COALESCE(c.name, '') FROM announcements a LEFT JOIN contacts c ON c.id = a.source_contact_id
		WHERE `+where+` ORDER BY a.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", err
	}
	rows, next := idPage(rows, p.Limit, func(x *chamber.PolicyBulletin) chamber.ID { return x.ID })
	if rows == nil {
		rows = []*chamber.PolicyBulletin{}
	}
	return rows, next, nil
}

// rowWithTail scans a row's leading columns with scan and the extra
// columns at its end into tail.
type rowWithTail struct {
	sc   interface{ Scan(...any) error }
	tail *string
}

func (r rowWithTail) Scan(dest ...any) error { return r.sc.Scan(append(dest, r.tail)...) }

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
