package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// memberRoutes lists the member domain's pages and API endpoints.
func (s *Server) memberRoutes() []*route {
	read, write := chamber.PermMemberRead, chamber.PermMemberWrite
	return []*route{
		// Staff pages.
		perm("GET", "/members", read, s.membersPage),
		perm("GET", "/members/new", write, s.memberNewPage),
		perm("POST", "/members", write, s.memberCreateSubmit),
		perm("GET", "/members/{id}", read, s.memberPage),
		perm("GET", "/members/{id}/edit", write, s.memberEditPage),
		perm("POST", "/members/{id}", write, s.memberEditSubmit),
		perm("POST", "/members/{id}/status", write, s.memberStatusSubmit),
		perm("POST", "/members/{id}/lapse", write, s.memberLapseSubmit),
		perm("POST", "/members/{id}/representatives", write, s.memberRepAdd),
		perm("POST", "/members/{id}/representatives/{rid}/delete", write, s.memberRepRemove),
		perm("POST", "/members/{id}/changes/{cid}", write, s.memberChangeDecide),
		perm("POST", "/members/{id}/invite", chamber.PermUserManage, s.memberInviteSubmit),
		perm("GET", "/members/{id}/certificate", read, s.memberCertificatePage),
		perm("GET", "/members/import", write, s.memberImportPage),
		withMaxBody(perm("POST", "/members/import", write, s.memberImportSubmit), maxImportBytes),
		perm("GET", "/members/import/jobs/{id}", write, s.memberImportJobPage),
		perm("POST", "/members/import/jobs/{id}", write, s.memberImportJobStart),
		perm("GET", "/members/export", read, s.memberExport),
		perm("GET", "/members/reviews", read, s.memberReviewsPage),
		perm("POST", "/members/reviews", write, s.memberReviewSubmit),
		perm("GET", "/applications", read, s.applicationsPage),
		perm("GET", "/applications/{id}", read, s.applicationPage),
		perm("POST", "/applications/{id}", write, s.applicationDecide),

		// Public: joining, following an application, checking a certificate, the opt-in directory.
		pub("GET", "/join", s.joinPage),
		pub("POST", "/join", s.joinSubmit),
		pub("GET", "/join/{token}", s.joinStatusPage),
		pub("POST", "/join/{token}", s.joinResubmit),
		pub("GET", "/verify/{code}", s.verifyPage),
		pub("GET", "/directory/public", s.publicDirectoryPage),

		// The member portal and the members-only directory.
		perm("GET", "/portal", chamber.PermPortal, s.portalPage),
		perm("POST", "/portal", chamber.PermPortal, s.portalSubmit),
		perm("GET", "/portal/certificate", chamber.PermPortal, s.portalCertificatePage),
		perm("GET", "/directory", chamber.PermPortal, s.directoryPage),

		// API.
		api(perm("POST", "/api/v1/members", write, s.apiMemberCreate), "Register a member (admitted at once, with a member number)", "NewMember"),
		api(perm("GET", "/api/v1/members", read, s.apiMemberList), "List and search members: q (Chinese, pinyin, initials), tier, status, industry, region, tag, sort=name", ""),
		api(perm("GET", "/api/v1/members/tiers", read, s.apiMemberTiers), "The member tiers", ""),
		api(perm("GET", "/api/v1/members/export", read, s.apiMemberExport), "Export members as xlsx or csv (format=xlsx|csv)", ""),
		api(withMaxBody(perm("POST", "/api/v1/members/import", write, s.apiMemberImport), maxImportBytes), "Import members from a multipart field file (.xlsx or .csv), all or nothing", ""),
		api(withMaxBody(perm("POST", "/api/v1/members/import-jobs", write, s.apiMemberImportJob), maxImportBytes), "Queue a member import file (multipart field file) as a background job: 202 {\"id\"}", ""),
		api(perm("GET", "/api/v1/jobs/{id}", write, s.apiJob), "A background job: status (held, queued, running, done, failed), progress (done of total steps) and result", ""),
		api(perm("GET", "/api/v1/members/{id}", read, s.apiMemberGet), "One member", ""),
		api(perm("PATCH", "/api/v1/members/{id}", write, s.apiMemberPatch), "Change a member (kept in its history)", "MemberPatch"),
		api(perm("GET", "/api/v1/members/{id}/history", read, s.apiMemberHistory), "A member's file: creation, then every change", ""),
		api(perm("POST", "/api/v1/members/{id}/status", write, s.apiMemberStatus), "Change a member's status with a reason (for expulsion, decision_ref names the council decision; the reason stands for it when absent)", "StatusChange"),
		api(perm("POST", "/api/v1/members/{id}/lapse", write, s.apiMemberLapse), "Set or clear the unpaid-dues lapse flag", "Lapse"),
		api(perm("GET", "/api/v1/members/{id}/representatives", read, s.apiRepList), "A member's representatives", ""),
		api(perm("POST", "/api/v1/members/{id}/representatives", write, s.apiRepAdd), "Add a representative", "Representative"),
		api(pub("POST", "/api/v1/applications", s.apiApply), "Apply to join (public; without a login at most 20 per 10 minutes from one address, then 429)", "Application"),
		api(perm("GET", "/api/v1/applications", read, s.apiApplicationList), "Applications to join, newest first (status filter)", ""),
		api(perm("POST", "/api/v1/applications/{id}/decision", write, s.apiApplicationDecide), "Review, request information, approve (council decision) or reject", "AppDecision"),
		api(perm("GET", "/api/v1/me/member", chamber.PermPortal, s.apiOwnMember), "The caller's own member (portal)", ""),
		api(perm("PATCH", "/api/v1/me/member", chamber.PermPortal, s.apiOwnMemberPatch), "Change the caller's own member; key fields go to approval", "MemberPatch"),
	}
}

