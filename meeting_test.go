package chamber_test

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

func TestPassesChineseArithmetic(t *testing.T) {
	cases := []struct {
		threshold                    string
		yes, present, cast, entitled int64
		want                         bool
	}{
		// API.md: 210 of 300 represented; 2/3以上 of present includes 2/3 itself.
		{chamber.TwoThirdsPresent, 140, 210, 210, 300, true},
		{chamber.TwoThirdsPresent, 139, 210, 210, 300, false},
		// 过半数 excludes exactly half.
		{chamber.MajorityPresent, 105, 210, 210, 300, false},
		{chamber.MajorityPresent, 106, 210, 210, 300, true},
		{chamber.MajorityCast, 50, 210, 100, 300, false},
		{chamber.MajorityCast, 51, 210, 100, 300, true},
		{chamber.TwoThirdsCast, 2, 9, 3, 10, true},
		{chamber.MajorityEntitled, 150, 210, 210, 300, false},
		{chamber.MajorityEntitled, 151, 210, 210, 300, true},
		{chamber.TwoThirdsEntitled, 200, 210, 210, 300, true},
		{chamber.TwoThirdsEntitled, 199, 210, 210, 300, false},
		{chamber.MajorityPresent, 0, 0, 0, 0, false},
		{"nonsense", 10, 10, 10, 10, false},
	}
	for _, c := range cases {
		if got := chamber.Passes(c.threshold, c.yes, c.present, c.cast, c.entitled); got != c.want {
			t.Errorf("%s yes=%d present=%d cast=%d entitled=%d: %v, want %v", c.threshold, c.yes, c.present, c.cast, c.entitled, got, c.want)
		}
	}
}

// Property: the integer rules agree with exact fractions.
// TestPassesProperty derives each rule from its words, not from the
// implementation's formula: 过半数 is "more than half" (as exact fractions:
// yes/base > 1/2), 2/3以上 is "two thirds or more" (以上 includes the
// fraction itself: yes/base >= 2/3); every threshold against its own base
// (present, cast or entitled), and no base means no pass.
func TestPassesProperty(t *testing.T) {
	half, twoThirds := big.NewRat(1, 2), big.NewRat(2, 3)
	rapid.Check(t, func(t *rapid.T) {
		present := rapid.Int64Range(0, 1_000_000).Draw(t, "present")
		cast := rapid.Int64Range(0, present).Draw(t, "cast")
		entitled := rapid.Int64Range(present, 2_000_000).Draw(t, "entitled")
		yes := rapid.Int64Range(0, cast).Draw(t, "yes")
		th := rapid.SampledFrom(chamber.Thresholds).Draw(t, "threshold")
		base := map[string]int64{chamber.MajorityPresent: present, chamber.TwoThirdsPresent: present,
			chamber.MajorityCast: cast, chamber.TwoThirdsCast: cast,
			chamber.MajorityEntitled: entitled, chamber.TwoThirdsEntitled: entitled}[th]
		want := false
		if base > 0 {
			share := big.NewRat(yes, base)
			if strings.HasPrefix(th, "majority") {
				want = share.Cmp(half) > 0
			} else {
				want = share.Cmp(twoThirds) >= 0
			}
		}
		if got := chamber.Passes(th, yes, present, cast, entitled); got != want {
			t.Fatalf("%s: %d yes of present %d, cast %d, entitled %d: got %v, want %v", th, yes, present, cast, entitled, got, want)
		}
	})
	// The edges the words name, spelled out.
	for _, c := range []struct {
		th        string
		yes, base int64
		want      bool
	}{
		{chamber.MajorityPresent, 50, 100, false}, {chamber.MajorityPresent, 51, 100, true}, {chamber.MajorityPresent, 2, 3, true},
		{chamber.TwoThirdsPresent, 2, 3, true}, {chamber.TwoThirdsPresent, 66, 100, false}, {chamber.TwoThirdsPresent, 67, 100, true},
		{chamber.TwoThirdsPresent, 0, 0, false},
	} {
		if got := chamber.Passes(c.th, c.yes, c.base, c.base, c.base); got != c.want {
			t.Errorf("%s %d/%d: %v, want %v", c.th, c.yes, c.base, got, c.want)
		}
	}
}

