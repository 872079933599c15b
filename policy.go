package chamber

import (
	"context"
	"strings"
)

// Economic and policy information (经济信息及经济政策信息): announcements of
// kind policy, each for an industry or for all, fed from a source in the
// contacts register; members subscribe by industry on the portal and the
// bulletins to the audience subscribers reach their inboxes.

// PolicySubscription is a member's choice of industries.
type PolicySubscription struct {
	MemberID      ID       `json:"member_id"`
	AllIndustries bool     `json:"all_industries"`
	Industries    []string `json:"industries"`
	// Choices are the industries one may subscribe to: those of the
	// members and of the bulletins so far.
	Choices []string `json:"choices"`
}

// PolicySubscriptionInput is what PUT /api/v1/me/policy-subscriptions takes.
type PolicySubscriptionInput struct {
	AllIndustries bool     `json:"all_industries"`
	Industries    []string `json:"industries"`
}

// Validate trims and de-duplicates the industries.
func (in *PolicySubscriptionInput) Validate() error {
	var f Fields
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in.Industries {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		textField(&f, "industries", s, true, 60)
		out = append(out, s)
	}
	if len(out) > 50 {
		f.Add("industries", "err.too_many", 50)
	}
	in.Industries = out
	return f.Err()
}

// PolicyBulletin is a published policy bulletin with its source's name.
type PolicyBulletin struct {
	Announcement
	Source string `json:"source"`
}

// PolicyService keeps the subscriptions and reads the bulletin feed.
type PolicyService interface {
	PolicySubscriptions(ctx context.Context) (*PolicySubscription, error)
	SetPolicySubscriptions(ctx context.Context, in PolicySubscriptionInput) (*PolicySubscription, error)
	// PolicyBulletins are the published policy bulletins newest first, of
	// one industry (with those for every industry) or all ("").
	PolicyBulletins(ctx context.Context, industry string, p Page) ([]*PolicyBulletin, string, error)
}
