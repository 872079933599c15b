package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// 会员风采: a member enterprise writes its profile on the portal (Chinese
// and English), staff with announcement.write approve it or return it with
// a reason, and the approved profiles are on the public site. The profile
// routes are open to any login: the store shows a portal login its own
// member's profile only and staff all.
func (s *Server) showcaseRoutes() []*route {
	const w = chamber.PermAnnounceWrite
	return []*route{
		user("GET", "/member-profiles", s.memberProfilesPage),
		user("POST", "/member-profiles", s.relationForm(s.memberProfilesPage, s.memberProfileCreateSubmit)),
		user("GET", "/member-profiles/{id}", s.memberProfilePage),
		user("POST", "/member-profiles/{id}", s.memberProfileEditSubmit),
		perm("POST", "/member-profiles/{id}/approve", w, s.memberProfileApproveSubmit),
		perm("POST", "/member-profiles/{id}/return", w, s.memberProfileReturnSubmit),
		pub("GET", "/showcase", s.showcasePage),
		pub("GET", "/showcase/{id}", s.showcaseEntryPage),
		pub("GET", "/showcase/{id}/logo", s.showcaseLogo),

		api(user("POST", "/api/v1/member-profiles", s.apiProfileSave), "Write the member's 会员风采 profile (zh and en): a portal login its own, pending until staff approve; announcement.write any member's (member_id), approved at once", "MemberProfile"),
		api(user("GET", "/api/v1/member-profiles", s.apiProfileList), "Member profiles, newest first (?status=pending|approved|returned); a portal login its own", ""),
		api(user("GET", "/api/v1/member-profiles/{id}", s.apiProfileGet), "One profile: the latest version (draft) and the public one (another member's: 404)", ""),
		api(user("PUT", "/api/v1/member-profiles/{id}", s.apiProfilePut), "Change a profile; a member's change waits for approval while the approved version stays public", "MemberProfile"),
		api(perm("POST", "/api/v1/member-profiles/{id}/approve", w, s.apiProfileApprove), "Approve a pending profile for the public site (409 unless pending)", ""),
		api(perm("POST", "/api/v1/member-profiles/{id}/return", w, s.apiProfileReturn), "Return a pending profile to its member with the reason (409 unless pending)", "ProfileReturn"),
		api(pub("GET", "/api/v1/showcase", s.apiShowcase), "The approved profiles of active members (会员风采), for anyone", ""),
		api(pub("GET", "/api/v1/showcase/{id}", s.apiShowcaseEntry), "One approved profile, for anyone", ""),
	}
}

func showcaseSchemas() obj {
	return obj{
		"MemberProfile": oaObject([]string{"intro_zh"}, obj{"member_id": oaInteger, "intro_zh": oaString, "intro_en": oaString,
			"products_zh": oaString, "products_en": oaString, "website": oaString, "logo_id": oaInteger}),
		"ProfileReturn": oaObject([]string{"reason"}, obj{"reason": oaString}),
	}
}

type memberProfilesPage struct {
	Page
	Items  []*chamber.MemberProfile
	Next   string
	Status string
	Mine   *chamber.MemberProfile
	Portal bool
	Form   relForm
}

// Field is the form's value (a new profile's form).
func (p *memberProfilesPage) Field(name string) string { return p.Form[name] }

// ProfileStatuses feed the filter.
func (p *memberProfilesPage) ProfileStatuses() []string {
	return []string{chamber.ProfilePending, chamber.ProfileApproved, chamber.ProfileReturned}
}

func (s *Server) memberProfilesPage(w http.ResponseWriter, r *http.Request) error {
	p := memberProfilesPage{Page: s.relPage(r, "showcase.profiles"), Form: formValues(r), Status: r.URL.Query().Get("status")}
	p.Portal = portalLogin(p.Actor) && !p.Actor.Can(chamber.PermAnnounceWrite)
	var err error
	if p.Portal {
		if p.Mine, err = s.store.MyMemberProfile(r.Context()); err != nil {
			return err
		}
		if p.Mine != nil && r.Method == http.MethodGet {
			http.Redirect(w, r, idPath("/member-profiles/", p.Mine.ID), http.StatusSeeOther)
			return nil
		}
		s.render(w, r, http.StatusOK, "member_profiles", &p)
		return nil
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListMemberProfiles(r.Context(), p.Status, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "member_profiles", &p)
	return nil
}

// profileForm reads the profile form.
func profileForm(f map[string][]string) (chamber.MemberProfileInput, error) {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := chamber.MemberProfileInput{ProfileText: chamber.ProfileText{IntroZh: get("intro_zh"), IntroEn: get("intro_en"),
		ProductsZh: get("products_zh"), ProductsEn: get("products_en"), Website: get("website")}}
	if v := strings.TrimSpace(get("logo_id")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return in, fieldErr("logo_id", "err.invalid_value")
		}
		in.LogoID = n
	}
	return in, nil
}

