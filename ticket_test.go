package chamber

import (
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	cal := Calendar{}
	for _, d := range []string{"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"} {
		cal[d] = false
	}
	cal["2026-10-10"] = true // Saturday, a 调休 working day
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-26 09:00", 1, "2026-11-27 18:00"}, // Thursday → Friday
		{"2026-11-27 09:00", 1, "2026-11-30 18:00"}, // Friday → over the weekend to Monday
		{"2026-11-28 10:00", 1, "2026-11-30 18:00"}, // filed on Saturday
		{"2026-11-27 09:00", 0, "2026-11-27 18:00"}, // same day
		{"2026-11-27 19:00", 0, "2026-11-30 18:00"}, // after closing on Friday: Monday
		{"2026-11-28 10:00", 0, "2026-11-30 18:00"}, // a day off: the next working day
		{"2026-09-30 09:00", 1, "2026-10-08 18:00"}, // across the National Day holiday
		{"2026-09-30 09:00", 2, "2026-10-09 18:00"},
		{"2026-09-30 09:00", 3, "2026-10-10 18:00"}, // the 调休 Saturday counts
		{"2026-09-30 09:00", 4, "2026-10-12 18:00"},
		// 23:30 UTC on the 26th is already the 27th in Shanghai: counting starts there.
		{"2026-11-27 07:30", 1, "2026-11-30 18:00"},
	} {
		got := cal.AddWorkingDays(at(tc.from).UTC(), tc.n, sh)
		if !got.Equal(at(tc.want)) {
			t.Errorf("%s + %d working days = %s, want %s", tc.from, tc.n, got.In(sh).Format("2006-01-02 15:04"), tc.want)
		}
	}
}

func TestNewTicketValidate(t *testing.T) {
	ok := NewTicket{Kind: TicketInquiry, MemberID: 3, Subject: "会费发票", Body: "如何开具？"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	public := NewTicket{Kind: TicketPetition, Subject: "反映问题", Body: "……", RequesterName: "张三", RequesterPhone: "13812345678"}
	if err := public.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]NewTicket{
		"unknown kind":      {Kind: "x", MemberID: 1, Subject: "a", Body: "b"},
		"no subject":        {Kind: TicketInquiry, MemberID: 1, Body: "b"},
		"no body":           {Kind: TicketInquiry, MemberID: 1, Subject: "a"},
		"public, no phone":  {Kind: TicketPetition, Subject: "a", Body: "b", RequesterName: "张三"},
		"public, bad phone": {Kind: TicketPetition, Subject: "a", Body: "b", RequesterName: "张三", RequesterPhone: "12345"},
		"negative dispute":  {Kind: TicketLegalAid, MemberID: 1, Subject: "a", Body: "b", DisputeFen: -1},
	} {
		if err := n.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