const maxImportBytes = 64 << 20

// memberSchemas are the OpenAPI schemas of the member domain's request bodies.
func memberSchemas() obj {
	fields := obj{
		"kind": oaEnum("unit", "individual"), "name": oaString, "tier": obj{"type": "string", "description": "tier code or name, e.g. council or 理事单位"},
		"industry": oaString, "region": oaString, "credit_code": obj{"type": "string", "description": "统一社会信用代码, GB 32100-2015 check digit"},
		"legal_rep": oaString, "address": oaString, "size": oaString, "website": oaString, "company": oaString,
		"contact_name": oaString, "phone": obj{"type": "string", "description": "mainland mobile or landline"}, "email": oaString,
		"joined_on": oaDate, "tags": oaArray(oaString), "public_listing": oaBoolean,
	}
	app := obj{"message": oaString}
	for k, v := range fields {
		app[k] = v
	}
	return obj{
		"NewMember":   oaObject([]string{"kind", "name"}, fields),
		"MemberPatch": oaObject(nil, fields),
		"StatusChange": oaObject([]string{"status", "reason"}, obj{
			"status": oaEnum("active", "suspended", "withdrawn", "expelled"), "reason": oaString,
			"decided_on": oaDate, "decision_ref": obj{"type": "string", "description": "the council decision of an expulsion (defaults to the reason)"}, "motion_id": oaInteger,
		}),
		"Lapse":          oaObject([]string{"lapsed"}, obj{"lapsed": oaBoolean, "reason": oaString}),
		"Representative": oaObject([]string{"name"}, obj{"name": oaString, "title": oaString, "phone": oaString, "email": oaString}),
		"Application":    oaObject([]string{"kind", "name", "contact_name", "phone"}, app),
		"AppDecision": oaObject([]string{"action"}, obj{
			"action": oaEnum("request_info", "review_pass", "approve", "reject"), "note": oaString,
			"decided_on": oaDate, "resolution": oaString, "motion_id": oaInteger,
		}),
	}
}

// memberView is what member pages share: the tiers, for names.
type memberView struct {
	Page
	Tiers []chamber.Tier
}

// TierName shows a tier code in the page's language.
func (v *memberView) TierName(code string) string {
	for _, t := range v.Tiers {
		if t.Code == code {
			if v.Lang == "en" {
				return t.NameEN
			}
			return t.NameZH
		}
	}
	return code
}

// StatusName shows a member status.
func (v *memberView) StatusName(s chamber.MemberStatus) string {
	return v.T("member.status." + string(s))
}

// Statuses lists the statuses for filters and forms.
func (v *memberView) Statuses() []chamber.MemberStatus { return chamber.MemberStatuses }

