package sqlstore

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// Vehicles' dates and trip logs, facility repairs (设施维护) and the
// reception log (接待): written by staff.manage (行政后勤部, 办公室) except
// trips and repair requests, which any of the secretariat (org.read) logs.

// SetVehicleDates records a vehicle's insurance and inspection expiry.
func (db *DB) SetVehicleDates(ctx context.Context, id chamber.ID, d chamber.VehicleDates) (*chamber.Vehicle, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if d.InsuranceUntil != "" && !chamber.ValidDate(d.InsuranceUntil) {
		f.Add("insurance_until", "err.date")
	}
	if d.InspectionUntil != "" && !chamber.ValidDate(d.InspectionUntil) {
		f.Add("inspection_until", "err.date")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Vehicle
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanVehicle(tx.QueryRowContext(ctx, `SELECT `+vehicleColumns+` FROM vehicles WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "vehicle.err.not_found")
		}
		if out, err = scanVehicle(tx.QueryRowContext(ctx, `UPDATE vehicles SET insurance_until = $1, inspection_until = $2 WHERE id = $3
			RETURNING `+vehicleColumns, d.InsuranceUntil, d.InspectionUntil, id)); err != nil {
			return err
		}
		return tx.Audit("vehicle.dates", "vehicle", id, before, out)
	})
	return out, err
}

// VehiclesDue lists the vehicles whose insurance or inspection ends within
// days from today (or has ended), soonest first; one row per date due.
func (db *DB) VehiclesDue(ctx context.Context, days int) ([]*chamber.VehicleDue, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if days < 0 || days > 3660 {
		return nil, fieldErr("days", "err.invalid_value")
	}
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return nil, err
	}
	until := today.AddDate(0, 0, days).Format("2006-01-02")
	vs, err := queryAll(ctx, db.read, scanVehicle, `SELECT `+vehicleColumns+` FROM vehicles
		WHERE (insurance_until <> '' AND insurance_until <= $1) OR (inspection_until <> '' AND inspection_until <= $1) ORDER BY id`, until)
	if err != nil {
		return nil, err
	}
	var out []*chamber.VehicleDue
	for _, v := range vs {
		for _, k := range []struct{ kind, on string }{{"insurance", v.InsuranceUntil}, {"inspection", v.InspectionUntil}} {
			if k.on == "" || k.on > until {
				continue
			}
			d, _ := time.Parse("2006-01-02", k.on)
			out = append(out, &chamber.VehicleDue{Vehicle: *v, Kind: k.kind, DueOn: k.on, DaysOut: int(d.Sub(today).Hours() / 24)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueOn < out[j].DueOn })
	return out, nil
}

const tripColumns = `id, vehicle_id, user_id, driver, date, start_km, end_km, purpose, fuel_fen, reimbursement_id, created_at`

func scanTrip(sc interface{ Scan(...any) error }) (*chamber.VehicleTrip, error) {
	var t chamber.VehicleTrip
	var at int64
	if err := sc.Scan(&t.ID, &t.VehicleID, &t.UserID, &t.Driver, &t.Date, &t.StartKm, &t.EndKm, &t.Purpose, &t.FuelFen, &t.ReimbursementID, &at); err != nil {
		return nil, err
	}
	t.Km, t.CreatedAt = t.EndKm-t.StartKm, fromMicros(at)
	return &t, nil
}

// LogTrip adds a trip to a vehicle's log for the caller; the odometer
// never runs back (a start below the vehicle's last end is refused). Fuel
// paid for the trip becomes the driver's expense claim (报销) on
// chamber.FuelAccount, routed like any claim, in the same transaction.
func (db *DB) LogTrip(ctx context.Context, t chamber.VehicleTrip) (*chamber.VehicleTrip, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var plate string
	if err := db.read.QueryRowContext(ctx, `SELECT plate FROM vehicles WHERE id = $1`, t.VehicleID).Scan(&plate); err != nil {
		return nil, notFoundAs(notFound(err, "vehicle.err.not_found"), fieldErr("vehicle_id", "vehicle.err.not_found"))
	}
	var claim *claimDraft
	if t.FuelFen > 0 {
		in := chamber.NewReimbursement{Summary: "车辆燃油费 " + plate + " " + t.Date + " " + t.Purpose,
			Lines: []chamber.NewReimbursementLine{{Date: t.Date, Account: chamber.FuelAccount, AmountFen: t.FuelFen,
				Memo: plate + " " + strconv.FormatInt(t.EndKm-t.StartKm, 10) + " km"}}}
		if n := []rune(in.Summary); len(n) > 200 {
			in.Summary = string(n[:200])
		}
		if err := in.Validate(); err != nil {
			return nil, err
		}
		var err error
		if claim, err = db.prepareClaim(ctx, actor, in); err != nil {
			return nil, err
		}
	}
	var out *chamber.VehicleTrip
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vehicles WHERE id = $1`, t.VehicleID).Scan(&n); err != nil || n == 0 {
			return fieldErr("vehicle_id", "vehicle.err.not_found")
		}
		if db.Dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(36, CAST($1 AS INTEGER))`, t.VehicleID); err != nil {
				return err
			}
		}
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(end_km), 0) FROM vehicle_trips WHERE vehicle_id = $1`, t.VehicleID).Scan(&last); err != nil {
			return err
		}
		if t.StartKm < last {
			return fieldErr("start_km", "trip.err.odometer", last)
		}
		driver := actor.Name
		if driver == "" {
			driver = actor.Username
		}
		var err error
		if out, err = scanTrip(tx.QueryRowContext(ctx, `INSERT INTO vehicle_trips(vehicle_id, user_id, driver, date, start_km, end_km, purpose, fuel_fen, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+tripColumns, t.VehicleID, actor.UserID, driver, t.Date, t.StartKm, t.EndKm,
			t.Purpose, t.FuelFen, micros(tx.now))); err != nil {
			return err
		}
		if claim != nil {
			if err := tx.insertClaim(claim); err != nil {
				return err
			}
			out.ReimbursementID = claim.r.ID
			if _, err := tx.ExecContext(ctx, `UPDATE vehicle_trips SET reimbursement_id = $1 WHERE id = $2`, out.ReimbursementID, out.ID); err != nil {
				return err
			}
		}
		return tx.Audit("vehicle.trip", "vehicle_trip", out.ID, nil, out)
	})
	return out, err
}

// ListTrips lists a vehicle's trips (0: every vehicle's), newest first.
func (db *DB) ListTrips(ctx context.Context, vehicleID chamber.ID) ([]*chamber.VehicleTrip, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanTrip, `SELECT `+tripColumns+` FROM vehicle_trips WHERE vehicle_id = $1 OR $1 = 0
		ORDER BY date DESC, id DESC LIMIT 500`, vehicleID)
}

const repairColumns = `id, title, location, detail, status, reporter_id, reporter, note, created_at, updated_at`

func scanRepair(sc interface{ Scan(...any) error }) (*chamber.RepairRequest, error) {
	var r chamber.RepairRequest
	var c, u int64
	if err := sc.Scan(&r.ID, &r.Title, &r.Location, &r.Detail, &r.Status, &r.ReporterID, &r.Reporter, &r.Note, &c, &u); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMicros(c), fromMicros(u)
	return &r, nil
}

// CreateRepair files a repair request (org.read), status open.
func (db *DB) CreateRepair(ctx context.Context, r chamber.RepairRequest) (*chamber.RepairRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	reporter := actor.Name
	if reporter == "" {
		reporter = actor.Username
	}
	var out *chamber.RepairRequest
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		if out, err = scanRepair(tx.QueryRowContext(ctx, `INSERT INTO repair_requests(title, location, detail, status, reporter_id, reporter, created_at, updated_at)
			VALUES ($1, $2, $3, 'open', $4, $5, $6, $6) RETURNING `+repairColumns, r.Title, r.Location, r.Detail, actor.UserID, reporter, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("repair.create", "repair_request", out.ID, nil, out)
	})
	return out, err
}

// ListRepairs lists repair requests, open ones first (org.read).
func (db *DB) ListRepairs(ctx context.Context, status string) ([]*chamber.RepairRequest, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if status != "" && !containsStr(chamber.RepairStatuses, status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	return queryAll(ctx, db.read, scanRepair, `SELECT `+repairColumns+` FROM repair_requests WHERE $1 = '' OR status = $1
		ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END, id DESC LIMIT 500`, status)
}

// SetRepairStatus moves a request (staff.manage): open → in_progress →
// done, or cancelled; done and cancelled are final (409).
func (db *DB) SetRepairStatus(ctx context.Context, id chamber.ID, status, note string) (*chamber.RepairRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if !containsStr(chamber.RepairStatuses, status) || status == chamber.RepairOpen {
		return nil, fieldErr("status", "err.invalid_value")
	}
	if len([]rune(note)) > 500 {
		return nil, fieldErr("note", "err.too_long", 500)
	}
	var out *chamber.RepairRequest
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanRepair(tx.QueryRowContext(ctx, `SELECT `+repairColumns+` FROM repair_requests WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "repair.err.not_found")
		}
		if before.Status == chamber.RepairDone || before.Status == chamber.RepairCancelled || before.Status == status {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "repair_closed", Key: "repair.err.status"}
		}
		if note == "" {
			note = before.Note
		}
		if out, err = scanRepair(tx.QueryRowContext(ctx, `UPDATE repair_requests SET status = $1, note = $2, updated_at = $3 WHERE id = $4
			RETURNING `+repairColumns, status, note, micros(tx.now), id)); err != nil {
			return err
		}
		return tx.Audit("repair.status", "repair_request", id, map[string]any{"status": before.Status}, map[string]any{"status": status, "note": note})
	})
	return out, err
}

