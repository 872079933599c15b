package chamber

import (
	"sort"
	"strings"
	"testing"
)

// badFields runs BodyRules.Validate and returns the fields it rejects.
func badFields(r BodyRules) []string {
	var f Fields
	r.Validate("rules.council", &f)
	var out []string
	for _, e := range f {
		out = append(out, e.Field)
	}
	sort.Strings(out)
	return out
}

func TestBodyRulesValidate(t *testing.T) {
	// Every body kind of the model charter is accepted as it is.
	for kind, r := range DefaultCharter() {
		if bad := badFields(r); len(bad) != 0 {
			t.Errorf("model charter %s rejected: %v", kind, bad)
		}
	}
	good := DefaultCharter()[BodyCouncil]
	cases := []struct {
		name string
		edit func(*BodyRules)
		want string // the one field rejected, "" when accepted
	}{
		{"notice 0 days", func(r *BodyRules) { r.NoticeDays = 0 }, ""},
		{"notice 365 days", func(r *BodyRules) { r.NoticeDays = 365 }, ""},
		{"notice negative", func(r *BodyRules) { r.NoticeDays = -1 }, "notice_days"},
		{"notice over a year", func(r *BodyRules) { r.NoticeDays = 366 }, "notice_days"},
		{"quorum all", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = 3, 3 }, ""},
		{"quorum none", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = 0, 2 }, ""},
		{"quorum over whole", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = 4, 3 }, "quorum"},
		{"quorum zero denominator", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = 0, 0 }, "quorum"},
		{"quorum negative denominator", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = -1, -2 }, "quorum"},
		{"quorum negative numerator", func(r *BodyRules) { r.QuorumNum, r.QuorumDen = -1, 2 }, "quorum"},
		{"ordinary unknown", func(r *BodyRules) { r.Ordinary = "simple_majority" }, "ordinary"},
		{"ordinary empty", func(r *BodyRules) { r.Ordinary = "" }, "ordinary"},
		{"qualified unknown", func(r *BodyRules) { r.Qualified = "three_quarters" }, "qualified"},
		{"qualified entitled", func(r *BodyRules) { r.Qualified = TwoThirdsEntitled }, ""},
		{"proxy 100", func(r *BodyRules) { r.ProxyLimit = 100 }, ""},
		{"proxy negative", func(r *BodyRules) { r.ProxyLimit = -1 }, "proxy_limit"},
		{"proxy over 100", func(r *BodyRules) { r.ProxyLimit = 101 }, "proxy_limit"},
	}
	for _, c := range cases {
		r := good
		c.edit(&r)
		bad := badFields(r)
		want := []string(nil)
		if c.want != "" {
			want = []string{"rules.council." + c.want}
		}
		if strings.Join(bad, ",") != strings.Join(want, ",") {
			t.Errorf("%s: rejected %v, want %v", c.name, bad, want)
		}
	}
	// Every threshold name is accepted for both kinds of motion.
	for _, th := range Thresholds {
		r := good
		r.Ordinary, r.Qualified = th, th
		if bad := badFields(r); len(bad) != 0 {
			t.Errorf("threshold %s rejected: %v", th, bad)
		}
	}
	// Several faults are all reported, each under its own field.
	r := BodyRules{NoticeDays: -3, QuorumNum: 5, QuorumDen: 2, Ordinary: "x", Qualified: "y", ProxyLimit: 1000}
	want := "rules.council.notice_days,rules.council.ordinary,rules.council.proxy_limit,rules.council.qualified,rules.council.quorum"
	if got := strings.Join(badFields(r), ","); got != want {
		t.Errorf("all faults: got %s, want %s", got, want)
	}
}