func (s *Server) memberView(r *http.Request, title string) (memberView, error) {
	tiers, err := s.store.Tiers(r.Context())
	return memberView{Page: s.page(r, title), Tiers: tiers}, err
}

// memberFilter reads the list filters from the query string.
func memberFilter(r *http.Request) chamber.MemberFilter {
	q := r.URL.Query()
	return chamber.MemberFilter{Q: strings.TrimSpace(q.Get("q")), Tier: q.Get("tier"), Status: chamber.MemberStatus(q.Get("status")),
		Industry: q.Get("industry"), Region: q.Get("region"), Tag: q.Get("tag"), Sort: q.Get("sort")}
}

type membersPage struct {
	memberView
	Filter       chamber.MemberFilter
	Members      []*chamber.Member
	Cursor, Next string
	NextURL      string
	Took         time.Duration
}

func (s *Server) membersPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "member.list_title")
	if err != nil {
		return err
	}
	p := membersPage{memberView: mv, Filter: memberFilter(r)}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	start := time.Now()
	if p.Members, p.Next, err = s.store.ListMembers(r.Context(), p.Filter, pg); err != nil {
		return err
	}
	p.Took, p.Cursor = time.Since(start), pg.Cursor
	if p.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", p.Next)
		p.NextURL = "/members?" + q.Encode()
	}
	if n := r.URL.Query().Get("imported"); n != "" {
		p.Flash = p.T("member.imported", n)
	}
	s.render(w, r, http.StatusOK, "members", &p)
	return nil
}

type memberFormPage struct {
	memberView
	Member *chamber.Member
	Form   chamber.MemberInput
}

// TagsText is the tags as the form shows them.
func (p *memberFormPage) TagsText() string { return strings.Join(p.Form.Tags, "，") }

func (s *Server) memberNewPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "member.new")
	if err != nil {
		return err
	}
	p := memberFormPage{memberView: mv, Form: chamber.MemberInput{Kind: chamber.MemberUnit, Tier: chamber.DefaultTier}}
	s.render(w, r, http.StatusOK, "member_form", &p)
	return nil
}

// memberForm reads the member form.
func memberForm(r *http.Request) (chamber.MemberInput, error) {
	if err := r.ParseForm(); err != nil {
		return chamber.MemberInput{}, chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.MemberInput{Kind: chamber.MemberKind(f.Get("kind")), Name: f.Get("name"), Tier: f.Get("tier"), Industry: f.Get("industry"),
		Region: f.Get("region"), CreditCode: f.Get("credit_code"), LegalRep: f.Get("legal_rep"), Address: f.Get("address"), Size: f.Get("size"),
		Website: f.Get("website"), Company: f.Get("company"), ContactName: f.Get("contact_name"), Phone: f.Get("phone"), Email: f.Get("email"),
		JoinedOn: f.Get("joined_on"), PublicList: f.Get("public_listing") == "1"}
	in.Tags = strings.FieldsFunc(f.Get("tags"), func(r rune) bool { return r == ',' || r == '，' || r == '、' })
	return in, nil
}

func (s *Server) memberCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := memberForm(r)
	if err != nil {
		return err
	}
	m, err := s.store.CreateMember(r.Context(), in)
	if err != nil {
		mv, verr := s.memberView(r, "member.new")
		if verr != nil {
			return verr
		}
		p := memberFormPage{memberView: mv, Form: in}
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "member_form", &p)
		return nil
	}
	http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10)+"?done=created", http.StatusSeeOther)
	return nil
}

func (s *Server) memberEditPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.FindMember(r.Context(), id)
	if err != nil {
		return err
	}
	mv, err := s.memberView(r, "member.edit")
	if err != nil {
		return err
	}
	p := memberFormPage{memberView: mv, Member: m, Form: m.Input()}
	s.render(w, r, http.StatusOK, "member_form", &p)
	return nil
}

// patchOf turns a whole form into a patch of every field.
func patchOf(in chamber.MemberInput) chamber.MemberPatch {
	return chamber.MemberPatch{Kind: &in.Kind, Name: &in.Name, Tier: &in.Tier, Industry: &in.Industry, Region: &in.Region,
		CreditCode: &in.CreditCode, LegalRep: &in.LegalRep, Address: &in.Address, Size: &in.Size, Website: &in.Website,
		Company: &in.Company, ContactName: &in.ContactName, Phone: &in.Phone, Email: &in.Email, JoinedOn: &in.JoinedOn,
		Tags: &in.Tags, PublicList: &in.PublicList}
}

