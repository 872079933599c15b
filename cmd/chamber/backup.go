package main

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "backup", "backup --out FILE [--db DSN]")
	out := fs.String("out", "", "file to write the backup to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("backup: --out FILE is required")
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", *out)
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "restore", "restore FILE [--db DSN]")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("restore: name exactly one backup FILE")
	}
	if _, _, err := sqlstore.ParseDSN(*dbFlag); err != nil {
		return usagef("--db: %v", err)
	}
	if err := sqlstore.Restore(ctx, fs.Arg(0), *dbFlag); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s into %s\n", fs.Arg(0), *dbFlag)
	return nil
}
