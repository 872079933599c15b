package mail_test

// The kill test: a child process (this test binary, re-executed) works an
// outbox of 5,000 recipients against a real SMTP server run by the parent;
// the parent kills it with SIGKILL mid-send, twice, then lets a third child
// finish. Every recipient must end with exactly one message (one
// Message-ID), and every row must be 'sent'. The messages accepted on the
// wire more than once (the window between the server's 250 and the 'sent'
// mark, at most one batch per sender per kill) are counted and logged.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/mail"
	"github.com/chamber-org/chamber/internal/mail/mailtest"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

const (
	killEnvDSN     = "CHAMBER_MAIL_CHILD_DSN"
	killRecipients = 5000
	killSenders    = 4
	killBatch      = 20
)

func TestMailKilledMidSend(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dsn := sqlstoretest.DSN(t, false)
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := mailtest.Start(t)
	configure(t, db, s.Addr, 10000)
	insertMembers(t, db, killRecipients)
	if a := publishToAll(t, db); a.Recipients != killRecipients {
		t.Fatalf("recipients %d", a.Recipients)
	}

	kills := 0
	for _, at := range []int{1200, 2600} {
		cmd, stderr := startChild(t, dsn)
		deadline := time.Now().Add(60 * time.Second)
		for {
			if raw, _ := s.Counts(); raw >= at {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("child stalled before %d messages\n%s", at, stderr.String())
			}
			time.Sleep(time.Millisecond)
		}
		cmd.Process.Kill() // SIGKILL mid-send: no deferred function, no flush
		cmd.Wait()
		kills++
		raw, unique := s.Counts()
		t.Logf("kill %d: %d accepted on the wire, %d distinct messages", kills, raw, unique)
	}
	cmd, stderr := startChild(t, dsn)
	defer cmd.Process.Kill()
	deadline := time.Now().Add(90 * time.Second)
	for {
		var left int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM mail_outbox WHERE state <> 'sent'`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages not sent\n%s", left, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	raw, unique := s.Counts()
	byRcpt := s.Recipients()
	if unique != killRecipients || len(byRcpt) != killRecipients {
		t.Fatalf("%d distinct messages to %d recipients, want %d each", unique, len(byRcpt), killRecipients)
	}
	for rcpt, ids := range byRcpt {
		if len(ids) != 1 {
			t.Fatalf("%s got %d different messages", rcpt, len(ids))
		}
	}
	dups := raw - unique
	if limit := kills * killSenders * killBatch; dups > limit {
		t.Fatalf("%d re-sent messages, more than the window of %d", dups, limit)
	}
	var sent int
	db.Reader().QueryRow(`SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent'`).Scan(&sent)
	if sent != killRecipients {
		t.Fatalf("%d rows sent", sent)
	}
	t.Logf("%d recipients, each exactly one message (one Message-ID); %d accepted on the wire, %d re-sent with the same Message-ID after %d kills",
		killRecipients, raw, dups, kills)
}

func startChild(t *testing.T, dsn string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMailWorkerChild$", "-test.count=1", "-test.timeout=120s")
	cmd.Env = append(os.Environ(), killEnvDSN+"="+dsn)
	var stderr bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// TestMailWorkerChild is the child of TestMailKilledMidSend; run directly it does nothing.
func TestMailWorkerChild(t *testing.T) {
	dsn := os.Getenv(killEnvDSN)
	if dsn == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second) // only an orphan gets this far
	defer cancel()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0)})
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Outbox: db, Log: quietLog(), Senders: killSenders, Batch: killBatch, Lease: time.Second, Idle: 20 * time.Millisecond}
	w.Run(ctx)
}