func (s *Server) memberEditSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := memberForm(r)
	if err != nil {
		return err
	}
	if _, err := s.store.UpdateMember(r.Context(), id, patchOf(in)); err != nil {
		m, ferr := s.store.FindMember(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		mv, verr := s.memberView(r, "member.edit")
		if verr != nil {
			return verr
		}
		p := memberFormPage{memberView: mv, Member: m, Form: in}
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "member_form", &p)
		return nil
	}
	http.Redirect(w, r, "/members/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
	return nil
}

type memberPage struct {
	memberView
	Member   *chamber.Member
	History  []chamber.HistoryEntry
	Statuses []*chamber.StatusRecord
	Reps     []*chamber.Representative
	Changes  []*chamber.ChangeRequest
	Liaison  []*chamber.Liaison // the contact log (会员联系、考察)
	// Trainings is the member's training history (培训 attended).
	Trainings []*chamber.MemberTraining
	// LiaisonForm keeps what was typed when a contact was refused.
	LiaisonForm chamber.Liaison
	Status      chamber.StatusChange
	Today       string
}

// Targets lists the statuses the member may move to.
func (p *memberPage) Targets() []chamber.MemberStatus {
	var out []chamber.MemberStatus
	for _, st := range chamber.MemberStatuses {
		if chamber.CanChangeStatus(p.Member.Status, st) {
			out = append(out, st)
		}
	}
	return out
}

// ShowField renders a history value of a field in the page's language:
// codes (kind, status, tier, …) by name, never as stored.
func (p *memberPage) ShowField(field string, v any) string {
	if x, ok := v.(string); ok && x != "" {
		switch field {
		case "tier":
			return p.TierName(x)
		case "kind", "status":
			return p.Code("member."+field, x)
		}
	}
	return p.Show(v)
}

// Show renders a history value.
func (p *memberPage) Show(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		return x
	case bool:
		if x {
			return p.T("app.yes")
		}
		return p.T("app.no")
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, p.Show(e))
		}
		return strings.Join(parts, "，")
	}
	return fmt.Sprint(v)
}

func (s *Server) renderMember(w http.ResponseWriter, r *http.Request, status int, p *memberPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if p.Member, err = s.store.FindMember(ctx, id); err != nil {
		return err
	}
	if p.History, err = s.store.MemberHistory(ctx, id); err != nil {
		return err
	}
	if p.Statuses, err = s.store.MemberStatusRecords(ctx, id); err != nil {
		return err
	}
	if p.Reps, err = s.store.Representatives(ctx, id); err != nil {
		return err
	}
	if p.Changes, err = s.store.ListChangeRequests(ctx, id); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermMemberRead) {
		if p.Liaison, err = s.store.MemberLiaison(ctx, id); err != nil {
			return err
		}
		if p.Trainings, err = s.store.MemberTrainings(ctx, id); err != nil {
			return err
		}
	}
	p.Today = s.clock.Now().In(p.loc).Format("2006-01-02")
	if p.LiaisonForm.Date == "" {
		p.LiaisonForm.Date = p.Today
	}
	s.render(w, r, status, "member", p)
	return nil
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "member.title")
	if err != nil {
		return err
	}
	p := memberPage{memberView: mv}
	if d := r.URL.Query().Get("done"); d != "" {
		p.Flash = p.T("member.done." + d)
	}
	return s.renderMember(w, r, http.StatusOK, &p)
}

// memberAction runs a member page form and re-renders the page with its errors.
func (s *Server) memberAction(w http.ResponseWriter, r *http.Request, done string, fn func(id chamber.ID) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if err := fn(id); err != nil {
		mv, verr := s.memberView(r, "member.title")
		if verr != nil {
			return verr
		}
		p := memberPage{memberView: mv}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderMember(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/members/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) memberStatusSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, "status", func(id chamber.ID) error {
		f := r.PostForm
		if f.Get("status") == string(chamber.StatusExpelled) && strings.TrimSpace(f.Get("decision_ref")) == "" {
			// The page asks for the council decision on its own line.
			return chamber.Fields{{Field: "decision_ref", Key: "err.required"}}.Err()
		}
		_, err := s.store.ChangeMemberStatus(r.Context(), id, chamber.StatusChange{Status: chamber.MemberStatus(f.Get("status")),
			Reason: f.Get("reason"), DecidedOn: f.Get("decided_on"), DecisionRef: f.Get("decision_ref")})
		return err
	})
}

