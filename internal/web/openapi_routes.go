package web

import (
	"reflect"

	"github.com/chamber-org/chamber"
)

// apiDoc is what the OpenAPI document says of one API route's success
// answer: its status, the Go type its JSON body is reflected from (see
// openapi_schema.go), or the content types of a download, and the query
// parameters its handler reads. apiDocs holds one per API route, keyed
// "METHOD pattern"; TestOpenAPIDocsCoverRoutes keeps it in step with the
// route table, and the recorded answers of the tests are validated against it.
//
// The table was first drawn from the handlers (the writeJSON/writePaged
// calls, Content-Type headers and r.URL.Query().Get reads they make); add
// the entry of a new route next to its domain's.
type apiDoc struct {
	Status int
	Type   reflect.Type // the JSON body; nil for none (204) or a download
	List   bool         // the body is {items: [Type], next_cursor}
	Files  []string     // a download's content types
	Query  []string     // query parameters (openapi_params.go types them)
	Also   []apiDoc     // other success answers (a voucher that waits for review: 202)
	// Schema names a hand-written component instead (route.Response).
	Schema string
	// OptionalBody: the handler takes an empty body as "no comment".
	OptionalBody bool
}

// one answers a T with status.
func one[T any](status int, query ...string) apiDoc {
	return apiDoc{Status: status, Type: reflect.TypeFor[T](), Query: query}
}

// listOf answers 200 {items: [T], next_cursor}.
func listOf[T any](query ...string) apiDoc {
	return apiDoc{Status: 200, Type: reflect.TypeFor[T](), List: true, Query: query}
}

// file answers a download of one of the content types.
func file(status int, types []string, query ...string) apiDoc {
	return apiDoc{Status: status, Files: types, Query: query}
}

// noBody answers status (204) without a body.
func noBody(status int) apiDoc { return apiDoc{Status: status} }

// noSuccess is a route that always refuses (405 on posted vouchers).
func noSuccess() apiDoc { return apiDoc{} }

// optionalBody marks the request body as optional.
func (d apiDoc) optionalBody() apiDoc { d.OptionalBody = true; return d }

// or adds another success answer.
func (d apiDoc) or(o apiDoc) apiDoc { d.Also = append(d.Also, o); return d }

