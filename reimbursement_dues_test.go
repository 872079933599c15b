package chamber

import (
	"testing"

	"pgregory.net/rapid"
)

// TestApprovalStepsProperties: the steps are a non-empty prefix of the
// chain that reaches every position a passed limit names and stops there.
func TestApprovalStepsProperties(t *testing.T) {
	codes := []string{"dept_director", PosDeputySecretaryGeneral, PosSecretaryGeneral, PosVicePresident, PosPresident, ""}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 6).Draw(t, "chain")
		var chain []Approver
		for i := 0; i < n; i++ {
			chain = append(chain, Approver{UserID: ID(i + 1), PositionCode: rapid.SampledFrom(codes).Draw(t, "code")})
		}
		var limits []ApprovalLimit
		for i, k := 0, rapid.IntRange(0, 3).Draw(t, "limits"); i < k; i++ {
			limits = append(limits, ApprovalLimit{AboveFen: rapid.Int64Range(0, 10_000_000).Draw(t, "above"), PositionCode: rapid.SampledFrom(codes).Draw(t, "lcode")})
		}
		amount := rapid.Int64Range(1, 20_000_000).Draw(t, "amount")
		steps := ApprovalSteps(chain, amount, limits)
		if n == 0 {
			if len(steps) != 0 {
				t.Fatalf("steps without a chain: %v", steps)
			}
			return
		}
		if len(steps) == 0 || len(steps) > n {
			t.Fatalf("%d steps of a chain of %d", len(steps), n)
		}
		for i := range steps {
			if steps[i] != chain[i] {
				t.Fatalf("not a prefix at %d", i)
			}
		}
		// Every passed limit whose position is in the chain is reached; the
		// last step is the direct superior or a position a passed limit names.
		lastNamed := false
		for _, l := range limits {
			passed := amount > l.AboveFen
			for i, a := range chain {
				if passed && a.PositionCode == l.PositionCode && i >= len(steps) {
					t.Fatalf("limit %+v passed but %s at %d not reached (%d steps)", l, a.PositionCode, i, len(steps))
				}
			}
			if passed && steps[len(steps)-1].PositionCode == l.PositionCode {
				lastNamed = true
			}
		}
		if len(steps) > 1 && !lastNamed {
			t.Fatalf("went past the superior to %q without a limit", steps[len(steps)-1].PositionCode)
		}
		// A smaller amount never needs more steps.
		if smaller := ApprovalSteps(chain, amount/2, limits); len(smaller) > len(steps) {
			t.Fatalf("halving the amount added steps: %d > %d", len(smaller), len(steps))
		}
	})
}

func TestLimitsRoundTrip(t *testing.T) {
	s := FormatLimits(DefaultReimbursementLimits)
	if s != "500000:secretary_general,5000000:president" {
		t.Fatal(s)
	}
	ls, ok := ParseLimits(s)
	if !ok || len(ls) != 2 || ls[1] != DefaultReimbursementLimits[1] {
		t.Fatal(ls)
	}
	for _, bad := range []string{"x", "1:", ":president", "-5:president", "5:Bad Code"} {
		if _, ok := ParseLimits(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestDuesArithmetic: any sequence of accepted payments and adjustments
// keeps what is owed between zero and the invoice, equal to amount − Σadj −
// Σpaid; refused ones change nothing; the status follows.
func TestDuesArithmetic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inv := &DuesInvoice{AmountFen: rapid.Int64Range(0, 10_000_000).Draw(t, "amount")}
		var sumPaid, sumAdj int64
		for i, n := 0, rapid.IntRange(0, 30).Draw(t, "ops"); i < n; i++ {
			amt := rapid.Int64Range(-2_000_000, 12_000_000).Draw(t, "x")
			if rapid.Bool().Draw(t, "pay") {
				if err := CheckPayment(inv, amt); err == nil {
					inv.PaidFen += amt
					sumPaid += amt
				} else if amt > 0 && amt <= Outstanding(inv.AmountFen, inv.AdjustedFen, inv.PaidFen) {
					t.Fatalf("refused a payment of %d with %d owed", amt, Outstanding(inv.AmountFen, inv.AdjustedFen, inv.PaidFen))
				}
			} else if err := CheckAdjustment(inv, amt); err == nil {
				inv.AdjustedFen += amt
				sumAdj += amt
			}
			inv.Fill()
			if inv.DueFen < 0 || inv.DueFen != inv.AmountFen-sumAdj-sumPaid || inv.PaidFen < 0 {
				t.Fatalf("owed %d, amount %d adj %d paid %d", inv.DueFen, inv.AmountFen, sumAdj, sumPaid)
			}
			switch inv.Status {
			case DuesOpen:
				if inv.DueFen <= 0 || inv.PaidFen != 0 {
					t.Fatalf("open: %+v", inv)
				}
			case DuesPartial:
				if inv.DueFen <= 0 || inv.PaidFen == 0 {
					t.Fatalf("partial: %+v", inv)
				}
			case DuesPaid, DuesWaived:
				if inv.DueFen != 0 {
					t.Fatalf("%s with %d owed", inv.Status, inv.DueFen)
				}
			default:
				t.Fatalf("status %q", inv.Status)
			}
		}
	})
}

