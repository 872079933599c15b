package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"sync/atomic"
	"time"

	"github.com/chamber-org/chamber"
)

// Background jobs: a member import upload is kept as a job row with its file
// in job_files. A worker claims a queued job (or a running one whose lease
// ran out: its worker died) in one short transaction, then runs the import
// in ONE transaction whose first statement marks the job done under the
// worker's lease, so the members and the job's end commit together: a job
// taken over by another worker cannot be imported twice. Progress lives in
// memory (DB.progress) while the job runs and in the row once it ends.

// JobLease is how long a claimed job stays with its worker without
// renewal; a running job renews it every third of that (keepJobLease), so
// a worker that dies loses its job within one lease, however long the job.
// serve sets it from CHAMBER_JOB_LEASE.
var JobLease = 30 * time.Second

var errLeaseLost = errors.New("job: lease lost to another worker")

// HoldImport stores an upload as a held (preview) or queued job.
func (db *DB) HoldImport(ctx context.Context, fileName string, file []byte, rows int, start bool) (chamber.ID, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return 0, err
	}
	status := chamber.JobHeld
	if start {
		status = chamber.JobQueued
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO jobs(kind, status, file_name, total, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, chamber.JobMemberImport, string(status), fileName,
			2*int64(rows), actor.UserID, micros(tx.Now())).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO job_files(job_id, data) VALUES ($1, $2)`, id, file); err != nil {
			return err
		}
		return tx.Audit("member.import_job", "job", id, nil, map[string]any{"file": fileName, "rows": rows, "status": status})
	})
	return id, err
}

// StartImportJob moves a held job to the queue; a job already queued or
// further along is returned as it is.
func (db *DB) StartImportJob(ctx context.Context, id chamber.ID) (*chamber.Job, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	if _, err := db.Job(ctx, id); err != nil {
		return nil, err
	}
	if err := db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued' WHERE id = $1 AND status = 'held'`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return tx.Audit("member.import_start", "job", id, nil, nil)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return db.Job(ctx, id)
}