var apiDocs = map[string]apiDoc{

	// action_api.go
	"POST /api/v1/meetings/{id}/action-items": one[chamber.ActionItem](201),
	"POST /api/v1/action-items/{id}/done":     one[chamber.ActionItem](200).optionalBody(),
	"GET /api/v1/action-items":                listOf[chamber.ActionItem]("meeting_id", "open", "owner_user_id"),

	// announcement.go
	"POST /api/v1/announcements":                one[chamber.Announcement](201),
	"GET /api/v1/announcements":                 listOf[chamber.Announcement]("cursor", "kind", "limit", "status"),
	"GET /api/v1/announcements/{id}":            one[chamber.Announcement](200),
	"PATCH /api/v1/announcements/{id}":          one[chamber.Announcement](200),
	"POST /api/v1/announcements/{id}/approve":   one[chamber.Announcement](200).optionalBody(),
	"POST /api/v1/announcements/{id}/publish":   one[chamber.Announcement](200),
	"POST /api/v1/announcements/{id}/revisions": one[chamber.Announcement](201),
	"GET /api/v1/announcements/{id}/receipts":   one[chamber.Receipts](200),
	"GET /api/v1/announcements/{id}/recipients": listOf[chamber.Recipient]("cursor", "limit", "unread"),
	"POST /api/v1/announcements/{id}/remind":    one[map[string]int64](200),
	"GET /api/v1/inbox":                         one[inboxResponse](200, "cursor", "limit"),
	"POST /api/v1/inbox/{id}/read":              one[chamber.Announcement](200),
	"POST /api/v1/inbox/{id}/acknowledge":       one[inboxAckAnswer](200),
	"GET /api/v1/mail/settings":                 one[chamber.MailSettings](200),
	"PUT /api/v1/mail/settings":                 one[chamber.MailSettings](200),
	"GET /api/v1/mail/outbox":                   one[chamber.OutboxStatus](200),
	"POST /api/v1/mail/test":                    one[map[string]bool](202),
	"POST /api/v1/mail/resume":                  one[chamber.OutboxStatus](200),

	// archive.go
	"POST /api/v1/archive": one[chamber.ArchiveRecord](201),
	"GET /api/v1/archive":  one[archiveListAnswer](200),

	// knowledge.go
	"POST /api/v1/knowledge":            one[chamber.KBCollection](201),
	"GET /api/v1/knowledge":             one[collectionListAnswer](200),
	"GET /api/v1/knowledge/{id}":        one[chamber.KBCollection](200),
	"POST /api/v1/knowledge/{id}/items": one[chamber.KBItem](201),
	"GET /api/v1/knowledge-items/{id}":  one[chamber.KBItem](200),

	// archive_loan.go
	"POST /api/v1/archive/loans":                  one[chamber.ArchiveLoan](201),
	"GET /api/v1/archive/loans":                   one[loanListAnswer](200, "overdue"),
	"POST /api/v1/archive/loans/{id}/approve":     one[chamber.ArchiveLoan](200).optionalBody(),
	"POST /api/v1/archive/loans/{id}/reject":      one[chamber.ArchiveLoan](200).optionalBody(),
	"POST /api/v1/archive/loans/{id}/return":      one[chamber.ArchiveLoan](200).optionalBody(),
	"POST /api/v1/archive/disposals":              one[chamber.ArchiveDisposal](201).optionalBody(),
	"GET /api/v1/archive/disposals":               one[disposalListAnswer](200),
	"GET /api/v1/archive/disposals/{id}":          one[chamber.ArchiveDisposal](200),
	"POST /api/v1/archive/disposals/{id}/approve": one[chamber.ArchiveDisposal](200).optionalBody(),
	"POST /api/v1/archive/disposals/{id}/reject":  one[chamber.ArchiveDisposal](200).optionalBody(),

	// attachment.go
	"POST /api/v1/attachments":          one[chamber.Attachment](201, "owner_id", "owner_kind"),
	"GET /api/v1/attachments":           listOf[chamber.Attachment]("cursor", "limit", "owner_id", "owner_kind"),
	"GET /api/v1/attachments/{id}":      one[chamber.Attachment](200),
	"GET /api/v1/attachments/{id}/file": file(200, []string{"*/*"}),

	// bank.go
	"GET /api/v1/finance/bank-statements":                            listOf[chamber.BankStatement]("cursor", "limit"),
	"POST /api/v1/finance/bank-statements":                           one[chamber.BankStatement](201, "account"),
	"GET /api/v1/finance/bank-statements/{id}":                       one[chamber.BankStatement](200),
	"GET /api/v1/finance/bank-statements/{id}/book-lines":            listOf[chamber.BookLine]("cursor", "limit"),
	"POST /api/v1/finance/bank-statements/{id}/auto-match":           one[map[string]int](200),
	"POST /api/v1/finance/bank-statements/{id}/matches":              one[chamber.BankStatementLine](200),
	"POST /api/v1/finance/bank-statements/{id}/lines/{line}/unmatch": one[chamber.BankStatementLine](200),
	"GET /api/v1/finance/bank-statements/{id}/reconciliation":        one[chamber.Reconciliation](200),

	// books.go
	"POST /api/v1/finance/opening-balances":            one[chamber.Voucher](201),
	"GET /api/v1/finance/settings":                     one[chamber.FinanceSettings](200),
	"PUT /api/v1/finance/settings":                     one[chamber.FinanceSettings](200),
	"GET /api/v1/finance/voucher-drafts":               listOf[chamber.VoucherDraft]("cursor", "limit", "status"),
	"POST /api/v1/finance/voucher-drafts":              one[chamber.VoucherDraft](201),
	"GET /api/v1/finance/voucher-drafts/{id}":          one[chamber.VoucherDraft](200),
	"POST /api/v1/finance/voucher-drafts/{id}/review":  one[chamber.VoucherDraft](200),
	"POST /api/v1/finance/voucher-drafts/{id}/reject":  one[chamber.VoucherDraft](200),
	"POST /api/v1/finance/voucher-drafts/{id}/cashier": one[chamber.VoucherDraft](200),
	"POST /api/v1/finance/voucher-drafts/{id}/post":    one[chamber.VoucherDraft](200).optionalBody(),
	"GET /api/v1/finance/vouchers/{id}/signoff":        one[chamber.Signoff](200),

	// books_period.go
	"GET /api/v1/finance/reports/general-ledger": one[chamber.GeneralLedger](200, "year"),
	"GET /api/v1/finance/year-end":               listOf[chamber.YearClosing]("cursor", "limit"),
	"POST /api/v1/finance/year-end/close":        one[chamber.YearClosing](201),

	// document_api.go
	"POST /api/v1/documents":                one[chamber.Document](201),
	"GET /api/v1/documents":                 one[documentListAnswer](200, "direction"),
	"GET /api/v1/documents/{id}":            one[chamber.Document](200),
	"PATCH /api/v1/documents/{id}":          one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/submit":    one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/approve":   one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/reject":    one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/issue":     one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/route":     one[chamber.Document](200).optionalBody(),
	"POST /api/v1/documents/{id}/done":      one[chamber.Document](200).optionalBody(),
	"GET /api/v1/documents/{id}/access-log": one[[]chamber.DocAccess](200),
	"GET /api/v1/documents/{id}/receipts":   one[receiptListAnswer](200),
	"GET /api/v1/regulations":               one[regulationListAnswer](200),

	// event_api.go
	"POST /api/v1/events":                               one[chamber.Event](201),
	"GET /api/v1/events":                                listOf[chamber.Event]("cursor", "kind", "limit", "status", "upcoming", "year"),
	"GET /api/v1/events/{id}":                           one[chamber.Event](200),
	"POST /api/v1/events/{id}/publish":                  one[chamber.Event](200),
	"POST /api/v1/events/{id}/status":                   one[chamber.Event](200),
	"POST /api/v1/events/{id}/registrations":            one[chamber.Registration](201),
	"GET /api/v1/events/{id}/registrations":             listOf[chamber.Registration](),
	"POST /api/v1/events/{id}/check-ins":                one[chamber.Registration](201),
	"POST /api/v1/events/{id}/feedback":                 one[feedbackAnswer](201),
	"GET /api/v1/events/{id}/stats":                     one[chamber.EventStats](200),
	"GET /api/v1/events/{id}/calendar.ics":              file(200, []string{"text/calendar"}),
	"GET /api/v1/registrations":                         listOf[chamber.Registration](),
	"GET /api/v1/registrations/{id}":                    one[chamber.Registration](200),
	"POST /api/v1/registrations/{id}/cancel":            one[chamber.Registration](200),
	"POST /api/v1/registrations/{id}/fee":               one[chamber.EventFee](201),
	"GET /api/v1/members/{id}/trainings":                listOf[chamber.MemberTraining](),
	"POST /api/v1/charity-campaigns":                    one[chamber.CharityCampaign](201),
	"GET /api/v1/charity-campaigns":                     listOf[chamber.CharityCampaign](),
	"GET /api/v1/charity-campaigns/{id}":                one[chamber.CharityCampaign](200),
	"POST /api/v1/charity-campaigns/{id}/pledges":       one[chamber.CharityPledge](201),
	"POST /api/v1/pledges/{id}/receive":                 one[chamber.Donation](201),
	"GET /api/v1/charity-campaigns/{id}/report":         one[chamber.CharityReport](200),
	"POST /api/v1/events/{id}/booths":                   one[chamber.Booth](201),
	"GET /api/v1/events/{id}/booths":                    listOf[chamber.Booth](),
	"POST /api/v1/events/{id}/exhibitors":               one[chamber.ExhibitorApplication](201),
	"GET /api/v1/events/{id}/exhibitors":                listOf[chamber.ExhibitorApplication](),
	"POST /api/v1/exhibitor-applications/{id}/allocate": one[chamber.ExhibitorApplication](200),
	"POST /api/v1/exhibitor-applications/{id}/products": one[chamber.ExhibitorProduct](201),
	"GET /api/v1/me/calendar.ics":                       file(200, []string{"text/calendar"}),
	"POST /api/v1/work-plans":                           one[chamber.WorkPlan](201),
	"GET /api/v1/work-plans":                            listOf[chamber.WorkPlan](),
	"GET /api/v1/work-plans/{id}":                       one[chamber.WorkPlan](200),
	"PATCH /api/v1/work-plans/{id}":                     one[chamber.WorkPlan](200),
	"POST /api/v1/work-plans/{id}/items":                one[chamber.WorkPlanItem](201),
	"POST /api/v1/work-plan-items/{id}/links":           one[chamber.WorkPlanItem](200),
	"POST /api/v1/work-plan-items/{id}/progress":        one[chamber.WorkPlanItem](200),
	"POST /api/v1/projects":                             one[chamber.Project](201),
	"GET /api/v1/projects":                              listOf[chamber.Project](),
	"GET /api/v1/projects/{id}":                         one[chamber.Project](200),
	"PATCH /api/v1/projects/{id}/status":                one[chamber.Project](200),
	"POST /api/v1/projects/{id}/milestones":             one[chamber.Project](201),
	"POST /api/v1/projects/{id}/milestones/{mid}/done":  one[chamber.Project](200),

	// finance.go
	"GET /api/v1/finance/accounts":               listOf[chamber.Account]("cursor", "limit"),
	"POST /api/v1/finance/accounts":              one[chamber.Account](201),
	"GET /api/v1/finance/vouchers":               listOf[chamber.Voucher]("account", "cursor", "limit", "period"),
	"POST /api/v1/finance/vouchers":              one[chamber.Voucher](201).or(one[chamber.VoucherDraft](202)),
	"GET /api/v1/finance/vouchers/{id}":          one[chamber.Voucher](200),
	"PATCH /api/v1/finance/vouchers/{id}":        noSuccess(),
	"DELETE /api/v1/finance/vouchers/{id}":       noSuccess(),
	"POST /api/v1/finance/vouchers/{id}/reverse": one[chamber.Voucher](201),
	"GET /api/v1/finance/periods":                listOf[chamber.Period]("cursor", "limit"),
	"POST /api/v1/finance/periods/close":         one[chamber.Period](200),
	"GET /api/v1/finance/verify":                 one[chamber.LedgerVerifyResult](200),
	"GET /api/v1/finance/reports/balance-sheet":  one[chamber.BalanceSheet](200, "date", "period"),
	"GET /api/v1/finance/reports/activities":     one[chamber.Activities](200, "date", "from", "period", "to"),
	"GET /api/v1/finance/reports/cash-flow":      one[chamber.CashFlow](200, "date", "from", "period", "to"),
	"GET /api/v1/finance/reports/trial-balance":  one[chamber.TrialBalance](200, "date", "from", "period", "to"),
	"GET /api/v1/finance/reports/ledger": one[struct {
		*chamber.AccountLedger
		NextCursor string "json:\"next_cursor\""
	}](200, "account", "cursor", "date", "from", "limit", "period", "to"),
	"GET /api/v1/finance/budgets":                 listOf[chamber.Budget]("cursor", "limit", "year"),
	"POST /api/v1/finance/budgets":                one[chamber.Budget](201),
	"POST /api/v1/finance/budgets/adopt":          one[chamber.BudgetAdoption](201),
	"POST /api/v1/finance/final-accounts/adopt":   one[chamber.BudgetAdoption](201),
	"GET /api/v1/finance/final-accounts":          one[chamber.FinalAccounts](200, "year"),
	"GET /api/v1/finance/donations":               listOf[chamber.Donation]("cursor", "limit"),
	"POST /api/v1/finance/donations":              one[chamber.Donation](201),
	"POST /api/v1/finance/donations/{id}/release": one[chamber.Donation](201),

	// home.go
	"GET /api/v1/me/todo": one[map[string]any](200),

	// purchase.go, facility.go
	"POST /api/v1/purchases":              one[chamber.Purchase](201),
	"GET /api/v1/purchases":               listOf[chamber.Purchase]("status", "view"),
	"GET /api/v1/purchases/{id}":          one[chamber.Purchase](200),
	"POST /api/v1/purchases/{id}/approve": one[chamber.Purchase](200).optionalBody(),
	"POST /api/v1/purchases/{id}/reject":  one[chamber.Purchase](200).optionalBody(),
	"POST /api/v1/purchases/{id}/receive": one[chamber.Purchase](200).optionalBody(),
	"GET /api/v1/purchase-budgets":        listOf[chamber.PurchaseBudget]("year"),
	"GET /api/v1/assets":                  listOf[chamber.Asset]("status"),
	"GET /api/v1/assets/{id}":             one[chamber.Asset](200),
	"POST /api/v1/assets/{id}/transfer":   one[chamber.Asset](200),
	"POST /api/v1/assets/{id}/dispose":    one[chamber.Asset](200),
	"POST /api/v1/asset-checks":           one[chamber.AssetCheckResult](200),
	"GET /api/v1/supplies":                listOf[chamber.Supply](),
	"POST /api/v1/supplies":               one[chamber.Supply](201),
	"POST /api/v1/supplies/{id}/issue":    one[chamber.SupplyMove](201),
	"GET /api/v1/supplies/{id}/moves":     listOf[chamber.SupplyMove](),
	"POST /api/v1/vehicles/{id}/dates":    one[chamber.Vehicle](200),
	"GET /api/v1/vehicles/due":            listOf[chamber.VehicleDue]("days"),
	"POST /api/v1/vehicles/{id}/trips":    one[chamber.VehicleTrip](201),
	"GET /api/v1/vehicles/{id}/trips":     listOf[chamber.VehicleTrip](),
	"POST /api/v1/repairs":                one[chamber.RepairRequest](201),
	"GET /api/v1/repairs":                 listOf[chamber.RepairRequest]("status"),
	"POST /api/v1/repairs/{id}/status":    one[chamber.RepairRequest](200),
	"POST /api/v1/receptions":             one[chamber.Reception](201),
	"GET /api/v1/receptions":              listOf[chamber.Reception]("from", "to"),

	// report.go
	"GET /api/v1/reports/annual":                   one[chamber.AnnualReport](200, "year"),
	"GET /api/v1/reports/dashboard":                one[chamber.Dashboard](200, "year"),
	"GET /api/v1/reports/annual/{year}/narrative":  one[chamber.WorkReport](200, "version"),
	"POST /api/v1/reports/annual/{year}/narrative": one[chamber.WorkReport](201),
	"POST /api/v1/reports/annual/{year}/adopt":     one[chamber.WorkReport](201),
	"GET /api/v1/reports/authority":                one[chamber.AuthorityReport](200, "year"),
	"POST /api/v1/reports/authority/{year}/fields": one[chamber.AuthorityReport](200),
	"GET /api/v1/reports/dashboard/departments":    one[deptDashboardsAnswer](200, "year"),
	"GET /api/v1/reports/statistics":               one[chamber.Statistic](200, "measure", "breakdown", "year"),

	// invitation.go
	"POST /api/v1/invitations": one[list[*chamber.Invitation]](201),
	"GET /api/v1/invitations":  listOf[chamber.Invitation]("cursor", "limit"),
	"POST /api/v1/activate":    one[chamber.User](201),

	// leave_api.go
	"POST /api/v1/leave":              one[chamber.LeaveRequest](201),
	"GET /api/v1/leave":               listOf[chamber.LeaveRequest]("status", "to_me", "user_id", "year"),
	"GET /api/v1/leave/{id}":          one[chamber.LeaveRequest](200),
	"POST /api/v1/leave/{id}/approve": one[chamber.LeaveRequest](200).optionalBody(),
	"POST /api/v1/leave/{id}/reject":  one[chamber.LeaveRequest](200).optionalBody(),
	"POST /api/v1/leave/{id}/cancel":  one[chamber.LeaveRequest](200),
	"GET /api/v1/leave-balances":      listOf[chamber.LeaveBalance]("user_id", "year"),
	"GET /api/v1/staff":               listOf[chamber.Staff](),
	"POST /api/v1/staff":              one[chamber.Staff](201),
	"GET /api/v1/staff/{id}":          one[chamber.Staff](200),
	"PATCH /api/v1/staff/{id}":        one[chamber.Staff](200),

	// depreciation.go
	"POST /api/v1/finance/depreciation": one[chamber.DepreciationRun](201).or(one[chamber.DepreciationRun](200)),
	"GET /api/v1/finance/depreciation":  listOf[chamber.DepreciationRun](),
	"POST /api/v1/assets/{id}/life":     one[chamber.Asset](200),

	// recruitment_api.go
	"POST /api/v1/openings":                   one[chamber.Opening](201),
	"GET /api/v1/openings":                    listOf[chamber.Opening]("status"),
	"GET /api/v1/openings/{id}":               one[chamber.Opening](200),
	"POST /api/v1/openings/{id}/approve":      one[chamber.Opening](200).optionalBody(),
	"POST /api/v1/openings/{id}/reject":       one[chamber.Opening](200).optionalBody(),
	"POST /api/v1/openings/{id}/close":        one[chamber.Opening](200),
	"POST /api/v1/openings/{id}/applicants":   one[chamber.Applicant](201),
	"GET /api/v1/applicants/{id}":             one[chamber.Applicant](200),
	"POST /api/v1/applicants/{id}/interviews": one[chamber.Interview](201),
	"POST /api/v1/applicants/{id}/reject":     one[chamber.Applicant](200).optionalBody(),
	"POST /api/v1/applicants/{id}/hire":       one[chamber.Applicant](200),
	"POST /api/v1/staff/{id}/trainings":       one[chamber.StaffTraining](201),

	// meeting.go
	"GET /api/v1/charter":                                         one[chamber.Charter](200, "date"),
	"GET /api/v1/charters":                                        listOf[chamber.Charter]("cursor", "limit"),
	"POST /api/v1/charters":                                       one[chamber.Charter](201),
	"GET /api/v1/meetings":                                        listOf[chamber.Meeting]("cursor", "limit"),
	"POST /api/v1/meetings":                                       one[chamber.Meeting](201),
	"GET /api/v1/meetings/{id}":                                   one[chamber.Meeting](200),
	"POST /api/v1/meetings/{id}/open":                             one[chamber.Meeting](200),
	"POST /api/v1/meetings/{id}/close":                            one[chamber.Meeting](200),
	"POST /api/v1/meetings/{id}/check-ins":                        one[chamber.CheckIn](201),
	"POST /api/v1/meetings/{id}/check-ins/{member_id}/credential": one[chamber.CheckIn](201),
	"GET /api/v1/meetings/{id}/check-ins":                         listOf[chamber.CheckIn]("cursor", "limit"),
	"GET /api/v1/meetings/{id}/quorum":                            one[chamber.Quorum](200),
	"POST /api/v1/meetings/{id}/motions":                          one[chamber.Motion](201),
	"GET /api/v1/meetings/{id}/motions":                           listOf[chamber.Motion]("cursor", "limit"),
	"POST /api/v1/meetings/{id}/elections":                        one[chamber.Election](201),
	"GET /api/v1/meetings/{id}/elections":                         listOf[chamber.Election]("cursor", "limit"),
	"GET /api/v1/meetings/{id}/minutes":                           one[minutesAnswer](200),
	"GET /api/v1/motions/{id}":                                    one[motionWithResult](200),
	"POST /api/v1/motions/{id}/open":                              one[motionWithResult](200),
	"POST /api/v1/motions/{id}/close":                             one[motionWithResult](200),
	"POST /api/v1/motions/{id}/ballots":                           one[receiptOut](201),
	"GET /api/v1/motions/{id}/result":                             one[chamber.Result](200),
	"POST /api/v1/motions/{id}/paper":                             one[motionWithResult](200),
	"POST /api/v1/motions/{id}/follow-up":                         one[chamber.Resolution](200),
	"GET /api/v1/resolutions":                                     listOf[chamber.Resolution]("cursor", "limit"),
	"POST /api/v1/meetings/{id}/minutes":                          one[chamber.Minutes](201),
	"POST /api/v1/meetings/{id}/minutes/sign":                     one[chamber.Minutes](200),
	"POST /api/v1/meetings/{id}/rsvp":                             one[chamber.RSVP](200),
	"GET /api/v1/meetings/{id}/rsvps":                             listOf[chamber.RSVP]("cursor", "limit"),
	"POST /api/v1/elections/{id}/confirm":                         listOf[chamber.Post]("cursor", "limit"),
	"POST /api/v1/meetings/{id}/notice":                           one[noticeAnswer](200),
	"POST /api/v1/meetings/{id}/minutes/publish":                  one[publishedAnswer](200),
	"POST /api/v1/charters/{id}/filing":                           one[chamber.Charter](200),
	"GET /api/v1/elections/{id}":                                  one[chamber.Election](200),
	"POST /api/v1/elections/{id}/open":                            one[chamber.Election](200),
	"POST /api/v1/elections/{id}/close":                           one[chamber.Election](200),
	"POST /api/v1/elections/{id}/ballots":                         one[receiptOut](201),
	"GET /api/v1/elections/{id}/result":                           one[chamber.ElectionResult](200),

	// member.go
	"POST /api/v1/members":                      one[chamber.Member](201),
	"GET /api/v1/members":                       listOf[chamber.Member]("cursor", "industry", "limit", "q", "region", "sort", "status", "tag", "tier"),
	"GET /api/v1/members/tiers":                 listOf[chamber.Tier]("cursor", "limit"),
	"GET /api/v1/members/export":                file(200, []string{"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, "format", "industry", "q", "region", "sort", "status", "tag", "tier"),
	"POST /api/v1/members/import":               one[chamber.ImportResult](200),
	"POST /api/v1/members/import-jobs":          one[map[string]chamber.ID](202),
	"GET /api/v1/jobs/{id}":                     one[jobView](200),
	"GET /api/v1/members/{id}":                  one[chamber.Member](200),
	"PATCH /api/v1/members/{id}":                one[chamber.Member](200),
	"POST /api/v1/members/{id}/liaison":         one[chamber.Liaison](201),
	"GET /api/v1/members/{id}/liaison":          listOf[chamber.Liaison](),
	"GET /api/v1/members/liaison":               listOf[chamber.Liaison]("cursor", "from", "limit", "to", "user_id"),
	"GET /api/v1/members/liaison-by-staff":      listOf[chamber.LiaisonStaff]("from", "to"),
	"GET /api/v1/members/unvisited":             listOf[chamber.Unvisited]("cursor", "limit", "months"),
	"POST /api/v1/nominations":                  one[chamber.Nomination](201),
	"GET /api/v1/nominations":                   listOf[chamber.Nomination]("cursor", "limit"),
	"POST /api/v1/nominations/{id}/decision":    one[chamber.Nomination](200),
	"GET /api/v1/members/{id}/history":          listOf[chamber.HistoryEntry]("cursor", "limit"),
	"POST /api/v1/members/{id}/status":          one[chamber.Member](200),
	"POST /api/v1/members/{id}/lapse":           one[chamber.Member](200),
	"GET /api/v1/members/{id}/representatives":  listOf[chamber.Representative]("cursor", "limit"),
	"POST /api/v1/members/{id}/representatives": one[chamber.Representative](201),
	"POST /api/v1/applications":                 one[applicationJSON](201),
	"GET /api/v1/applications":                  listOf[chamber.Application]("cursor", "limit", "status"),
	"POST /api/v1/applications/{id}/decision":   one[chamber.Application](200),
	"GET /api/v1/me/member":                     one[chamber.Member](200),
	"PATCH /api/v1/me/member": one[struct {
		*chamber.Member
		PendingChange *chamber.ChangeRequest "json:\"pending_change,omitempty\""
	}](200),

	// org.go
	"GET /api/v1/org":                         one[orgTreeAnswer](200, "date"),
	"GET /api/v1/org/chart.svg":               file(200, []string{"image/svg+xml"}, "date"),
	"GET /api/v1/org/bodies":                  listOf[chamber.Body]("cursor", "limit"),
	"POST /api/v1/org/bodies":                 one[chamber.Body](201),
	"GET /api/v1/org/bodies/{id}":             one[chamber.Body](200),
	"PATCH /api/v1/org/bodies/{id}":           one[chamber.Body](200),
	"GET /api/v1/org/bodies/{id}/terms":       listOf[chamber.Term]("cursor", "limit"),
	"POST /api/v1/org/bodies/{id}/terms":      one[chamber.Term](201),
	"GET /api/v1/org/bodies/{id}/seats":       listOf[chamber.Post]("cursor", "date", "limit"),
	"GET /api/v1/org/departments":             listOf[chamber.Department]("cursor", "limit"),
	"POST /api/v1/org/departments":            one[chamber.Department](201),
	"PATCH /api/v1/org/departments/{id}":      one[chamber.Department](200),
	"GET /api/v1/org/positions":               listOf[chamber.Position]("cursor", "limit"),
	"POST /api/v1/org/positions":              one[chamber.Position](201),
	"GET /api/v1/org/positions/{id}":          one[chamber.Position](200),
	"PATCH /api/v1/org/positions/{id}":        one[chamber.Position](200),
	"GET /api/v1/org/positions/{id}/holders":  listOf[chamber.Post]("cursor", "date", "limit"),
	"POST /api/v1/org/posts":                  one[chamber.Post](201),
	"POST /api/v1/org/posts/{id}/end":         one[chamber.Post](200),
	"GET /api/v1/org/grants":                  listOf[chamber.Grant]("cursor", "limit"),
	"PUT /api/v1/org/grants/{kind}/{subject}": one[grantAnswer](200),
	"GET /api/v1/org/who-may":                 listOf[chamber.User]("cursor", "date", "limit", "permission"),
	"GET /api/v1/org/approval-chain":          listOf[chamber.Approver]("cursor", "date", "limit", "user_id"),

	// pay.go
	"POST /api/v1/pay-items":             one[chamber.PayItem](201),
	"GET /api/v1/pay-items":              listOf[chamber.PayItem]("month", "user_id"),
	"POST /api/v1/pay-items/import":      one[map[string]int](200, "month"),
	"GET /api/v1/payrolls":               listOf[chamber.Payroll](),
	"GET /api/v1/payrolls/{month}":       one[chamber.Payroll](200),
	"POST /api/v1/payrolls/{month}/post": one[chamber.Payroll](201),

	// reimbursement.go
	"GET /api/v1/finance/reimbursements":                  listOf[chamber.Reimbursement]("cursor", "limit", "status", "view"),
	"POST /api/v1/finance/reimbursements":                 one[chamber.Reimbursement](201),
	"GET /api/v1/finance/reimbursements/limits":           one[apiLimits](200),
	"PUT /api/v1/finance/reimbursements/limits":           one[apiLimits](200),
	"GET /api/v1/finance/reimbursements/{id}":             one[chamber.Reimbursement](200),
	"POST /api/v1/finance/reimbursements/{id}/approve":    one[chamber.Reimbursement](200).optionalBody(),
	"POST /api/v1/finance/reimbursements/{id}/reject":     one[chamber.Reimbursement](200).optionalBody(),
	"POST /api/v1/finance/reimbursements/{id}/pay":        one[chamber.Reimbursement](200).optionalBody(),
	"GET /api/v1/finance/dues/rates":                      listOf[chamber.DuesRate]("cursor", "limit", "year"),
	"POST /api/v1/finance/dues/rates":                     one[chamber.DuesRate](200),
	"POST /api/v1/finance/dues/invoices/generate":         one[chamber.InvoiceRun](200),
	"GET /api/v1/finance/dues/invoices":                   listOf[chamber.DuesInvoice]("cursor", "limit", "member_id", "status", "year"),
	"GET /api/v1/finance/dues/invoices/{id}":              one[chamber.DuesInvoice](200),
	"POST /api/v1/finance/dues/invoices/{id}/payments":    one[chamber.DuesPayment](201),
	"POST /api/v1/finance/dues/invoices/{id}/adjustments": one[chamber.DuesAdjust](201),
	"GET /api/v1/finance/dues/arrears":                    one[chamber.Arrears](200, "as_of", "cursor", "limit"),
	"POST /api/v1/finance/dues/reminders":                 one[remindersAnswer](200),
	"GET /api/v1/finance/dues/mine":                       listOf[chamber.DuesInvoice]("cursor", "limit"),

	// review.go
	"POST /api/v1/reviews":                one[chamber.AnnualReview](201),
	"GET /api/v1/reviews":                 listOf[chamber.AnnualReview]("subject_kind", "year"),
	"GET /api/v1/reviews/{id}":            one[chamber.AnnualReview](200),
	"POST /api/v1/reviews/{id}/report":    one[chamber.AnnualReview](200).optionalBody(),
	"POST /api/v1/reviews/{id}/scores":    one[chamber.AnnualReview](201).optionalBody(),
	"POST /api/v1/reviews/{id}/reviewers": one[chamber.AnnualReview](201).optionalBody(),
	"POST /api/v1/reviews/{id}/conclude":  one[chamber.AnnualReview](200).optionalBody(),

	// routes.go
	"GET /api/v1/openapi.json":         one[map[string]any](200),
	"POST /api/v1/auth/tokens":         one[tokenResponse](201),
	"GET /api/v1/auth/tokens":          listOf[chamber.Token]("cursor", "limit"),
	"DELETE /api/v1/auth/tokens/{id}":  noBody(204),
	"GET /api/v1/me":                   one[meResponse](200),
	"POST /api/v1/me/password":         noBody(204),
	"GET /api/v1/users":                listOf[chamber.User]("cursor", "limit"),
	"POST /api/v1/users":               one[chamber.User](201),
	"GET /api/v1/users/{id}":           one[chamber.User](200),
	"POST /api/v1/users/{id}/password": one[chamber.User](200),
	"POST /api/v1/users/{id}/status":   one[chamber.User](200),
	"GET /api/v1/audit":                listOf[chamber.AuditRecord]("actor", "cursor", "entity", "entity_id", "limit"),
	"GET /api/v1/audit/verify":         one[chamber.VerifyResult](200),
	"GET /api/v1/audit/head":           one[chamber.AuditHead](200),
	"GET /api/v1/settings":             one[chamber.Settings](200),
	"PATCH /api/v1/settings":           one[chamber.Settings](200),

	// search.go
	"GET /api/v1/search": one[searchAnswer](200, "limit", "q"),

	// staff_meeting.go
	"GET /api/v1/staff-meetings": listOf[chamber.Meeting]("department_id", "kind"),

	// legal_api.go
	"POST /api/v1/legal-cases":                     one[chamber.LegalCase](201),
	"GET /api/v1/legal-cases":                      listOf[chamber.LegalCase]("cursor", "limit", "member_id", "status"),
	"GET /api/v1/legal-cases/{id}":                 one[chamber.LegalCase](200),
	"PATCH /api/v1/legal-cases/{id}":               one[chamber.LegalCase](200),
	"POST /api/v1/legal-cases/{id}/steps":          one[chamber.LegalStep](201),
	"POST /api/v1/legal-cases/{id}/close":          one[chamber.LegalCase](200),
	"GET /api/v1/legal-office-hours":               listOf[chamber.OfficeHours](),
	"POST /api/v1/legal-office-hours":              one[chamber.OfficeHours](201),
	"POST /api/v1/legal-office-hours/{id}/end":     one[chamber.OfficeHours](200).optionalBody(),
	"GET /api/v1/legal-office-hours/slots":         listOf[chamber.ConsultationSlot]("from", "to"),
	"POST /api/v1/legal-consultations":             one[chamber.Consultation](201),
	"GET /api/v1/legal-consultations":              listOf[chamber.Consultation]("upcoming"),
	"POST /api/v1/legal-consultations/{id}/cancel": one[chamber.Consultation](200).optionalBody(),

	// voice.go
	"GET /api/v1/reports/voice":              one[chamber.VoiceReport](200, "from", "to"),
	"POST /api/v1/tickets/{id}/typical-case": one[chamber.TypicalCase](201).optionalBody(),
	"GET /api/v1/typical-cases":              listOf[chamber.TypicalCase]("from", "to"),

	// ticket_api.go
	"POST /api/v1/tickets":                    one[chamber.Ticket](201),
	"GET /api/v1/tickets":                     listOf[chamber.Ticket]("cursor", "kind", "limit", "member_id", "mine", "overdue", "status"),
	"GET /api/v1/tickets/{id}":                one[chamber.Ticket](200),
	"GET /api/v1/tickets/{id}/replies":        listOf[chamber.TicketReply](),
	"POST /api/v1/tickets/{id}/replies":       one[chamber.TicketReply](201),
	"POST /api/v1/tickets/{id}/assign":        one[chamber.Ticket](200).optionalBody(),
	"POST /api/v1/tickets/{id}/refer":         one[chamber.Ticket](200).optionalBody(),
	"POST /api/v1/tickets/{id}/resolve":       one[chamber.Ticket](200).optionalBody(),
	"POST /api/v1/tickets/{id}/reopen":        one[chamber.Ticket](200).optionalBody(),
	"POST /api/v1/tickets/{id}/satisfaction":  one[chamber.Ticket](201),
	"GET /api/v1/ticket-routes":               listOf[chamber.TicketRoute](),
	"PUT /api/v1/ticket-routes/{kind}":        listOf[chamber.TicketRoute](),
	"GET /api/v1/holidays":                    one[holidaysAnswer](200, "year"),
	"PUT /api/v1/holidays":                    one[holidaysAnswer](200),
	"GET /api/v1/contacts":                    listOf[chamber.Contact]("cursor", "kind", "limit", "q"),
	"POST /api/v1/contacts":                   one[chamber.Contact](201),
	"GET /api/v1/contacts/{id}":               one[chamber.Contact](200),
	"POST /api/v1/contacts/{id}/interactions": one[chamber.Interaction](201),

	// relation.go
	"POST /api/v1/agreements":                  one[chamber.Agreement](201),
	"GET /api/v1/agreements":                   listOf[chamber.Agreement]("contact_id", "cursor", "limit", "status"),
	"GET /api/v1/agreements/{id}":              one[chamber.Agreement](200),
	"POST /api/v1/agreements/{id}/renew":       one[chamber.Agreement](200),
	"POST /api/v1/leads":                       one[chamber.Lead](201),
	"GET /api/v1/leads":                        listOf[chamber.Lead]("cursor", "limit", "stage", "year"),
	"GET /api/v1/leads/funnel":                 one[chamber.Funnel](200, "year"),
	"GET /api/v1/leads/{id}":                   one[chamber.Lead](200),
	"POST /api/v1/leads/{id}/stage":            one[chamber.Lead](200),
	"POST /api/v1/delegations":                 one[chamber.Delegation](201),
	"GET /api/v1/delegations":                  listOf[chamber.Delegation]("cursor", "limit"),
	"GET /api/v1/delegations/{id}":             one[chamber.Delegation](200),
	"POST /api/v1/delegations/{id}/plan":       one[chamber.Delegation](200),
	"POST /api/v1/delegations/{id}/report":     one[chamber.Delegation](200),
	"POST /api/v1/offers":                      one[chamber.Offer](201),
	"GET /api/v1/offers":                       listOf[chamber.Offer]("cursor", "kind", "limit", "status"),
	"GET /api/v1/offers/{id}":                  one[chamber.Offer](200),
	"POST /api/v1/offers/{id}/approve":         one[chamber.Offer](200),
	"GET /api/v1/offers/{id}/matches":          listOf[chamber.Match]("limit"),
	"POST /api/v1/offers/{id}/introductions":   one[chamber.Introduction](201),
	"GET /api/v1/introductions":                listOf[chamber.Introduction]("cursor", "limit", "offer_id", "status"),
	"GET /api/v1/introductions/{id}":           one[chamber.Introduction](200),
	"POST /api/v1/introductions/{id}/log":      one[chamber.Introduction](200),
	"GET /api/v1/policy-bulletins":             listOf[chamber.PolicyBulletin]("cursor", "industry", "limit"),
	"GET /api/v1/me/policy-subscriptions":      one[chamber.PolicySubscription](200),
	"PUT /api/v1/me/policy-subscriptions":      one[chamber.PolicySubscription](200),
	"GET /api/v1/journal-issues":               listOf[chamber.JournalIssue]("cursor", "limit"),
	"POST /api/v1/journal-issues":              one[chamber.JournalIssue](201),
	"GET /api/v1/journal-issues/{id}":          one[chamber.JournalIssue](200),
	"PUT /api/v1/journal-issues/{id}":          one[chamber.JournalIssue](200),
	"POST /api/v1/journal-issues/{id}/publish": one[chamber.JournalIssue](200),
	"GET /api/v1/leadership":                   listOf[chamber.Leader]("cursor", "limit"),
	"GET /api/v1/site-pages":                   listOf[chamber.SitePage]("cursor", "limit"),
	"GET /api/v1/site-pages/{slug}":            one[chamber.SitePage](200),
	"PUT /api/v1/site-pages/{slug}":            one[chamber.SitePage](200),
	"GET /api/v1/announcements/{id}/media":     one[chamber.PressMedia](200),
	"PUT /api/v1/announcements/{id}/media":     one[chamber.PressMedia](200),

	// showcase.go
	"POST /api/v1/member-profiles":              one[chamber.MemberProfile](200),
	"GET /api/v1/member-profiles":               listOf[chamber.MemberProfile]("cursor", "limit", "status"),
	"GET /api/v1/member-profiles/{id}":          one[chamber.MemberProfile](200),
	"PUT /api/v1/member-profiles/{id}":          one[chamber.MemberProfile](200),
	"POST /api/v1/member-profiles/{id}/approve": one[chamber.MemberProfile](200),
	"POST /api/v1/member-profiles/{id}/return":  one[chamber.MemberProfile](200),
	"GET /api/v1/showcase":                      listOf[chamber.ShowcaseEntry]("cursor", "limit"),
	"GET /api/v1/showcase/{id}":                 one[chamber.ShowcaseEntry](200),

	// vehicle_api.go
	"POST /api/v1/vehicles":         one[chamber.Vehicle](201),
	"GET /api/v1/vehicles":          listOf[chamber.Vehicle](),
	"POST /api/v1/vehicle-bookings": one[chamber.VehicleBooking](201),
	"GET /api/v1/vehicle-bookings":  listOf[chamber.VehicleBooking]("vehicle_id"),
}
