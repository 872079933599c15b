package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// TestMeetingBallotLoad is the load scenario of the meetings issue: 10,000
// checked-in voters, 128 concurrent clients over real HTTP, 10% duplicate
// attempts. Every valid ballot is stored once, every duplicate gets 409,
// the tally is exact. Run it with
//
//	CHAMBER_LOAD=1 go test -run TestMeetingBallotLoad -v ./internal/web
//
// (and CHAMBER_TEST_POSTGRES_URL=… for the PostgreSQL figure). CHAMBER_LOAD_VOTERS
// changes the number of voters.
func TestMeetingBallotLoad(t *testing.T) {
	if os.Getenv("CHAMBER_LOAD") != "1" {
		t.Skip("load scenario: set CHAMBER_LOAD=1")
	}
	voters := 10000
	if v, err := strconv.Atoi(os.Getenv("CHAMBER_LOAD_VOTERS")); err == nil && v > 0 {
		voters = v
	}
	const clients = 128
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	start := time.Now()
	rows := make([]chamber.ImportRow, voters)
	for i := range rows {
		rows[i] = chamber.ImportRow{Row: i + 2, Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("代表%05d", i)}}
	}
	if _, bad, err := db.ImportMembers(sysCtx, rows); err != nil || len(bad) > 0 {
		t.Fatalf("import: %v %v", err, bad)
	}
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "会员代表大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenMeeting(sysCtx, m.ID); err != nil {
		t.Fatal(err)
	}
	entitled, err := db.Entitled(sysCtx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	creds := make([]string, 0, voters)
	for _, e := range entitled {
		c, err := db.CheckIn(sysCtx, m.ID, e.MemberID, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	t.Logf("setup: %d members imported and checked in in %v", voters, time.Since(start).Round(time.Millisecond))
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}

	// An open motion, then a secret one (sealed ballots, API.md "Sealed
	// ballots"), by the same voters.
	for _, kind := range []string{chamber.KindWorkReport, chamber.KindDues} {
		mo, err := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "议案 " + kind, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
			t.Fatal(err)
		}
		ballotLoad(t, db, srv.URL, client, mo, creds, clients)
	}
	electionLoad(t, db, srv.URL, client, m.ID, entitled, creds, clients)
}

