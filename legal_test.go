package chamber

import "testing"

// TestOfficeHoursOverlap: hours clash when their times overlap on a day
// both run; touching hours, other weekdays and validities that do not
// meet are no clash.
func TestOfficeHoursOverlap(t *testing.T) {
	weekly := func(wd int, from, to, start, end string) *OfficeHours {
		return &OfficeHours{Weekday: wd, From: from, To: to, Start: start, End: end}
	}
	dated := func(d, start, end string) *OfficeHours { return &OfficeHours{Date: d, Start: start, End: end} }
	mon := weekly(1, "2026-01-01", "", "14:00", "16:00") // 2026-12-07 is a Monday
	for _, c := range []struct {
		name string
		a, b *OfficeHours
		want bool
	}{
		{"same weekday, overlapping", mon, weekly(1, "2026-06-01", "", "15:00", "17:00"), true},
		{"same weekday, touching", mon, weekly(1, "2026-06-01", "", "16:00", "17:00"), false},
		{"other weekday", mon, weekly(2, "2026-01-01", "", "14:00", "16:00"), false},
		{"validities apart", weekly(1, "2026-01-01", "2026-03-31", "14:00", "16:00"), weekly(1, "2026-04-01", "", "14:00", "16:00"), false},
		{"validities meet on a day", weekly(1, "2026-01-01", "2026-04-01", "14:00", "16:00"), weekly(1, "2026-04-01", "", "15:00", "16:00"), true},
		{"a date on the weekday", mon, dated("2026-12-07", "15:30", "16:30"), true},
		{"a date on the weekday, the other way", dated("2026-12-07", "13:00", "14:30"), mon, true},
		{"a date on another day", mon, dated("2026-12-08", "15:00", "16:00"), false},
		{"a date before the weekly hours start", weekly(1, "2027-01-01", "", "14:00", "16:00"), dated("2026-12-07", "15:00", "16:00"), false},
		{"two dates, same day", dated("2026-12-07", "09:00", "10:00"), dated("2026-12-07", "09:30", "10:30"), true},
		{"two dates, other days", dated("2026-12-07", "09:00", "10:00"), dated("2026-12-14", "09:00", "10:00"), false},
	} {
		if got := c.a.Overlaps(c.b); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if got := c.b.Overlaps(c.a); got != c.want {
			t.Errorf("%s (swapped): %v, want %v", c.name, got, c.want)
		}
	}
}
