package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/mail"
	"github.com/chamber-org/chamber/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "serve", "serve [--addr ADDR] [--db DSN] [--blobs DIR] [--demo]")
	addr := fs.String("addr", envOr(e, "CHAMBER_ADDR", "127.0.0.1:8080"), "listen address (env CHAMBER_ADDR)")
	demoFlag := fs.Bool("demo", false, "fill the database with a demo chamber (default database: sqlite:./chamber-demo.db)")
	secure := fs.Bool("secure-cookies", envOr(e, "CHAMBER_SECURE_COOKIES", "") == "1", "mark cookies Secure even without TLS at this process (behind a TLS proxy; env CHAMBER_SECURE_COOKIES=1)")
	blobsFlag := blobsFlag(e, fs)
	logFormat := fs.String("log-format", envOr(e, "CHAMBER_LOG_FORMAT", "text"), "log format: text or json (env CHAMBER_LOG_FORMAT)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
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

	db, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if *demoFlag {
		if err := demo.Seed(ctx, db); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	blobs, err := blob.New(blob.DirFor(dsn, *blobsFlag), 0)
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{Store: db, Logger: logger, SecureCookies: *secure, Version: version, Blobs: blobs})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "chamber %s serving %s (database %s)\n", version, url, db.Dialect)
	if *demoFlag {
		fmt.Fprintf(e.stdout, "demo logins (password %q):\n", demo.Password)
		for _, l := range demo.Logins {
			fmt.Fprintf(e.stdout, "  %-12s %s (%s)\n", l.Username, l.Name, l.Role)
		}
	}
	go cleanupLoop(ctx, logger, db.Cleanup)
	go (&mail.Worker{Outbox: db, Log: logger}).Run(ctx)
	go scheduleLoop(ctx, logger, db.PublishDue)
	go scheduleLoop(ctx, logger, db.EscalateTickets)
	go jobLoop(ctx, logger, db.WorkJobs)
	hs := srv.HTTPServer(*addr)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
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
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano())
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
	fs, dbFlag := newFlags(e, "migrate", "migrate [--db DSN]")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(e.stdout, "database is up to date")
	return nil
}
