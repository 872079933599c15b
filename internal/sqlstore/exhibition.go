package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/chamber-org/chamber"
)

// Exhibitions (组展). event.manage lays out an exhibition event's booths
// and allocates them to members' applications; the unique index on the
// application's booth refuses a double booking however many allocate at
// once. Allocated exhibitors and their products (展销推介) are public once
// the event is published.

// exhibitionEvent reads an exhibition event's status, or refuses.
func (tx *Tx) exhibitionEvent(id chamber.ID) (string, error) {
	var kind, status string
	if err := tx.QueryRowContext(tx.ctx, `SELECT kind, status FROM events WHERE id = $1`, id).Scan(&kind, &status); err != nil {
		return "", notFound(err, "event.err.not_found")
	}
	if kind != string(chamber.EventExhibition) {
		return "", chamber.Errorf(chamber.ECONFLICT, "exhibition.err.not_exhibition")
	}
	return status, nil
}

// AddBooth adds a booth to an exhibition event (event.manage).
func (db *DB) AddBooth(ctx context.Context, eventID chamber.ID, n chamber.NewBooth) (*chamber.Booth, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	b := &chamber.Booth{EventID: eventID, Number: n.Number, Size: n.Size, PriceFen: n.PriceFen, X: n.X, Y: n.Y}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.exhibitionEvent(eventID); err != nil {
			return err
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM exhibition_booths WHERE event_id = $1 AND number = $2`, eventID, n.Number).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return fieldErr("number", "exhibition.err.booth_number")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO exhibition_booths(event_id, number, size, price_fen, pos_x, pos_y)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, eventID, n.Number, n.Size, n.PriceFen, n.X, n.Y).Scan(&b.ID); err != nil {
			return err
		}
		return tx.Audit("exhibition.booth", "exhibition_booth", b.ID, nil, b)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// mayReadExhibition: staff always; others once the event is published.
func (db *DB) mayReadExhibition(ctx context.Context, eventID chamber.ID) error {
	e, err := db.FindEvent(ctx, eventID)
	if err != nil {
		return err
	}
	if e.Kind != chamber.EventExhibition {
		return chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
	}
	return nil
}

// ListBooths lists an exhibition's booths with who has them, by place.
func (db *DB) ListBooths(ctx context.Context, eventID chamber.ID) ([]*chamber.Booth, error) {
	if err := db.mayReadExhibition(ctx, eventID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.Booth, error) {
		var b chamber.Booth
		return &b, sc.Scan(&b.ID, &b.EventID, &b.Number, &b.Size, &b.PriceFen, &b.X, &b.Y, &b.ApplicationID, &b.Exhibitor)
	}, `SELECT b.id, b.event_id, b.number, b.size, b.price_fen, b.pos_x, b.pos_y, COALESCE(a.id, 0), COALESCE(m.name, '')
		FROM exhibition_booths b LEFT JOIN exhibitor_applications a ON a.booth_id = b.id LEFT JOIN members m ON m.id = a.member_id
		WHERE b.event_id = $1 ORDER BY b.pos_y, b.pos_x, b.number`, eventID)
}

// ApplyExhibitor applies to exhibit: a portal login for its own member,
// staff for any member. The event must be an open exhibition; once per member.
func (db *DB) ApplyExhibitor(ctx context.Context, eventID chamber.ID, n chamber.NewExhibitorApplication) (*chamber.ExhibitorApplication, error) {
	actor := chamber.ActorFrom(ctx)
	switch {
	case actor.Can(chamber.PermEventManage):
	case actor != nil && actor.MemberID != 0:
		n.MemberID = actor.MemberID
	default:
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermPortal))
	}
	n.Note = strings.TrimSpace(n.Note)
	var f chamber.Fields
	if n.MemberID <= 0 {
		f.Add("member_id", "err.required")
	}
	if len([]rune(n.Note)) > 1000 {
		f.Add("note", "err.too_long", 1000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		status, err := tx.exhibitionEvent(eventID)
		if err != nil {
			if chamber.ErrorCode(err) == chamber.ECONFLICT {
				return chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
			}
			return err
		}
		if status == chamber.EventDraft && !actor.Can(chamber.PermEventManage) {
			return chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
		}
		if status != chamber.EventOpen && status != chamber.EventDraft {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.closed")
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM members WHERE id = $1`, n.MemberID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("member_id", "err.member_not_found")
			}
			return err
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM exhibitor_applications WHERE event_id = $1 AND member_id = $2`, eventID, n.MemberID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "exhibition.err.applied")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO exhibitor_applications(event_id, member_id, note, status, created_at)
			VALUES ($1, $2, $3, 'pending', $4) RETURNING id`, eventID, n.MemberID, n.Note, micros(tx.now)).Scan(&id); err != nil {
			if isUniqueViolation(err) {
				return chamber.Errorf(chamber.ECONFLICT, "exhibition.err.applied")
			}
			return err
		}
		return tx.Audit("exhibition.apply", "exhibitor_application", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.exhibitorApplication(ctx, id)
}

const exhibitorColumns = `a.id, a.event_id, a.member_id, m.name, a.note, a.status, COALESCE(a.booth_id, 0), COALESCE(b.number, '')`
const exhibitorFrom = ` FROM exhibitor_applications a JOIN members m ON m.id = a.member_id LEFT JOIN exhibition_booths b ON b.id = a.booth_id`

