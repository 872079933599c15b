package web

import (
	"time"

	"github.com/chamber-org/chamber"
)

// The answers handlers build as maps, as types for the OpenAPI document
// (apiDocs): each field has the type of the value the handler puts in.

type inboxAckAnswer struct {
	Announcement *chamber.Announcement `json:"announcement"`
	Delivery     *chamber.InboxItem    `json:"delivery"`
}

type archiveListAnswer struct {
	Items      []*chamber.ArchiveRecord `json:"items"`
	NextCursor string                   `json:"next_cursor"`
}

type collectionListAnswer struct {
	Items      []*chamber.KBCollection `json:"items"`
	NextCursor string                  `json:"next_cursor"`
}

type loanListAnswer struct {
	Items      []*chamber.ArchiveLoan `json:"items"`
	NextCursor string                 `json:"next_cursor"`
}

type disposalListAnswer struct {
	Items      []*chamber.ArchiveDisposal `json:"items"`
	NextCursor string                     `json:"next_cursor"`
}

type documentListAnswer struct {
	Items      []*chamber.Document `json:"items"`
	NextCursor string              `json:"next_cursor"`
}

type receiptListAnswer struct {
	Items []chamber.DocReceipt `json:"items"`
}

type regulationListAnswer struct {
	Items []*chamber.Document `json:"items"`
}

type feedbackAnswer struct {
	Rating int `json:"rating"`
}

type minutesAnswer struct {
	Status     string             `json:"status"`
	Text       string             `json:"text"`
	FromRecord string             `json:"from_record"`
	Versions   []*chamber.Minutes `json:"versions"`
	Version    int                `json:"version,omitempty"`
}

type noticeAnswer struct {
	AnnouncementID chamber.ID `json:"announcement_id"`
	Recipients     int64      `json:"recipients"`
	Read           int64      `json:"read"`
	SentAt         *time.Time `json:"sent_at"`
	AlreadySent    bool       `json:"already_sent"`
}

type publishedAnswer struct {
	AnnouncementID chamber.ID `json:"announcement_id"`
}

type orgTreeAnswer struct {
	Date       string             `json:"date"`
	Items      []*chamber.OrgNode `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

type grantAnswer struct {
	SubjectKind string               `json:"subject_kind"`
	Subject     string               `json:"subject"`
	Permissions []chamber.Permission `json:"permissions"`
}

type remindersAnswer struct {
	AnnouncementID chamber.ID `json:"announcement_id"`
	Recipients     int        `json:"recipients"`
}

type searchAnswer struct {
	Items []chamber.SearchHit `json:"items"`
}

type holidaysAnswer struct {
	Year int               `json:"year"`
	Days []chamber.Holiday `json:"days"`
}
