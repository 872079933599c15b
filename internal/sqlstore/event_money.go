package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

// The money of events. A voucher line may carry the event it is for
// (event_id): the event's costs are its expense lines, its fees the income
// lines, so budget vs actual is what the books say, reversals included.
// (Delegations keep tagging their lines with the project delegation:ID.)

// checkEventLines refuses a line tagged with an event that does not exist.
func (tx *Tx) checkEventLines(in chamber.NewVoucher) error {
	var f chamber.Fields
	seen := map[chamber.ID]bool{}
	for i, l := range in.Lines {
		if l.EventID == 0 || seen[l.EventID] {
			continue
		}
		var one int
		err := tx.QueryRowContext(tx.ctx, `SELECT 1 FROM events WHERE id = $1`, l.EventID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add(fmt.Sprintf("lines[%d].event_id", i), "event.err.not_found")
			continue
		}
		if err != nil {
			return err
		}
		seen[l.EventID] = true
	}
	return f.Err()
}

// eventMoney fills the budget vs actual of an event's stats.
func (db *DB) eventMoney(ctx context.Context, s *chamber.EventStats, id chamber.ID) error {
	lines, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.EventAccountLine, error) {
		var l chamber.EventAccountLine
		var dr, cr int64
		if err := sc.Scan(&l.Account, &l.AccountName, &l.Kind, &dr, &cr); err != nil {
			return l, err
		}
		l.AmountFen = dr - cr
		if l.Kind == string(chamber.AccountIncome) {
			l.AmountFen = cr - dr
		}
		return l, nil
	}, `SELECT l.account, a.name, a.kind, SUM(l.debit_fen), SUM(l.credit_fen) FROM voucher_lines l
		JOIN accounts a ON a.code = l.account WHERE l.event_id = $1 AND a.kind IN ('expense', 'income')
		GROUP BY l.account, a.name, a.kind, a.sort ORDER BY CASE a.kind WHEN 'expense' THEN 0 ELSE 1 END, a.sort`, id)
	if err != nil {
		return err
	}
	s.Accounts = []chamber.EventAccountLine{}
	for _, l := range lines {
		if l.AmountFen == 0 {
			continue
		}
		if l.Kind == string(chamber.AccountExpense) {
			s.ActualFen += l.AmountFen
		} else {
			s.IncomeFen += l.AmountFen
		}
		s.Accounts = append(s.Accounts, l)
	}
	return db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND paid_fen > 0`, id).Scan(&s.Paid)
}

// RecordEventFee takes a registration's fee (finance.post), once: Dr the
// method's cash account / Cr 提供服务收入 (活动收入), both lines tagged with
// the event and the member.
func (db *DB) RecordEventFee(ctx context.Context, regID chamber.ID, n chamber.NewEventFee) (*chamber.EventFee, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	n.Method = strings.TrimSpace(n.Method)
	if n.Date == "" {
		n.Date = db.Today(ctx)
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.EventFee
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var eventID, member chamber.ID
		var status, title, name string
		var fee, paid int64
		if err := tx.QueryRowContext(ctx, `SELECT r.event_id, r.member_id, r.status, r.attendee_name, r.paid_fen, e.title, e.fee_fen
			FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.id = $1`, regID).
			Scan(&eventID, &member, &status, &name, &paid, &title, &fee); err != nil {
			return notFound(err, "event.err.registration_not_found")
		}
		if status == chamber.RegCancelled {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.already_cancelled")
		}
		amount := n.AmountFen
		if amount == 0 {
			amount = fee
		}
		if amount == 0 {
			return fieldErr("amount_fen", "event.err.no_fee")
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_registrations SET paid_fen = $2 WHERE id = $1 AND paid_fen = 0`, regID, amount)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 || paid > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.fee_paid")
		}
		cash := chamber.PayMethodAccount[n.Method]
		memo := "活动收费 " + title + " " + name
		v, err := tx.postVoucher(chamber.NewVoucher{Date: n.Date, Kind: chamber.VoucherEventFee, Summary: memo,
			Lines: []chamber.NewVoucherLine{
				{Account: cash, DebitFen: amount, Memo: memo, MemberID: member, EventID: eventID},
				{Account: chamber.EventFeeIncome, CreditFen: amount, Memo: memo, MemberID: member, EventID: eventID},
			}}, nil)
		if err != nil {
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET fee_voucher_id = $2 WHERE id = $1`, regID, v.ID); err != nil {
			return err
		}
		out = &chamber.EventFee{RegistrationID: regID, EventID: eventID, AmountFen: amount, Method: n.Method, CashAccount: cash,
			IncomeAccount: chamber.EventFeeIncome, Date: n.Date, VoucherID: v.ID, VoucherNumber: v.Number}
		return tx.Audit("event.fee", "event_registration", regID, map[string]any{"paid_fen": 0}, out)
	})
	return out, err
}
