package mail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/mail"
	"github.com/chamber-org/chamber/internal/mail/mailtest"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	smtp "github.com/emersion/go-smtp"
)

var sysCtx = chamber.WithActor(context.Background(), chamber.SystemActor)

// insertMembers adds n active members with e-mail addresses in one statement.
func insertMembers(t testing.TB, db *sqlstore.DB, n int) {
	t.Helper()
	now := time.Now().UnixMicro()
	if _, err := db.Writer().Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
		INSERT INTO members(member_no, kind, name, tier, status, email, cert_code, created_at, updated_at)
		SELECT 'L' || CAST(i AS TEXT), 'individual', '会员' || CAST(i AS TEXT), 'member', 'active',
			'm' || CAST(i AS TEXT) || '@example.com', 'c' || CAST(i AS TEXT), $2, $2 FROM seq`, n, now); err != nil {
		t.Fatal(err)
	}
}

func configure(t testing.TB, db *sqlstore.DB, addr string, rate int) {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	var p int
	fmt.Sscan(port, &p)
	if err := db.UpdateMailSettings(sysCtx, chamber.MailSettings{Host: host, Port: p, From: "secretariat@chamber.test", TLS: "none",
		Rate: rate, ApprovalRequired: true}); err != nil {
		t.Fatal(err)
	}
}

func publishToAll(t testing.TB, db *sqlstore.DB) *chamber.Announcement {
	t.Helper()
	a, err := db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "notice", Title: "年会通知", Body: "各会员单位：\n\n年会定于12月召开。"})
	if err != nil {
		t.Fatal(err)
	}
	if a, err = db.PublishAnnouncement(sysCtx, a.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

func quietLog() *slog.Logger {
	if os.Getenv("CHAMBER_TEST_LOG") == "1" {
		return slog.Default()
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func TestWorkerDeliversOncePerRecipient(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	s := mailtest.Start(t)
	configure(t, db, s.Addr, 1000)
	insertMembers(t, db, 40)
	a := publishToAll(t, db)
	if a.Recipients != 40 {
		t.Fatalf("recipients %d", a.Recipients)
	}
	w := &mail.Worker{Outbox: db, Log: quietLog(), Senders: 3, Batch: 7}
	w.Drain(context.Background())
	raw, unique := s.Counts()
	if raw != 40 || unique != 40 || len(s.Recipients()) != 40 {
		t.Fatalf("raw %d unique %d rcpts %d", raw, unique, len(s.Recipients()))
	}
	for id, subj := range s.Subjects() {
		if !strings.Contains(subj, "年会通知") {
			t.Fatalf("%s: subject %q", id, subj)
		}
	}
	st, _ := db.OutboxStatus(sysCtx)
	if st.Sent != 40 || st.Queued != 0 {
		t.Fatalf("status %+v", st)
	}
	// A correction goes out as a new message to each.
	if _, err := db.ReviseAnnouncement(sysCtx, a.ID, chamber.RevisionInput{Body: "年会改期至1月。"}); err != nil {
		t.Fatal(err)
	}
	w.Drain(context.Background())
	if raw, unique = s.Counts(); raw != 80 || unique != 80 {
		t.Fatalf("after correction raw %d unique %d", raw, unique)
	}
}

func TestWorkerRetriesPausesAndFails(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	s := mailtest.Start(t)
	configure(t, db, s.Addr, 1000)
	insertMembers(t, db, 12)
	publishToAll(t, db)
	s.SetReject(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	w := &mail.Worker{Outbox: db, Log: quietLog(), Senders: 1, Batch: 12, PauseAfter: 5}
	w.Drain(context.Background())
	st, _ := db.OutboxStatus(sysCtx)
	if !st.Paused || st.Queued != 12 || st.Sent != 0 {
		t.Fatalf("after temporary failures: %+v", st)
	}
	var waiting int
	db.Reader().QueryRow(`SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued' AND attempts = 1 AND next_at > $1`, time.Now().UnixMicro()).Scan(&waiting)
	if waiting != 12 {
		t.Fatalf("%d messages waiting with backoff, want 12", waiting)
	}
	// Paused: nothing is claimed, even when due.
	db.Writer().Exec(`UPDATE mail_outbox SET next_at = 0`)
	s.SetReject(nil)
	w.Drain(context.Background())
	if raw, _ := s.Counts(); raw != 0 {
		t.Fatalf("sent while paused: %d", raw)
	}
	if err := db.ResumeOutbox(sysCtx); err != nil {
		t.Fatal(err)
	}
	// A permanent refusal fails the message; the rest go out.
	s.SetReject(nil)
	db.Writer().Exec(`UPDATE mail_outbox SET to_addr = 'not-an-address' WHERE id = (SELECT MIN(id) FROM mail_outbox)`)
	w.Drain(context.Background())
	st, _ = db.OutboxStatus(sysCtx)
	if st.Sent != 11 || st.Failed != 1 || st.Queued != 0 || st.Paused {
		t.Fatalf("after resume: %+v", st)
	}
}

// The webhook channel: one JSON POST per publication, signed, with a
// stable Idempotency-Key; a 5xx is retried later.
func TestWebhookChannel(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstoretest.Options{})
	var mu sync.Mutex
	var got []*http.Request
	var bodies []string
	fail := true
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got, bodies = append(got, r), append(bodies, string(b))
		if fail {
			fail = false
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer hook.Close()
	if err := db.UpdateMailSettings(sysCtx, chamber.MailSettings{TLS: "none", Rate: 100, WebhookURL: hook.URL, WebhookSecret: "s3cret", ApprovalRequired: true}); err != nil {
		t.Fatal(err)
	}
	insertMembers(t, db, 3)
	a := publishToAll(t, db)
	w := &mail.Worker{Outbox: db, Log: quietLog(), Senders: 1}
	w.Drain(context.Background())
	db.Writer().Exec(`UPDATE mail_outbox SET next_at = 0 WHERE state = 'queued'`)
	w.Drain(context.Background())
	mu.Lock()
	defer mu.Unlock()
	var ok int
	for i, r := range got {
		if r.Header.Get("Idempotency-Key") != fmt.Sprintf("ann%d.webhook@chamber.local", a.ID) || !strings.HasPrefix(r.Header.Get("X-Chamber-Signature"), "sha256=") {
			t.Fatalf("headers %v", r.Header)
		}
		var p struct {
			Event      string `json:"event"`
			Recipients []struct {
				MemberID int64  `json:"member_id"`
				Email    string `json:"email"`
			} `json:"recipients"`
		}
		if err := json.Unmarshal([]byte(bodies[i]), &p); err != nil || p.Event != "announcement.published" || len(p.Recipients) != 3 {
			t.Fatalf("payload %s %v", bodies[i], err)
		}
		ok++
	}
	if ok != 2 {
		t.Fatalf("%d posts, want a failed one and its retry", ok)
	}
}
