package chamber

import (
	"context"
	"strings"
	"time"
)

// Introductions (对接): a member asks to be introduced to the member behind
// an offer that matches its own; staff make the introduction and log when,
// who took part and what came of it. The introductions logged in a year
// are the report's matched-and-introduced count.

// To-do kinds of business matching, for relations.write: members' offers
// waiting for approval and introductions asked for and not yet made.
const (
	TodoOffer        = "offer"
	TodoIntroduction = "introduction"
)

// Introduction statuses.
const (
	IntroRequested  = "requested"  // asked for, waiting for staff
	IntroIntroduced = "introduced" // staff have made and logged it
)

// Introduction is one request to meet the member behind a matching offer.
type Introduction struct {
	ID            ID         `json:"id"`
	OfferID       ID         `json:"offer_id"`
	OfferTitle    string     `json:"offer_title"`
	MemberID      ID         `json:"member_id"` // who asked (the offer's member)
	Member        string     `json:"member"`
	MatchOfferID  ID         `json:"match_offer_id"`
	MatchTitle    string     `json:"match_offer_title"`
	OtherMemberID ID         `json:"other_member_id"` // whom it is to
	OtherMember   string     `json:"other_member"`
	Note          string     `json:"note"`
	Status        string     `json:"status"`
	RequestedBy   ID         `json:"requested_by"`
	IntroducedOn  string     `json:"introduced_on"`
	IntroducedBy  ID         `json:"introduced_by"`
	Introducer    string     `json:"introducer"`
	People        string     `json:"people"`
	Outcome       string     `json:"outcome"`
	CreatedAt     time.Time  `json:"created_at"`
	LoggedAt      *time.Time `json:"logged_at"`
}

// NewIntroduction is what POST /api/v1/offers/{id}/introductions takes:
// the matching offer of another member to be introduced to.
type NewIntroduction struct {
	MatchOfferID ID     `json:"match_offer_id"`
	Note         string `json:"note"`
}

// Validate checks a request.
func (in *NewIntroduction) Validate() error {
	var f Fields
	in.Note = strings.TrimSpace(in.Note)
	if in.MatchOfferID <= 0 {
		f.Add("match_offer_id", "err.required")
	}
	longText(&f, "note", in.Note, false, 1000)
	return f.Err()
}

// IntroductionLog is what staff record once they made the introduction.
type IntroductionLog struct {
	IntroducedOn string `json:"introduced_on"`
	People       string `json:"people"`
	Outcome      string `json:"outcome"`
}

// Validate checks the log against today (an introduction is not logged
// ahead of time).
func (in *IntroductionLog) Validate(today string) error {
	var f Fields
	in.IntroducedOn, in.People, in.Outcome = strings.TrimSpace(in.IntroducedOn), strings.TrimSpace(in.People), strings.TrimSpace(in.Outcome)
	if !ValidDate(in.IntroducedOn) {
		f.Add("introduced_on", "err.date")
	} else if in.IntroducedOn > today {
		f.Add("introduced_on", "intro.err.future")
	}
	textField(&f, "people", in.People, true, 200)
	longText(&f, "outcome", in.Outcome, true, 2000)
	return f.Err()
}

// IntroductionFilter selects introductions for lists.
type IntroductionFilter struct {
	Status  string // requested | introduced
	OfferID ID     // either side's offer
}

// IntroductionService keeps the introductions.
type IntroductionService interface {
	RequestIntroduction(ctx context.Context, offerID ID, in NewIntroduction) (*Introduction, error)
	LogIntroduction(ctx context.Context, id ID, in IntroductionLog) (*Introduction, error)
	FindIntroduction(ctx context.Context, id ID) (*Introduction, error)
	ListIntroductions(ctx context.Context, f IntroductionFilter, p Page) ([]*Introduction, string, error)
}
