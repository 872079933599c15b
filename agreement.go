package chamber

import (
	"context"
	"strings"
	"time"
)

// Agreements (合作协议, MOU) with an outside party of the contacts register.

// AgreementRenewalDays is how long before its expiry an agreement is put
// in its owner's inbox for renewal.
const AgreementRenewalDays = 60

// Agreement statuses, computed from today and the expiry date.
const (
	AgreementActive   = "active"
	AgreementExpiring = "expiring" // within AgreementRenewalDays
	AgreementExpired  = "expired"
)

// Agreement is one signed agreement.
type Agreement struct {
	ID         ID         `json:"id"`
	ContactID  ID         `json:"contact_id"`
	Contact    string     `json:"contact"`
	Title      string     `json:"title"`
	SignedOn   string     `json:"signed_on"`
	ExpiresOn  string     `json:"expires_on"` // "" for an open-ended agreement
	OwnerID    ID         `json:"owner_user_id"`
	Owner      string     `json:"owner"`
	Notes      string     `json:"notes"`
	Status     string     `json:"status"`
	RemindedAt *time.Time `json:"reminded_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

// AgreementStatus says where an agreement stands on today.
func AgreementStatus(expiresOn, today string) string {
	if expiresOn == "" {
		return AgreementActive
	}
	if expiresOn < today {
		return AgreementExpired
	}
	if t, ok := ParseDate(today); ok && expiresOn <= t.AddDate(0, 0, AgreementRenewalDays).Format("2006-01-02") {
		return AgreementExpiring
	}
	return AgreementActive
}

// NewAgreement is what POST /api/v1/agreements takes.
type NewAgreement struct {
	ContactID ID     `json:"contact_id"`
	Title     string `json:"title"`
	SignedOn  string `json:"signed_on"`
	ExpiresOn string `json:"expires_on"`
	OwnerID   ID     `json:"owner_user_id,omitempty"` // default: the caller
	Notes     string `json:"notes,omitempty"`
}

// Validate checks a new agreement.
func (a *NewAgreement) Validate() error {
	var f Fields
	a.Title, a.Notes = strings.TrimSpace(a.Title), strings.TrimSpace(a.Notes)
	a.SignedOn, a.ExpiresOn = strings.TrimSpace(a.SignedOn), strings.TrimSpace(a.ExpiresOn)
	if a.ContactID <= 0 {
		f.Add("contact_id", "err.required")
	}
	textField(&f, "title", a.Title, true, 200)
	if !ValidDate(a.SignedOn) {
		f.Add("signed_on", "err.date")
	}
	if a.ExpiresOn != "" && !ValidDate(a.ExpiresOn) {
		f.Add("expires_on", "err.date")
	} else if a.ExpiresOn != "" && a.ExpiresOn <= a.SignedOn {
		f.Add("expires_on", "agreement.err.expires_before")
	}
	longText(&f, "notes", a.Notes, false, 2000)
	return f.Err()
}

// AgreementRenewal is POST /api/v1/agreements/{id}/renew: the new expiry.
type AgreementRenewal struct {
	ExpiresOn string `json:"expires_on"`
	Note      string `json:"note,omitempty"`
}

// AgreementService keeps the agreements and their renewal reminders.
type AgreementService interface {
	CreateAgreement(ctx context.Context, a NewAgreement) (*Agreement, error)
	FindAgreement(ctx context.Context, id ID) (*Agreement, error)
	// ListAgreements lists by expiry, soonest first (status "": all).
	ListAgreements(ctx context.Context, status string, contactID ID, p Page) ([]*Agreement, string, error)
	RenewAgreement(ctx context.Context, id ID, r AgreementRenewal) (*Agreement, error)
	// RemindAgreements is the background job: each agreement that expires
	// within AgreementRenewalDays lands in its owner's inbox once.
	RemindAgreements(ctx context.Context) (int, error)
}
