package chamber

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Attachment owner kinds: what a file hangs on.
const (
	OwnerVoucher       = "voucher"
	OwnerReimbursement = "reimbursement"
	OwnerAnnouncement  = "announcement"
	OwnerAgendaItem    = "agenda_item"    // a meeting's materials, per agenda item
	OwnerTicket        = "ticket"         // a member service request: the member's evidence, staff's documents
	OwnerAgreement     = "agreement"      // an agreement's signed text and annexes
	OwnerDocument      = "document"       // an official document's annexes (附件), an incoming document's scan
	OwnerKBItem        = "kb_item"        // a knowledge-base entry's files
	OwnerJournalIssue  = "journal_issue"  // a 会刊 issue's PDF and cover
	OwnerMemberProfile = "member_profile" // a 会员风采 profile's logo or photo
)

// MaxAttachmentName is the longest file name kept (in characters).
const MaxAttachmentName = 200

// Attachment is a file kept in the blob store, named by its content hash,
// hanging on one owner (a voucher, a reimbursement claim, an announcement).
// Attachments are never changed or removed.
type Attachment struct {
	ID          ID        `json:"id"`
	OwnerKind   string    `json:"owner_kind"`
	OwnerID     ID        `json:"owner_id"`
	Hash        string    `json:"hash"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedBy   ID        `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// NewAttachment is what AddAttachment records after the file was stored.
type NewAttachment struct {
	OwnerKind   string
	OwnerID     ID
	Name        string
	ContentType string
	Size        int64
	Hash        string
	// Text is what internal/extract took out of the file, for search.
	Text string
}

// ValidOwnerKind reports whether k names something that takes attachments.
func ValidOwnerKind(k string) bool {
	return k == OwnerVoucher || k == OwnerReimbursement || k == OwnerAnnouncement || k == OwnerAgendaItem || k == OwnerTicket ||
		k == OwnerAgreement || k == OwnerApplicant || k == OwnerDocument || k == OwnerKBItem || k == OwnerJournalIssue || k == OwnerMemberProfile
}

// CleanAttachmentName keeps the last path element of a client's file name,
// without control characters; it is only ever shown, never used as a path.
func CleanAttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if n := []rune(name); len(n) > MaxAttachmentName {
		name = string(n[len(n)-MaxAttachmentName:])
	}
	return name
}

// Validate checks a new attachment's fields.
func (a *NewAttachment) Validate() error {
	var f Fields
	if !ValidOwnerKind(a.OwnerKind) {
		f.Add("owner_kind", "att.err.owner_kind")
	}
	if a.OwnerID <= 0 {
		f.Add("owner_id", "err.required")
	}
	if a.Name == "" {
		f.Add("file", "att.err.no_file")
	} else if utf8.RuneCountInString(a.Name) > MaxAttachmentName {
		f.Add("file", "att.err.name_long", MaxAttachmentName)
	}
	if !ValidBlobHash(a.Hash) {
		f.Add("file", "att.err.no_file")
	}
	if a.Size < 0 || a.ContentType == "" {
		f.Add("file", "att.err.no_file")
	}
	return f.Err()
}

// ValidBlobHash reports whether h is a lowercase hex SHA-256.
func ValidBlobHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// AttachmentService records and lists attachments. The file itself is in
// the blob store; these keep who attached what to which owner.
type AttachmentService interface {
	// MayAttach says whether the caller may add a file to the owner now
	// (checked before the upload is stored, and again by AddAttachment).
	MayAttach(ctx context.Context, ownerKind string, ownerID ID) error
	AddAttachment(ctx context.Context, in NewAttachment) (*Attachment, error)
	// ListAttachments lists an owner's files, oldest first, to those who
	// may read the owner.
	ListAttachments(ctx context.Context, ownerKind string, ownerID ID) ([]*Attachment, error)
	// FindAttachment is one attachment, to those who may read its owner.
	FindAttachment(ctx context.Context, id ID) (*Attachment, error)
}
