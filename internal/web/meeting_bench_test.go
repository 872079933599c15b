package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
)

// BenchmarkMeetingPages measures the meeting page (as the staff running it)
// and the anonymous voting page (/vote with a credential) of a general
// assembly of 100,000 members with an open election, over real HTTP: each
// must stay under 20 ms however large the roll (no page loads everyone).
// CHAMBER_BENCH_MEMBERS changes the size.
//
//	go test -run '^$' -bench BenchmarkMeetingPages -benchtime 200x ./internal/web
func BenchmarkMeetingPages(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("CHAMBER_BENCH_MEMBERS")); err == nil && v > 0 {
		n = v
	}
	get, meeting, vote := sittingWithElection(b, n)
	b.Run("meeting", func(b *testing.B) {
		for b.Loop() {
			get(b, meeting)
		}
	})
	b.Run("vote", func(b *testing.B) {
		for b.Loop() {
			get(b, vote)
		}
	})
}

// The voting page of a sitting with an open election lists the candidates
// by name (it answered 500 before: the page had no names).
func TestVotePageListsCandidates(t *testing.T) {
	get, meeting, vote := sittingWithElection(t, 30)
	for _, path := range []string{meeting, vote} {
		if body := get(t, path); !strings.Contains(body, "会员000002") || !strings.Contains(body, "选举理事") {
			t.Errorf("%s does not show the election and its candidates", path)
		}
	}
}

// sittingWithElection is an open, quorate general assembly of n members
// with an open election; get fetches a path as the staff (meeting) or as
// a voter holding a credential (vote).
func sittingWithElection(tb testing.TB, n int) (get func(testing.TB, string) string, meeting, vote string) {
	b := tb
	srv, db, _ := benchServer(b, password.New(password.Fast, 0))
	rows := make([]chamber.ImportRow, n)
	for i := range rows {
		rows[i] = chamber.ImportRow{Row: i + 2, Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%06d", i)}}
	}
	if _, bad, err := db.ImportMembers(sysCtx, rows); err != nil || len(bad) > 0 {
		b.Fatalf("import: %v %v", err, bad)
	}
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "会员大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.OpenMeeting(sysCtx, m.ID); err != nil {
		b.Fatal(err)
	}
	ci, err := db.CheckIn(sysCtx, m.ID, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	// A quorate sitting: two thirds checked in, eight desks at once.
	var wg sync.WaitGroup
	ids := make(chan chamber.ID, 1024)
	for range 8 {
		wg.Go(func() {
			for id := range ids {
				if _, err := db.CheckIn(sysCtx, m.ID, id, nil); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for id := 2; id <= (2*n+2)/3+1; id++ {
		ids <- chamber.ID(id)
	}
	close(ids)
	wg.Wait()
	el, err := db.CreateElection(sysCtx, m.ID, chamber.NewElection{Title: "选举理事", Seats: 2, Candidates: []chamber.ID{2, 3, 4}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.OpenElection(sysCtx, el.ID); err != nil {
		b.Fatal(err)
	}
	staff := &http.Client{CheckRedirect: noRedirect.CheckRedirect}
	staff.Jar, _ = cookiejar.New(nil)
	resp, err := staff.PostForm(srv.URL+"/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {"/"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("login: %v", err)
	}
	resp.Body.Close()
	voter := &http.Client{CheckRedirect: noRedirect.CheckRedirect}
	voter.Jar, _ = cookiejar.New(nil)
	u, _ := url.Parse(srv.URL)
	voter.Jar.SetCookies(u, []*http.Cookie{{Name: fmt.Sprintf("chamber_vote_%d", m.ID), Value: ci.Credential}})
	meeting, vote = fmt.Sprintf("/meetings/%d", m.ID), fmt.Sprintf("/vote?m=%d", m.ID)
	get = func(tb testing.TB, path string) string {
		c := staff
		if path == vote {
			c = voter
		}
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			tb.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			tb.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	return get, meeting, vote
}
