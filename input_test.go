package chamber

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestTextRule(t *testing.T) {
	for _, tc := range []struct {
		field, v string
		ok       bool
	}{
		{"name", "商会 ABC-1", true},
		{"name", "a\x00b", false},
		{"name", "a\x01", false},
		{"name", "\x1f", false},
		{"name", "x\x7f", false},
		{"name", "a\tb", false},
		{"name", "a\nb", false},
		{"body", "第一行\r\n\t第二行\n", true},
		{"body", "a\x00b", false},
		{"body", "a\vb", false},
		{"lines[3].note", "a\nb", true},
		{"items[0].memo", "a\nb", false},
		{"name", "é中\u0080", true}, // U+0080 is not in the refused range
	} {
		if got := TextOK(tc.v, MultilineField(tc.field)); got != tc.ok {
			t.Errorf("%s=%q: %v, want %v", tc.field, tc.v, got, tc.ok)
		}
	}
}

func TestDateRangeInEveryValidate(t *testing.T) {
	for _, d := range []string{"0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"} {
		line := []NewVoucherLine{{Account: "1002", DebitFen: 1}, {Account: "4201", CreditFen: 1}}
		for name, v := range map[string]interface{ Validate() error }{
			"voucher":  &NewVoucher{Date: d, Lines: line},
			"donation": &NewDonation{Donor: "张三", Date: d, AmountFen: 100},
			"claim":    &NewReimbursement{Summary: "差旅", Lines: []NewReimbursementLine{{Date: d, Account: "5201", AmountFen: 100}}},
			"member":   &MemberInput{Kind: MemberIndividual, Name: "李四", JoinedOn: d},
			"dues":     &NewDuesPayment{Date: d, AmountFen: 100, Method: "bank"},
			"term":     &Term{Number: 1, StartsOn: d},
			"post":     &Post{PositionID: 1, Name: "王五", StartsOn: d},
		} {
			err := v.Validate()
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Errorf("%s dated %s: %v, want invalid", name, d, err)
			}
		}
		if tm, _ := time.Parse("2006-01-02", d); true {
			m := &NewMeeting{Title: "会", StartsAt: tm}
			if err := m.Validate(); ErrorCode(err) != EINVALID {
				t.Errorf("meeting at %s: %v", d, err)
			}
		}
		if ValidPeriod(d[:7]) {
			t.Errorf("period %s accepted", d[:7])
		}
	}
	for _, d := range []string{MinDate, MaxDate, "2026-03-01"} {
		if !ValidDate(d) {
			t.Errorf("%s refused", d)
		}
	}
}

func TestAmountBounds(t *testing.T) {
	if MaxLedgerFen*2 >= math.MaxInt64 || MaxAmountFen > MaxLedgerFen {
		t.Fatal("the bounds do not keep report sums from overflowing")
	}
	if _, ok := AddFen(math.MaxInt64, 1); ok {
		t.Error("overflow not seen")
	}
	if _, ok := AddFen(math.MinInt64, -1); ok {
		t.Error("underflow not seen")
	}
	if s, ok := SumFen(1, 2, -3, MaxLedgerFen); !ok || s != MaxLedgerFen {
		t.Error(s, ok)
	}
	// One line at the bound is fine; a voucher whose total passes it is not.
	v := NewVoucher{Date: "2026-03-01", Lines: []NewVoucherLine{{Account: "1002", DebitFen: MaxAmountFen}, {Account: "4201", CreditFen: MaxAmountFen}}}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	v.Lines = append(v.Lines, NewVoucherLine{Account: "1002", DebitFen: 1}, NewVoucherLine{Account: "4201", CreditFen: 1})
	if err := v.Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("a voucher over MaxAmountFen: %v", err)
	}
	v.Lines = []NewVoucherLine{{Account: "1002", DebitFen: MaxAmountFen + 1}, {Account: "4201", CreditFen: MaxAmountFen + 1}}
	if err := v.Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("a line over MaxAmountFen: %v", err)
	}
}
