package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A secret ballot leaves no request log line that carries its time or the
// login that sent it, and an open secret motion's result shows only its
// status and the weight cast.
func TestSecretBallotLeavesNoLogLine(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	var logs syncBuf
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recordAPI(s))
	defer srv.Close()
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "boss", Name: "会长", Password: testPassword, Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := db.CreateToken(sysCtx, u.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	var creds []string
	m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.OpenMeeting(sysCtx, m.ID); err != nil {
		t.Fatal(err)
	}
	ent, _ := db.Entitled(sysCtx, m.ID)
	for _, e := range ent {
		c, err := db.CheckIn(sysCtx, m.ID, e.MemberID, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	secret := true
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "会费", Kind: chamber.KindDues, Secret: &secret})
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	send := func(method, path, body string) *http.Response {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token) // even sent with a login
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send("POST", fmt.Sprintf("/api/v1/motions/%d/ballots", mo.ID), fmt.Sprintf(`{"credential": %q, "choice": "no"}`, creds[0]))
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("ballot: %d", resp.StatusCode)
	}
	resp = send("GET", fmt.Sprintf("/api/v1/motions/%d/result", mo.ID), "")
	var res map[string]any
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if len(res) != 2 || res["status"] != "open" || res["cast"] != float64(1) {
		t.Fatalf("an open secret motion's result: %v", res)
	}
	out := logs.String()
	if strings.Contains(out, "ballots") {
		t.Fatalf("the ballot is in the log:\n%s", out)
	}
	if !strings.Contains(out, "/result") || !strings.Contains(out, fmt.Sprintf("user_id=%d", u.ID)) {
		t.Fatalf("other requests are not logged as before:\n%s", out)
	}
}
