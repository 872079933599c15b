package chamber

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Announcement kinds (GLOSSARY: 公告, 通知, 新闻稿, 动态, 信息公开).
const (
	KindNotice       = "notice"       // 通知
	KindAnnouncement = "announcement" // 公告
	KindNews         = "news"         // 新闻稿
	KindUpdate       = "update"       // 动态
	KindDisclosure   = "disclosure"   // 信息公开
	KindPolicy       = "policy"       // 政策信息: economic and policy bulletins, by industry
)

// AnnouncementKinds lists the kinds in display order.
var AnnouncementKinds = []string{KindNotice, KindAnnouncement, KindNews, KindUpdate, KindDisclosure, KindPolicy}

// Disclosure categories (信息公开: finances, work reports, resolutions).
const (
	DisclosureFinance    = "finance"     // 财务状况
	DisclosureWorkReport = "work_report" // 工作报告
	DisclosureResolution = "resolution"  // 决议
	DisclosureOther      = "other"
)

// DisclosureCategories lists the categories in display order.
var DisclosureCategories = []string{DisclosureFinance, DisclosureWorkReport, DisclosureResolution, DisclosureOther}

// Announcement states: drafted → approved (optionally with a publish time)
// → published. A published announcement never changes in place.
const (
	AnnDraft     = "draft"
	AnnApproved  = "approved"
	AnnPublished = "published"
)

// Audiences other than a body (a body is "body:ID", a tier "tier:CODE").
const (
	AudienceAllMembers = "all_members"
	AudienceCouncil    = "council"
	AudienceStaff      = "staff"
	AudiencePublic     = "public"
	// AudienceSubscribers: the active members subscribed to a policy
	// bulletin's industry (or to every industry); policy bulletins only.
	AudienceSubscribers = "subscribers"
)

// Audience is who an announcement goes to. In JSON it is one of the
// strings all_members, council, staff, public, "tier:CODE", or a body id as
// a JSON integer.
type Audience string

// BodyAudience is the audience of one body's holders.
func BodyAudience(id ID) Audience { return Audience("body:" + strconv.FormatInt(id, 10)) }

// TierAudience is the audience of the active members of one tier.
func TierAudience(code string) Audience { return Audience("tier:" + code) }

// BodyID returns the body of a body audience, 0 otherwise.
func (a Audience) BodyID() ID {
	if s, ok := strings.CutPrefix(string(a), "body:"); ok {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && v > 0 {
			return v
		}
	}
	return 0
}

// Tier returns the tier of a tier audience, "" otherwise.
func (a Audience) Tier() string {
	s, _ := strings.CutPrefix(string(a), "tier:")
	if s == string(a) {
		return ""
	}
	return s
}

// Valid reports whether the audience is well formed (whether a body or tier
// exists is the store's to check).
func (a Audience) Valid() bool {
	switch a {
	case AudienceAllMembers, AudienceCouncil, AudienceStaff, AudiencePublic, AudienceSubscribers:
		return true
	}
	if a.BodyID() != 0 {
		return true
	}
	t := a.Tier()
	return t != "" && len(t) <= 40
}

// Members reports whether the audience's recipients are members (each
// active member one recipient) rather than logins.
func (a Audience) Members() bool {
	return a == AudienceAllMembers || a == AudienceSubscribers || a.Tier() != ""
}

// MarshalJSON writes a body audience as its integer id.
func (a Audience) MarshalJSON() ([]byte, error) {
	if id := a.BodyID(); id != 0 {
		return []byte(strconv.FormatInt(id, 10)), nil
	}
	return json.Marshal(string(a))
}

// UnmarshalJSON reads a string or a body id.
func (a *Audience) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		v, err := n.Int64()
		if err != nil || v <= 0 {
			*a = Audience("invalid")
			return nil
		}
		*a = BodyAudience(v)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		*a = Audience("invalid")
		return nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil && v > 0 {
		*a = BodyAudience(v)
		return nil
	}
	*a = Audience(s)
	return nil
}