func scanExhibitor(sc interface{ Scan(...any) error }) (*chamber.ExhibitorApplication, error) {
	var a chamber.ExhibitorApplication
	return &a, sc.Scan(&a.ID, &a.EventID, &a.MemberID, &a.Company, &a.Note, &a.Status, &a.BoothID, &a.BoothNumber)
}

func (db *DB) withProducts(ctx context.Context, list []*chamber.ExhibitorApplication) error {
	for _, a := range list {
		ps, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.ExhibitorProduct, error) {
			var p chamber.ExhibitorProduct
			return &p, sc.Scan(&p.ID, &p.Name, &p.Description)
		}, `SELECT id, name, description FROM exhibitor_products WHERE application_id = $1 ORDER BY id`, a.ID)
		if err != nil {
			return err
		}
		a.Products = ps
		if a.Products == nil {
			a.Products = []*chamber.ExhibitorProduct{}
		}
	}
	return nil
}

func (db *DB) exhibitorApplication(ctx context.Context, id chamber.ID) (*chamber.ExhibitorApplication, error) {
	a, err := scanExhibitor(db.read.QueryRowContext(ctx, `SELECT `+exhibitorColumns+exhibitorFrom+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "exhibition.err.application_not_found")
	}
	return a, db.withProducts(ctx, []*chamber.ExhibitorApplication{a})
}

// ListExhibitors lists an exhibition's applications: staff all, a portal
// login the allocated ones and its own, everyone else the allocated ones.
func (db *DB) ListExhibitors(ctx context.Context, eventID chamber.ID) ([]*chamber.ExhibitorApplication, error) {
	if err := db.mayReadExhibition(ctx, eventID); err != nil {
		return nil, err
	}
	a := chamber.ActorFrom(ctx)
	where, args := ` WHERE a.event_id = $1 AND a.status = 'allocated'`, []any{eventID}
	switch {
	case a.Can(chamber.PermEventManage):
		where = ` WHERE a.event_id = $1`
	case a != nil && a.MemberID != 0:
		where, args = ` WHERE a.event_id = $1 AND (a.status = 'allocated' OR a.member_id = $2)`, append(args, a.MemberID)
	}
	list, err := queryAll(ctx, db.read, scanExhibitor, `SELECT `+exhibitorColumns+exhibitorFrom+where+` ORDER BY b.number, a.id`, args...)
	if err != nil {
		return nil, err
	}
	return list, db.withProducts(ctx, list)
}

// AllocateBooth gives a booth of the same exhibition to an application
// (event.manage); a booth already taken is 409, also when several
// allocations race for it. Moving an exhibitor frees its old booth.
func (db *DB) AllocateBooth(ctx context.Context, appID, boothID chamber.ID) (*chamber.ExhibitorApplication, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var eventID, old chamber.ID
		if err := tx.QueryRowContext(ctx, `SELECT event_id, COALESCE(booth_id, 0) FROM exhibitor_applications WHERE id = $1`, appID).Scan(&eventID, &old); err != nil {
			return notFound(err, "exhibition.err.application_not_found")
		}
		var boothEvent chamber.ID
		if err := tx.QueryRowContext(ctx, `SELECT event_id FROM exhibition_booths WHERE id = $1`, boothID).Scan(&boothEvent); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("booth_id", "exhibition.err.booth_not_found")
			}
			return err
		}
		if boothEvent != eventID {
			return fieldErr("booth_id", "exhibition.err.booth_not_found")
		}
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM exhibitor_applications WHERE booth_id = $1 AND id <> $2`, boothID, appID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "exhibition.err.booth_taken")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE exhibitor_applications SET booth_id = $2, status = 'allocated', decided_by = $3 WHERE id = $1`,
			appID, boothID, actor.UserID); err != nil {
			if isUniqueViolation(err) {
				return chamber.Errorf(chamber.ECONFLICT, "exhibition.err.booth_taken")
			}
			return err
		}
		return tx.Audit("exhibition.allocate", "exhibitor_application", appID, map[string]any{"booth_id": old}, map[string]any{"booth_id": boothID})
	})
	if err != nil {
		return nil, err
	}
	return db.exhibitorApplication(ctx, appID)
}

// AddExhibitorProduct adds a product to promote (展销推介): the
// exhibitor's own portal login or staff.
func (db *DB) AddExhibitorProduct(ctx context.Context, appID chamber.ID, n chamber.NewExhibitorProduct) (*chamber.ExhibitorProduct, error) {
	actor := chamber.ActorFrom(ctx)
	if err := n.Validate(); err != nil {
		return nil, err
	}
	p := &chamber.ExhibitorProduct{Name: n.Name, Description: n.Description}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var member chamber.ID
		if err := tx.QueryRowContext(ctx, `SELECT member_id FROM exhibitor_applications WHERE id = $1`, appID).Scan(&member); err != nil {
			return notFound(err, "exhibition.err.application_not_found")
		}
		if !actor.Can(chamber.PermEventManage) && (actor == nil || actor.MemberID == 0 || actor.MemberID != member) {
			return chamber.Errorf(chamber.ENOTFOUND, "exhibition.err.application_not_found")
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM exhibitor_products WHERE application_id = $1`, appID).Scan(&count); err != nil {
			return err
		}
		if count >= 50 {
			return chamber.Errorf(chamber.ECONFLICT, "exhibition.err.too_many_products")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO exhibitor_products(application_id, name, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			appID, n.Name, n.Description, micros(tx.now)).Scan(&p.ID); err != nil {
			return err
		}
		return tx.Audit("exhibition.product", "exhibitor_application", appID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