// electionLoad is the same hall electing three of five candidates by
// secret (sealed) ballot. Each voter names one of the first four (four
// tenths the first, three the second, two the third, one the fourth) and a
// third of them the fifth as well, so every candidate ends with a count of
// its own: the tally is exact per candidate, and the three elected are the
// first, the fifth and the second.
func electionLoad(t *testing.T, db *sqlstore.DB, base string, client *http.Client, meetingID chamber.ID, entitled []chamber.TallyRow, creds []string, clients int) {
	secret := true
	cands := []chamber.ID{}
	for _, e := range entitled[:5] {
		cands = append(cands, e.MemberID)
	}
	el, err := db.CreateElection(sysCtx, meetingID, chamber.NewElection{Title: "选举理事", Seats: 3, Candidates: cands, Secret: &secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenElection(sysCtx, el.ID); err != nil {
		t.Fatal(err)
	}
	first := []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 3}
	choicesOf := func(i int) []chamber.ID {
		c := []chamber.ID{cands[first[i%10]]}
		if i%3 == 0 {
			c = append(c, cands[4])
		}
		return c
	}
	want := map[chamber.ID]int64{}
	for i := range creds {
		for _, c := range choicesOf(i) {
			want[c]++
		}
	}
	castLoad(t, db, "secret election", fmt.Sprintf("%s/api/v1/elections/%d/ballots", base, el.ID), client, creds, clients,
		func(i int) any { return map[string]any{"credential": creds[i], "choices": choicesOf(i)} })
	res, err := db.CloseElection(sysCtx, el.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cast != int64(len(creds)) || len(res.Tally) != len(cands) {
		t.Fatalf("cast %d of %d, %d rows of tally: %+v", res.Cast, len(creds), len(res.Tally), res.Tally)
	}
	for _, row := range res.Tally {
		if row.Votes != want[row.MemberID] {
			t.Fatalf("tally %+v, want %v", res.Tally, want)
		}
	}
	if len(creds) >= 30 && (len(res.Elected) != 3 || res.Elected[0] != cands[0] || res.Elected[1] != cands[4] || res.Elected[2] != cands[1]) {
		t.Fatalf("elected %v, want %v", res.Elected, []chamber.ID{cands[0], cands[4], cands[1]})
	}
}

// ballotLoad casts every credential's ballot once on motion mo, and 10 % a
// second time, from clients concurrent clients; then closes and checks the tally.
func ballotLoad(t *testing.T, db *sqlstore.DB, base string, client *http.Client, mo *chamber.Motion, creds []string, clients int) {
	voters := len(creds)
	choices := []string{"yes", "no", "abstain"}
	want := map[string]int64{}
	for i := range creds {
		want[choices[i%3]]++
	}
	secrecy := "open motion"
	if mo.Secret {
		secrecy = "secret motion"
	}
	castLoad(t, db, secrecy, fmt.Sprintf("%s/api/v1/motions/%d/ballots", base, mo.ID), client, creds, clients,
		func(i int) any { return map[string]string{"credential": creds[i], "choice": choices[i%3]} })
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *res.Yes != want["yes"] || *res.No != want["no"] || *res.Abstain != want["abstain"] || res.Cast != int64(voters) {
		t.Fatalf("tally %+v, want %v", res, want)
	}
}

// castLoad posts body(i) for every credential i once, and for 10 % of them
// a second time (the same ballot: whichever arrives first counts), from
// clients concurrent clients; every first ballot must get 201 and every
// second 409. It logs the throughput, the latencies and what the group
// commit did.
func castLoad(t *testing.T, db *sqlstore.DB, label, url string, client *http.Client, creds []string, clients int, body func(i int) any) {
	voters := len(creds)
	type job struct {
		i   int
		dup bool
	}
	jobs := make(chan job, voters+voters/10)
	for i := range creds {
		jobs <- job{i, false}
		if i%10 == 0 {
			jobs <- job{i, true}
		}
	}
	close(jobs)
	var ok, dup, unexpected atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	gc0 := db.GroupCommitStats()
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for j := range jobs {
				b, _ := json.Marshal(body(j.i))
				s := time.Now()
				resp, err := client.Post(url, "application/json", bytes.NewReader(b))
				if err != nil {
					unexpected.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(s))
				switch {
				case resp.StatusCode == 201:
					ok.Add(1)
				case resp.StatusCode == 409:
					dup.Add(1)
				default:
					unexpected.Add(1)
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration { return latencies[int(float64(len(latencies)-1)*p)] }
	total := ok.Load() + dup.Load() + unexpected.Load()
	t.Logf("%s, %s: %d requests by %d clients in %v: %.0f requests/s, %.0f ballots/s; latency p50 %v p95 %v p99 %v max %v",
		db.Dialect, label, total, clients, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), float64(ok.Load())/elapsed.Seconds(),
		pct(0.5), pct(0.95), pct(0.99), latencies[len(latencies)-1])
	// The load-independent figures: the group commit's transactions and
	// the statements they sent (BEGIN and COMMIT aside).
	gc := db.GroupCommitStats()
	runs, reqs, stmts := gc.Runs-gc0.Runs, gc.Requests-gc0.Requests, gc.Statements-gc0.Statements
	t.Logf("%s, %s: %d batch runs (%d again with savepoints) of %.1f requests on average, %.1f statements per run, %.2f per request",
		db.Dialect, label, runs, gc.Reruns-gc0.Reruns, float64(reqs)/float64(max(runs, 1)), float64(stmts)/float64(max(runs, 1)), float64(stmts)/float64(max(reqs, 1)))
	if ok.Load() != int64(voters) || dup.Load() != int64((voters+9)/10) || unexpected.Load() != 0 {
		t.Fatalf("ok %d (want %d), duplicates %d (want %d), unexpected %d", ok.Load(), voters, dup.Load(), (voters+9)/10, unexpected.Load())
	}
}