// Announcement is a notice, news item or disclosure.
type Announcement struct {
	ID       ID     `json:"id"`
	Kind     string `json:"kind"`
	Category string `json:"category,omitempty"` // disclosures
	Year     int    `json:"year,omitempty"`     // disclosures: the year reported on
	Industry string `json:"industry,omitempty"` // policy bulletins: "" for every industry
	// SourceContactID is the policy bulletin's source in the contacts
	// register (the 发改委, 商务厅 …), 0 for none.
	SourceContactID ID         `json:"source_contact_id,omitempty"`
	Title           string     `json:"title"`
	Body            string     `json:"body"`
	Audience        Audience   `json:"audience"`
	RequireAck      bool       `json:"require_ack"`
	Status          string     `json:"status"`
	Revision        int        `json:"revision"`
	AuthorID        ID         `json:"author_id"`
	ApprovedBy      ID         `json:"approved_by,omitempty"`
	ApprovedAt      *time.Time `json:"approved_at,omitempty"`
	PublishAt       *time.Time `json:"publish_at,omitempty"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	Recipients      int64      `json:"recipients"`
	Read            int64      `json:"read"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	// History holds the earlier published texts, oldest first (on a single record).
	History []*AnnouncementRevision `json:"history,omitempty"`
}

// AnnouncementRevision is one published text; corrections add one.
type AnnouncementRevision struct {
	Revision  int       `json:"revision"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Note      string    `json:"note,omitempty"`
	CreatedBy ID        `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// AnnouncementInput is the form for a draft (and for changing one).
type AnnouncementInput struct {
	Kind            string   `json:"kind"`
	Category        string   `json:"category,omitempty"`
	Year            int      `json:"year,omitempty"`
	Industry        string   `json:"industry,omitempty"`
	SourceContactID ID       `json:"source_contact_id,omitempty"`
	Title           string   `json:"title"`
	Body            string   `json:"body"`
	Audience        Audience `json:"audience"`
	RequireAck      bool     `json:"require_ack,omitempty"`
}

// Limits of an announcement's text.
const (
	MaxTitleLen = 200
	MaxBodyLen  = 50000
)

// Normalize trims the text and fills defaults.
func (in *AnnouncementInput) Normalize() {
	in.Kind = strings.TrimSpace(in.Kind)
	in.Title = strings.TrimSpace(in.Title)
	in.Body = NormalizeBody(in.Body)
	in.Category = strings.TrimSpace(in.Category)
	in.Industry = strings.TrimSpace(in.Industry)
	if in.Audience == "" && in.Kind == KindPolicy {
		in.Audience = AudienceSubscribers
	}
	if in.Audience == "" {
		in.Audience = AudienceAllMembers
	}
	if in.Kind == KindDisclosure && in.Category == "" {
		in.Category = DisclosureOther
	}
}

// Validate checks the form.
func (in *AnnouncementInput) Validate() error {
	var f Fields
	if !oneOf(in.Kind, AnnouncementKinds) {
		f.Add("kind", "err.invalid_value")
	}
	validateText(&f, in.Title, in.Body)
	if !in.Audience.Valid() {
		f.Add("audience", "ann.err.audience")
	}
	if in.Kind == KindDisclosure {
		if !oneOf(in.Category, DisclosureCategories) {
			f.Add("category", "err.invalid_value")
		}
	} else if in.Category != "" {
		f.Add("category", "err.invalid_value")
	}
	if in.Year != 0 && (in.Year < 1900 || in.Year > 2200) {
		f.Add("year", "err.invalid_value")
	}
	if in.Kind == KindPolicy {
		textField(&f, "industry", in.Industry, false, 60)
	} else if in.Industry != "" || in.SourceContactID != 0 {
		f.Add("industry", "ann.err.policy_only")
	}
	if in.Audience == AudienceSubscribers && in.Kind != KindPolicy {
		f.Add("audience", "ann.err.subscribers_policy")
	}
	if in.SourceContactID < 0 {
		f.Add("source_contact_id", "err.invalid_value")
	}
	if in.RequireAck && in.Kind != KindNotice {
		f.Add("require_ack", "ann.err.ack_notice_only")
	}
	return f.Err()
}

func validateText(f *Fields, title, body string) {
	if n := utf8.RuneCountInString(title); n == 0 {
		f.Add("title", "err.required")
	} else if n > MaxTitleLen {
		f.Add("title", "err.too_long", MaxTitleLen)
	}
	if n := utf8.RuneCountInString(body); n == 0 {
		f.Add("body", "err.required")
	} else if n > MaxBodyLen {
		f.Add("body", "err.too_long", MaxBodyLen)
	}
	if !utf8.ValidString(title) {
		f.Add("title", "err.invalid_value")
	}
	if !utf8.ValidString(body) {
		f.Add("body", "err.invalid_value")
	}
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}

// RevisionInput is a correction of a published announcement.
type RevisionInput struct {
	Title *string `json:"title,omitempty"`
	Body  string  `json:"body"`
	Note  string  `json:"note,omitempty"`
}

// Validate checks the correction given the current title.
func (in *RevisionInput) Validate(currentTitle string) (title string, err error) {
	var f Fields
	title = currentTitle
	if in.Title != nil {
		title = strings.TrimSpace(*in.Title)
	}
	in.Body = NormalizeBody(in.Body)
	validateText(&f, title, in.Body)
	if utf8.RuneCountInString(in.Note) > 500 {
		f.Add("note", "err.too_long", 500)
	}
	return title, f.Err()
}

// NormalizeBody keeps a body as plain text: line ends unified, control
// characters other than newline and tab removed, trailing space trimmed.
// Bodies are never HTML; pages show them escaped, paragraph by paragraph.
func NormalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Paragraphs splits a plain-text body into paragraphs at blank lines; each
// paragraph keeps its line breaks as separate lines.
func Paragraphs(body string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range strings.Split(NormalizeBody(body), "\n") {
		if strings.TrimSpace(l) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Receipts are the read figures of a published announcement: a member
// recipient counts as read once any of its representatives has read it.
type Receipts struct {
	Recipients int64 `json:"recipients"`
	Read       int64 `json:"read"`
	Acked      int64 `json:"acknowledged"`
}

// Recipient is one recipient of an announcement, for the receipts page.
type Recipient struct {
	MemberID ID         `json:"member_id,omitempty"`
	UserID   ID         `json:"user_id,omitempty"`
	Name     string     `json:"name"`
	ReadAt   *time.Time `json:"read_at,omitempty"`
	AckedAt  *time.Time `json:"acknowledged_at,omitempty"`
}

// InboxItem is one announcement in a login's inbox.
type InboxItem struct {
	DeliveryID  ID         `json:"delivery_id"`
	ID          ID         `json:"announcement_id"`
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	Revision    int        `json:"revision"`
	PublishedAt time.Time  `json:"published_at"`
	ReadAt      *time.Time `json:"read_at,omitempty"`
	RequireAck  bool       `json:"require_ack"`
	AckedAt     *time.Time `json:"acknowledged_at,omitempty"`
}

// AnnouncementFilter selects announcements for lists.
type AnnouncementFilter struct {
	Kind   string
	Status string
	// Public limits the list to what visitors may see (published, audience public).
	Public bool
}

// ApproveInput optionally schedules the publication.
type ApproveInput struct {
	PublishAt *time.Time `json:"publish_at,omitempty"`
}

// Notification is a message other domains send through the announcement
// path (meeting notices, minutes, dues reminders, admission results): it
// lands in each recipient's inbox and is queued for e-mail, exactly once
// per recipient for one Key.
type Notification struct {
	// Key makes the notification idempotent, e.g. "meeting:12:notice".
	Key      string
	Kind     string // usually notice
	Title    string
	Body     string
	Audience Audience // or explicit recipients below
	Members  []ID
	Users    []ID
	// RequireAck asks for 回执.
	RequireAck bool
	// Mail is the notice in each language ("zh-CN", "en") for its e-mail,
	// each recipient in its own; nil mails Title and Body as they are.
	// The inbox keeps Title and Body (the chamber's language of record).
	Mail func(lang string) (title, body string)
}

// Mail settings live in the settings table (mail.*).
type MailSettings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"`
	// TLS is "starttls" (required), "tls" (implicit, port 465), "opportunistic" or "none".
	TLS string `json:"tls"`
	// Rate is the most messages per second the worker sends.
	Rate int `json:"rate"`
	// WebhookURL receives a JSON POST per publication (SMS/WeChat gateways).
	WebhookURL    string `json:"webhook_url"`
	WebhookSecret string `json:"webhook_secret,omitempty"`
	// ApprovalRequired: publishing needs approval by another holder of announcement.approve.
	ApprovalRequired bool `json:"approval_required"`
}

// MailTLSModes lists the TLS modes.
var MailTLSModes = []string{"starttls", "tls", "opportunistic", "none"}

// Validate checks the settings.
func (m *MailSettings) Validate() error {
	var f Fields
	m.Host = strings.TrimSpace(m.Host)
	m.From = strings.TrimSpace(m.From)
	m.WebhookURL = strings.TrimSpace(m.WebhookURL)
	if len(m.Host) > 255 || strings.ContainsAny(m.Host, " /\n") {
		f.Add("host", "err.invalid_value")
	}
	if m.Port < 0 || m.Port > 65535 {
		f.Add("port", "err.invalid_value")
	}
	if !oneOf(m.TLS, MailTLSModes) {
		f.Add("tls", "err.invalid_value")
	}
	if m.Host != "" && (m.From == "" || !strings.Contains(m.From, "@")) {
		f.Add("from", "ann.err.from")
	}
	if m.Rate < 1 || m.Rate > 10000 {
		f.Add("rate", "err.invalid_value")
	}
	if m.WebhookURL != "" && !strings.HasPrefix(m.WebhookURL, "https://") && !strings.HasPrefix(m.WebhookURL, "http://") {
		f.Add("webhook_url", "err.invalid_value")
	}
	return f.Err()
}

// OutboxMessage is one message of the durable outbox, claimed by a worker.
type OutboxMessage struct {
	ID        ID
	Channel   string // "email" or "webhook"
	MessageID string // stable: the same on every attempt
	To        string
	ToName    string
	Subject   string
	Body      string
	Attempts  int
}

// OutboxResult is what happened to one claimed message.
type OutboxResult struct {
	ID ID
	// Err nil: delivered. Temporary errors are retried with backoff;
	// Permanent ones end the message as failed.
	Err       error
	Permanent bool
}

// OutboxStatus is the outbox at a glance.
type OutboxStatus struct {
	Queued  int64  `json:"queued"`
	Sending int64  `json:"sending"`
	Sent    int64  `json:"sent"`
	Failed  int64  `json:"failed"`
	Paused  bool   `json:"paused"`
	Reason  string `json:"reason,omitempty"`
}

// AnnouncementService manages announcements, the inbox and the outbox.
type AnnouncementService interface {
	CreateAnnouncement(ctx context.Context, in AnnouncementInput) (*Announcement, error)
	UpdateAnnouncement(ctx context.Context, id ID, in AnnouncementInput) (*Announcement, error)
	FindAnnouncement(ctx context.Context, id ID) (*Announcement, error)
	ListAnnouncements(ctx context.Context, f AnnouncementFilter, p Page) ([]*Announcement, string, error)
	ApproveAnnouncement(ctx context.Context, id ID, in ApproveInput) (*Announcement, error)
	PublishAnnouncement(ctx context.Context, id ID) (*Announcement, error)
	ReviseAnnouncement(ctx context.Context, id ID, in RevisionInput) (*Announcement, error)
	AnnouncementReceipts(ctx context.Context, id ID) (*Receipts, error)
	AnnouncementRecipients(ctx context.Context, id ID, unreadOnly bool, p Page) ([]*Recipient, string, error)
	RemindUnread(ctx context.Context, id ID) (int64, error)

	Inbox(ctx context.Context, p Page) ([]*InboxItem, string, error)
	UnreadCount(ctx context.Context) (int64, error)
	ReadAnnouncement(ctx context.Context, id ID) (*Announcement, *InboxItem, error)
	AcknowledgeAnnouncement(ctx context.Context, id ID) error

	PublicAnnouncement(ctx context.Context, id ID) (*Announcement, error)
	Disclosures(ctx context.Context) ([]*Announcement, error)

	MailSettings(ctx context.Context) (*MailSettings, error)
	UpdateMailSettings(ctx context.Context, m MailSettings) error
	OutboxStatus(ctx context.Context) (*OutboxStatus, error)
	ResumeOutbox(ctx context.Context) error
	QueueTestMail(ctx context.Context, to string) error
}
