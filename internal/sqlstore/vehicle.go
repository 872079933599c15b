package sqlstore

import (
	"context"

	"github.com/chamber-org/chamber"
)

const vehicleColumns = `id, plate, name, seats, created_at, insurance_until, inspection_until`

func scanVehicle(sc interface{ Scan(...any) error }) (*chamber.Vehicle, error) {
	var v chamber.Vehicle
	var created int64
	if err := sc.Scan(&v.ID, &v.Plate, &v.Name, &v.Seats, &created, &v.InsuranceUntil, &v.InspectionUntil); err != nil {
		return nil, err
	}
	v.CreatedAt = fromMicros(created)
	return &v, nil
}

// CreateVehicle adds a vehicle (staff.manage: 行政后勤部).
func (db *DB) CreateVehicle(ctx context.Context, v chamber.Vehicle) (*chamber.Vehicle, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Vehicle
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = scanVehicle(tx.QueryRowContext(ctx, `INSERT INTO vehicles(plate, name, seats, created_at) VALUES ($1, $2, $3, $4)
			RETURNING `+vehicleColumns, v.Plate, v.Name, v.Seats, micros(tx.now)))
		if isUniqueViolation(err) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "plate_exists", Key: "vehicle.err.plate_exists",
				Fields: []chamber.FieldError{{Field: "plate", Key: "vehicle.err.plate_exists"}}}
		}
		if err != nil {
			return err
		}
		return tx.Audit("vehicle.create", "vehicle", out.ID, nil, out)
	})
	return out, err
}

// ListVehicles lists the vehicles (org.read: the secretariat).
func (db *DB) ListVehicles(ctx context.Context) ([]*chamber.Vehicle, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanVehicle, `SELECT `+vehicleColumns+` FROM vehicles ORDER BY id`)
}

const bookingColumns = `id, vehicle_id, user_id, booker, starts_at, ends_at, purpose, created_at`

func scanBooking(sc interface{ Scan(...any) error }) (*chamber.VehicleBooking, error) {
	var b chamber.VehicleBooking
	var from, to, created int64
	if err := sc.Scan(&b.ID, &b.VehicleID, &b.UserID, &b.Booker, &from, &to, &b.Purpose, &created); err != nil {
		return nil, err
	}
	b.From, b.To, b.CreatedAt = fromMicros(from), fromMicros(to), fromMicros(created)
	return &b, nil
}

// BookVehicle reserves a vehicle for the caller; a booking that overlaps
// another of the vehicle is a conflict. Bookings of one vehicle are taken
// one at a time (SQLite's one writer; an advisory lock per vehicle on
// PostgreSQL), so of overlapping requests sent at once exactly one wins.
func (db *DB) BookVehicle(ctx context.Context, b chamber.VehicleBooking) (*chamber.VehicleBooking, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.VehicleBooking
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vehicles WHERE id = $1`, b.VehicleID).Scan(&n); err != nil || n == 0 {
			return fieldErr("vehicle_id", "vehicle.err.not_found")
		}
		if db.Dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(23, CAST($1 AS INTEGER))`, b.VehicleID); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vehicle_bookings WHERE vehicle_id = $1 AND starts_at < $2 AND ends_at > $3`,
			b.VehicleID, micros(b.To), micros(b.From)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "booking_overlap", Key: "vehicle.err.overlap"}
		}
		booker := actor.Name
		if booker == "" {
			booker = actor.Username
		}
		var err error
		if out, err = scanBooking(tx.QueryRowContext(ctx, `INSERT INTO vehicle_bookings(vehicle_id, user_id, booker, starts_at, ends_at, purpose, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+bookingColumns, b.VehicleID, actor.UserID, booker, micros(b.From), micros(b.To),
			b.Purpose, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("vehicle.book", "vehicle_booking", out.ID, nil, out)
	})
	return out, err
}

// ListBookings lists a vehicle's bookings (0: every vehicle's), newest first.
func (db *DB) ListBookings(ctx context.Context, vehicleID chamber.ID) ([]*chamber.VehicleBooking, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanBooking, `SELECT `+bookingColumns+` FROM vehicle_bookings WHERE vehicle_id = $1 OR $1 = 0
		ORDER BY starts_at DESC, id DESC LIMIT 500`, vehicleID)
}
