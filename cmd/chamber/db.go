package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sheet"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// openDB opens and migrates the database named by --db, without the
// installation key (commands that seal or open nothing).
func openDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	return openDBKey(ctx, dsn, nil)
}

// keyFlag is --key-file: the installation key that seals ballots and stored
// secrets, a file outside the database and its backups.
func keyFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("key-file", envOr(e, "CHAMBER_KEY_FILE", ""),
		"installation key file, created (mode 0600) on first start; keep it apart from backups (env CHAMBER_KEY_FILE; default PATH.key beside a sqlite:PATH database, else ./chamber.key)")
}

// keyPath is where the installation key lives: the flag, else PATH.key
// beside a SQLite file, else ./chamber.key.
func keyPath(dsn, flag string) string {
	if flag != "" {
		return flag
	}
	if d, target, err := sqlstore.ParseDSN(dsn); err == nil && d == sqlstore.SQLite {
		return target + ".key"
	}
	return "chamber.key"
}

// loadKey reads the installation key of the database dsn, creating it on
// first start; a bad --db is a usage error before any file is made.
func loadKey(e *env, dsn, flag string) ([]byte, error) {
	if _, _, err := sqlstore.ParseDSN(dsn); err != nil {
		return nil, usagef("--db: %v", err)
	}
	path := keyPath(dsn, flag)
	key, created, err := seal.LoadOrCreate(path)
	if err != nil {
		return nil, err
	}
	if created {
		e.say(e.stderr, "cli.key_created", path)
	}
	return key, nil
}

// openDBKey opens and migrates the database with the installation key
// (nil: none); migrating seals secrets stored in clear by earlier versions.
func openDBKey(ctx context.Context, dsn string, key []byte) (*sqlstore.DB, error) {
	if _, _, err := sqlstore.ParseDSN(dsn); err != nil {
		return nil, usagef("--db: %v", err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Key: key, Texts: i18n.T, ReadSheet: sheet.ReadImport})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sysCtx is the context the CLI acts in: as the system.
func sysCtx(ctx context.Context) context.Context {
	return chamber.WithActor(ctx, chamber.SystemActor)
}

// cliMessage renders a domain error in English for the terminal, with the
// fields that were wrong.
func cliMessage(lang string, e *chamber.Error) string {
	s := i18n.T(lang, e.Key, e.Args...)
	for _, f := range e.Fields {
		s += fmt.Sprintf("\n  %s: %s", f.Field, i18n.T(lang, f.Key, f.Args...))
	}
	return s
}