func TestQuorumRequired(t *testing.T) {
	for _, c := range []struct {
		entitled int64
		num, den int
		want     int64
	}{{300, 2, 3, 200}, {301, 2, 3, 201}, {10, 2, 3, 7}, {9, 2, 3, 6}, {0, 2, 3, 0}, {7, 1, 2, 4}} {
		if got := chamber.QuorumRequired(c.entitled, c.num, c.den); got != c.want {
			t.Errorf("QuorumRequired(%d, %d/%d) = %d, want %d", c.entitled, c.num, c.den, got, c.want)
		}
	}
}

func TestNoticeOK(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 26, 23, 0, 0, 0, loc) // late evening counts as the 26th
	for days, cases := range map[int]map[string]bool{
		15: {"2026-12-11 09:00": true, "2026-12-10 23:59": false},
		7:  {"2026-12-03 00:00": true, "2026-12-02 18:00": false},
		0:  {"2026-11-26 23:30": true, "2026-11-26 22:00": false},
	} {
		for when, want := range cases {
			at, _ := time.ParseInLocation("2006-01-02 15:04", when, loc)
			if got := chamber.NoticeOK(now, at, days, loc); got != want {
				t.Errorf("%d days, meeting %s: %v, want %v", days, when, got, want)
			}
		}
	}
}

func TestElect(t *testing.T) {
	rows := []chamber.TallyRow{{MemberID: 1, Votes: 10}, {MemberID: 2, Votes: 7}, {MemberID: 3, Votes: 7}, {MemberID: 4, Votes: 3}}
	el, tied := chamber.Elect(rows, 2)
	if len(el) != 1 || el[0] != 1 || len(tied) != 2 {
		t.Fatalf("tie for the last seat: elected %v tied %v", el, tied)
	}
	el, tied = chamber.Elect(rows, 3)
	if len(el) != 3 || len(tied) != 0 {
		t.Fatalf("3 seats: elected %v tied %v", el, tied)
	}
	el, _ = chamber.Elect(rows, 5)
	if len(el) != 4 {
		t.Fatalf("more seats than candidates: %v", el)
	}
	el, tied = chamber.Elect([]chamber.TallyRow{{MemberID: 1}, {MemberID: 2}}, 1)
	if len(el) != 0 || len(tied) != 0 {
		t.Fatalf("no votes elects nobody: %v %v", el, tied)
	}
}

func TestDefaultCharterFollowsAPI(t *testing.T) {
	c := chamber.DefaultCharter()
	ga := c[chamber.BodyGeneralAssembly]
	if ga.NoticeDays != 15 || ga.ThresholdFor(chamber.KindOrdinary) != chamber.MajorityPresent || ga.ThresholdFor(chamber.KindDues) != chamber.TwoThirdsPresent ||
		!ga.SecretFor(chamber.KindCharterAmend) || ga.SecretFor(chamber.KindOrdinary) || ga.ProxyLimit != 1 {
		t.Fatalf("general assembly: %+v", ga)
	}
	co := c[chamber.BodyCouncil]
	if co.NoticeDays != 7 || co.ThresholdFor(chamber.KindOrdinary) != chamber.TwoThirdsPresent || !co.SecretFor(chamber.KindElection) || co.ProxyLimit != 1 {
		t.Fatalf("council: %+v", co)
	}
	pr := c[chamber.BodyPresidium]
	if pr.NoticeDays != 3 || pr.ProxyLimit != 0 || pr.SecretFor(chamber.KindElection) {
		t.Fatalf("presidium: %+v", pr)
	}
}
