package sqlstore_test

// Crash safety: a child process (this test binary, re-executed) makes many
// concurrent acknowledged writes and is killed with SIGKILL at a random
// moment; the parent reopens the database and checks that every
// acknowledged write survived and that the invariants hold. Several rounds
// run against the same database, so later rounds start from one that was
// killed mid-write.
//
// A new domain adds a workload (a write that returns an id, and a check
// that the ids exist) to crashWorkloads, what it needs to crashFixture and
// crashSetup, and its invariants to crashInvariants.

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

const (
	crashEnvDB    = "CHAMBER_CRASH_CHILD_DB"
	crashEnvRound = "CHAMBER_CRASH_CHILD_ROUND"
	crashEnvKey   = "CHAMBER_CRASH_CHILD_KEY"
	crashRounds   = 4
	crashWriters  = 8
	crashMinAcks  = 5
)

// crashFixture is what the child creates before its writers start.
type crashFixture struct {
	User *chamber.User
	// Ballots: an open motion and the check-ins whose credentials vote on it.
	Motion  chamber.ID
	Voters  []*chamber.CheckIn
	nextVtr atomic.Int64
}

func crashSetup(ctx context.Context, db *sqlstore.DB, round int) (*crashFixture, error) {
	u, err := db.CreateUser(ctx, chamber.NewUser{Username: fmt.Sprintf("crash%d", round), Name: "压测", Password: "secret-password"})
	if err != nil {
		return nil, err
	}
	f := &crashFixture{User: u}
	return f, crashMeetingSetup(ctx, db, round, f)
}

// crashWorkload is one kind of acknowledged write.
type crashWorkload struct {
	name string
	// write makes one write and returns, once it has committed, the id that
	// must survive any crash from then on.
	write func(ctx context.Context, db *sqlstore.DB, f *crashFixture) (int64, error)
	// missing returns those of ids that are not in the database.
	missing func(ctx context.Context, db *sqlstore.DB, ids []int64) ([]int64, error)
}

var crashWorkloads = []crashWorkload{
	{
		name: "token",
		write: func(ctx context.Context, db *sqlstore.DB, f *crashFixture) (int64, error) {
			_, tok, err := db.CreateToken(ctx, f.User.ID, "crash")
			if err != nil {
				return 0, err
			}
			return tok.ID, nil
		},
		missing: missingIDs("api_tokens"),
	},
}

// crashInvariants must hold after any crash.
var crashInvariants = []struct {
	name  string
	check func(t *testing.T, db *sqlstore.DB)
}{
	{"database file sound", func(t *testing.T, db *sqlstore.DB) {
		if err := db.CheckIntegrity(context.Background()); err != nil {
			t.Error(err)
		}
	}},
	{"audit chain verifies", func(t *testing.T, db *sqlstore.DB) {
		res, err := db.VerifyAudit(sysCtx)
		if err != nil || !res.OK {
			t.Errorf("verify: %+v %v", res, err)
		}
	}},
	{"no audit record beyond the chain head", func(t *testing.T, db *sqlstore.DB) {
		assertEqualCounts(t, db, `(SELECT COUNT(*) FROM audit_log)`, `(SELECT seq FROM chain_heads WHERE name = 'audit')`)
	}},
	{"each token has its audit record", func(t *testing.T, db *sqlstore.DB) {
		assertEqualCounts(t, db, `(SELECT COUNT(*) FROM api_tokens)`, `(SELECT COUNT(*) FROM audit_log WHERE action = 'token.create')`)
	}},
}

// assertEqualCounts compares two scalar subqueries read in one statement,
// so one snapshot, on both databases.
func assertEqualCounts(t *testing.T, db *sqlstore.DB, a, b string) {
	t.Helper()
	var x, y int64
	if err := db.Reader().QueryRow(`SELECT `+a+`, `+b).Scan(&x, &y); err != nil {
		t.Fatal(err)
	}
	if x != y {
		t.Errorf("%s = %d but %s = %d", a, x, b, y)
	}
}

