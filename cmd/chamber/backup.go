package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// blobsFlag is --blobs: the attachment folder. A SQLite database keeps it
// beside its file (PATH.blobs) unless told otherwise.
func blobsFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("blobs", envOr(e, "CHAMBER_BLOBS", ""),
		"attachment folder (env CHAMBER_BLOBS; default PATH.blobs beside a sqlite:PATH database, else "+blob.DefaultDir+")")
}

// runBackup writes the database to FILE and the attachment files to the
// folder FILE.blobs beside it. The database is copied first: blobs never
// change, so one stored after the copy is only an extra file.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "backup", "backup --out FILE [--db DSN] [--blobs DIR] [--key-file FILE]")
	out := fs.String("out", "", "file to write the backup to (must not exist); attachments go to the folder FILE.blobs")
	blobs := blobsFlag(e, fs)
	keyFile := keyFlag(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("backup: --out FILE is required")
	}
	if err := e.mustNotExist(*out + ".blobs"); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	n, err := blob.CopyTree(blob.DirFor(*dbFlag, *blobs), *out+".blobs")
	if err != nil {
		return fmt.Errorf("backup: attachments: %w", err)
	}
	e.say(e.stdout, "cli.backup_written", *out, n, *out)
	e.say(e.stdout, "cli.backup_key", keyPath(*dbFlag, *keyFile))
	return nil
}

func (e *env) mustNotExist(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return e.fail("cli.backup_exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// runRestore restores FILE into an empty database and, when the folder
// FILE.blobs exists, its attachment files into the database's blob folder.
func runRestore(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "restore", "restore FILE [--db DSN] [--blobs DIR]")
	blobs := blobsFlag(e, fs)
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
	n := 0
	if fi, err := os.Stat(fs.Arg(0) + ".blobs"); err == nil && fi.IsDir() {
		if n, err = blob.CopyTree(fs.Arg(0)+".blobs", blob.DirFor(*dbFlag, *blobs)); err != nil {
			return fmt.Errorf("restore: attachments: %w", err)
		}
	}
	e.say(e.stdout, "cli.restored", fs.Arg(0), *dbFlag, n)
	return nil
}
