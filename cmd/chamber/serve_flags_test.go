package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeRefusesBadHardeningFlags(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"serve", "--trusted-proxies", "not-an-address"},
		{"serve", "--metrics-allow", "10.0.0.0/33"},
		{"serve", "--base-url", "ftp://chamber.example"},
		{"serve", "--base-url", "https://chamber.example/?q=1"},
		{"serve", "--job-lease", "10ms"},
		{"serve", "--job-lease", "soon"},
	} {
		var errb bytes.Buffer
		if code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), io.Discard, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
	var errb bytes.Buffer
	env := func(k string) string {
		if k == "CHAMBER_JOB_LEASE" {
			return "half a minute"
		}
		return ""
	}
	if code := run(context.Background(), []string{"serve"}, env, strings.NewReader(""), io.Discard, &errb); code != 2 || !strings.Contains(errb.String(), "CHAMBER_JOB_LEASE") {
		t.Errorf("a bad CHAMBER_JOB_LEASE: exit %d (%s)", code, errb.String())
	}
}

// TestServeBaseURLAndMetricsAllow: the environment sets the public address
// (the feed's links) and the addresses allowed to read /metrics.
func TestServeBaseURLAndMetricsAllow(t *testing.T) {
	t.Chdir(t.TempDir())
	env := map[string]string{"CHAMBER_BASE_URL": "https://chamber.example.org/", "CHAMBER_METRICS_ALLOW": "127.0.0.1/32"}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	rd := bufio.NewReader(pr)
	line, err := rd.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	second, _ := rd.ReadString('\n')
	go io.Copy(io.Discard, pr)
	if !strings.Contains(second, "https://chamber.example.org") {
		t.Errorf("public address not printed: %q", second)
	}
	url := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	// In this order: the request counter shows once a request was counted.
	for _, pw := range [][2]string{{"/news.atom", "https://chamber.example.org/news"}, {"/metrics", "chamber_http_requests_total"}} {
		path, want := pw[0], pw[1]
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Host = "evil.example"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) || strings.Contains(string(b), "evil.example") {
			t.Errorf("%s: %d %.300s", path, resp.StatusCode, b)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
