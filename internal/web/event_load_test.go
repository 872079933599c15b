package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// TestEventRegistrationLoad is the registration benchmark of the events
// issue: 2,000 members, each with its own portal login and token, register
// within 10 s (paced, 200 a second) for 10 events of 150 places each, over
// real HTTP with 64 concurrent clients. Every event ends with exactly 150
// confirmed and waitlist positions 1…50 without gaps; p99 must stay under
// 100 ms. Run it with
//
//	CHAMBER_LOAD=1 go test -run TestEventRegistrationLoad -v ./internal/web
//
// (and CHAMBER_TEST_POSTGRES_URL=… for the PostgreSQL figure).
func TestEventRegistrationLoad(t *testing.T) {
	if os.Getenv("CHAMBER_LOAD") != "1" {
		t.Skip("load scenario: set CHAMBER_LOAD=1")
	}
	const members, events, capacity, clients = 2000, 10, 150, 64
	const window = 10 * time.Second
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Hasher: password.New(password.Fast, 0)}})
	setup := time.Now()
	rows := make([]chamber.ImportRow, members)
	for i := range rows {
		rows[i] = chamber.ImportRow{Row: i + 2, Input: chamber.MemberInput{Kind: chamber.MemberUnit, Name: fmt.Sprintf("会员企业%04d有限公司", i),
			ContactName: fmt.Sprintf("代表%04d", i), Phone: fmt.Sprintf("1350000%04d", i)}}
	}
	if _, bad, err := db.ImportMembers(sysCtx, rows); err != nil || len(bad) > 0 {
		t.Fatalf("import: %v %v", err, bad)
	}
	memberIDs, err := db.Reader().Query(`SELECT id FROM members ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []chamber.ID
	for memberIDs.Next() {
		var id chamber.ID
		if err := memberIDs.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	memberIDs.Close()
	tokens := make([]string, len(ids))
	for i, id := range ids {
		u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: fmt.Sprintf("m%04d", i), Name: fmt.Sprintf("代表%04d", i), Password: testPassword, MemberID: id})
		if err != nil {
			t.Fatal(err)
		}
		if tokens[i], _, err = db.CreateToken(sysCtx, u.ID, "load"); err != nil {
			t.Fatal(err)
		}
	}
	var evIDs []chamber.ID
	start := time.Now().Add(7 * 24 * time.Hour)
	for i := 0; i < events; i++ {
		e, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventSeminar, Title: fmt.Sprintf("专题研讨会第%d场", i+1),
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: capacity})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishEvent(sysCtx, e.ID); err != nil {
			t.Fatal(err)
		}
		evIDs = append(evIDs, e.ID)
	}
	t.Logf("setup: %d members with logins, %d events in %v", len(ids), events, time.Since(setup).Round(time.Millisecond))
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}

	type job struct {
		token string
		event chamber.ID
	}
	jobs := make(chan job)
	go func() { // paced arrivals: all of them within the window
		tick := time.NewTicker(window / members)
		defer tick.Stop()
		for i, tok := range tokens {
			<-tick.C
			jobs <- job{tok, evIDs[i%events]}
		}
		close(jobs)
	}()
	var ok, unexpected atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for j := range jobs {
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/events/%d/registrations", srv.URL, j.event), strings.NewReader(`{}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+j.token)
				s := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					unexpected.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(s))
				if resp.StatusCode == 201 {
					ok.Add(1)
				} else {
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
	t.Logf("%s: %d registrations for %d events by %d clients in %v; latency p50 %v p95 %v p99 %v max %v",
		db.Dialect, ok.Load(), events, clients, elapsed.Round(time.Millisecond), pct(0.5), pct(0.95), pct(0.99), latencies[len(latencies)-1])
	if ok.Load() != members || unexpected.Load() != 0 {
		t.Fatalf("ok %d, unexpected %d", ok.Load(), unexpected.Load())
	}
	for _, id := range evIDs {
		regs, err := db.ListRegistrations(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		confirmed, positions := 0, []int{}
		for _, r := range regs {
			switch r.Status {
			case chamber.RegConfirmed:
				confirmed++
			case chamber.RegWaitlisted:
				positions = append(positions, *r.WaitlistPosition)
			}
		}
		sort.Ints(positions)
		if confirmed != capacity || len(positions) != members/events-capacity {
			t.Fatalf("event %d: confirmed %d, waitlisted %d", id, confirmed, len(positions))
		}
		for i, p := range positions {
			if p != i+1 {
				t.Fatalf("event %d: waitlist %v", id, positions)
			}
		}
	}
	if p99 := pct(0.99); p99 >= 100*time.Millisecond {
		t.Fatalf("p99 %v, want < 100ms", p99)
	}
}
