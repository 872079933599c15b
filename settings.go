package chamber

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Settings are the installation's own facts.
type Settings struct {
	Name     string `json:"name"`      // the chamber's name, e.g. 某某市商会
	TimeZone string `json:"time_zone"` // IANA zone, default Asia/Shanghai
	// The public home page's introduction and contact (公开主页).
	Intro   string `json:"intro"`
	Address string `json:"address"`
	Phone   string `json:"phone"`
	Email   string `json:"email"`
}

// PublicSettingKeys are the settings keys of the public home page, with
// their length limits.
var PublicSettingKeys = []struct {
	Key string
	Max int
}{{"intro", 2000}, {"address", 200}, {"phone", 50}, {"email", 200}}

// Public returns the public home page's setting by key.
func (s *Settings) Public(key string) *string {
	switch key {
	case "intro":
		return &s.Intro
	case "address":
		return &s.Address
	case "phone":
		return &s.Phone
	case "email":
		return &s.Email
	}
	return nil
}

// DefaultTimeZone is the zone dates are shown and entered in.
const DefaultTimeZone = "Asia/Shanghai"

// Validate checks the settings.
func (s *Settings) Validate() error {
	var f Fields
	if n := utf8.RuneCountInString(s.Name); n == 0 {
		f.Add("name", "err.required")
	} else if n > 100 {
		f.Add("name", "err.too_long", 100)
	}
	for _, k := range PublicSettingKeys {
		v := s.Public(k.Key)
		*v = strings.TrimSpace(*v)
		if utf8.RuneCountInString(*v) > k.Max {
			f.Add(k.Key, "err.too_long", k.Max)
		}
	}
	if s.Email != "" && !strings.Contains(s.Email, "@") {
		f.Add("email", "err.invalid_value")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		f.Add("time_zone", "err.time_zone")
	}
	return f.Err()
}

// Location returns the settings' time zone, falling back to Asia/Shanghai.
func (s *Settings) Location() *time.Location {
	// An empty zone is the default, not UTC (which LoadLocation("") gives).
	if loc, err := time.LoadLocation(s.TimeZone); err == nil && s.TimeZone != "" {
		return loc
	}
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// Counts are the figures the home page shows.
type Counts struct {
	Users            int64 `json:"users"`
	Sessions         int64 `json:"sessions"`
	AuditRecords     int64 `json:"audit_records"`
	ActiveMembers    int64 `json:"active_members"`
	Applications     int64 `json:"applications"`      // waiting for review or decision
	UpcomingMeetings int64 `json:"upcoming_meetings"` // scheduled or in session
	Vouchers         int64 `json:"vouchers"`
	Published        int64 `json:"published"` // announcements published
}

// SettingsService reads and changes the installation settings.
type SettingsService interface {
	Settings(ctx context.Context) (*Settings, error)
	UpdateSettings(ctx context.Context, s Settings) error
	Counts(ctx context.Context) (*Counts, error)
}
