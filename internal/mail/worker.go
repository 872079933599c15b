package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chamber-org/chamber"
)

// Outbox is what the worker needs of the store (sqlstore.DB implements it).
// ctx carries the system actor.
type Outbox interface {
	ClaimOutbox(ctx context.Context, owner string, n int, lease time.Duration) ([]chamber.OutboxMessage, error)
	CompleteOutbox(ctx context.Context, results []chamber.OutboxResult) error
	MailSettings(ctx context.Context) (*chamber.MailSettings, error)
	OutboxPaused(ctx context.Context) (bool, string, error)
	PauseOutbox(ctx context.Context, reason string) error
}

// Worker works the outbox. Several workers (in one process or on several
// instances sharing PostgreSQL) may run at once: each claim is a lease.
//
// Exactly once per recipient: a message is claimed (state 'sending', with
// a lease) before its DATA is sent, with a Message-ID fixed when it was
// queued, and marked 'sent' after the server accepted it. If the process
// dies between the server's acceptance and that mark, the lease runs out
// and the message is sent again with the same Message-ID; the receiving
// side keeps one message per Message-ID. The window is at most one batch
// per sender (Batch messages).
type Worker struct {
	Outbox Outbox
	Log    *slog.Logger
	// Senders is how many connections send in parallel (default 4).
	Senders int
	// Batch is how many messages one claim takes (default 20).
	Batch int
	// Lease is how long a claim is held before another worker may take it
	// again (default 2 minutes); it must exceed the time to send a batch.
	Lease time.Duration
	// Idle is how long to wait when nothing is due (default 2 s).
	Idle time.Duration
	// PauseAfter pauses sending after this many failures in a row (default 10).
	PauseAfter int
	// Dial opens a connection (default DialSMTP).
	Dial func(ctx context.Context, s chamber.MailSettings) (Sender, error)
	// HTTP posts webhooks (default a client with a timeout).
	HTTP *http.Client

	owner    string
	failures atomic.Int64
	lim      limiter
}

func (w *Worker) defaults() {
	if w.Senders <= 0 {
		w.Senders = 4
	}
	if w.Batch <= 0 {
		w.Batch = 20
	}
	if w.Lease <= 0 {
		w.Lease = 2 * time.Minute
	}
	if w.Idle <= 0 {
		w.Idle = 2 * time.Second
	}
	if w.PauseAfter <= 0 {
		w.PauseAfter = 10
	}
	if w.Dial == nil {
		w.Dial = DialSMTP
	}
	if w.HTTP == nil {
		w.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	if w.owner == "" {
		b := make([]byte, 6)
		rand.Read(b)
		w.owner = hex.EncodeToString(b)
	}
}

// Run sends until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	ctx = chamber.WithActor(ctx, chamber.SystemActor)
	var wg sync.WaitGroup
	for range w.Senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.sender(ctx, false)
		}()
	}
	wg.Wait()
}

// Drain sends everything due now with all senders and returns when the
// outbox has nothing more due (for tests and `chamber` admin work).
func (w *Worker) Drain(ctx context.Context) {
	w.defaults()
	ctx = chamber.WithActor(ctx, chamber.SystemActor)
	var wg sync.WaitGroup
	for range w.Senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.sender(ctx, true)
		}()
	}
	wg.Wait()
}

func (w *Worker) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// sender is one connection's loop.
func (w *Worker) sender(ctx context.Context, drain bool) {
	var conn Sender
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for ctx.Err() == nil {
		paused, _, err := w.Outbox.OutboxPaused(ctx)
		if err != nil || paused {
			if err != nil && ctx.Err() == nil {
				w.Log.Error("mail: read state", "err", err)
			}
			if drain {
				return
			}
			w.sleep(ctx, w.Idle)
			continue
		}
		settings, err := w.Outbox.MailSettings(ctx)
		if err != nil {
			if ctx.Err() == nil {
				w.Log.Error("mail: settings", "err", err)
			}
			w.sleep(ctx, w.Idle)
			continue
		}
		if settings.Host == "" && settings.WebhookURL == "" {
			// Nothing configured yet: leave the outbox queued until it is.
			if drain {
				return
			}
			w.sleep(ctx, w.Idle)
			continue
		}
		msgs, err := w.Outbox.ClaimOutbox(ctx, w.owner, w.Batch, w.Lease)
		if err != nil {
			if ctx.Err() == nil {
				w.Log.Error("mail: claim", "err", err)
			}
			w.sleep(ctx, w.Idle)
			continue
		}
		if len(msgs) == 0 {
			if drain {
				return
			}
			w.sleep(ctx, w.Idle)
			continue
		}
		results := make([]chamber.OutboxResult, 0, len(msgs))
		for _, m := range msgs {
			if ctx.Err() != nil {
				break // the lease runs out and another claim takes the rest
			}
			if err := w.lim.wait(ctx, settings.Rate); err != nil {
				break
			}
			var sendErr error
			if m.Channel == "webhook" {
				sendErr = PostWebhook(ctx, w.HTTP, settings.WebhookSecret, m)
			} else {
				if conn == nil {
					conn, sendErr = w.Dial(ctx, *settings)
				}
				if sendErr == nil {
					sendErr = conn.Send(ctx, m)
					if sendErr != nil && !IsPermanent(sendErr) {
						conn.Close() // start afresh after a connection-level failure
						conn = nil
					}
				}
			}
			results = append(results, chamber.OutboxResult{ID: m.ID, Err: sendErr, Permanent: IsPermanent(sendErr)})
			if sendErr == nil || IsPermanent(sendErr) {
				w.failures.Store(0)
			} else if n := w.failures.Add(1); n >= int64(w.PauseAfter) {
				w.failures.Store(0)
				w.Log.Warn("mail: pausing after repeated failures", "failures", n, "err", sendErr)
				if err := w.Outbox.PauseOutbox(ctx, sendErr.Error()); err != nil {
					w.Log.Error("mail: pause", "err", err)
				}
			}
		}
		// Record the outcome even while shutting down, so a clean stop
		// leaves nothing to re-send.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		if err := w.Outbox.CompleteOutbox(cctx, results); err != nil {
			w.Log.Error("mail: complete", "err", err)
		}
		cancel()
	}
}

// limiter spaces sends to at most rate per second across the senders.
type limiter struct {
	mu   sync.Mutex
	next time.Time
}

func (l *limiter) wait(ctx context.Context, rate int) error {
	if rate <= 0 {
		rate = 1
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	at := l.next
	l.next = l.next.Add(time.Second / time.Duration(rate))
	l.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}