func (s *Server) memberLapseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, "saved", func(id chamber.ID) error {
		_, err := s.store.SetMemberLapsed(r.Context(), id, r.PostForm.Get("lapsed") == "1", r.PostForm.Get("reason"))
		return err
	})
}

func (s *Server) memberRepAdd(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, "saved", func(id chamber.ID) error {
		f := r.PostForm
		_, err := s.store.AddRepresentative(r.Context(), id, chamber.Representative{Name: f.Get("name"), Title: f.Get("title"), Phone: f.Get("phone"), Email: f.Get("email")})
		return err
	})
}

func (s *Server) memberRepRemove(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "rid")
	if err != nil {
		return err
	}
	return s.memberAction(w, r, "saved", func(id chamber.ID) error {
		return s.store.RemoveRepresentative(r.Context(), id, rid)
	})
}

func (s *Server) memberChangeDecide(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	return s.memberAction(w, r, "saved", func(id chamber.ID) error {
		return s.store.DecideChangeRequest(r.Context(), cid, r.PostForm.Get("approve") == "1", r.PostForm.Get("note"))
	})
}

// memberInviteSubmit creates a portal login for the member's representative.
func (s *Server) memberInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, "invited", func(id chamber.ID) error {
		if _, err := s.store.FindMember(r.Context(), id); err != nil {
			return err
		}
		f := r.PostForm
		_, err := s.store.CreateUser(r.Context(), chamber.NewUser{Username: f.Get("username"), Name: f.Get("name"), Password: f.Get("password"), MemberID: id})
		return err
	})
}

type reviewsPage struct {
	memberView
	Year         int
	Reviews      []*chamber.Review
	Cursor, Next string
	Outcomes     []string
}

func (s *Server) memberReviewsPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	return s.renderMemberReviews(w, r, http.StatusOK, year, pg, nil)
}

// renderMemberReviews shows one page of the year's review (资格审查), with the
// field errors of a refused bulk action (status 422).
func (s *Server) renderMemberReviews(w http.ResponseWriter, r *http.Request, status, year int, pg chamber.Page, refused error) error {
	mv, err := s.memberView(r, "member.reviews")
	if err != nil {
		return err
	}
	p := reviewsPage{memberView: mv, Outcomes: chamber.ReviewOutcomes, Year: s.clock.Now().In(mv.loc).Year()}
	if year >= 2000 && year <= 2200 {
		p.Year = year
	}
	if refused != nil && !p.withFieldErrors(refused) {
		return refused
	}
	if p.Reviews, p.Next, err = s.store.ListReviews(r.Context(), p.Year, pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	if n, err := strconv.Atoi(r.URL.Query().Get("done")); err == nil && n > 0 {
		p.Flash = p.T("member.review_saved_n", n)
	}
	s.render(w, r, status, "member_reviews", &p)
	return nil
}

func (s *Server) memberReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	year, _ := strconv.Atoi(f.Get("year"))
	// One member_id, or several ticked on the page (bulk): one outcome and note.
	ids := make([]chamber.ID, 0, len(f["member_id"]))
	for _, v := range f["member_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
		}
		ids = append(ids, id)
	}
	if err := s.store.RecordReviews(r.Context(), year, ids, f.Get("outcome"), f.Get("note")); err != nil {
		pg := chamber.Page{Cursor: f.Get("cursor")}.Normalize()
		if _, err := strconv.ParseInt(pg.Cursor, 10, 64); err != nil {
			pg.Cursor = ""
		}
		return s.renderMemberReviews(w, r, http.StatusUnprocessableEntity, year, pg, err)
	}
	http.Redirect(w, r, "/members/reviews?done="+strconv.Itoa(len(ids))+"&year="+strconv.Itoa(year)+"&cursor="+url.QueryEscape(f.Get("cursor")), http.StatusSeeOther)
	return nil
}
