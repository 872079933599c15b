package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// TestHealthzReadiness: /healthz is the balancer's readiness check: 200
// with the database up, 503 once draining, 503 with the database gone.
func TestHealthzReadiness(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recordAPI(s))
	defer srv.Close()
	check := func(want int, wantBody string) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || string(b) != wantBody {
			t.Fatalf("healthz: %d %q, want %d %q", resp.StatusCode, b, want, wantBody)
		}
	}
	check(200, "ok\n")
	db.Close()
	check(503, "database unreachable\n")
	s.Drain()
	check(503, "draining\n")
}
