package main

import (
	"context"
	"fmt"
	"os"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/sheet"
)

// runImport: chamber import members FILE. All or nothing; every bad row is
// printed and the exit status is 1 when any row is bad.
func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "members" {
		return usagef("import: say members, e.g. chamber import members FILE")
	}
	fs, dbFlag := newFlags(e, "import members", "import members FILE (.xlsx or .csv)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import members: name one FILE")
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	records, err := sheet.Read(path, f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rows, bad := chamber.MemberRows(records)
	var res *chamber.ImportResult
	if len(bad) == 0 {
		db, err := openDB(ctx, *dbFlag)
		if err != nil {
			return err
		}
		defer db.Close()
		if res, bad, err = db.ImportMembers(sysCtx(ctx), rows); err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		for _, b := range bad {
			e.say(e.stdout, "cli.import_row", b.Row, b.Field, i18n.T(e.lang, b.Key, b.Args...))
		}
		return e.fail("cli.import_problems", path, len(bad))
	}
	e.say(e.stdout, "cli.imported", res.Created)
	return nil
}
