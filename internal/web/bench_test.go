package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// benchServer is a server on a real database with one admin login.
func benchServer(b testing.TB, hasher *password.Hasher) (*httptest.Server, *sqlstore.DB, string) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{Options: sqlstore.Options{Hasher: hasher}})
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "admin", Name: "管理员", Password: testPassword, Admin: true})
	if err != nil {
		b.Fatal(err)
	}
	tok, _, err := db.CreateToken(sysCtx, u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), TokenRate: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	return srv, db, tok
}

// BenchmarkLogin measures full logins through the login form with the real
// OWASP argon2id parameters and the bounded hashing pool, many at once.
func BenchmarkLogin(b *testing.B) {
	srv, _, _ := benchServer(b, password.New(password.OWASP, 0))
	form := url.Values{"username": {"admin"}, "password": {testPassword}}.Encode()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := noRedirect.Post(srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader(form))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				b.Fatalf("login: %d", resp.StatusCode)
			}
		}
	})
}

// BenchmarkAPIRequest measures an authenticated API read (token lookup,
// permissions, JSON) over real HTTP.
func BenchmarkAPIRequest(b *testing.B) {
	srv, _, tok := benchServer(b, password.New(password.Fast, 0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
}

// BenchmarkHTMLPage measures the authenticated home page (session lookup,
// counts, template) over real HTTP.
func BenchmarkHTMLPage(b *testing.B) {
	srv, db, _ := benchServer(b, password.New(password.Fast, 0))
	secret, err := db.CreateSession(sysCtx, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", srv.URL+"/", nil)
			req.AddCookie(&http.Cookie{Name: "chamber_session", Value: secret})
			resp, err := noRedirect.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
}
