package main

import (
	"context"
	"os"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// runExport: chamber export members --format xlsx|csv --out FILE, with the
// columns the import reads.
func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "members" {
		return usagef("export: say members, e.g. chamber export members --format xlsx --out FILE")
	}
	fs, dbFlag := newFlags(e, "export members", "export members --format xlsx|csv --out FILE")
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("out", "", "file to write (required)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export members: --out is required")
	}
	if *format != "xlsx" && *format != "csv" {
		return usagef("export members: --format must be xlsx or csv")
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	c := sysCtx(ctx)
	tiers, err := db.Tiers(c)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range tiers {
		names[t.Code] = t.NameZH
	}
	tmp := *out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	w, err := sheet.NewWriter(f, sheet.Format(*format))
	if err != nil {
		f.Close()
		return err
	}
	header := make([]string, len(chamber.MemberColumns))
	for i, col := range chamber.MemberColumns {
		header[i] = col.Header
	}
	n := 0
	err = w.Write(header)
	if err == nil {
		err = db.ExportMembers(c, chamber.MemberFilter{}, func(m *chamber.Member) error {
			n++
			return w.Write(chamber.MemberRecord(m, names[m.Tier]))
		})
	}
	if err == nil {
		err = w.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	e.say(e.stdout, "cli.exported", n, *out)
	return nil
}
