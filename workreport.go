package chamber

import (
	"context"
	"time"
	"unicode/utf8"
)

// The editable work report (年度工作报告): narrative text in safe Markdown
// around each generated section, saved as numbered versions, adopted by a
// passed work-report motion of the general assembly; the adopted version is
// frozen with the figures and the audit chain head as they were.

// WorkReportSections are the places for narrative, in the report's order:
// an opening, one after each generated section's heading, and an outlook.
var WorkReportSections = []string{"intro", "org", "members", "bodies", "events", "services", "documents", "finance", "outlook"}

// WorkReportSectionMax is the longest narrative one section takes (runes).
const WorkReportSectionMax = 20000

// WorkReport is a year's narrative at one version with the list of all
// versions and the adoption, if any.
type WorkReport struct {
	Year    int `json:"year"`
	Version int `json:"version"` // the version shown; 0 when none is saved
	Latest  int `json:"latest"`  // the newest version; 0 when none is saved
	// Sections is Markdown by section key; SectionsHTML the same rendered
	// and sanitised (filled by the web layer).
	Sections     map[string]string   `json:"sections"`
	SectionsHTML map[string]string   `json:"sections_html,omitempty"`
	SavedAt      *time.Time          `json:"saved_at"`
	SavedBy      string              `json:"saved_by"`
	Versions     []WorkReportVersion `json:"versions"`
	Adoption     *WorkReportAdoption `json:"adoption"`
}

// WorkReportVersion is one saved version: who saved it and when.
type WorkReportVersion struct {
	Version   int       `json:"version"`
	SavedAt   time.Time `json:"saved_at"`
	SavedByID ID        `json:"saved_by_id"`
	SavedBy   string    `json:"saved_by"`
}

// WorkReportAdoption is the general assembly's resolution that adopted one
// version, with the figures as compiled then and the audit chain head they
// were compiled at.
type WorkReportAdoption struct {
	Version      int           `json:"version"`
	MotionID     ID            `json:"motion_id"`
	MotionTitle  string        `json:"motion_title"`
	MeetingID    ID            `json:"meeting_id"`
	MeetingTitle string        `json:"meeting_title"`
	AdoptedOn    string        `json:"adopted_on"`
	RecordedAt   time.Time     `json:"recorded_at"`
	RecordedBy   ID            `json:"recorded_by"`
	AuditHead    AuditHead     `json:"audit_head"`
	Report       *AnnualReport `json:"report"`
}

// NewWorkReportVersion saves the narrative as the next version. BaseVersion
// is the version the editor started from: a save over a newer one than it
// is refused (409 stale) so nobody overwrites a colleague's text unseen.
type NewWorkReportVersion struct {
	BaseVersion int               `json:"base_version"`
	Sections    map[string]string `json:"sections"`
}

// Validate checks the section keys and lengths.
func (n NewWorkReportVersion) Validate() error {
	var f Fields
	known := map[string]bool{}
	for _, k := range WorkReportSections {
		known[k] = true
	}
	for k, v := range n.Sections {
		switch {
		case !known[k]:
			f.Add("sections."+k, "err.invalid_value")
		case !utf8.ValidString(v):
			f.Add("sections."+k, "err.invalid_value")
		case utf8.RuneCountInString(v) > WorkReportSectionMax:
			f.Add("sections."+k, "err.too_long", WorkReportSectionMax)
		}
	}
	if n.BaseVersion < 0 {
		f.Add("base_version", "err.invalid_value")
	}
	return f.Err()
}

// NewWorkReportAdoption names the passed motion adopting the latest version.
type NewWorkReportAdoption struct {
	MotionID ID `json:"motion_id"`
}

// WorkReportService keeps the narrative (report.write) and reads it
// (audit.read, like the report).
type WorkReportService interface {
	// WorkReport is the year's narrative at version (0: the adopted one,
	// else the latest).
	WorkReport(ctx context.Context, year, version int) (*WorkReport, error)
	SaveWorkReport(ctx context.Context, year int, in NewWorkReportVersion) (*WorkReport, error)
	AdoptWorkReport(ctx context.Context, year int, in NewWorkReportAdoption) (*WorkReport, error)
}
