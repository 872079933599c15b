package main

import (
	"context"
	"fmt"
)

// runVerify recomputes the audit chain and the ledger: every voucher
// balanced, the vouchers' hash chain intact.
func runVerify(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "verify", "verify [--db DSN]")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.VerifyAudit(sysCtx(ctx))
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("verify: %s (first broken record: audit %d)", res.Problem, res.FirstBad)
	}
	led, err := db.VerifyLedger(sysCtx(ctx))
	if err != nil {
		return err
	}
	if !led.OK {
		return fmt.Errorf("verify: %s (first broken record: voucher %d)", led.Problem, *led.FirstBad)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
