package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
)

// The staff register's private side: who counts as HR, changes to a
// record, the training history from courses and training events, and the
// reminders (contracts ending, vehicles' insurance and inspection).

// isHR reports whether the actor keeps the staff register: staff.manage
// held by the installation's administrator, or through a post today in the
// 人力资源部 or as 秘书长 or 副秘书长. The 行政后勤部's staff.manage (vehicles,
// purchasing) does not open anyone's emergency contact or contract.
func (db *DB) isHR(ctx context.Context, a *chamber.Actor) (bool, error) {
	if a == nil || !a.Can(chamber.PermStaffManage) {
		return false, nil
	}
	if a.System || a.Admin {
		return true, nil
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts p JOIN positions q ON q.id = p.position_id
		LEFT JOIN departments d ON d.id = q.department_id
		WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		AND (d.code = 'human_resources' OR q.code IN ('secretary_general', 'deputy_secretary_general'))`, a.UserID, db.today(ctx)).Scan(&n)
	return n > 0, err
}

// IsHR reports whether the caller keeps the staff register (isHR).
func (db *DB) IsHR(ctx context.Context) (bool, error) { return db.isHR(ctx, chamber.ActorFrom(ctx)) }

// requireHR is isHR as an error: 403 for those without it.
func (db *DB) requireHR(ctx context.Context, a *chamber.Actor) error {
	if err := a.Require(chamber.PermStaffManage); err != nil {
		return err
	}
	ok, err := db.isHR(ctx, a)
	if err != nil {
		return err
	}
	if !ok {
		return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_hr", Key: "staff.err.not_hr"}
	}
	return nil
}

// hrRecord is requireHR for one record of the register or of
// recruitment: staff.manage outside HR does not see it (404, as for any
// record a caller may not see).
func (db *DB) hrRecord(ctx context.Context, a *chamber.Actor, notFoundKey string) error {
	if err := a.Require(chamber.PermStaffManage); err != nil {
		return err
	}
	ok, err := db.isHR(ctx, a)
	if err != nil {
		return err
	}
	if !ok {
		return chamber.Errorf(chamber.ENOTFOUND, notFoundKey)
	}
	return nil
}

// deptOwners are the logins a department's reminders go to on a day: the
// holders of its positions (with heads, only its top position's, acting
// holders included), or the 秘书长 when the department is vacant.
func deptOwners(ctx context.Context, q querier, code string, heads bool, on string) ([]chamber.ID, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.user_id, pos.rank FROM posts p JOIN positions pos ON pos.id = p.position_id
		JOIN departments d ON d.id = pos.department_id
		WHERE d.code = $1 AND p.user_id IS NOT NULL AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY pos.rank, p.acting DESC, p.id`, code, on)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.ID
	top := -1
	for rows.Next() {
		var id chamber.ID
		var rank int
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, err
		}
		if top == -1 {
			top = rank
		}
		if !heads || rank == top {
			out = append(out, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		sg, err := q.QueryContext(ctx, `SELECT p.user_id FROM posts p JOIN positions pos ON pos.id = p.position_id
			WHERE pos.code = $1 AND p.user_id IS NOT NULL AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
			ORDER BY p.acting DESC, p.id`, chamber.PosSecretaryGeneral, on)
		if err != nil {
			return nil, err
		}
		defer sg.Close()
		for sg.Next() {
			var id chamber.ID
			if err := sg.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		if err := sg.Err(); err != nil {
			return nil, err
		}
	}
	return uniqueIDs(out), nil
}

// Who the reminders go to: contracts to the 人力资源部's head, vehicles to
// everyone of the 行政后勤部.
func hrOwners(ctx context.Context, q querier, on string) ([]chamber.ID, error) {
	return deptOwners(ctx, q, "human_resources", true, on)
}

func logisticsOwners(ctx context.Context, q querier, on string) ([]chamber.ID, error) {
	return deptOwners(ctx, q, "logistics", false, on)
}

func hasID(ids []chamber.ID, id chamber.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// UpdateStaff changes a staff record (HR); PATCH semantics.
func (db *DB) UpdateStaff(ctx context.Context, id chamber.ID, u chamber.StaffUpdate) (*chamber.Staff, error) {
	actor := chamber.ActorFrom(ctx)
	if err := db.hrRecord(ctx, actor, "staff.err.not_found"); err != nil {
		return nil, err
	}
	var out *chamber.Staff
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanStaff(tx.QueryRowContext(ctx, `SELECT `+staffColumns+staffFrom+` WHERE s.id = $1`, id))
		if err != nil {
			return notFound(err, "staff.err.not_found")
		}
		s := *before
		u.Apply(&s)
		s.Normalize()
		if err := s.Validate(); err != nil {
			return err
		}
		if s.PositionID != 0 && s.PositionID != before.PositionID {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE id = $1`, s.PositionID).Scan(&n); err != nil || n == 0 {
				return fieldErr("position_id", "err.position_not_found")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET name = $1, position_id = $2, employment = $3, phone = $4, emergency = $5,
			contract_starts_on = $6, contract_ends_on = $7 WHERE id = $8`, s.Name, nullID(s.PositionID), s.Employment, s.Phone, s.Emergency,
			s.ContractStartsOn, s.ContractEndsOn, id); err != nil {
			return err
		}
		if out, err = scanStaff(tx.QueryRowContext(ctx, `SELECT `+staffColumns+staffFrom+` WHERE s.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("staff.update", "staff", id, before, out)
	})
	return out, err
}

// trainingHistory is a person's courses (recorded by HR) and the training
// events of the chamber they were checked in at (matched by the phone the
// registration gave), newest first.
func (db *DB) trainingHistory(ctx context.Context, s *chamber.Staff) ([]*chamber.StaffTraining, error) {
	courses, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.StaffTraining, error) {
		t := chamber.StaffTraining{Source: chamber.TrainingCourse}
		return &t, sc.Scan(&t.ID, &t.StaffID, &t.Title, &t.Date, &t.Hours)
	}, `SELECT id, staff_id, title, date, hours FROM staff_trainings WHERE staff_id = $1 ORDER BY date DESC, id DESC LIMIT 500`, s.ID)
	if err != nil || s.Phone == "" {
		return courses, err
	}
	st, err := db.Settings(ctx)
	if err != nil || st == nil {
		st = &chamber.Settings{TimeZone: chamber.DefaultTimeZone}
	}
	loc := st.Location()
	events, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.StaffTraining, error) {
		t := chamber.StaffTraining{StaffID: s.ID, Source: chamber.TrainingEvent}
		var from, to int64
		if err := sc.Scan(&t.ID, &t.Title, &from, &to); err != nil {
			return nil, err
		}
		t.Date = fromMicros(from).In(loc).Format("2006-01-02")
		t.Hours = int((time.Duration(to-from)*time.Microsecond + 30*time.Minute) / time.Hour)
		return &t, nil
	}, `SELECT DISTINCT e.id, e.title, e.starts_at, e.ends_at FROM event_registrations r JOIN events e ON e.id = r.event_id
		WHERE r.phone = $1 AND r.checked_in_at IS NOT NULL AND e.kind = 'training' ORDER BY e.starts_at DESC LIMIT 500`, s.Phone)
	if err != nil {
		return nil, err
	}
	out := make([]*chamber.StaffTraining, 0, len(courses)+len(events))
	i, j := 0, 0
	for i < len(courses) || j < len(events) {
		if j == len(events) || (i < len(courses) && courses[i].Date >= events[j].Date) {
			out = append(out, courses[i])
			i++
		} else {
			out = append(out, events[j])
			j++
		}
	}
	return out, nil
}

// RemindDueDates is the background job: a staff contract ending within
// chamber.ContractReminderDays goes to the 人力资源部's head, a vehicle's
// insurance or inspection ending within chamber.VehicleReminderDays to the
// 行政后勤部, each once per date (a renewed contract or a new date reminds
// again when its own time comes). It returns how many reminders it sent.
func (db *DB) RemindDueDates(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		actor = chamber.SystemActor
		ctx = chamber.WithActor(ctx, actor)
	}
	if !actor.System {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "system")
	}
	today := db.today(ctx)
	t, _ := chamber.ParseDate(today)
	contractsBy := t.AddDate(0, 0, chamber.ContractReminderDays).Format("2006-01-02")
	vehiclesBy := t.AddDate(0, 0, chamber.VehicleReminderDays).Format("2006-01-02")
	type due struct {
		key, title string
		hr         bool
	}
	var dues []due
	staff, err := queryAll(ctx, db.read, scanStaff, `SELECT `+staffColumns+staffFrom+` WHERE s.contract_ends_on <> ''
		AND s.contract_ends_on >= $1 AND s.contract_ends_on <= $2 ORDER BY s.id LIMIT 500`, today, contractsBy)
	if err != nil {
		return 0, err
	}
	for _, s := range staff {
		dues = append(dues, due{fmt.Sprintf("staff:%d:contract:%s", s.ID, s.ContractEndsOn),
			fmt.Sprintf("劳动合同即将到期：%s（%s），%s 到期，请办理续签", s.Name, s.Position, s.ContractEndsOn), true})
	}
	cars, err := queryAll(ctx, db.read, scanVehicle, `SELECT `+vehicleColumns+` FROM vehicles
		WHERE (insurance_until >= $1 AND insurance_until <= $2) OR (inspection_until >= $1 AND inspection_until <= $2) ORDER BY id LIMIT 500`, today, vehiclesBy)
	if err != nil {
		return 0, err
	}
	for _, v := range cars {
		if v.InsuranceUntil >= today && v.InsuranceUntil <= vehiclesBy {
			dues = append(dues, due{fmt.Sprintf("vehicle:%d:insurance:%s", v.ID, v.InsuranceUntil),
				fmt.Sprintf("车辆保险即将到期：%s %s，%s 到期", v.Plate, v.Name, v.InsuranceUntil), false})
		}
		if v.InspectionUntil >= today && v.InspectionUntil <= vehiclesBy {
			dues = append(dues, due{fmt.Sprintf("vehicle:%d:inspection:%s", v.ID, v.InspectionUntil),
				fmt.Sprintf("车辆年检即将到期：%s %s，%s 到期", v.Plate, v.Name, v.InspectionUntil), false})
		}
	}
	if len(dues) == 0 {
		return 0, nil
	}
	sent := 0
	err = db.Write(ctx, actor, func(tx *Tx) error {
		hr, err := hrOwners(ctx, tx, today)
		if err != nil {
			return err
		}
		logistics, err := logisticsOwners(ctx, tx, today)
		if err != nil {
			return err
		}
		for _, d := range dues {
			to, link := logistics, "/facilities"
			if d.hr {
				to, link = hr, "/staff"
			}
			if len(to) == 0 {
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM announcements WHERE notify_key = $1`, d.key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := tx.Notify(chamber.Notification{Key: d.key, Title: d.title, Body: link, Users: to}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
