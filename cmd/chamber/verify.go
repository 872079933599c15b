package main

import (
	"context"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// runVerify recomputes the audit chain, replays the states it records
// against the tables, proves it still holds an earlier head (--head), and
// checks the ledger: every voucher balanced, the vouchers' hash chain intact.
func runVerify(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "verify", "verify [--db DSN] [--head SEQ:HASH]")
	headFlag := fs.String("head", "", "an audit head taken earlier (GET /api/v1/audit/head, printed on signed minutes): SEQ:HASH")
	if err := parse(fs, args); err != nil {
		return err
	}
	var head *chamber.AuditHead
	if *headFlag != "" {
		h, ok := chamber.ParseAuditHead(*headFlag)
		if !ok {
			return usagef("verify: --head wants SEQ:HASH (a number, a colon and 64 hex digits)")
		}
		head = &h
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.VerifyAuditHead(sysCtx(ctx), head)
	if err != nil {
		return err
	}
	if !res.OK {
		more := ""
		if res.Problems > 1 {
			more = i18n.T(e.lang, "cli.verify_more", res.Problems)
		}
		return e.fail("cli.verify_broken", res.Problem, res.Record, more)
	}
	led, err := db.VerifyLedger(sysCtx(ctx))
	if err != nil {
		return err
	}
	if !led.OK {
		return e.fail("cli.verify_ledger", led.Problem, *led.FirstBad)
	}
	e.say(e.stdout, "cli.verify_ok")
	return nil
}
