package chamber

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Publicity (对外宣传): press releases (announcements of kind news) sent to
// media organisations of the contacts register, the chamber's journal
// (会刊) as numbered issues with their articles and PDF, and the public
// site's editable pages (关于我们, 章程, 联系我们 …) in Markdown, zh and en.

// Journal issue statuses.
const (
	JournalDraft     = "draft"
	JournalPublished = "published" // listed on the public site
)

// JournalArticle is one article of an issue: taken from the news (a
// published announcement of kind news or update), from a member's story
// (an approved 会员风采 profile), or written for the issue alone (its
// summary), with its page in the issue (0: numbered in order).
type JournalArticle struct {
	Title          string `json:"title"`
	Author         string `json:"author"`
	Summary        string `json:"summary"`
	Page           int    `json:"page"`
	AnnouncementID ID     `json:"announcement_id"`
	ProfileID      ID     `json:"profile_id"`
}

// JournalIssue is one issue of the 会刊.
type JournalIssue struct {
	ID          ID               `json:"id"`
	Number      int              `json:"number"` // 总第N期
	Title       string           `json:"title"`
	IssuedOn    string           `json:"issued_on"`
	Cover       string           `json:"cover"` // the cover's lead (卷首语)
	Articles    []JournalArticle `json:"articles"`
	Status      string           `json:"status"`
	PublishedAt *time.Time       `json:"published_at"`
	CreatedAt   time.Time        `json:"created_at"`
}

// JournalInput is what POST and PUT /api/v1/journal-issues take.
type JournalInput struct {
	Number   int              `json:"number"`
	Title    string           `json:"title"`
	IssuedOn string           `json:"issued_on"`
	Cover    string           `json:"cover"`
	Articles []JournalArticle `json:"articles"`
}

// Validate checks an issue.
func (in *JournalInput) Validate() error {
	var f Fields
	in.Title, in.IssuedOn, in.Cover = strings.TrimSpace(in.Title), strings.TrimSpace(in.IssuedOn), strings.TrimSpace(in.Cover)
	if in.Number < 1 || in.Number > 100000 {
		f.Add("number", "err.invalid_value")
	}
	textField(&f, "title", in.Title, true, 200)
	if !ValidDate(in.IssuedOn) {
		f.Add("issued_on", "err.date")
	}
	longText(&f, "cover", in.Cover, false, 5000)
	if len(in.Articles) > 100 {
		f.Add("articles", "err.too_many", 100)
	}
	if in.Articles == nil {
		in.Articles = []JournalArticle{}
	}
	for i := range in.Articles {
		a := &in.Articles[i]
		a.Title, a.Author, a.Summary = strings.TrimSpace(a.Title), strings.TrimSpace(a.Author), strings.TrimSpace(a.Summary)
		textField(&f, "articles", a.Title, true, 200)
		textField(&f, "articles", a.Author, false, 100)
		longText(&f, "articles", a.Summary, false, 2000)
		if a.Page < 0 || a.Page > 1000 || a.AnnouncementID < 0 || a.ProfileID < 0 {
			f.Add("articles", "err.invalid_value")
		}
		if a.AnnouncementID > 0 && a.ProfileID > 0 {
			f.Add("articles", "journal.err.one_source")
		}
	}
	return f.Err()
}

// SitePage is one editable page of the public site.
type SitePage struct {
	Slug      string    `json:"slug"`
	TitleZh   string    `json:"title_zh"`
	TitleEn   string    `json:"title_en"`
	BodyZh    string    `json:"body_zh"` // Markdown, shown sanitised
	BodyEn    string    `json:"body_en"`
	Position  int       `json:"position"` // order in the public navigation
	UpdatedBy ID        `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Title is the page's title in a language (zh when there is no English).
func (p *SitePage) Title(lang string) string {
	if lang == "en" && p.TitleEn != "" {
		return p.TitleEn
	}
	return p.TitleZh
}

// Body is the page's Markdown in a language (zh when there is no English).
func (p *SitePage) Body(lang string) string {
	if lang == "en" && p.BodyEn != "" {
		return p.BodyEn
	}
	return p.BodyZh
}

// SitePageInput is what PUT /api/v1/site-pages/{slug} takes.
type SitePageInput struct {
	TitleZh  string `json:"title_zh"`
	TitleEn  string `json:"title_en"`
	BodyZh   string `json:"body_zh"`
	BodyEn   string `json:"body_en"`
	Position int    `json:"position"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidSlug reports whether s may name a site page.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Validate checks a page.
func (in *SitePageInput) Validate() error {
	var f Fields
	in.TitleZh, in.TitleEn = strings.TrimSpace(in.TitleZh), strings.TrimSpace(in.TitleEn)
	in.BodyZh, in.BodyEn = NormalizeBody(in.BodyZh), NormalizeBody(in.BodyEn)
	textField(&f, "title_zh", in.TitleZh, true, 100)
	textField(&f, "title_en", in.TitleEn, false, 100)
	for _, b := range []struct{ name, v string }{{"body_zh", in.BodyZh}, {"body_en", in.BodyEn}} {
		if utf8.RuneCountInString(b.v) > MaxBodyLen {
			f.Add(b.name, "err.too_long", MaxBodyLen)
		}
	}
	if in.BodyZh == "" {
		f.Add("body_zh", "err.required")
	}
	if in.Position < 0 || in.Position > 1000 {
		f.Add("position", "err.invalid_value")
	}
	return f.Err()
}

// PressMedia is a press release's media distribution.
type PressMedia struct {
	AnnouncementID ID         `json:"announcement_id"`
	Media          []*Contact `json:"media"`
}

// PublicityService keeps the journal, the site pages and the press
// releases' media.
type PublicityService interface {
	CreateJournalIssue(ctx context.Context, in JournalInput) (*JournalIssue, error)
	UpdateJournalIssue(ctx context.Context, id ID, in JournalInput) (*JournalIssue, error)
	PublishJournalIssue(ctx context.Context, id ID) (*JournalIssue, error)
	// FindJournalIssue: a published issue for anyone, a draft for
	// announcement.write.
	FindJournalIssue(ctx context.Context, id ID) (*JournalIssue, error)
	ListJournalIssues(ctx context.Context, p Page) ([]*JournalIssue, string, error)
	// JournalFile is a published issue's attachment, for anyone.
	JournalFile(ctx context.Context, issueID, attachmentID ID) (*Attachment, error)

	SitePages(ctx context.Context) ([]*SitePage, error)
	SitePage(ctx context.Context, slug string) (*SitePage, error)
	PutSitePage(ctx context.Context, slug string, in SitePageInput) (*SitePage, error)

	// Leadership is the positions of the chamber's bodies (not of its
	// departments) held today, by rank, for anyone.
	Leadership(ctx context.Context) ([]Leader, error)

	PressMedia(ctx context.Context, announcementID ID) (*PressMedia, error)
	SetPressMedia(ctx context.Context, announcementID ID, contactIDs []ID) (*PressMedia, error)
}

// Leader is one leading position of the chamber and who holds it today,
// for the public 领导机构 page generated from the org chart.
type Leader struct {
	Body     string   `json:"body"`
	Position string   `json:"position"`
	Holders  []string `json:"holders"`
}
