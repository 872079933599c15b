package chamber

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Official documents (公文): outgoing (发文) drafted, signed off along the
// author's reports-to chain and issued with a 文号; incoming (收文)
// registered with a 收文编号 and routed 拟办 → 批办 → 承办.

// Document directions.
const (
	DocOutgoing = "outgoing"
	DocIncoming = "incoming"
)

// DocTypes are the kinds of outgoing documents.
var DocTypes = []string{"notice", "request", "report", "letter", "reply", "decision", "regulation", "minutes"}

// Classifications (密级): public, internal, confidential (秘密: need-to-know).
const (
	ClassPublic       = "public"
	ClassInternal     = "internal"
	ClassConfidential = "confidential"
)

// Classifications lists the 密级 in order.
var Classifications = []string{ClassPublic, ClassInternal, ClassConfidential}

// Document statuses.
const (
	DocDraft         = "draft"
	DocReviewing     = "reviewing"
	DocApproved      = "approved"
	DocIssued        = "issued"
	DocRegistered    = "registered"
	DocRoutingStatus = "routing"
	DocDone          = "done"
)

// DefaultDocPrefix is the 发文字 of the 文号 when the setting is empty.
const DefaultDocPrefix = "商会发"

// FormatDocNo builds a 文号 such as 商会发〔2026〕3号.
func FormatDocNo(prefix string, year, seq int) string {
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, seq)
}

// FormatReceiptNo builds a 收文编号 such as 收〔2026〕12号.
func FormatReceiptNo(year, seq int) string { return FormatDocNo("收", year, seq) }

