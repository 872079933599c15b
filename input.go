package chamber

import (
	"math"
	"strings"
	"time"
)

// The input rules every decoder applies (JSON bodies, forms, query strings,
// multipart fields, imported cells) and every Validate relies on: text holds
// no control character, dates lie in one range, and amounts are bounded so
// that no sum of them can overflow.

// multilineFields are the text fields whose values may span lines: in
// them tab, LF and CR are allowed. The rule is by field name (the last
// segment of a JSON path like "lines[0].memo"), the same for JSON and forms.
var multilineFields = map[string]bool{
	"agenda": true, "answer": true, "body": true, "comment": true, "content": true,
	"description": true, "duties": true, "follow_up_note": true, "message": true,
	"minutes": true, "note": true, "notes": true, "reason": true, "receipts": true,
	"reject_reason": true, "resolution": true, "outcome": true, "summary": true, "people": true, "days": true,
	"intro": true, "programme": true, "purpose": true, "report": true, "text": true,
	"body_zh": true, "body_en": true, "cover": true, "articles": true,
}

// MultilineField reports whether field (a name or a path such as
// "items[2].note") is a multi-line text field.
func MultilineField(field string) bool {
	if strings.HasPrefix(field, "sections.") || strings.HasPrefix(field, "fields.") { // texts by key (the work report, the 年报)
		return true
	}
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return multilineFields[field]
}

// TextOK reports whether s holds no control character (U+0000–U+001F,
// U+007F); a multi-line text may hold tab, LF and CR.
func TextOK(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != 0x7f {
			continue
		}
		if multiline && (c == '\t' || c == '\n' || c == '\r') {
			continue
		}
		return false
	}
	return true
}

// CheckText records a field error when value breaks the text rule for field.
func CheckText(f *Fields, field, value string) {
	if !TextOK(value, MultilineField(field)) && !f.Has(field) {
		f.Add(field, "err.control_char", field)
	}
}

// TextError is the 422 a decoder answers for a field that breaks the text rule.
func TextError(field string) *Error {
	return &Error{Code: EINVALID, Reason: "control_character", Key: "err.control_char", Args: []any{field},
		Fields: []FieldError{{Field: field, Key: "err.control_char", Args: []any{field}}}}
}

// The one date range: every date the system accepts lies in it.
const (
	MinDate = "1900-01-01"
	MaxDate = "2100-12-31"
)

// DateInRange reports whether t's calendar date (in t's own zone) lies in
// MinDate…MaxDate.
func DateInRange(t time.Time) bool {
	y := t.Year()
	return y >= 1900 && y <= 2100
}

// DateStringInRange reports whether s, a YYYY-MM-DD date (or any string
// starting with one), is in range; a string that is no date is not judged
// here (false only for a date outside the range).
func DateStringInRange(s string) bool {
	if len(s) < 10 {
		return true
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return true
	}
	return DateInRange(t)
}

// DateRangeError is the 422 for a date outside MinDate…MaxDate.
func DateRangeError(field string) *Error {
	return &Error{Code: EINVALID, Reason: "date_range", Key: "err.date_range", Args: []any{MinDate, MaxDate},
		Fields: []FieldError{{Field: field, Key: "err.date_range", Args: []any{MinDate, MaxDate}}}}
}

// Amount bounds. MaxAmountFen bounds one amount (a voucher line, a voucher's
// total, a donation, an invoice, a claim, a budget line): ¥100 billion.
// MaxLedgerFen bounds the sum of every voucher's total in the books: ¥10
// quadrillion. Every report sum is a signed sum of line amounts, so its
// magnitude is at most Σdebit + Σcredit = 2 × MaxLedgerFen = 2×10^18, below
// math.MaxInt64 (≈9.2×10^18): no report sum can overflow.
const (
	MaxAmountFen = int64(1e13)
	MaxLedgerFen = int64(1e18)
)

// AddFen adds two amounts, reporting false when the sum would overflow int64.
func AddFen(a, b int64) (int64, bool) {
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, false
	}
	return a + b, true
}

// SumFen adds amounts with overflow checks.
func SumFen(vs ...int64) (int64, bool) {
	var t int64
	for _, v := range vs {
		var ok bool
		if t, ok = AddFen(t, v); !ok {
			return 0, false
		}
	}
	return t, true
}

// OverflowError is what a report answers if a sum would overflow (it cannot
// while MaxLedgerFen holds, but a report never wraps around silently).
func OverflowError() *Error {
	return &Error{Code: ECONFLICT, Reason: "amount_overflow", Key: "err.amount_overflow"}
}

// CheckBalances proves, with checked adds, that no statement built from bal
// can overflow: every statement sum is a signed sum of the balances'
// openings, debits and credits, taken at most twice, so it is enough that
// Σ(|opening| + debit + credit + cash in + cash out) stays below a quarter
// of int64. MaxLedgerFen keeps it there; this is the check that a report
// never wraps around.
func CheckBalances(bal []AccountBalance) error {
	var s int64
	for _, b := range bal {
		o := b.OpeningFen
		if o < 0 {
			if o == math.MinInt64 {
				return OverflowError()
			}
			o = -o
		}
		for _, v := range []int64{o, b.DebitFen, b.CreditFen, b.CashInFen, b.CashOutFen} {
			var ok bool
			if v < 0 {
				return OverflowError()
			}
			if s, ok = AddFen(s, v); !ok || s > math.MaxInt64/4 {
				return OverflowError()
			}
		}
	}
	return nil
}
