// Package web serves chamber's HTML pages and its JSON API (/api/v1) on the
// standard library's ServeMux. Handlers return errors; one adapter writes
// them (error.go). Every route is declared in routes.go with who may use it.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/prometheus/client_golang/prometheus"
)

// Store is what the web layer needs of the services.
type Store interface {
	chamber.UserService
	chamber.AuditService
	chamber.SettingsService
	chamber.LedgerService
	chamber.BooksService
	chamber.PeriodEndService
	chamber.BudgetService
	chamber.DonationService
	chamber.ReimbursementService
	chamber.DuesService
	Tiers(ctx context.Context) ([]chamber.Tier, error)
	chamber.OrgService
	chamber.MeetingService
	chamber.MeetingRecords
	chamber.MemberService
	chamber.ImportJobService
	chamber.AdmissionService
	chamber.AnnouncementService
	chamber.AttachmentService
	chamber.TicketService
	chamber.LegalService
	chamber.VoiceService
	chamber.LeaveService
	chamber.ActionService
	chamber.VehicleService
	chamber.EventService
	chamber.CharityService
	chamber.ExhibitionService
	chamber.WorkPlanService
	chamber.ProjectService
	chamber.WorkReportService
	chamber.AuthorityService
	chamber.StatisticService
	chamber.DeptDashboardService
	chamber.DocumentService
	chamber.ArchiveService
	chamber.ArchiveLoanService
	chamber.KnowledgeService
	chamber.SearchService
	chamber.InvitationService
	chamber.LiaisonService
	chamber.NominationService
	chamber.StaffMeetingService
	chamber.AnnualReviewService
	chamber.PayService
	chamber.PurchaseService
	chamber.FacilityService
	chamber.AgreementService
	chamber.LeadService
	chamber.DelegationService
	chamber.OfferService
	chamber.IntroductionService
	chamber.PolicyService
	chamber.PublicityService
	chamber.ShowcaseService
	// JournalFiles are an issue's attachments for its page.
	JournalFiles(ctx context.Context, issueID chamber.ID) ([]*chamber.Attachment, error)
	chamber.RecruitmentService
	chamber.DepreciationService
	Today(ctx context.Context) string
	// MemberNames returns the names of the given members only.
	MemberNames(ctx context.Context, ids []chamber.ID) (map[chamber.ID]string, error)
	// MeetingForVoter is the meeting a voting credential belongs to.
	MeetingForVoter(ctx context.Context, meetingID chamber.ID, credential string) (*chamber.Meeting, error)
	// Hit counts one event against a throttle key shared by every instance.
	Hit(ctx context.Context, key string, window time.Duration, limit int) (bool, time.Duration, error)
	// MyTodo is what waits for the login userID (the caller itself).
	MyTodo(ctx context.Context, userID chamber.ID) ([]chamber.TodoItem, error)
	// Reports: the annual report and the dashboards (reports branch).
	chamber.ReportService
	chamber.DashboardService
}

// Config carries the server's dependencies.
type Config struct {
	Store  Store
	Logger *slog.Logger
	Clock  chamber.Clock
	// SecureCookies marks cookies Secure; it is on by itself for requests
	// that arrive over TLS or with X-Forwarded-Proto: https.
	SecureCookies bool
	// TokenRate is the most requests per second one API token may make,
	// counted in the database across every instance.
	TokenRate int
	// Version is shown in the page footer and /healthz.
	Version string
	// Blobs keeps attachment files; nil refuses uploads.
	Blobs *blob.Store
	// BaseURL is the public address every printed link is built from
	// (feeds, QR codes, certificate links), never the Host header; default
	// http://127.0.0.1:8080.
	BaseURL string
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// MetricsAllow are the addresses that may read /metrics without an
	// administrator's login (e.g. the Prometheus server).
	MetricsAllow []netip.Prefix
	// ImportInlineRows is the largest member import run in the request;
	// larger files run as a background job (default chamber.ImportInlineRows).
	ImportInlineRows int
}

// Server is the HTTP side of chamber.
type Server struct {
	store   Store
	log     *slog.Logger
	clock   chamber.Clock
	cfg     Config
	mux     *http.ServeMux
	routes  []*route
	pages   map[string]*template.Template
	static  *staticFiles
	metrics *metrics
	handler http.Handler
	// draining is set by Drain: /healthz answers 503 so the balancer
	// sends nothing new while the running requests finish.
	draining atomic.Bool
}

// New builds the server and parses every template; it fails on a broken one.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = chamber.SystemClock{}
	}
	if cfg.ImportInlineRows <= 0 {
		cfg.ImportInlineRows = chamber.ImportInlineRows
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://127.0.0.1:8080"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.TokenRate <= 0 {
		cfg.TokenRate = 100
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, clock: cfg.Clock, cfg: cfg, mux: http.NewServeMux()}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
	}
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Registry is the Prometheus registry of this server (for tests).
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// HTTPServer wraps the handler with the timeouts a public server needs.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads of large spreadsheets
		WriteTimeout:      5 * time.Minute, // exports
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}
