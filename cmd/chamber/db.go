package main

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// openDB opens and migrates the database named by --db.
func openDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if _, _, err := sqlstore.ParseDSN(dsn); err != nil {
		return nil, usagef("--db: %v", err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
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
func cliMessage(e *chamber.Error) string {
	s := i18n.T(i18n.EN, e.Key, e.Args...)
	for _, f := range e.Fields {
		s += fmt.Sprintf("\n  %s: %s", f.Field, i18n.T(i18n.EN, f.Key, f.Args...))
	}
	return s
}
