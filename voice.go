package chamber

import (
	"context"
	"time"
)

// The voice of members (反映会员呼声): what the requests of a period say,
// by kind, industry, region and outcome, as the basis of the leadership's
// research report (调研报告); and the typical cases (典型事例) the chamber
// discloses, each a draft announcement that only its approval publishes.

// Voice outcomes of a request: resolved by the secretariat, resolved after
// a referral to an outside contact, or still pending.
var VoiceOutcomes = []string{"resolved", "referred", "pending"}

// VoiceGroup is one row of a breakdown: how many requests, how many
// resolved, how many of those by their deadline, and that share (0–1).
type VoiceGroup struct {
	Key             string  `json:"key"`
	Count           int     `json:"count"`
	Resolved        int     `json:"resolved"`
	OnTime          int     `json:"resolved_on_time"`
	OnTimeShare     float64 `json:"on_time_share"`
	SatisfactionAvg float64 `json:"satisfaction_avg"`
}

// VoiceReport is the report of the requests filed from–to (dates, both included).
type VoiceReport struct {
	From       string         `json:"from"`
	To         string         `json:"to"`
	Total      VoiceGroup     `json:"total"`
	ByKind     []VoiceGroup   `json:"by_kind"`
	ByIndustry []VoiceGroup   `json:"by_industry"`
	ByRegion   []VoiceGroup   `json:"by_region"`
	ByOutcome  []VoiceGroup   `json:"by_outcome"`
	Cases      []*TypicalCase `json:"cases"`
}

// TypicalCase is a resolved request marked as a 典型事例: its text went
// into a draft announcement (AnnouncementID) that follows the announcement
// approval; AnnouncementStatus tells how far it got.
type TypicalCase struct {
	ID                 ID         `json:"id"`
	TicketID           ID         `json:"ticket_id"`
	Kind               TicketKind `json:"kind"`
	Title              string     `json:"title"`
	Anonymised         bool       `json:"anonymised"`
	AnnouncementID     ID         `json:"announcement_id"`
	AnnouncementStatus string     `json:"announcement_status"`
	CreatedBy          ID         `json:"created_by"`
	CreatedAt          time.Time  `json:"created_at"`
}

// NewTypicalCase marks a resolved request: title and body default to the
// request's subject, facts and outcome; Anonymise replaces the member's
// name (and its people's) throughout; Audience defaults to the public.
type NewTypicalCase struct {
	Title     string   `json:"title,omitempty"`
	Body      string   `json:"body,omitempty"`
	Anonymise bool     `json:"anonymise"`
	Audience  Audience `json:"audience,omitempty"`
}

// AnonymousMember is what an anonymised case calls the member.
const AnonymousMember = "某会员企业"

// VoiceService reports on requests and marks typical cases.
type VoiceService interface {
	VoiceReport(ctx context.Context, from, to string) (*VoiceReport, error)
	MarkTypicalCase(ctx context.Context, ticketID ID, n NewTypicalCase) (*TypicalCase, error)
	TypicalCases(ctx context.Context, from, to string) ([]*TypicalCase, error)
}
