package sqlstore

import (
	"context"
	"sort"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// Business matching (供需对接). A portal login posts, reads and matches its
// own member's offers (pending until staff approve them); relations.write
// posts for any member (approved at once) and approves; relations.read
// reads all. Matches are only ever approved offers of other members.

const offerColumns = `o.id, o.member_id, COALESCE(m.name, ''), o.kind, o.title, o.body, o.industry, o.region, o.status, o.created_at`

const offerFrom = ` FROM offers o LEFT JOIN members m ON m.id = o.member_id`

func scanOffer(sc interface{ Scan(...any) error }) (*chamber.Offer, error) {
	var o chamber.Offer
	var at int64
	if err := sc.Scan(&o.ID, &o.MemberID, &o.Member, &o.Kind, &o.Title, &o.Body, &o.Industry, &o.Region, &o.Status, &at); err != nil {
		return nil, err
	}
	o.CreatedAt = fromMicros(at)
	return &o, nil
}

// offerReader reports whether the actor sees only its own member's offers
// (a portal login; a login with neither a member nor relations.read has
// none), or else reads them all.
func offerReader(a *chamber.Actor) (own bool, err error) {
	if a == nil {
		return false, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	return !a.Can(chamber.PermRelationsRead), nil
}

// CreateOffer posts an offer.
func (db *DB) CreateOffer(ctx context.Context, in chamber.NewOffer) (*chamber.Offer, error) {
	actor := chamber.ActorFrom(ctx)
	status := chamber.OfferApproved
	member := actor != nil && actor.MemberID != 0 && !actor.Can(chamber.PermRelationsWrite)
	if member {
		in.MemberID, status = actor.MemberID, chamber.OfferPending
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !member {
		if err := actor.Require(chamber.PermRelationsWrite); err != nil {
			return nil, err
		}
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "members", "member_id", "err.member_not_found", in.MemberID); err != nil {
			return err
		}
		now := micros(tx.now)
		approver := chamber.ID(0)
		if status == chamber.OfferApproved {
			approver = actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO offers(member_id, kind, title, body, industry, region, status, created_by, approved_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`, in.MemberID, in.Kind, in.Title, in.Body, in.Industry, in.Region,
			status, actor.UserID, approver, now).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("offer.create", "offer", id, nil, map[string]any{"offer": in, "status": status})
	})
	if err != nil {
		return nil, err
	}
	return db.FindOffer(ctx, id)
}

// FindOffer returns an offer; a portal login's other members' offers are
// not found.
func (db *DB) FindOffer(ctx context.Context, id chamber.ID) (*chamber.Offer, error) {
	actor := chamber.ActorFrom(ctx)
	own, err := offerReader(actor)
	if err != nil {
		return nil, err
	}
	o, err := scanOffer(db.read.QueryRowContext(ctx, `SELECT `+offerColumns+offerFrom+` WHERE o.id = $1`, id))
	if err != nil || (own && (actor.MemberID == 0 || o.MemberID != actor.MemberID)) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "offer.err.not_found")
	}
	return o, nil
}

// ListOffers lists offers newest first, by kind and status; a portal login
// its own member's.
func (db *DB) ListOffers(ctx context.Context, kind, status string, p chamber.Page) ([]*chamber.Offer, string, error) {
	actor := chamber.ActorFrom(ctx)
	own, err := offerReader(actor)
	if err != nil {
		return nil, "", err
	}
	where, args := "1 = 1", []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if own {
		where += " AND o.member_id = " + arg(actor.MemberID)
	}
	if kind != "" {
		if kind != chamber.OfferSupply && kind != chamber.OfferDemand {
			return nil, "", fieldErr("kind", "err.invalid_value")
		}
		where += " AND o.kind = " + arg(kind)
	}
	if status != "" {
		if status != chamber.OfferPending && status != chamber.OfferApproved {
			return nil, "", fieldErr("status", "err.invalid_value")
		}
		where += " AND o.status = " + arg(status)
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	where += " AND o.id < " + arg(before)
	items, err := queryAll(ctx, db.read, scanOffer, `SELECT `+offerColumns+offerFrom+` WHERE `+where+` ORDER BY o.id DESC LIMIT `+arg(p.Limit+1), args...)
	if err != nil {
		return nil, "", err
	}
	if items == nil {
		items = []*chamber.Offer{}
	}
	items, next := idPage(items, p.Limit, func(x *chamber.Offer) chamber.ID { return x.ID })
	return items, next, nil
}

// ApproveOffer publishes a pending offer for matching (409 once approved).
func (db *DB) ApproveOffer(ctx context.Context, id chamber.ID) (*chamber.Offer, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE offers SET status = 'approved', approved_by = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'`,
			actor.UserID, micros(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			if ok, err := exists(ctx, tx, "offers", id); err != nil {
				return err
			} else if !ok {
				return chamber.Errorf(chamber.ENOTFOUND, "offer.err.not_found")
			}
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_approved", Key: "offer.err.approved"}
		}
		return tx.Audit("offer.approve", "offer", id, map[string]any{"status": chamber.OfferPending}, map[string]any{"status": chamber.OfferApproved})
	})
	if err != nil {
		return nil, err
	}
	return db.FindOffer(ctx, id)
}

// OfferMatches ranks the approved offers of the other kind from other
// members against the offer. The candidates are read whole (a chamber's
// offers are hundreds) and scored in Go with search.Words.
func (db *DB) OfferMatches(ctx context.Context, id chamber.ID, limit int) ([]chamber.Match, error) {
	o, err := db.FindOffer(ctx, id)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	other := chamber.OfferSupply
	if o.Kind == chamber.OfferSupply {
		other = chamber.OfferDemand
	}
	cands, err := queryAll(ctx, db.read, scanOffer, `SELECT `+offerColumns+offerFrom+` WHERE o.kind = $1 AND o.status = 'approved' AND o.member_id <> $2
		ORDER BY o.id DESC LIMIT 2000`, other, o.MemberID)
	if err != nil {
		return nil, err
	}
	mine := search.Words(o.Title, o.Body)
	out := []chamber.Match{}
	for _, c := range cands {
		m := chamber.MatchScore(o, c, mine, search.Words(c.Title, c.Body))
		if len(m.Reasons) == 0 || m.Reasons[0] == "region" || m.Reasons[0] == "region_near" {
			continue // the same place alone is no match
		}
		sort.Strings(m.Shared)
		if len(m.Shared) > 8 {
			m.Shared = m.Shared[:8]
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
