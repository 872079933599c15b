package mail_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber/internal/mail"
	"github.com/chamber-org/chamber/internal/mail/mailtest"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestMailLoad is the load scenario (CHAMBER_MAIL_LOAD=1; not in the normal
// suite; CHAMBER_MAIL_LOAD_N changes the size): 50,000 active members, one announcement to all of them queued in
// one publish (< 5 s), then delivered to a local go-smtp sink (≥ 500/s).
func TestMailLoad(t *testing.T) {
	if os.Getenv("CHAMBER_MAIL_LOAD") != "1" {
		t.Skip("set CHAMBER_MAIL_LOAD=1 to run the load scenario")
	}
	n := 50000
	if v, err := strconv.Atoi(os.Getenv("CHAMBER_MAIL_LOAD_N")); err == nil && v > 0 {
		n = v // CI runs it small
	}
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	s := mailtest.Start(t)
	configure(t, db, s.Addr, 10000)
	insertMembers(t, db, n)
	start := time.Now()
	a := publishToAll(t, db)
	queued := time.Since(start)
	if a.Recipients != int64(n) {
		t.Fatalf("recipients %d", a.Recipients)
	}
	st, _ := db.OutboxStatus(sysCtx)
	t.Logf("%s: %d recipients delivered to inboxes and %d e-mails queued in %v", db.Dialect, a.Recipients, st.Queued, queued)
	if queued > 5*time.Second {
		t.Errorf("queueing took %v, want < 5 s", queued)
	}
	start = time.Now()
	(&mail.Worker{Outbox: db, Log: quietLog(), Senders: 8, Batch: 100, Lease: time.Minute}).Drain(context.Background())
	took := time.Since(start)
	raw, unique := s.Counts()
	rate := float64(unique) / took.Seconds()
	t.Logf("%s: %d messages (%d on the wire) delivered in %v: %.0f messages/s", db.Dialect, unique, raw, took, rate)
	if unique != n {
		t.Fatalf("delivered %d", unique)
	}
	if rate < 500 {
		t.Errorf("%.0f messages/s, want ≥ 500", rate)
	}
}
