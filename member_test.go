package chamber_test

import (
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func TestCheckCreditCode(t *testing.T) {
	for _, tc := range []struct {
		code, want string
	}{
		{"91110000100000589A", ""},                       // a real-world shaped code with a right check digit
		{"91350100M000100Y43", ""},                       // letters in the body
		{"91110000100000589B", "err.credit_code_check"},  // wrong check digit
		{"9111000010000058", "err.credit_code_length"},   // short
		{"91110000I00000589B", "err.credit_code_chars"},  // I is not in the set
		{"91110000100000589a", "err.credit_code_chars"},  // lower case (Normalize upper-cases first)
		{"９1110000100000589B", "err.credit_code_length"}, // full-width digit is more than one byte
	} {
		if got := chamber.CheckCreditCode(tc.code); got != tc.want {
			t.Errorf("%s: got %q want %q", tc.code, got, tc.want)
		}
	}
}

// The check character makes every 17-character body valid, and any single
// changed character (of the 18) is caught.
func TestCreditCodeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		body := rapid.SliceOfN(rapid.SampledFrom([]byte(creditChars)), 17, 17).Draw(t, "body")
		c := chamber.CreditCodeCheckChar(string(body))
		code := string(body) + string(c)
		if chamber.CheckCreditCode(code) != "" {
			t.Fatalf("%s not valid", code)
		}
		i := rapid.IntRange(0, 17).Draw(t, "pos")
		r := rapid.SampledFrom([]byte(creditChars)).Draw(t, "char")
		if r == code[i] {
			return
		}
		bad := code[:i] + string(r) + code[i+1:]
		if chamber.CheckCreditCode(bad) == "" {
			t.Fatalf("%s (changed at %d) passes", bad, i)
		}
	})
}

// Fuzzing: CheckCreditCode never panics and accepts only 18 characters of the set.
func FuzzCheckCreditCode(f *testing.F) {
	f.Add("91110000100000589A")
	f.Add("")
	f.Add("ＡＢＣ")
	f.Fuzz(func(t *testing.T, s string) {
		if chamber.CheckCreditCode(s) == "" {
			if len(s) != 18 || strings.Trim(s, creditChars) != "" {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}

func TestValidPhone(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"13812345678", true}, {"19912345678", true}, {"12812345678", false}, {"1381234567", false},
		{"010-12345678", true}, {"0571-8765432", true}, {"057187654321", true}, {"010-12345678-123", true},
		{"12345", false}, {"+8613812345678", true}, {"138 1234 5678", true}, {"abc", false},
	} {
		if got := chamber.ValidPhone(chamber.NormalizePhone(tc.in)); got != tc.want {
			t.Errorf("%q: got %v", tc.in, got)
		}
	}
}

func TestMemberInputValidate(t *testing.T) {
	ok := chamber.MemberInput{Kind: "unit", Name: "杭州建国科技有限公司", CreditCode: "91110000100000589A", Phone: "13812345678", Email: "a@b.cn", JoinedOn: "2026-01-02", Website: "https://x.cn"}
	ok.Normalize()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in    chamber.MemberInput
		field string
	}{
		{chamber.MemberInput{Name: "x"}, "kind"},
		{chamber.MemberInput{Kind: "unit"}, "name"},
		{chamber.MemberInput{Kind: "club", Name: "x"}, "kind"},
		{chamber.MemberInput{Kind: "unit", Name: "x", CreditCode: "91110000100000589B"}, "credit_code"},
		{chamber.MemberInput{Kind: "unit", Name: "x", Phone: "123"}, "phone"},
		{chamber.MemberInput{Kind: "unit", Name: "x", Email: "nope"}, "email"},
		{chamber.MemberInput{Kind: "unit", Name: "x", JoinedOn: "2026-13-01"}, "joined_on"},
		{chamber.MemberInput{Kind: "unit", Name: "x", Website: "javascript:alert(1)"}, "website"},
		{chamber.MemberInput{Kind: "unit", Name: strings.Repeat("长", 101)}, "name"},
	} {
		tc.in.Normalize()
		err := tc.in.Validate()
		e, ok := err.(*chamber.Error)
		if !ok || !chamber.Fields(e.Fields).Has(tc.field) {
			t.Errorf("%+v: got %v, want field %s", tc.in, err, tc.field)
		}
	}
}

func TestStatusRules(t *testing.T) {
	if chamber.CanChangeStatus("active", "active") || chamber.CanChangeStatus("expelled", "active") || chamber.CanChangeStatus("active", "gone") {
		t.Error("allowed a change that is not one")
	}
	if !chamber.CanChangeStatus("suspended", "active") || !chamber.CanChangeStatus("active", "expelled") || !chamber.CanChangeStatus("withdrawn", "active") {
		t.Error("refused an allowed change")
	}
	// API.md's {"status", "reason"}: the reason stands as the decision reference.
	c := chamber.StatusChange{Status: "expelled", Reason: "依理事会决议除名"}
	if err := c.Validate(); err != nil || c.DecisionRef != "依理事会决议除名" {
		t.Errorf("expulsion with only a reason: %v %q", err, c.DecisionRef)
	}
	c = chamber.StatusChange{Status: "expelled", Reason: "  "}
	if err := c.Validate(); err == nil || !chamber.Fields(err.(*chamber.Error).Fields).Has("reason") {
		t.Errorf("expulsion without a reason: %v", err)
	}
	c = chamber.StatusChange{Status: "expelled", Reason: "严重违反章程"}
	c.DecisionRef = "第三届理事会第五次会议决议"
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}

func TestApplicationFlow(t *testing.T) {
	for _, tc := range []struct {
		from   chamber.ApplicationStatus
		action string
		to     chamber.ApplicationStatus
		ok     bool
	}{
		{"submitted", "request_info", "info_requested", true},
		{"info_requested", "resubmit", "submitted", true},
		{"submitted", "review_pass", "reviewed", true},
		{"reviewed", "approve", "approved", true},
		{"submitted", "approve", "", false}, // the council decides only after the first review
		{"approved", "reject", "", false},
		{"reviewed", "reject", "rejected", true},
		{"rejected", "review_pass", "", false},
	} {
		to, ok := chamber.NextApplicationStatus(tc.from, tc.action)
		if to != tc.to || ok != tc.ok {
			t.Errorf("%s --%s--> %s %v", tc.from, tc.action, to, ok)
		}
	}
}