const receptionColumns = `id, date, visitor, organisation, people, purpose, host_id, host, created_at`

func scanReception(sc interface{ Scan(...any) error }) (*chamber.Reception, error) {
	var r chamber.Reception
	var at int64
	if err := sc.Scan(&r.ID, &r.Date, &r.Visitor, &r.Organisation, &r.People, &r.Purpose, &r.HostID, &r.Host, &at); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMicros(at)
	return &r, nil
}

// LogReception records a visit received (org.read); the host is the
// caller unless host_user_id names another login.
func (db *DB) LogReception(ctx context.Context, r chamber.Reception) (*chamber.Reception, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Reception
	err := db.Write(ctx, actor, func(tx *Tx) error {
		host := actor.Name
		if r.HostID == 0 {
			r.HostID = actor.UserID
		}
		if r.HostID != actor.UserID || host == "" {
			var err error
			if host, err = userName(ctx, tx, r.HostID, "host_user_id"); err != nil {
				return err
			}
		}
		var err error
		if out, err = scanReception(tx.QueryRowContext(ctx, `INSERT INTO receptions(date, visitor, organisation, people, purpose, host_id, host, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+receptionColumns, r.Date, r.Visitor, r.Organisation, r.People, r.Purpose,
			r.HostID, host, micros(tx.now))); err != nil {
			return err
		}
		return tx.Audit("reception.log", "reception", out.ID, nil, out)
	})
	return out, err
}

// ListReceptions lists the reception log between two dates (both
// included, either may be empty), newest first (org.read).
func (db *DB) ListReceptions(ctx context.Context, from, to string) ([]*chamber.Reception, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if from != "" && !chamber.ValidDate(from) {
		f.Add("from", "err.date")
	}
	if to != "" && !chamber.ValidDate(to) {
		f.Add("to", "err.date")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if to == "" {
		to = "9999-12-31"
	}
	return queryAll(ctx, db.read, scanReception, `SELECT `+receptionColumns+` FROM receptions WHERE date >= $1 AND date <= $2
		ORDER BY date DESC, id DESC LIMIT 500`, from, to)
}
