package chamber

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"
)

// DuesIncome is the account dues payments are credited to: 会费收入 —
// 非限定性收入. Dues are recognised when received (cash basis): an invoice
// posts nothing, a payment posts Dr cash / Cr 会费收入.
const DuesIncome = "420101"

// Dues payment methods and the cash account each posts to.
const (
	PayBank   = "bank"
	PayCash   = "cash"
	PayWeChat = "wechat"
	PayAlipay = "alipay"
)

// PayMethods lists the methods in display order.
var PayMethods = []string{PayBank, PayCash, PayWeChat, PayAlipay}

// PayMethodAccount is the cash account a method posts to.
var PayMethodAccount = map[string]string{PayBank: "100201", PayCash: "1001", PayWeChat: "100901", PayAlipay: "100902"}

// DuesRate is one line of a year's dues schedule (会费标准): what a tier pays.
type DuesRate struct {
	Year       int    `json:"year"`
	Tier       string `json:"tier"`
	AmountFen  int64  `json:"amount_fen"`
	Resolution string `json:"resolution"` // the assembly resolution that set it
}

// Validate checks a rate; the store checks the tier exists.
func (r *DuesRate) Validate() error {
	var f Fields
	if r.Year < 2000 || r.Year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	if !codeRE.MatchString(r.Tier) {
		f.Add("tier", "dues.err.tier")
	}
	if r.AmountFen < 0 || r.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if utf8.RuneCountInString(r.Resolution) > 200 {
		f.Add("resolution", "err.too_long", 200)
	}
	return f.Err()
}

// Invoice statuses, from the arithmetic.
const (
	DuesOpen    = "open"
	DuesPartial = "partial"
	DuesPaid    = "paid"
	DuesWaived  = "waived" // nothing left to pay because of waivers, nothing paid
)

// DuesInvoice is what one member owes for one year.
type DuesInvoice struct {
	ID          ID            `json:"id"`
	Number      string        `json:"number"`
	MemberID    ID            `json:"member_id"`
	MemberNo    string        `json:"member_no"`
	Member      string        `json:"member"`
	Year        int           `json:"year"`
	Tier        string        `json:"tier"`
	AmountFen   int64         `json:"amount_fen"`
	AdjustedFen int64         `json:"adjusted_fen"` // Σ adjustments: positive reduces what is owed
	PaidFen     int64         `json:"paid_fen"`
	DueFen      int64         `json:"due_fen"` // outstanding
	Status      string        `json:"status"`
	DueDate     string        `json:"due_date"`
	CreatedAt   time.Time     `json:"created_at"`
	Payments    []DuesPayment `json:"payments,omitempty"`
	Adjustments []DuesAdjust  `json:"adjustments,omitempty"`
	// Arrears view.
	DaysOverdue int    `json:"days_overdue,omitempty"`
	Bucket      string `json:"bucket,omitempty"`
}

// Outstanding is what is left to pay.
func Outstanding(amount, adjusted, paid int64) int64 { return amount - adjusted - paid }

// DuesStatus names where an invoice stands.
func DuesStatus(amount, adjusted, paid int64) string {
	switch {
	case Outstanding(amount, adjusted, paid) > 0 && paid == 0:
		return DuesOpen
	case Outstanding(amount, adjusted, paid) > 0:
		return DuesPartial
	case paid == 0 && adjusted > 0:
		return DuesWaived
	}
	return DuesPaid
}

// Fill sets the derived fields.
func (d *DuesInvoice) Fill() {
	d.DueFen = Outstanding(d.AmountFen, d.AdjustedFen, d.PaidFen)
	d.Status = DuesStatus(d.AmountFen, d.AdjustedFen, d.PaidFen)
}

// CheckPayment says whether a payment of amount may be taken on an
// invoice: positive and no more than is outstanding (no overpayment).
func CheckPayment(inv *DuesInvoice, amount int64) error {
	if amount <= 0 || amount > MaxAmountFen {
		return fieldError("amount_fen", "ledger.err.amount")
	}
	if amount > Outstanding(inv.AmountFen, inv.AdjustedFen, inv.PaidFen) {
		return fieldError("amount_fen", "dues.err.overpay", FormatYuan(Outstanding(inv.AmountFen, inv.AdjustedFen, inv.PaidFen)))
	}
	return nil
}

