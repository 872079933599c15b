package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// importCSV is a member import file of n unit members; bad (1-based data
// row, 0 for none) gets an invalid credit code.
func importCSV(n, bad int) []byte {
	var b strings.Builder
	b.WriteString("name,kind,credit_code\n")
	for i := 1; i <= n; i++ {
		code := creditCode(i)
		if i == bad {
			code = "91330100MA00000000"
		}
		fmt.Fprintf(&b, "公司%d,unit,%s\n", i, code)
	}
	return []byte(b.String())
}

func memberCount(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM members`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportJobRunsInBackground(t *testing.T) {
	db := openDB(t)
	id, err := db.HoldImport(sysCtx, "m.csv", importCSV(300, 0), 300, false)
	if err != nil {
		t.Fatal(err)
	}
	// A held (previewed) job is not worked until it is started.
	if n, err := db.WorkJobs(sysCtx, "w1"); err != nil || n != 0 {
		t.Fatalf("held job worked: %d %v", n, err)
	}
	if j, err := db.StartImportJob(sysCtx, id); err != nil || j.Status != chamber.JobQueued || j.Rows != 300 {
		t.Fatalf("start: %+v %v", j, err)
	}
	if n, err := db.WorkJobs(sysCtx, "w1"); err != nil || n != 1 {
		t.Fatalf("work: %d %v", n, err)
	}
	j, err := db.Job(sysCtx, id)
	if err != nil {
		t.Fatal(err)
	}
	if j.Status != chamber.JobDone || j.Result == nil || j.Result.Created != 300 || j.Done != j.Total || j.Total != 600 {
		t.Fatalf("job: %+v %+v", j, j.Result)
	}
	if n := memberCount(t, db); n != 300 {
		t.Fatalf("members: %d", n)
	}
	// Done jobs are not run again; the file is dropped.
	if n, _ := db.WorkJobs(sysCtx, "w1"); n != 0 {
		t.Fatal("ran again")
	}
	var files int
	_ = db.Reader().QueryRow(`SELECT COUNT(*) FROM job_files`).Scan(&files)
	if files != 0 {
		t.Fatalf("files kept: %d", files)
	}
}

func TestImportJobBadRowWritesNothing(t *testing.T) {
	db := openDB(t)
	id, err := db.HoldImport(sysCtx, "m.csv", importCSV(50, 17), 50, true)
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.RunImportJob(sysCtx, id)
	if err != nil {
		t.Fatal(err)
	}
	if j.Status != chamber.JobFailed || j.Result == nil || len(j.Result.Rows) != 1 || j.Result.Rows[0].Row != 18 || j.Result.Rows[0].Field != "credit_code" || j.Result.Rows[0].Key == "" {
		t.Fatalf("job: %+v %+v", j, j.Result)
	}
	if n := memberCount(t, db); n != 0 {
		t.Fatalf("half-written: %d", n)
	}
	if _, err := db.Job(sysCtx, 999999); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("missing job: %v", err)
	}
	if _, err := db.Job(actorCtx(t, db, mustCreateUser(t, db, "nobody", false).ID), id); err == nil {
		t.Fatal("a login without member.write read a job")
	}
}

func TestImportJobLeaseTakenOverRunsOnce(t *testing.T) {
	clock := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clock}})
	id, err := db.HoldImport(sysCtx, "m.csv", importCSV(40, 0), 40, true)
	if err != nil {
		t.Fatal(err)
	}
	// Worker A claims the job and dies before running it.
	got, ok, err := db.ClaimJob(sysCtx, "dead", time.Minute)
	if err != nil || !ok || got != id {
		t.Fatalf("claim: %v %v %v", got, ok, err)
	}
	// While the lease holds nobody else takes it.
	if _, ok, _ := db.ClaimJob(sysCtx, "w2", time.Minute); ok {
		t.Fatal("claimed a leased job")
	}
	clock.Add(2 * time.Minute)
	if n, err := db.WorkJobs(sysCtx, "w2"); err != nil || n != 1 {
		t.Fatalf("take over: %d %v", n, err)
	}
	// Worker A comes back and runs its stale claim: nothing is written.
	if err := db.RunClaimedJob(sysCtx, id, "dead"); err != nil {
		t.Fatal(err)
	}
	j, _ := db.Job(sysCtx, id)
	if j.Status != chamber.JobDone || j.Result.Created != 40 {
		t.Fatalf("job: %+v", j)
	}
	if n := memberCount(t, db); n != 40 {
		t.Fatalf("imported %d members, want 40 exactly once", n)
	}
}

// TestJobLeaseRenewal: a renewed lease keeps a running job from being
// taken over past its first term; a lease nobody renews lapses.
func TestJobLeaseRenewal(t *testing.T) {
	clock := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clock}})
	id, err := db.HoldImport(sysCtx, "m.csv", importCSV(5, 0), 5, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ClaimJob(sysCtx, "a", sqlstore.JobLease); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	clock.Add(sqlstore.JobLease * 2 / 3)
	if ok, err := db.RenewJobLease(sysCtx, id, "a"); err != nil || !ok {
		t.Fatalf("renew: %v %v", ok, err)
	}
	if ok, _ := db.RenewJobLease(sysCtx, id, "b"); ok {
		t.Fatal("a worker renewed a lease it does not hold")
	}
	clock.Add(sqlstore.JobLease * 2 / 3) // past the first term, within the renewed one
	if _, ok, _ := db.ClaimJob(sysCtx, "b", sqlstore.JobLease); ok {
		t.Fatal("a renewed job was taken over")
	}
	clock.Add(sqlstore.JobLease) // nobody renews: it lapses
	if got, ok, err := db.ClaimJob(sysCtx, "b", sqlstore.JobLease); err != nil || !ok || got != id {
		t.Fatalf("take over after the lease lapsed: %v %v %v", got, ok, err)
	}
	if ok, _ := db.RenewJobLease(sysCtx, id, "a"); ok {
		t.Fatal("the old worker renewed a lease it lost")
	}
	if err := db.RunClaimedJob(sysCtx, id, "b"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.RenewJobLease(sysCtx, id, "b"); ok {
		t.Fatal("a finished job's lease was renewed")
	}
}
