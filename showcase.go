package chamber

import (
	"context"
	"strings"
	"time"
)

// 会员风采 (the member showcase): a member enterprise writes its own
// profile on the portal, in Chinese and English; staff with
// announcement.write approve it or return it with a reason, and only the
// approved version is on the public site. A change to an approved profile
// waits for approval again while the approved version stays public.

// Member profile statuses: of the latest version written.
const (
	ProfilePending  = "pending"  // waiting for staff
	ProfileApproved = "approved" // the latest version is the public one
	ProfileReturned = "returned" // sent back with a reason; the member edits it
)

// ProfileText is one version of a profile: what the member writes and,
// once approved, what the public site shows.
type ProfileText struct {
	IntroZh    string `json:"intro_zh"`
	IntroEn    string `json:"intro_en"`
	ProductsZh string `json:"products_zh"`
	ProductsEn string `json:"products_en"`
	Website    string `json:"website"`
	// LogoID is an attachment of the profile (a logo or photo), or 0.
	LogoID ID `json:"logo_id"`
}

// Intro is the introduction in a language (zh when there is no English).
func (t *ProfileText) Intro(lang string) string {
	if lang == "en" && t.IntroEn != "" {
		return t.IntroEn
	}
	return t.IntroZh
}

// Products are the products in a language (zh when there is no English).
func (t *ProfileText) Products(lang string) string {
	if lang == "en" && t.ProductsEn != "" {
		return t.ProductsEn
	}
	return t.ProductsZh
}

// MemberProfileInput is what POST /api/v1/member-profiles and PUT
// /api/v1/member-profiles/{id} take; a portal login writes its own
// member's (member_id is ignored), announcement.write any member's.
type MemberProfileInput struct {
	MemberID ID `json:"member_id"`
	ProfileText
}

// Validate checks a profile's text.
func (in *MemberProfileInput) Validate() error {
	var f Fields
	t := &in.ProfileText
	for _, p := range []*string{&t.IntroZh, &t.IntroEn, &t.ProductsZh, &t.ProductsEn} {
		*p = NormalizeBody(*p)
	}
	t.Website = strings.TrimSpace(t.Website)
	for _, x := range []struct {
		name, v  string
		required bool
		max      int
	}{{"intro_zh", t.IntroZh, true, 3000}, {"intro_en", t.IntroEn, false, 5000}, {"products_zh", t.ProductsZh, false, 2000}, {"products_en", t.ProductsEn, false, 3000}} {
		longText(&f, x.name, x.v, x.required, x.max)
		if !TextOK(x.v, true) {
			f.Add(x.name, "err.control_char", x.name)
		}
	}
	if t.Website != "" && !ValidWebsite(t.Website) {
		f.Add("website", "err.website")
	}
	if t.LogoID < 0 {
		f.Add("logo_id", "err.invalid_value")
	}
	return f.Err()
}

// MemberProfile is a member's showcase entry: the latest version written
// (Draft) and the version the public site shows (Public, nil until the
// first approval).
type MemberProfile struct {
	ID         ID           `json:"id"`
	MemberID   ID           `json:"member_id"`
	Member     string       `json:"member"`
	Industry   string       `json:"industry"`
	Region     string       `json:"region"`
	Status     string       `json:"status"`
	Draft      ProfileText  `json:"draft"`
	Public     *ProfileText `json:"public"`
	Reason     string       `json:"return_reason"` // why staff returned it
	ApprovedAt *time.Time   `json:"approved_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

// ShowcaseEntry is an approved profile as the public site shows it.
type ShowcaseEntry struct {
	ID         ID        `json:"id"`
	Member     string    `json:"member"`
	Industry   string    `json:"industry"`
	Region     string    `json:"region"`
	ApprovedAt time.Time `json:"approved_at"`
	ProfileText
}

// ShowcaseService keeps the members' profiles.
type ShowcaseService interface {
	// SaveMemberProfile writes the member's profile (creating it the first
	// time): pending, or approved at once when staff write it.
	SaveMemberProfile(ctx context.Context, in MemberProfileInput) (*MemberProfile, error)
	UpdateMemberProfile(ctx context.Context, id ID, in MemberProfileInput) (*MemberProfile, error)
	// FindMemberProfile: a portal login its own member's, announcement.write any.
	FindMemberProfile(ctx context.Context, id ID) (*MemberProfile, error)
	// MyMemberProfile is the portal login's member's profile (nil if none).
	MyMemberProfile(ctx context.Context) (*MemberProfile, error)
	ListMemberProfiles(ctx context.Context, status string, p Page) ([]*MemberProfile, string, error)
	ApproveMemberProfile(ctx context.Context, id ID) (*MemberProfile, error)
	ReturnMemberProfile(ctx context.Context, id ID, reason string) (*MemberProfile, error)
	// Showcase lists the approved profiles for anyone, by member name.
	Showcase(ctx context.Context, p Page) ([]*ShowcaseEntry, string, error)
	ShowcaseEntry(ctx context.Context, id ID) (*ShowcaseEntry, error)
	// ShowcaseLogo is an approved profile's public logo, for anyone.
	ShowcaseLogo(ctx context.Context, id ID) (*Attachment, error)
}