// missingIDs checks acknowledged ids against a table's id column.
func missingIDs(table string) func(ctx context.Context, db *sqlstore.DB, ids []int64) ([]int64, error) {
	return func(ctx context.Context, db *sqlstore.DB, ids []int64) ([]int64, error) {
		rows, err := db.Reader().QueryContext(ctx, `SELECT id FROM `+table)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		have := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			have[id] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var missing []int64
		for _, id := range ids {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		return missing, nil
	}
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		crashRoundsOn(t, "sqlite:"+filepath.Join(t.TempDir(), "crash.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		postgresURL(t)
		t.Parallel()
		crashRoundsOn(t, sqlstoretest.DSN(t, false))
	})
}

func crashRoundsOn(t *testing.T, dsn string) {
	// The installation key file the child and the parent share.
	keyFile := filepath.Join(t.TempDir(), "crash.key")
	key, _, err := seal.LoadOrCreate(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	acked := map[string][]int64{} // every round's acknowledgements, checked again each round
	for round := 1; round <= crashRounds; round++ {
		acks := crashChild(t, dsn, keyFile, round)
		awaitChildBackends(t, dsn)
		n := 0
		for name, ids := range acks {
			acked[name] = append(acked[name], ids...)
			n += len(ids)
		}
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0), Key: key})
		if err != nil {
			t.Fatalf("round %d: reopen after the kill: %v", round, err)
		}
		for _, w := range crashWorkloads {
			missing, err := w.missing(context.Background(), db, acked[w.name])
			if err != nil {
				t.Fatalf("round %d: %s: %v", round, w.name, err)
			}
			if len(missing) > 0 {
				t.Errorf("round %d: %d acknowledged %s writes lost, e.g. id %d", round, len(missing), w.name, missing[0])
			}
		}
		for _, inv := range crashInvariants {
			t.Run(fmt.Sprintf("round%d/%s", round, inv.name), func(t *testing.T) { inv.check(t, db) })
		}
		db.Close()
		t.Logf("round %d: %d writes acknowledged before the kill", round, n)
		if t.Failed() {
			return
		}
	}
}

// awaitChildBackends waits, on PostgreSQL, until the killed child's server
// connections are gone: a COMMIT the child sent just before the kill can
// still land after it, and the checks must not race that write (it was
// never acknowledged, so either outcome is right, but not both at once).
func awaitChildBackends(t *testing.T, dsn string) {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres") {
		return
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for try := 0; ; try++ {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if try == 600 {
			t.Fatalf("%d connections of the killed child still open after 30 s", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// crashChild runs one child against dsn, kills it once it has acknowledged a
// few writes and a random 50–400 ms have passed since the first, and returns
// the acknowledged ids by workload.
func crashChild(t *testing.T, dsn, keyFile string, round int) map[string][]int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.timeout=150s")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+dsn, crashEnvRound+"="+strconv.Itoa(round), crashEnvKey+"="+keyFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 256)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	acks := map[string][]int64{}
	var other []string
	count := 0
	var timer <-chan time.Time
	due, killed := false, false
	kill := func() {
		if !killed && due && count >= crashMinAcks {
			killed = true
			cmd.Process.Kill() // SIGKILL: no deferred function, no flush, no close
		}
	}
	for lines != nil {
		select {
		case line, ok := <-lines:
			if !ok {
				lines = nil
				continue
			}
			// Lines after the kill still count: they were written, so acknowledged, before it.
			var name string
			var id int64
			if n, _ := fmt.Sscanf(line, "ack %s %d", &name, &id); n == 2 {
				acks[name] = append(acks[name], id)
				count++
				if timer == nil && !due {
					timer = time.After(time.Duration(50+rand.IntN(351)) * time.Millisecond)
				}
			} else {
				other = append(other, line)
			}
			kill()
		case <-timer:
			timer, due = nil, true
			kill()
		case <-ctx.Done():
			cmd.Process.Kill()
			t.Fatalf("round %d: child did not get going (%d acks)\nstdout: %s\nstderr: %s", round, count, strings.Join(other, "\n"), stderr.String())
		}
	}
	werr := cmd.Wait()
	if !killed {
		t.Fatalf("round %d: child ended by itself (%v) after %d acks\nstdout: %s\nstderr: %s", round, werr, count, strings.Join(other, "\n"), stderr.String())
	}
	for _, l := range other {
		if strings.HasPrefix(l, "error") || strings.Contains(l, "FAIL") || strings.Contains(l, "panic") {
			t.Fatalf("round %d: child: %s\nstdout: %s\nstderr: %s", round, l, strings.Join(other, "\n"), stderr.String())
		}
	}
	return acks
}

// TestCrashChild is the child of TestCrashSafety; run directly it does nothing.
func TestCrashChild(t *testing.T) {
	dsn := os.Getenv(crashEnvDB)
	if dsn == "" {
		return
	}
	round, _ := strconv.Atoi(os.Getenv(crashEnvRound))
	ctx := sysCtx
	// Only an orphan ever reaches this: the parent kills the child long before.
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second) // -race on a loaded machine: the setup alone can take a while
	defer cancel()
	key, err := seal.Load(os.Getenv(crashEnvKey))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fix, err := crashSetup(ctx, db, round)
	if err != nil {
		t.Fatal(err)
	}
	// os.Stdout is unbuffered: one Write per line, each a single write(2) on
	// the pipe, so an acknowledgement is with the parent as soon as it returns.
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		os.Stdout.WriteString(fmt.Sprintf(format, args...) + "\n")
	}
	var wg sync.WaitGroup
	for g := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; ctx.Err() == nil; i++ {
				w := crashWorkloads[i%len(crashWorkloads)]
				id, err := w.write(ctx, db, fix)
				if err != nil {
					if ctx.Err() == nil {
						say("error %s: %v", w.name, err)
					}
					return
				}
				say("ack %s %d", w.name, id)
			}
		}()
	}
	wg.Wait()
}