// RunImportJob claims the queued job id and runs it in the caller. A job
// another worker holds is returned as it stands.
func (db *DB) RunImportJob(ctx context.Context, id chamber.ID) (*chamber.Job, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	owner, _ := newSecret("inline-")
	var claimed bool
	err := db.Write(ctx, nil, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1
			WHERE id = $3 AND status = 'queued'`, owner, micros(tx.Now().Add(JobLease)), id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	if err != nil {
		return nil, err
	}
	if claimed {
		if err := db.RunClaimedJob(ctx, id, owner); err != nil {
			return nil, err
		}
	}
	return db.Job(ctx, id)
}

// Job returns a job; a job this instance is running shows its live progress.
func (db *DB) Job(ctx context.Context, id chamber.ID) (*chamber.Job, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	j := &chamber.Job{}
	var status, result string
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT id, kind, status, file_name, total, done, result, created_by, created_at
		FROM jobs WHERE id = $1`, id).Scan(&j.ID, &j.Kind, &status, &j.FileName, &j.Total, &j.Done, &result, &j.CreatedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	if err != nil {
		return nil, err
	}
	j.Status, j.CreatedAt, j.Rows = chamber.JobStatus(status), fromMicros(created), int(j.Total/2)
	if j.Status == chamber.JobRunning {
		if c, ok := db.progress.Load(id); ok {
			j.Done = c.(*atomic.Int64).Load()
		}
	}
	if result != "" {
		if j.Result, err = decodeJobResult(result); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// ClaimJob leases the oldest queued job, or a running one whose lease has
// run out, to owner. It reports false when there is none.
func (db *DB) ClaimJob(ctx context.Context, owner string, lease time.Duration) (chamber.ID, bool, error) {
	var id chamber.ID
	err := db.Write(ctx, nil, func(tx *Tx) error {
		now := micros(tx.Now())
		// The outer condition repeats the inner one: on PostgreSQL a
		// second worker that waited for the row lock re-checks it against
		// the row the first worker committed, and finds nothing.
		err := tx.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1
			WHERE id = (SELECT id FROM jobs WHERE status = 'queued' OR (status = 'running' AND lease_until < $3) ORDER BY id LIMIT 1)
			AND (status = 'queued' OR (status = 'running' AND lease_until < $3)) RETURNING id`,
			owner, micros(tx.Now().Add(lease)), now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id = 0
			return nil
		}
		return err
	})
	return id, id != 0, err
}

// WorkJobs runs claimed jobs until none is left; it returns how many ran.
func (db *DB) WorkJobs(ctx context.Context, owner string) (int, error) {
	n := 0
	for ctx.Err() == nil {
		id, ok, err := db.ClaimJob(ctx, owner, JobLease)
		if err != nil || !ok {
			return n, err
		}
		if err := db.RunClaimedJob(ctx, id, owner); err != nil {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
}

// RunClaimedJob runs job id, which owner has claimed. When the lease was
// lost to another worker it writes nothing and returns nil.
func (db *DB) RunClaimedJob(ctx context.Context, id chamber.ID, owner string) error {
	var name string
	var createdBy chamber.ID
	var total int64
	var data []byte
	err := db.read.QueryRowContext(ctx, `SELECT j.file_name, j.created_by, j.total, f.data FROM jobs j
		JOIN job_files f ON f.job_id = j.id WHERE j.id = $1 AND j.status = 'running' AND j.lease_owner = $2`, id, owner).
		Scan(&name, &createdBy, &total, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // finished or taken over meanwhile
	}
	if err != nil {
		return err
	}
	actor, err := chamber.SystemActor, error(nil)
	if createdBy != 0 { // 0: queued by the system (CLI, tests)
		actor, err = db.loadActor(ctx, createdBy)
	}
	if err != nil {
		var ce *chamber.Error
		if errors.As(err, &ce) {
			return db.finishJob(ctx, id, owner, chamber.JobFailed, 0, &chamber.JobResult{Key: ce.Key})
		}
		return err
	}
	actx := chamber.WithActor(ctx, actor)
	records, err := db.readSheet(name, bytes.NewReader(data))
	if err != nil {
		return db.finishJob(actx, id, owner, chamber.JobFailed, 0, &chamber.JobResult{
			Rows: []chamber.ImportRowError{sheetError(err)}})
	}
	rows, bad := chamber.MemberRows(records)
	if len(bad) > 0 {
		return db.finishJob(actx, id, owner, chamber.JobFailed, 0, &chamber.JobResult{Rows: bad})
	}
	defer db.keepJobLease(ctx, id, owner)()
	counter := &atomic.Int64{}
	db.progress.Store(id, counter)
	defer db.progress.Delete(id)
	steps := 2 * int64(len(rows))
	_, bad, err = db.importMembers(actx, rows, func() { counter.Add(1) }, func(tx *Tx) error {
		return tx.finishJob(id, owner, chamber.JobDone, steps, &chamber.JobResult{Created: len(rows)})
	})
	switch {
	case errors.Is(err, errLeaseLost):
		return nil
	case err != nil:
		var ce *chamber.Error
		if errors.As(err, &ce) {
			return db.finishJob(actx, id, owner, chamber.JobFailed, counter.Load(), &chamber.JobResult{Key: ce.Key})
		}
		return err
	case len(bad) > 0:
		return db.finishJob(actx, id, owner, chamber.JobFailed, counter.Load(), &chamber.JobResult{Rows: bad})
	}
	return nil
}

// RenewJobLease extends owner's lease on a running job by JobLease from
// now; it reports false when the job has ended or another worker has it.
func (db *DB) RenewJobLease(ctx context.Context, id chamber.ID, owner string) (bool, error) {
	var n int64
	err := db.Write(ctx, nil, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET lease_until = $1 WHERE id = $2 AND status = 'running' AND lease_owner = $3`,
			micros(tx.Now().Add(JobLease)), id, owner)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// keepJobLease renews owner's lease on job id every third of JobLease
// until the returned stop is called (which waits for it). While the
// import's own transaction holds the job's row a renewal waits for it;
// the job's end makes the next renewal find nothing.
func (db *DB) keepJobLease(ctx context.Context, id chamber.ID, owner string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(JobLease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if ok, err := db.RenewJobLease(ctx, id, owner); err != nil || !ok {
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// finishJob ends a job in its own transaction; a lost lease writes nothing.
func (db *DB) finishJob(ctx context.Context, id chamber.ID, owner string, status chamber.JobStatus, done int64, r *chamber.JobResult) error {
	err := db.Write(ctx, chamber.ActorFrom(ctx), func(tx *Tx) error {
		return tx.finishJob(id, owner, status, done, r)
	})
	if errors.Is(err, errLeaseLost) {
		return nil
	}
	return err
}

// finishJob marks the job ended if owner still holds it and drops its file.
func (tx *Tx) finishJob(id chamber.ID, owner string, status chamber.JobStatus, done int64, r *chamber.JobResult) error {
	js, err := encodeJobResult(r)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(tx.ctx, `UPDATE jobs SET status = $1, done = $2, result = $3, lease_until = 0, finished_at = $4
		WHERE id = $5 AND status = 'running' AND lease_owner = $6`, string(status), done, js, micros(tx.Now()), id, owner)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errLeaseLost
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM job_files WHERE job_id = $1`, id); err != nil {
		return err
	}
	return tx.Audit("member.import_"+string(status), "job", id, nil, r)
}

// storedRowError keeps a row error's catalog key and arguments.
type storedRowError struct {
	Row   int    `json:"row"`
	Field string `json:"field"`
	Key   string `json:"key"`
	Args  []any  `json:"args,omitempty"`
}

type storedResult struct {
	Created int              `json:"created"`
	Key     string           `json:"key,omitempty"`
	Rows    []storedRowError `json:"rows,omitempty"`
}

func encodeJobResult(r *chamber.JobResult) (string, error) {
	s := storedResult{Created: r.Created, Key: r.Key}
	for _, e := range r.Rows {
		s.Rows = append(s.Rows, storedRowError{Row: e.Row, Field: e.Field, Key: e.Key, Args: e.Args})
	}
	b, err := json.Marshal(s)
	return string(b), err
}

func decodeJobResult(js string) (*chamber.JobResult, error) {
	var s storedResult
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		return nil, err
	}
	r := &chamber.JobResult{Created: s.Created, Key: s.Key}
	for _, e := range s.Rows {
		for i, a := range e.Args {
			if f, ok := a.(float64); ok && f == math.Trunc(f) {
				e.Args[i] = int(f)
			}
		}
		r.Rows = append(r.Rows, chamber.ImportRowError{Row: e.Row, Field: e.Field, Key: e.Key, Args: e.Args})
	}
	return r, nil
}

// sheetError is the row error for a file the sheet reader refuses: the
// reader's own key (a file that unpacks too far: err.upload_bomb), else
// unreadable.
func sheetError(err error) chamber.ImportRowError {
	var ce *chamber.Error
	if errors.As(err, &ce) {
		return chamber.ImportRowError{Row: 0, Field: "file", Key: ce.Key}
	}
	return chamber.ImportRowError{Row: 0, Field: "file", Key: "err.import_unreadable"}
}
