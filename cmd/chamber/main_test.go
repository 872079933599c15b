package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// cli runs the command with args and stdin; it returns the exit code, stdout and stderr.
func cli(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"user"},
		{"user", "add", "--username", "a"},
		{"user", "add", "--username", "abc", "--name", "A"}, // no --password-stdin
		{"token", "create"},
		{"serve", "--no-such-flag"},
		{"backup"},
		{"restore"},
		{"migrate", "--db", "mysql://x"},
	} {
		code, _, stderr := cli(t, nil, "", args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, out, _ := cli(t, nil, "", "help"); code != 0 || !strings.Contains(out, "chamber serve") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestUserTokenVerify(t *testing.T) {
	env := map[string]string{"CHAMBER_DB": sqlstoretest.DSN(t, false)}
	code, out, stderr := cli(t, env, "admin-password\n", "user", "add", "--username", "boss", "--name", "会长", "--role", "admin", "--password-stdin")
	if code != 0 {
		t.Fatalf("user add: %d %s", code, stderr)
	}
	if !strings.Contains(out, "boss") {
		t.Fatalf("user add said %q", out)
	}
	// A duplicate and a bad password fail with a reason, exit 1.
	code, _, stderr = cli(t, env, "admin-password\n", "user", "add", "--username", "boss", "--name", "x", "--password-stdin")
	if code != 1 || !strings.Contains(stderr, "taken") {
		t.Fatalf("duplicate: %d %q", code, stderr)
	}
	code, _, stderr = cli(t, env, "short\n", "user", "add", "--username", "other", "--name", "x", "--password-stdin")
	if code != 1 || !strings.Contains(stderr, "password") {
		t.Fatalf("short password: %d %q", code, stderr)
	}
	// A portal login for a member that does not exist fails.
	code, _, stderr = cli(t, env, "secret-password\n", "user", "add", "--username", "ghost", "--name", "x", "--member", "99999", "--password-stdin")
	if code != 1 || !strings.Contains(stderr, "99999") {
		t.Fatalf("unknown member: %d %q", code, stderr)
	}
	code, out, _ = cli(t, env, "", "token", "create", "--username", "boss")
	if code != 0 || !regexp.MustCompile(`^chm_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Fatalf("token create: %d %q (want one line, nothing else)", code, out)
	}
	code, _, stderr = cli(t, env, "", "token", "create", "--username", "nobody")
	if code != 1 || stderr == "" {
		t.Fatalf("token for unknown user: %d", code)
	}
	code, _, _ = cli(t, env, "new-password-1\n", "user", "passwd", "--username", "boss", "--password-stdin")
	if code != 0 {
		t.Fatal("passwd failed")
	}
	code, out, _ = cli(t, env, "", "verify")
	if code != 0 || out != "ok\n" {
		t.Fatalf("verify: %d %q", code, out)
	}
}

// TestVerifyDetectsTampering edits an audit row in the database file, past
// the trigger that guards it, and sees verify fail naming the record.
func TestVerifyDetectsTampering(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	env := map[string]string{"CHAMBER_DB": "sqlite:" + path}
	for _, u := range []string{"alpha", "bravo", "charlie"} {
		if code, _, stderr := cli(t, env, "secret-password\n", "user", "add", "--username", u, "--name", u, "--password-stdin"); code != 0 {
			t.Fatal(stderr)
		}
	}
	if code, out, _ := cli(t, env, "", "verify"); code != 0 || out != "ok\n" {
		t.Fatalf("verify before: %d %q", code, out)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	raw.QueryRow(`SELECT seq FROM audit_log WHERE action = 'user.create' AND after LIKE '%bravo%'`).Scan(&seq)
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET after = replace(after, 'bravo', 'mallory') WHERE seq = ` + itoa(seq),
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	code, out, stderr := cli(t, env, "", "verify")
	if code != 1 || out != "" || !strings.Contains(stderr, "audit "+itoa(seq)) {
		t.Fatalf("verify after tampering with record %d: exit %d, stdout %q, stderr %q", seq, code, out, stderr)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestServeCreatesDatabase runs `chamber serve` with the defaults in an
// empty folder: ./chamber.db appears and /healthz answers 200; cancelling
// the context shuts it down cleanly.
func TestServeCreatesDatabase(t *testing.T) {
	t.Chdir(t.TempDir())
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		var errb bytes.Buffer
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), pw, &errb)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()
	if _, err := os.Stat("chamber.db"); err != nil {
		t.Fatalf("chamber.db not created: %v", err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestServeDemoPrintsLogins(t *testing.T) {
	t.Chdir(t.TempDir())
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	var out strings.Builder
	for i := 0; i < 3; i++ {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString(line)
	}
	go io.Copy(io.Discard, pr)
	if !strings.Contains(out.String(), "http://127.0.0.1:") || !strings.Contains(out.String(), "admin") {
		t.Fatalf("demo output: %q", out.String())
	}
	if _, err := os.Stat("chamber-demo.db"); err != nil {
		t.Fatal("demo database not created apart from chamber.db")
	}
	cancel()
	<-done
}

// TestBackupRestoreVerify goes through the commands: backup a live
// database, restore the copy into a new one, verify it.
func TestBackupRestoreVerify(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CHAMBER_DB": "sqlite:" + filepath.Join(dir, "live.db")}
	if code, _, stderr := cli(t, env, "secret-password\n", "user", "add", "--username", "boss", "--name", "会长", "--password-stdin"); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(dir, "backup.db")
	if code, _, stderr := cli(t, env, "", "backup", "--out", out); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, _, stderr := cli(t, env, "", "backup", "--out", out); code != 1 || !strings.Contains(stderr, "exists") {
		t.Fatalf("backup over an existing file: %d %q", code, stderr)
	}
	restored := map[string]string{"CHAMBER_DB": "sqlite:" + filepath.Join(dir, "restored.db")}
	// Flags may follow the file, as the usage writes them.
	if code, _, stderr := cli(t, nil, "", "restore", out, "--db", restored["CHAMBER_DB"]); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if code, stdout, stderr := cli(t, restored, "", "verify"); code != 0 || stdout != "ok\n" {
		t.Fatalf("verify the restored copy: %d %q %q", code, stdout, stderr)
	}
	if code, stdout, _ := cli(t, restored, "", "token", "create", "--username", "boss"); code != 0 || !strings.HasPrefix(stdout, "chm_") {
		t.Fatal("restored database lacks the login")
	}
	// Restoring over a database that holds a chamber is refused.
	if code, _, stderr := cli(t, env, "", "restore", out); code != 1 || stderr == "" {
		t.Fatalf("restore over a live database: %d %q", code, stderr)
	}
}
