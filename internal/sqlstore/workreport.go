package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/chamber-org/chamber"
)

// The work report's narrative: versions saved by report.write, read by
// audit.read, adopted by a closed, passed work-report motion of the
// general assembly (审批商会工作报告); after adoption nothing changes.

func (tx *Tx) seedReportGrants() error {
	return tx.seedPositionGrants("seed.report_grants", []chamber.Permission{chamber.PermReportWrite}, map[string][]chamber.Permission{
		chamber.PosSecretaryGeneral: {chamber.PermReportWrite},
		"office_director":           {chamber.PermReportWrite},
	})
}

// WorkReport reads the narrative at version (0: the adopted version if
// there is one, else the latest): audit.read, or report.write for its writers.
func (db *DB) WorkReport(ctx context.Context, year, version int) (*chamber.WorkReport, error) {
	if a := chamber.ActorFrom(ctx); !a.Can(chamber.PermReportWrite) {
		if err := a.Require(chamber.PermAuditRead); err != nil {
			return nil, err
		}
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	return db.workReport(ctx, db.read, year, version)
}

func (db *DB) workReport(ctx context.Context, q querier, year, version int) (*chamber.WorkReport, error) {
	wr := &chamber.WorkReport{Year: year, Sections: map[string]string{}, Versions: []chamber.WorkReportVersion{}}
	vs, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.WorkReportVersion, error) {
		var v chamber.WorkReportVersion
		var at int64
		err := sc.Scan(&v.Version, &at, &v.SavedByID, &v.SavedBy)
		v.SavedAt = fromMicros(at)
		return v, err
	}, `SELECT version, saved_at, saved_by, saved_by_name FROM work_report_versions WHERE year = $1 ORDER BY version DESC`, year)
	if err != nil {
		return nil, err
	}
	if vs != nil {
		wr.Versions = vs
		wr.Latest = vs[0].Version
	}
	if wr.Adoption, err = db.workReportAdoption(ctx, q, year); err != nil {
		return nil, err
	}
	if version == 0 {
		version = wr.Latest
		if wr.Adoption != nil {
			version = wr.Adoption.Version
		}
	}
	if version == 0 {
		return wr, nil
	}
	var raw string
	var at int64
	err = q.QueryRowContext(ctx, `SELECT sections, saved_at, saved_by_name FROM work_report_versions WHERE year = $1 AND version = $2`, year, version).
		Scan(&raw, &at, &wr.SavedBy)
	if err != nil {
		return nil, notFound(err, "workreport.err.no_version")
	}
	if err := json.Unmarshal([]byte(raw), &wr.Sections); err != nil {
		return nil, err
	}
	t := fromMicros(at)
	wr.Version, wr.SavedAt = version, &t
	return wr, nil
}

func (db *DB) workReportAdoption(ctx context.Context, q querier, year int) (*chamber.WorkReportAdoption, error) {
	a := chamber.WorkReportAdoption{}
	var raw string
	var closed sql.NullInt64
	var at int64
	err := q.QueryRowContext(ctx, `SELECT a.version, a.motion_id, m.title, m.meeting_id, mt.title, m.closed_at, a.recorded_at, a.recorded_by,
		a.audit_seq, a.audit_hash, a.report
		FROM work_report_adoptions a JOIN motions m ON m.id = a.motion_id JOIN meetings mt ON mt.id = m.meeting_id WHERE a.year = $1`, year).
		Scan(&a.Version, &a.MotionID, &a.MotionTitle, &a.MeetingID, &a.MeetingTitle, &closed, &at, &a.RecordedBy, &a.AuditHead.Seq, &a.AuditHead.Hash, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.RecordedAt = fromMicros(at)
	if closed.Valid {
		a.AdoptedOn = fromMicros(closed.Int64).In(db.location(ctx)).Format("2006-01-02")
	}
	a.Report = &chamber.AnnualReport{}
	if err := json.Unmarshal([]byte(raw), a.Report); err != nil {
		return nil, err
	}
	return &a, nil
}

var errWorkReportAdopted = func(year int) error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "adopted", Key: "workreport.err.adopted", Args: []any{year}}
}

// SaveWorkReport stores the narrative as the next version (report.write):
// 409 adopted once the assembly adopted the year's report, 409 stale when
// a newer version than in.BaseVersion was saved meanwhile.
func (db *DB) SaveWorkReport(ctx context.Context, year int, in chamber.NewWorkReportVersion) (*chamber.WorkReport, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermReportWrite); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	sections := map[string]string{}
	for k, v := range in.Sections {
		if v != "" {
			sections[k] = v
		}
	}
	raw, err := json.Marshal(sections)
	if err != nil {
		return nil, err
	}
	var version int
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var adopted int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM work_report_adoptions WHERE year = $1`, year).Scan(&adopted); err != nil {
			return err
		}
		if adopted > 0 {
			return errWorkReportAdopted(year)
		}
		var latest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM work_report_versions WHERE year = $1`, year).Scan(&latest); err != nil {
			return err
		}
		if latest != in.BaseVersion {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "stale", Key: "workreport.err.stale", Args: []any{latest}}
		}
		version = latest + 1
		name := actor.Name
		if name == "" {
			name = actor.Username
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO work_report_versions(year, version, sections, saved_at, saved_by, saved_by_name)
			VALUES ($1, $2, $3, $4, $5, $6)`, year, version, string(raw), micros(tx.now), actor.UserID, name); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "stale", Key: "workreport.err.stale", Args: []any{version}}
			}
			return err
		}
		return tx.Audit("workreport.save", "work_report", int64(year), nil, map[string]any{"year": year, "version": version, "sections": sections})
	})
	if err != nil {
		return nil, err
	}
	return db.workReport(ctx, db.read, year, version)
}

// AdoptWorkReport records the general assembly's passed work-report motion
// adopting the latest version (report.write) and freezes it with the
// year's figures as compiled now and the audit head they were compiled at.
func (db *DB) AdoptWorkReport(ctx context.Context, year int, in chamber.NewWorkReportAdoption) (*chamber.WorkReport, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermReportWrite); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	if in.MotionID <= 0 {
		return nil, fieldErr("motion_id", "err.required")
	}
	rep, err := db.AnnualReport(chamber.WithActor(ctx, chamber.SystemActor), year)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.passedResolution(in.MotionID, "motion_id", []string{chamber.KindWorkReport}, []string{chamber.BodyGeneralAssembly}); err != nil {
			return err
		}
		var adopted int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM work_report_adoptions WHERE year = $1`, year).Scan(&adopted); err != nil {
			return err
		}
		if adopted > 0 {
			return errWorkReportAdopted(year)
		}
		var latest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM work_report_versions WHERE year = $1`, year).Scan(&latest); err != nil {
			return err
		}
		if latest == 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "no_version", Key: "workreport.err.nothing_to_adopt", Args: []any{year}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO work_report_adoptions(year, version, motion_id, report, audit_seq, audit_hash, recorded_at, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, year, latest, in.MotionID, string(raw), rep.AuditHead.Seq, rep.AuditHead.Hash,
			micros(tx.now), actor.UserID); err != nil {
			if isUniqueViolation(err) {
				return errWorkReportAdopted(year)
			}
			return err
		}
		return tx.Audit("workreport.adopt", "work_report", int64(year), nil, map[string]any{"year": year, "version": latest,
			"motion_id": in.MotionID, "audit_head": rep.AuditHead})
	})
	if err != nil {
		return nil, err
	}
	return db.workReport(ctx, db.read, year, 0)
}