// Document is one outgoing or incoming document.
type Document struct {
	ID             ID         `json:"id"`
	Direction      string     `json:"direction"`
	DocType        string     `json:"doc_type,omitempty"`
	Title          string     `json:"title"`
	Body           string     `json:"body"`
	BodyHTML       string     `json:"body_html,omitempty"`
	Classification string     `json:"classification"`
	Status         string     `json:"status"`
	AuthorID       ID         `json:"author_id"`
	Author         string     `json:"author,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	DocNo          string     `json:"doc_no,omitempty"`
	IssuedAt       *time.Time `json:"issued_at"`
	Supersedes     ID         `json:"supersedes,omitempty"`
	Sender         string     `json:"sender,omitempty"`
	SenderDocNo    string     `json:"sender_doc_no,omitempty"`
	ReceivedOn     string     `json:"received_on,omitempty"`
	ReceiptNo      string     `json:"receipt_no,omitempty"`
	DoneNote       string     `json:"done_note,omitempty"`
	// MainTo and CopyTo are the 主送 and 抄送 of an outgoing document.
	MainTo string `json:"main_to,omitempty"`
	CopyTo string `json:"copy_to,omitempty"`
	// DueOn is an incoming document's deadline (办理时限), set when routed;
	// Overdue: past it and not done.
	DueOn   string `json:"due_on,omitempty"`
	Overdue bool   `json:"overdue"`
	// AwaitingPositionID is the post whose holder must sign next.
	AwaitingPositionID ID            `json:"awaiting_position_id,omitempty"`
	Distribution       []ID          `json:"distribution"`
	Steps              []*DocStep    `json:"steps"`
	Routes             []*DocRouting `json:"routes,omitempty"`
}

// DocStep is one step of the sign-off chain (核稿 … 签发).
type DocStep struct {
	Seq        int        `json:"seq"`
	PositionID ID         `json:"position_id"`
	Position   string     `json:"position"`
	UserID     ID         `json:"user_id"`
	Name       string     `json:"name"`
	Acting     bool       `json:"acting"`
	Decision   string     `json:"decision"` // pending, approved, rejected
	Comment    string     `json:"comment"`
	DecidedAt  *time.Time `json:"decided_at"`
}

// DocRouting is one routing step of an incoming document.
type DocRouting struct {
	Step        string    `json:"step"` // propose 拟办, instruct 批办, handle 承办
	PositionID  ID        `json:"position_id"`
	Position    string    `json:"position"`
	DueOn       string    `json:"due_on,omitempty"`
	Instruction string    `json:"instruction"`
	ByUserID    ID        `json:"by_user_id"`
	At          time.Time `json:"at"`
}

// Routing steps of an incoming document.
var RouteSteps = []string{"propose", "instruct", "handle"}

// RouteInput routes an incoming document: to a position, as a step (by
// default the next one: 拟办, then 批办, then 承办), with an optional deadline.
type RouteInput struct {
	PositionID  ID     `json:"position_id"`
	Instruction string `json:"instruction"`
	Step        string `json:"step"`
	DueOn       string `json:"due_on"`
}

// DocReceipt is one distributed reader of an issued document and when they read it.
type DocReceipt struct {
	UserID ID         `json:"user_id"`
	Name   string     `json:"name"`
	ReadAt *time.Time `json:"read_at"`
}

// DocAccess is one read of a confidential document.
type DocAccess struct {
	UserID ID        `json:"user_id"`
	At     time.Time `json:"at"`
}

// NewDocument is a draft outgoing document or an incoming registration.
type NewDocument struct {
	Direction          string `json:"direction"`
	DocType            string `json:"doc_type"`
	Title              string `json:"title"`
	Body               string `json:"body"`
	Classification     string `json:"classification"`
	Distribution       []ID   `json:"distribution"`
	DistributionBodies []ID   `json:"distribution_bodies"`
	Supersedes         ID     `json:"supersedes"`
	Sender             string `json:"sender"`
	SenderDocNo        string `json:"sender_doc_no"`
	ReceivedOn         string `json:"received_on"`
	MainTo             string `json:"main_to"`
	CopyTo             string `json:"copy_to"`
}

// Normalize trims the text fields and fills defaults.
func (n *NewDocument) Normalize() {
	n.Title, n.Sender, n.SenderDocNo = strings.TrimSpace(n.Title), strings.TrimSpace(n.Sender), strings.TrimSpace(n.SenderDocNo)
	n.ReceivedOn = strings.TrimSpace(n.ReceivedOn)
	n.MainTo, n.CopyTo = strings.TrimSpace(n.MainTo), strings.TrimSpace(n.CopyTo)
	if n.Direction == "" {
		n.Direction = DocOutgoing
	}
	if n.Classification == "" {
		n.Classification = ClassInternal
	}
}

// Validate checks a new document.
func (n *NewDocument) Validate() error {
	var f Fields
	if n.Direction != DocOutgoing && n.Direction != DocIncoming {
		f.Add("direction", "doc.err.direction")
	}
	if n.Title == "" || utf8.RuneCountInString(n.Title) > 200 {
		f.Add("title", "doc.err.title")
	}
	if len(n.Body) > 1<<20 {
		f.Add("body", "doc.err.body")
	}
	if !oneOf(n.Classification, Classifications) {
		f.Add("classification", "doc.err.classification")
	}
	if n.Direction == DocOutgoing && !oneOf(n.DocType, DocTypes) {
		f.Add("doc_type", "doc.err.doc_type")
	}
	if utf8.RuneCountInString(n.MainTo) > 500 {
		f.Add("main_to", "doc.err.recipients")
	}
	if utf8.RuneCountInString(n.CopyTo) > 500 {
		f.Add("copy_to", "doc.err.recipients")
	}
	if n.Direction == DocIncoming {
		if n.Sender == "" {
			f.Add("sender", "doc.err.sender")
		}
		if _, ok := ParseDate(n.ReceivedOn); !ok {
			f.Add("received_on", "err.date")
		}
	}
	return f.Err()
}

// NeedsPresident reports whether the 会长 signs the document type.
func NeedsPresident(docType string) bool { return docType == "decision" || docType == "regulation" }

// DocumentService is the documents area.
type DocumentService interface {
	CreateDocument(ctx context.Context, n NewDocument) (*Document, error)
	FindDocument(ctx context.Context, id ID) (*Document, error)
	ListDocuments(ctx context.Context, direction string) ([]*Document, error)
	UpdateDocument(ctx context.Context, id ID, title, body *string) (*Document, error)
	SubmitDocument(ctx context.Context, id ID) (*Document, error)
	DecideDocument(ctx context.Context, id ID, approve bool, comment string) (*Document, error)
	IssueDocument(ctx context.Context, id ID) (*Document, error)
	RouteDocument(ctx context.Context, id ID, in RouteInput) (*Document, error)
	FinishDocument(ctx context.Context, id ID, note string) (*Document, error)
	DocumentAccessLog(ctx context.Context, id ID) ([]DocAccess, error)
	DocumentReceipts(ctx context.Context, id ID) ([]DocReceipt, error)
	UpdateRecipients(ctx context.Context, id ID, mainTo, copyTo *string) (*Document, error)
	RemindDocuments(ctx context.Context) (int, error)
	DocumentRegister(ctx context.Context, direction string, year int) ([]*Document, error)
	CurrentRegulations(ctx context.Context) ([]*Document, error)
}

// Archive sources and retention periods (保管期限).
var (
	ArchiveSources    = []string{"document", "meeting", "voucher", "announcement", "attachment"}
	ArchiveRetentions = []string{"permanent", "30y", "10y"}
)

// ArchiveFonds is the 全宗号 of the chamber's archive.
const ArchiveFonds = "SH"

// FormatArchiveNo builds an archive number 全宗-年度-保管期限-件号,
// e.g. SH-2026-Y-0003 (Y 永久, D30 30 年, D10 10 年).
func FormatArchiveNo(year int, retention string, seq int) string {
	code := map[string]string{"permanent": "Y", "30y": "D30", "10y": "D10"}[retention]
	return fmt.Sprintf("%s-%d-%s-%04d", ArchiveFonds, year, code, seq)
}

// ArchiveRecord is one filed record; it never changes.
type ArchiveRecord struct {
	ID         ID        `json:"id"`
	ArchiveNo  string    `json:"archive_no"`
	SourceKind string    `json:"source_kind"`
	SourceID   ID        `json:"source_id"`
	Title      string    `json:"title"`
	Category   string    `json:"category"`
	Retention  string    `json:"retention"`
	Year       int       `json:"year"`
	FiledBy    ID        `json:"filed_by"`
	FiledAt    time.Time `json:"filed_at"`
	// ExpiresOn is the last day it must be kept ("" permanent); Expired:
	// past it; DisposalID: the approved destruction list that destroyed it.
	ExpiresOn  string `json:"expires_on,omitempty"`
	Expired    bool   `json:"expired"`
	DisposalID ID     `json:"disposal_id,omitempty"`
	OnLoan     bool   `json:"on_loan"`
}

// NewArchiveRecord files a record.
type NewArchiveRecord struct {
	SourceKind string `json:"source_kind"`
	SourceID   ID     `json:"source_id"`
	Category   string `json:"category"`
	Retention  string `json:"retention"`
	// Year is the record's 年度 (the year it was made); this year if 0.
	Year int `json:"year"`
}

// Validate checks a filing.
func (n *NewArchiveRecord) Validate() error {
	var f Fields
	n.Category = strings.TrimSpace(n.Category)
	if !oneOf(n.SourceKind, ArchiveSources) {
		f.Add("source_kind", "archive.err.source_kind")
	}
	if n.SourceID <= 0 {
		f.Add("source_id", "archive.err.source")
	}
	if n.Category == "" || utf8.RuneCountInString(n.Category) > 100 {
		f.Add("category", "archive.err.category")
	}
	if !oneOf(n.Retention, ArchiveRetentions) {
		f.Add("retention", "archive.err.retention")
	}
	if n.Year != 0 && (n.Year < 1900 || n.Year > 2100) {
		f.Add("year", "archive.err.year")
	}
	return f.Err()
}

// ArchiveService is the archive.
type ArchiveService interface {
	FileArchive(ctx context.Context, n NewArchiveRecord) (*ArchiveRecord, error)
	ListArchive(ctx context.Context) ([]*ArchiveRecord, error)
}

// SearchHit is one full-text search result.
type SearchHit struct {
	Kind    string `json:"kind"`
	ID      ID     `json:"id"`
	Title   string `json:"title"`
	Number  string `json:"number,omitempty"`
	Snippet string `json:"snippet"`
	// OwnerKind and OwnerID: what an attachment hit hangs on.
	OwnerKind string `json:"owner_kind,omitempty"`
	OwnerID   ID     `json:"owner_id,omitempty"`
	// InTitle: every term is in the title (these hits come first); At:
	// the date the hits are ordered by within each group, newest first.
	InTitle bool      `json:"in_title"`
	At      time.Time `json:"at"`
}

// SearchService is full-text search.
type SearchService interface {
	SearchDocuments(ctx context.Context, q string, limit int) ([]SearchHit, error)
}
