package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/mail"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "serve", "serve [--addr ADDR] [--db DSN] [--blobs DIR] [--key-file FILE] [--base-url URL] [--trusted-proxies CIDRS] [--metrics-allow CIDRS] [--job-lease DURATION] [--demo]")
	addr := fs.String("addr", envOr(e, "CHAMBER_ADDR", "127.0.0.1:8080"), "listen address (env CHAMBER_ADDR)")
	demoFlag := fs.Bool("demo", false, "fill the database with a demo chamber (default database: sqlite:./chamber-demo.db)")
	secure := fs.Bool("secure-cookies", envOr(e, "CHAMBER_SECURE_COOKIES", "") == "1", "mark cookies Secure even without TLS at this process (behind a TLS proxy; env CHAMBER_SECURE_COOKIES=1)")
	blobsFlag := blobsFlag(e, fs)
	keyFile := keyFlag(e, fs)
	baseURL := fs.String("base-url", envOr(e, "CHAMBER_BASE_URL", ""), "public address every printed link is built from: feeds, QR codes, certificate links (env CHAMBER_BASE_URL; default http://ADDR)")
	proxies := fs.String("trusted-proxies", envOr(e, "CHAMBER_TRUSTED_PROXIES", ""), "CIDR list of proxies whose X-Forwarded-For is believed, e.g. 127.0.0.1/32,10.0.0.0/8 (env CHAMBER_TRUSTED_PROXIES; default none)")
	metricsAllow := fs.String("metrics-allow", envOr(e, "CHAMBER_METRICS_ALLOW", ""), "CIDR list of addresses that may read /metrics without an administrator's login (env CHAMBER_METRICS_ALLOW; default none: administrators only)")
	drainDelay := fs.Duration("drain-delay", 0, "on SIGTERM, answer /healthz with 503 for this long before closing the listener (for a balancer that polls /healthz)")
	jobLeaseDefault := sqlstore.JobLease
	if v := e.getenv("CHAMBER_JOB_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return usagef("serve: CHAMBER_JOB_LEASE: %v", err)
		}
		jobLeaseDefault = d
	}
	jobLease := fs.Duration("job-lease", jobLeaseDefault, "how long an import job stays with an instance that stops renewing it (it renews every third of that while it runs); another instance takes the job over after it (env CHAMBER_JOB_LEASE)")
	logFormat := fs.String("log-format", envOr(e, "CHAMBER_LOG_FORMAT", "text"), "log format: text or json (env CHAMBER_LOG_FORMAT)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if *jobLease < time.Second {
		return usagef("serve: --job-lease: at least 1s")
	}
	sqlstore.JobLease = *jobLease
	trusted, err := web.ParseCIDRList(*proxies)
	if err != nil {
		return usagef("serve: --trusted-proxies: %v", err)
	}
	metricsNets, err := web.ParseCIDRList(*metricsAllow)
	if err != nil {
		return usagef("serve: --metrics-allow: %v", err)
	}
	if *baseURL != "" {
		if *baseURL, err = web.NormalizeBaseURL(*baseURL); err != nil {
			return usagef("serve: --base-url: %v", err)
		}
	}
	dsn := *dbFlag
	if *demoFlag && !flagSet(fs, "db") && e.getenv("CHAMBER_DB") == "" {
		dsn = "sqlite:./chamber-demo.db"
	}
	var logger *slog.Logger
	switch *logFormat {
	case "text":
		logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	case "json":
		logger = slog.New(slog.NewJSONHandler(e.stderr, nil))
	default:
		return usagef("serve: --log-format must be text or json")
	}

	key, err := loadKey(e, dsn, *keyFile)
	if err != nil {
		return err
	}
	db, err := openDBKey(ctx, dsn, key)
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := blob.New(blob.DirFor(dsn, *blobsFlag), 0)
	if err != nil {
		return err
	}
	if *demoFlag {
		if err := demo.SeedWith(ctx, db, demo.Options{Blobs: blobs}); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	public := url
	if *baseURL != "" {
		public = *baseURL
	}
	srv, err := web.New(web.Config{Store: db, Logger: logger, SecureCookies: *secure, Version: version, Blobs: blobs,
		BaseURL: public, TrustedProxies: trusted, MetricsAllow: metricsNets})
	if err != nil {
		ln.Close()
		return err
	}
	e.say(e.stdout, "cli.serving", version, url, db.Dialect)
	if public != url {
		e.say(e.stdout, "cli.public_address", public)
	}
	if *demoFlag {
		e.say(e.stdout, "cli.demo_logins", demo.Password)
		for _, l := range demo.Logins {
			fmt.Fprintf(e.stdout, "  %-12s %s (%s)\n", l.Username, l.Name, l.Role)
		}
	}
	// The background loops end, and are waited for, before the database
	// closes (the deferred db.Close runs after this), whichever way serve ends.
	bg, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer func() {
		stopBackground()
		background.Wait()
	}()
	// Mail sending (its rate limit is per worker), scheduled publishing,
	// ticket escalation and the date reminders (agreements; contracts and vehicles; documents; events) run on one instance of a cluster at a time, under a
	// lease in the database; import jobs are leased job by job (jobLoop).
	owner := instanceOwner()
	for _, loop := range []func(){
		func() { cleanupLoop(bg, logger, db.Cleanup) },
		func() { singleton(bg, logger, db, "mail", owner, (&mail.Worker{Outbox: db, Log: logger}).Run) },
		func() {
			singleton(bg, logger, db, "publish", owner, func(c context.Context) { scheduleLoop(c, logger, db.PublishDue) })
		},
		func() {
			singleton(bg, logger, db, "escalate", owner, func(c context.Context) { scheduleLoop(c, logger, db.EscalateTickets) })
		},
		func() {
			singleton(bg, logger, db, "remind_agreements", owner, func(c context.Context) { scheduleLoop(c, logger, db.RemindAgreements) })
		},
		func() {
			singleton(bg, logger, db, "remind", owner, func(c context.Context) { scheduleLoop(c, logger, db.RemindDueDates) })
		},
		func() {
			singleton(bg, logger, db, "remind_documents", owner, func(c context.Context) { scheduleLoop(c, logger, db.RemindDocuments) })
		},
		func() {
			singleton(bg, logger, db, "remind_events", owner, func(c context.Context) { scheduleLoop(c, logger, db.RemindEvents) })
		},
		func() { jobLoop(bg, logger, db.WorkJobs) },
	} {
		background.Add(1)
		go func() {
			defer background.Done()
			loop()
		}()
	}
	hs := srv.HTTPServer(*addr)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful drain: /healthz turns 503 so the balancer sends nothing new,
	// then the listener closes and the running requests finish; the
	// background loops end and release their leases (deferred above).
	srv.Drain()
	logger.Info("draining", "delay", *drainDelay)
	if *drainDelay > 0 {
		time.Sleep(*drainDelay)
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func cleanupLoop(ctx context.Context, log *slog.Logger, cleanup func(context.Context) error) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		if err := cleanup(ctx); err != nil && ctx.Err() == nil {
			log.Error("cleanup", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// scheduleLoop publishes the announcements whose scheduled time has come.
func scheduleLoop(ctx context.Context, log *slog.Logger, publishDue func(context.Context) (int, error)) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		if _, err := publishDue(ctx); err != nil && ctx.Err() == nil {
			log.Error("scheduled announcements", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// jobLoop works the background jobs (large member imports) under a lease
// owned by this process, so several instances share one queue.
func jobLoop(ctx context.Context, log *slog.Logger, work func(context.Context, string) (int, error)) {
	owner := instanceOwner()
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		if _, err := work(ctx, owner); err != nil && ctx.Err() == nil {
			log.Error("background jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "migrate", "migrate [--db DSN] [--key-file FILE]")
	keyFile := keyFlag(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	key, err := loadKey(e, *dbFlag, *keyFile)
	if err != nil {
		return err
	}
	db, err := openDBKey(ctx, *dbFlag, key)
	if err != nil {
		return err
	}
	defer db.Close()
	e.say(e.stdout, "cli.migrated")
	return nil
}

// instanceOwner names this process in leases.
func instanceOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano())
}

// leaseTTL is how long a singleton's lease lasts without renewal: an
// instance killed outright hands its loops over within this time; one
// drained (SIGTERM) releases them at once.
var leaseTTL = 15 * time.Second

// leaser is what singleton needs of the store.
type leaser interface {
	AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, owner string) error
}

// singleton runs fn while this instance holds the cluster lease name,
// renewing it every third of its time; a lost renewal stops fn (another
// instance has it). It returns when ctx ends, after fn, releasing the lease.
func singleton(ctx context.Context, log *slog.Logger, db leaser, name, owner string, fn func(context.Context)) {
	tick := time.NewTicker(leaseTTL / 3)
	defer tick.Stop()
	for ctx.Err() == nil {
		ok, err := db.AcquireLease(ctx, name, owner, leaseTTL)
		if err != nil && ctx.Err() == nil {
			log.Error("lease", "name", name, "err", err)
		}
		if ok {
			log.Info("lease taken", "name", name)
			run, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); fn(run) }()
		hold:
			for {
				select {
				case <-done:
					break hold
				case <-tick.C:
					if ok, err := db.AcquireLease(run, name, owner, leaseTTL); !ok || err != nil {
						if ctx.Err() == nil {
							log.Warn("lease lost", "name", name, "err", err)
						}
						break hold
					}
				}
			}
			stop()
			<-done
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			if err := db.ReleaseLease(rctx, name, owner); err != nil {
				log.Warn("lease release", "name", name, "err", err)
			}
			cancel()
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}