func TestAging(t *testing.T) {
	for _, c := range []struct {
		due, asOf string
		days      int
		bucket    string
	}{
		{"2026-03-31", "2026-03-31", 0, AgingNotDue},
		{"2026-03-31", "2026-03-01", 0, AgingNotDue},
		{"2026-03-31", "2026-04-01", 1, Aging30},
		{"2026-03-31", "2026-04-30", 30, Aging30},
		{"2026-03-31", "2026-05-01", 31, Aging90},
		{"2026-03-31", "2026-06-29", 90, Aging90},
		{"2026-03-31", "2026-09-27", 180, Aging180},
		{"2026-03-31", "2027-03-31", 365, Aging365},
		{"2026-03-31", "2027-04-01", 366, AgingOver},
		{"junk", "2027-04-01", 0, AgingNotDue},
	} {
		d := DaysOverdue(c.due, c.asOf)
		if d != c.days || AgingBucket(d) != c.bucket {
			t.Errorf("%s→%s: %d %s, want %d %s", c.due, c.asOf, d, AgingBucket(d), c.days, c.bucket)
		}
	}
}

func TestNewReimbursementValidate(t *testing.T) {
	ok := NewReimbursement{Summary: "差旅", Lines: []NewReimbursementLine{{Date: "2026-01-01", Account: "520103", AmountFen: 100}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]NewReimbursement{
		"empty":      {},
		"asset":      {Summary: "x", Lines: []NewReimbursementLine{{Date: "2026-01-01", Account: "1002", AmountFen: 100}}},
		"zero":       {Summary: "x", Lines: []NewReimbursementLine{{Date: "2026-01-01", Account: "5201", AmountFen: 0}}},
		"huge total": {Summary: "x", Lines: []NewReimbursementLine{{Date: "2026-01-01", Account: "5201", AmountFen: MaxAmountFen}, {Date: "2026-01-01", Account: "5201", AmountFen: MaxAmountFen}}},
		"bad date":   {Summary: "x", Lines: []NewReimbursementLine{{Date: "2026-02-30", Account: "5201", AmountFen: 1}}},
	} {
		if err := in.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestYuanInWords(t *testing.T) {
	for fen, want := range map[int64]string{
		0:           "零元整",
		5:           "伍分",
		50:          "伍角",
		100:         "壹元整",
		100500:      "壹仟零伍元整",
		500000:      "伍仟元整",
		1234567:     "壹万贰仟叁佰肆拾伍元陆角柒分",
		10000000:    "壹拾万元整",
		100000100:   "壹佰万零壹元整",
		1000000000:  "壹仟万元整",
		10000000000: "壹亿元整",
		10010000000: "壹亿零壹拾万元整",
		1000001:     "壹万元零壹分",
		-250:        "负贰元伍角",
	} {
		if got := YuanInWords(fen); got != want {
			t.Errorf("%d: %s, want %s", fen, got, want)
		}
	}
}
