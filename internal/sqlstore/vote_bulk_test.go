package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// TestMotionBallotsInOneBatch: a batch full of motion ballots (valid
// ones, second ballots of the same credential in the same batch, a forged
// credential) and other audited writes, then ballots on a draft motion and
// on an unknown one, give each caller the single path's answer, count
// exactly, verify (the chain runs on through the records whose head the
// ballots' statement moved), and on
// PostgreSQL costs a fixed number of statements however many ballots the
// batch holds, with no run again.
func TestMotionBallotsInOneBatch(t *testing.T) {
	for _, secret := range []bool{false, true} {
		t.Run(fmt.Sprintf("secret=%v", secret), func(t *testing.T) { motionBallotsInOneBatch(t, secret) })
	}
}

func motionBallotsInOneBatch(t *testing.T, secret bool) {
	db := openDB(t)
	const n = 60
	members := mustMembers(t, db, n)
	m := openAssembly(t, db)
	creds := make([]string, n)
	for i, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds[i] = c.Credential
	}
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "年度预算", Secret: &secret})
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	draft, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "章程修改", Secret: &secret})

	type cast struct {
		motion chamber.ID
		cred   string
		choice string
	}
	var casts []cast
	choices := []string{"yes", "no", "abstain"}
	want := map[string]int64{}
	for i, c := range creds {
		casts = append(casts, cast{mo.ID, c, choices[i%3]})
		want[choices[i%3]]++
		if i%7 == 0 {
			casts = append(casts, cast{mo.ID, c, choices[i%3]}) // a second ballot, in the same batch
		}
	}
	casts = append(casts, cast{mo.ID, "vote_forged", "yes"})

	// Hold the batcher with one slow request, so every ballot queues behind
	// it and the next batch takes them all.
	before := db.GroupCommitStats()
	errs := make([]error, len(casts))
	var wg sync.WaitGroup
	started := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		db.WriteBatched(sysCtx, func(tx *sqlstore.Tx) error {
			close(started)
			time.Sleep(300 * time.Millisecond)
			return nil
		})
	}()
	<-started
	for i, c := range casts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.CastBallot(context.Background(), c.motion, c.cred, c.choice)
		}()
	}
	// Other audited writes in the same batch: the chain goes on past the
	// ballots' records (their head moved in the ballots' statement).
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.WriteBatched(sysCtx, func(tx *sqlstore.Tx) error {
				return tx.Audit("batch.test", "setting", chamber.ID(i+1), nil, map[string]int{"n": i})
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	// Ballots on a draft motion and on none, in a batch of their own.
	_, err := db.CastBallot(context.Background(), draft.ID, creds[1], "yes")
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CastBallot(context.Background(), mo.ID+1000, creds[2], "no")
	wantCode(t, err, chamber.ENOTFOUND)

	ok := map[string]int{}
	for i, c := range casts {
		err := errs[i]
		switch {
		case c.cred == "vote_forged":
			wantCode(t, err, chamber.EFORBIDDEN)
		case err == nil:
			ok[c.cred]++
		default:
			wantCode(t, err, chamber.ECONFLICT) // the second ballot of a credential
		}
	}
	for i, c := range creds {
		if ok[c] != 1 {
			t.Errorf("credential %d: %d ballots accepted, want 1", i, ok[c])
		}
	}
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *res.Yes != want["yes"] || *res.No != want["no"] || *res.Abstain != want["abstain"] || res.Cast != n {
		t.Fatalf("tally %+v, want %v", res, want)
	}
	if v, err := db.VerifyAudit(sysCtx); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}

	after := db.GroupCommitStats()
	runs, reqs, stmts := after.Runs-before.Runs, after.Requests-before.Requests, after.Statements-before.Statements
	t.Logf("%s: %d runs, %d requests, %d statements", db.Dialect, runs, reqs, stmts)
	if after.Reruns != before.Reruns {
		t.Fatalf("%d batch runs again with savepoints: the bulk path failed", after.Reruns-before.Reruns)
	}
	if db.Dialect == sqlstore.Postgres && stmts > 12 {
		// The slow request's run sends nothing; the ballots' run two or
		// three and the audit flush one or two, not two per ballot; the
		// two refused ballots' runs one each.
		t.Fatalf("%d statements for %d ballots in %d runs: want a few per run, not per ballot", stmts, len(casts), runs)
	}
}
