package chamber

import (
	"context"
	"math"
	"strings"
	"time"
)

// Business matching (供需对接): members' supply and demand offers, approved
// by staff, matched by their Chinese text, industry and region.

// Offer kinds and statuses.
const (
	OfferSupply   = "supply"
	OfferDemand   = "demand"
	OfferPending  = "pending"  // posted by a member, waiting for staff
	OfferApproved = "approved" // visible for matching
)

// Offer is one supply or demand post.
type Offer struct {
	ID        ID        `json:"id"`
	MemberID  ID        `json:"member_id"`
	Member    string    `json:"member"`
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Industry  string    `json:"industry"`
	Region    string    `json:"region"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// NewOffer is what POST /api/v1/offers takes (a portal login posts for its
// own member).
type NewOffer struct {
	MemberID ID     `json:"member_id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Industry string `json:"industry"`
	Region   string `json:"region"`
}

// Validate checks a new offer.
func (o *NewOffer) Validate() error {
	var f Fields
	o.Title, o.Body = strings.TrimSpace(o.Title), strings.TrimSpace(o.Body)
	o.Industry, o.Region = strings.TrimSpace(o.Industry), strings.TrimSpace(o.Region)
	if o.Kind != OfferSupply && o.Kind != OfferDemand {
		f.Add("kind", "err.invalid_value")
	}
	if o.MemberID <= 0 {
		f.Add("member_id", "err.required")
	}
	textField(&f, "title", o.Title, true, 100)
	longText(&f, "body", o.Body, true, 2000)
	if !TextOK(o.Body, true) {
		f.Add("body", "err.control_char", "body")
	}
	textField(&f, "industry", o.Industry, false, 60)
	textField(&f, "region", o.Region, false, 60)
	return f.Err()
}

// Match is an offer of the other kind with how well it fits and why.
type Match struct {
	Offer   *Offer   `json:"offer"`
	Score   int      `json:"score"` // 0–100
	Shared  []string `json:"shared_words"`
	Reasons []string `json:"reasons"` // codes: text, industry, industry_near, region, region_near
}

// MatchScore rates how well b fits a: the share of their Chinese bigrams
// (and Latin words) in common, cosine-style, for up to 60 points; the same
// industry 25 (one containing the other 15); the same region 15 (the same
// province or city prefix 8). words are each text's bigram sets.
func MatchScore(a, b *Offer, wa, wb map[string]bool) Match {
	m := Match{Offer: b, Shared: []string{}, Reasons: []string{}}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
			m.Shared = append(m.Shared, w)
		}
	}
	score := 0.0
	if common > 0 {
		score = 60 * float64(common) / math.Sqrt(float64(len(wa))*float64(len(wb)))
		m.Reasons = append(m.Reasons, "text")
	}
	ai, bi := strings.ToLower(a.Industry), strings.ToLower(b.Industry)
	switch {
	case ai != "" && ai == bi:
		score += 25
		m.Reasons = append(m.Reasons, "industry")
	case ai != "" && bi != "" && (strings.Contains(ai, bi) || strings.Contains(bi, ai)):
		score += 15
		m.Reasons = append(m.Reasons, "industry_near")
	}
	ar, br := []rune(a.Region), []rune(b.Region)
	switch {
	case len(ar) > 0 && a.Region == b.Region:
		score += 15
		m.Reasons = append(m.Reasons, "region")
	case len(ar) >= 2 && len(br) >= 2 && string(ar[:2]) == string(br[:2]):
		score += 8
		m.Reasons = append(m.Reasons, "region_near")
	}
	m.Score = int(math.Round(math.Min(score, 100)))
	return m
}

// OfferService keeps the offers and matches them.
type OfferService interface {
	CreateOffer(ctx context.Context, o NewOffer) (*Offer, error)
	FindOffer(ctx context.Context, id ID) (*Offer, error)
	ListOffers(ctx context.Context, kind, status string, p Page) ([]*Offer, string, error)
	ApproveOffer(ctx context.Context, id ID) (*Offer, error)
	// OfferMatches ranks the approved offers of the other kind (other
	// members' only) by MatchScore, best first, at most limit.
	OfferMatches(ctx context.Context, id ID, limit int) ([]Match, error)
}