func (s *Server) memberProfileCreateSubmit(r *http.Request) (string, error) {
	in, err := profileForm(r.PostForm)
	if err != nil {
		return "", err
	}
	if no := strings.TrimSpace(r.PostForm.Get("member_no")); no != "" && !portalLogin(chamber.ActorFrom(r.Context())) {
		if in.MemberID, err = s.memberByNo(r, "member_no", no); err != nil {
			return "", err
		}
	}
	p, err := s.store.SaveMemberProfile(r.Context(), in)
	if err != nil {
		return "", err
	}
	return idPath("/member-profiles/", p.ID) + "?saved=1", nil
}

type memberProfilePage struct {
	Page
	P *chamber.MemberProfile
	// CanReview: staff may approve or return it now.
	CanReview bool
	Att       attachmentBox
	Form      relForm
	// Images are the profile's image attachments, for choosing the logo.
	Images []*chamber.Attachment
}

// Field is the form's value, or else the profile's latest version.
func (p *memberProfilePage) Field(name string) string {
	if v, ok := p.Form[name]; ok {
		return v
	}
	d := p.P.Draft
	switch name {
	case "intro_zh":
		return d.IntroZh
	case "intro_en":
		return d.IntroEn
	case "products_zh":
		return d.ProductsZh
	case "products_en":
		return d.ProductsEn
	case "website":
		return d.Website
	}
	return ""
}

// Paras splits a text into paragraphs and lines.
func (p *memberProfilePage) Paras(body string) [][]string { return chamber.Paragraphs(body) }

func (s *Server) memberProfilePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := memberProfilePage{Page: s.relPage(r, "showcase.profile"), Form: formValues(r)}
	if p.P, err = s.store.FindMemberProfile(r.Context(), id); err != nil {
		return err
	}
	p.CanReview = p.P.Status == chamber.ProfilePending && p.Actor.Can(chamber.PermAnnounceWrite)
	p.Att = s.attachments(r, chamber.OwnerMemberProfile, id)
	for _, a := range p.Att.Items {
		if strings.HasPrefix(a.ContentType, "image/") {
			p.Images = append(p.Images, a.Attachment)
		}
	}
	s.render(w, r, http.StatusOK, "member_profile", &p)
	return nil
}

func (s *Server) memberProfileEditSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.relationForm(s.memberProfilePage, func(r *http.Request) (string, error) {
		in, err := profileForm(r.PostForm)
		if err != nil {
			return "", err
		}
		if _, err := s.store.UpdateMemberProfile(r.Context(), id, in); err != nil {
			return "", err
		}
		return idPath("/member-profiles/", id) + "?saved=1", nil
	})(w, r)
}

func (s *Server) memberProfileApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.ApproveMemberProfile(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, idPath("/member-profiles/", id)+"?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) memberProfileReturnSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.relationForm(s.memberProfilePage, func(r *http.Request) (string, error) {
		if _, err := s.store.ReturnMemberProfile(r.Context(), id, r.PostForm.Get("reason")); err != nil {
			return "", err
		}
		return idPath("/member-profiles/", id) + "?saved=1", nil
	})(w, r)
}

type showcasePage struct {
	publicPage
	Items []*chamber.ShowcaseEntry
	Next  string
	E     *chamber.ShowcaseEntry
}

// Intro, Products: an entry's text in the page's language.
func (p *showcasePage) Intro(e *chamber.ShowcaseEntry) string    { return e.Intro(p.Lang) }
func (p *showcasePage) Products(e *chamber.ShowcaseEntry) string { return e.Products(p.Lang) }

// Paras splits a text into paragraphs and lines.
func (p *showcasePage) Paras(body string) [][]string { return chamber.Paragraphs(body) }

// Lead is the first paragraph of a text, for the list.
func (p *showcasePage) Lead(body string) string {
	first, _, _ := strings.Cut(body, "\n")
	if r := []rune(first); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return first
}

func (s *Server) showcasePage(w http.ResponseWriter, r *http.Request) error {
	p := showcasePage{publicPage: s.publicPage(r, "showcase.title")}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.Showcase(r.Context(), pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "showcase", &p)
	return nil
}

func (s *Server) showcaseEntryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := showcasePage{publicPage: s.publicPage(r, "showcase.title")}
	if p.E, err = s.store.ShowcaseEntry(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "showcase_entry", &p)
	return nil
}

func (s *Server) showcaseLogo(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.ShowcaseLogo(r.Context(), id)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, a)
}

func (s *Server) apiProfileSave(w http.ResponseWriter, r *http.Request) error {
	var in chamber.MemberProfileInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.SaveMemberProfile(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/member-profiles/", p.ID))
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiProfileList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListMemberProfiles(r.Context(), r.URL.Query().Get("status"), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiProfileGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.store.FindMemberProfile(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiProfilePut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.MemberProfileInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.UpdateMemberProfile(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiProfileApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.store.ApproveMemberProfile(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiProfileReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.ReturnMemberProfile(r.Context(), id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiShowcase(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.Showcase(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiShowcaseEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.store.ShowcaseEntry(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}