// CheckAdjustment says whether an adjustment may be made: a waiver
// (positive) cannot take the invoice below what is already paid, an
// increase (negative) cannot make it larger than MaxAmountFen.
func CheckAdjustment(inv *DuesInvoice, amount int64) error {
	if amount == 0 || amount > MaxAmountFen || amount < -MaxAmountFen {
		return fieldError("amount_fen", "ledger.err.amount")
	}
	after := Outstanding(inv.AmountFen, inv.AdjustedFen+amount, inv.PaidFen)
	if after < 0 {
		return fieldError("amount_fen", "dues.err.waive_too_much", FormatYuan(Outstanding(inv.AmountFen, inv.AdjustedFen, inv.PaidFen)))
	}
	if inv.AmountFen-(inv.AdjustedFen+amount) > MaxAmountFen {
		return fieldError("amount_fen", "ledger.err.too_large")
	}
	return nil
}

func fieldError(field, key string, args ...any) error {
	var f Fields
	f.Add(field, key, args...)
	return f.Err()
}

// DuesPayment is money received against an invoice, with its receipt (收据).
type DuesPayment struct {
	ID          ID        `json:"id"`
	InvoiceID   ID        `json:"invoice_id"`
	MemberID    ID        `json:"member_id"`
	Member      string    `json:"member,omitempty"`
	Year        int       `json:"year,omitempty"`
	Date        string    `json:"date"`
	AmountFen   int64     `json:"amount_fen"`
	Method      string    `json:"method"`
	CashAccount string    `json:"cash_account"`
	Reference   string    `json:"reference"` // bank slip, WeChat order no.
	ReceiptNo   string    `json:"receipt_no"`
	VoucherID   ID        `json:"voucher_id"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// NewDuesPayment is the payment form.
type NewDuesPayment struct {
	Date      string `json:"date"`
	AmountFen int64  `json:"amount_fen"`
	Method    string `json:"method"`
	Reference string `json:"reference"`
}

// Validate checks the form.
func (n *NewDuesPayment) Validate() error {
	var f Fields
	if !ValidDate(n.Date) {
		f.Add("date", "ledger.err.date")
	}
	if n.AmountFen <= 0 || n.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if _, ok := PayMethodAccount[n.Method]; !ok {
		f.Add("method", "dues.err.method")
	}
	if utf8.RuneCountInString(n.Reference) > 100 {
		f.Add("reference", "err.too_long", 100)
	}
	return f.Err()
}

// DuesReceipt numbers a payment's receipt.
func DuesReceipt(year string, id ID) string { return fmt.Sprintf("会-%s-%05d", year, id) }

// DuesAdjust is a waiver (positive) or an increase (negative) of what an
// invoice asks, with the reason and who approved it.
type DuesAdjust struct {
	ID         ID        `json:"id"`
	InvoiceID  ID        `json:"invoice_id"`
	AmountFen  int64     `json:"amount_fen"`
	Reason     string    `json:"reason"`
	ApprovedBy string    `json:"approved_by"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// NewDuesAdjust is the waiver form.
type NewDuesAdjust struct {
	AmountFen  int64  `json:"amount_fen"`
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
}

// Validate checks the form.
func (n *NewDuesAdjust) Validate() error {
	var f Fields
	if n.AmountFen == 0 || n.AmountFen > MaxAmountFen || n.AmountFen < -MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	validName(&f, "reason", n.Reason, 200)
	validName(&f, "approved_by", n.ApprovedBy, 100)
	return f.Err()
}

// InvoiceRun is the result of the yearly bulk invoicing.
type InvoiceRun struct {
	Year       int    `json:"year"`
	DueDate    string `json:"due_date"`
	Created    int64  `json:"created"`
	Existing   int64  `json:"existing"`    // active members already invoiced for the year
	NoSchedule int64  `json:"no_schedule"` // active members whose tier has no rate
}

// Aging buckets of arrears, by days past the due date.
const (
	AgingNotDue = "not_due"
	Aging30     = "1_30"
	Aging90     = "31_90"
	Aging180    = "91_180"
	Aging365    = "181_365"
	AgingOver   = "over_365"
)

// AgingBuckets lists the buckets in order.
var AgingBuckets = []string{AgingNotDue, Aging30, Aging90, Aging180, Aging365, AgingOver}

// DaysOverdue counts the days from dueDate to asOf (0 when not yet due).
func DaysOverdue(dueDate, asOf string) int {
	d, ok1 := ParseDate(dueDate)
	a, ok2 := ParseDate(asOf)
	if !ok1 || !ok2 || !a.After(d) {
		return 0
	}
	return int(a.Sub(d).Hours() / 24)
}

// AgingBucket puts a number of overdue days in its bucket.
func AgingBucket(days int) string {
	switch {
	case days <= 0:
		return AgingNotDue
	case days <= 30:
		return Aging30
	case days <= 90:
		return Aging90
	case days <= 180:
		return Aging180
	case days <= 365:
		return Aging365
	}
	return AgingOver
}

// Arrears is the list of unpaid invoices with the totals per bucket.
type Arrears struct {
	AsOf     string           `json:"as_of"`
	Totals   map[string]int64 `json:"totals"` // bucket → fen
	TotalFen int64            `json:"total_fen"`
	Items    []*DuesInvoice   `json:"items"`
	Next     string           `json:"next_cursor"`
}

// DuesFilter selects invoices.
type DuesFilter struct {
	Year     int
	MemberID ID
	Status   string
}

// DuesService keeps the dues schedule, invoices, payments and waivers.
type DuesService interface {
	DuesSchedule(ctx context.Context, year int) ([]DuesRate, error)
	SetDuesRate(ctx context.Context, r DuesRate) (*DuesRate, error)
	// InvoiceYear invoices every active member for a year; running it again
	// adds only members not yet invoiced.
	InvoiceYear(ctx context.Context, year int, dueDate string) (*InvoiceRun, error)
	ListDuesInvoices(ctx context.Context, f DuesFilter, p Page) ([]*DuesInvoice, string, error)
	FindDuesInvoice(ctx context.Context, id ID) (*DuesInvoice, error)
	RecordDuesPayment(ctx context.Context, invoiceID ID, in NewDuesPayment) (*DuesPayment, error)
	AdjustDues(ctx context.Context, invoiceID ID, in NewDuesAdjust) (*DuesAdjust, error)
	// DuesReceiptOf is one payment with its receipt number: finance.read, or
	// the member's own login.
	DuesReceiptOf(ctx context.Context, paymentID ID) (*DuesPayment, error)
	DuesArrears(ctx context.Context, asOf string, p Page) (*Arrears, error)
	// RemindDues sends every member with an overdue balance a reminder
	// through the announcements path (inbox, e-mail), at most once a day.
	RemindDues(ctx context.Context, title, body string) (announcementID ID, recipients int, err error)
	// MyDues lists the invoices (with payments) of the caller's member (portal).
	MyDues(ctx context.Context) ([]*DuesInvoice, error)
}

// YuanInWords writes an amount the way receipts and cheques do (大写金额):
// 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分, 1005 → 壹仟零伍元整.
func YuanInWords(fen int64) string {
	const digitsZH = "零壹贰叁肆伍陆柒捌玖"
	d := []rune(digitsZH)
	if fen == 0 {
		return "零元整"
	}
	neg := fen < 0
	if neg {
		fen = -fen
	}
	yuan, jiao, fn := fen/100, fen/10%10, fen%10
	var b []rune
	if yuan > 0 {
		var groups []int64
		for v := yuan; v > 0; v /= 10000 {
			groups = append([]int64{v % 10000}, groups...)
		}
		sections := []string{"", "万", "亿", "万亿", "亿亿"}
		needZero := false
		for i, g := range groups {
			sec := sections[len(groups)-1-i]
			if g == 0 {
				needZero = len(b) > 0
				continue
			}
			if len(b) > 0 && (needZero || g < 1000) {
				b = append(b, '零')
			}
			units := []string{"仟", "佰", "拾", ""}
			pending := false
			started := false
			for k, div := 0, int64(1000); k < 4; k, div = k+1, div/10 {
				x := g / div % 10
				if x == 0 {
					pending = started
					continue
				}
				if pending {
					b = append(b, '零')
					pending = false
				}
				b = append(b, d[x])
				b = append(b, []rune(units[k])...)
				started = true
			}
			b = append(b, []rune(sec)...)
			needZero = g%10 == 0
		}
		b = append(b, '元')
	}
	switch {
	case jiao == 0 && fn == 0:
		b = append(b, '整')
	default:
		if jiao > 0 {
			b = append(b, d[jiao], '角')
		} else if yuan > 0 {
			b = append(b, '零')
		}
		if fn > 0 {
			b = append(b, d[fn], '分')
		}
	}
	if neg {
		return "负" + string(b)
	}
	return string(b)
}
