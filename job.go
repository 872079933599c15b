package chamber

import (
	"context"
	"time"
)

// JobStatus is where a background job stands.
type JobStatus string

// Job statuses. A held job is an upload that was previewed and waits for
// the user to confirm it; a queued one waits for a worker.
const (
	JobHeld    JobStatus = "held"
	JobQueued  JobStatus = "queued"
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
	JobFailed  JobStatus = "failed"
)

// JobMemberImport is the kind of a member import job.
const JobMemberImport = "member_import"

// ImportInlineRows is the largest import run inside the request; larger
// files run as a background job with a progress bar.
const ImportInlineRows = 2000

// Job is a background job. Progress counts steps: every row is checked,
// then written, so Total is twice the row count.
type Job struct {
	ID        ID         `json:"id"`
	Kind      string     `json:"kind"`
	Status    JobStatus  `json:"status"`
	FileName  string     `json:"file_name"`
	Rows      int        `json:"rows"`
	Total     int64      `json:"total"`
	Done      int64      `json:"done"`
	Result    *JobResult `json:"result"`
	CreatedBy ID         `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
}

// Finished reports whether the job has ended, well or not.
func (j *Job) Finished() bool { return j.Status == JobDone || j.Status == JobFailed }

// JobResult is what a finished import did: the members created, or every
// bad row (nothing written).
type JobResult struct {
	Created int              `json:"created"`
	Rows    []ImportRowError `json:"rows,omitempty"`
	// Key is a catalog key for a failure not tied to a row.
	Key string `json:"key,omitempty"`
}

// ImportJobService keeps import uploads as jobs, so a previewed file is not
// chosen twice and a large file runs in the background.
type ImportJobService interface {
	// HoldImport stores an upload already read into rows as a held job
	// (start=false, the preview) or a queued one (start=true).
	HoldImport(ctx context.Context, fileName string, file []byte, rows int, start bool) (ID, error)
	// StartImportJob moves a held job to the queue.
	StartImportJob(ctx context.Context, id ID) (*Job, error)
	// RunImportJob claims the queued job id and runs it now, in the caller.
	RunImportJob(ctx context.Context, id ID) (*Job, error)
	// Job returns a job with its live progress.
	Job(ctx context.Context, id ID) (*Job, error)
}
