package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// relationRoutes: outside relations and economic cooperation — agreements
// (合作协议), investment leads (招商引资) and delegations (出访/来访).
// relations.read (the 会长, 副会长 and the keepers) reads them,
// relations.write (办公室, 经济合作部, 秘书长, 副秘书长) keeps them.
func (s *Server) relationRoutes() []*route {
	const rd, wr = chamber.PermRelationsRead, chamber.PermRelationsWrite
	return []*route{
		perm("GET", "/agreements", rd, s.agreementsPage),
		perm("POST", "/agreements", wr, s.relationForm(s.agreementsPage, s.agreementSubmit)),
		perm("GET", "/agreements/{id}", rd, s.agreementPage),
		perm("POST", "/agreements/{id}/renew", wr, s.relationForm(s.agreementPage, s.agreementRenewSubmit)),

		api(perm("POST", "/api/v1/agreements", wr, s.apiAgreementCreate), "Record an agreement (合作协议, MOU) with a contact; its owner is reminded 60 days before it expires", "NewAgreement"),
		api(perm("GET", "/api/v1/agreements", rd, s.apiAgreementList), "Agreements, soonest expiry first (?status=active|expiring|expired, ?contact_id=)", ""),
		api(perm("GET", "/api/v1/agreements/{id}", rd, s.apiAgreementGet), "One agreement", ""),
		api(perm("POST", "/api/v1/agreements/{id}/renew", wr, s.apiAgreementRenew), "Renew an agreement: a later expiry, reminded again before it", "AgreementRenewal"),

		perm("GET", "/leads", rd, s.leadsPage),
		perm("POST", "/leads", wr, s.relationForm(s.leadsPage, s.leadSubmit)),
		perm("GET", "/leads/funnel", rd, s.funnelPage),
		perm("GET", "/leads/{id}", rd, s.leadPage),
		perm("POST", "/leads/{id}/stage", wr, s.relationForm(s.leadPage, s.leadStageSubmit)),

		api(perm("POST", "/api/v1/leads", wr, s.apiLeadCreate), "Record an investment lead (招商引资) at stage new", "NewLead"),
		api(perm("GET", "/api/v1/leads", rd, s.apiLeadList), "Investment leads, newest first (?stage=, ?year= the year recorded)", ""),
		api(perm("GET", "/api/v1/leads/funnel", rd, s.apiLeadFunnel), "A year's leads (?year=, default this year) by the stage they reached, and those lost", ""),
		api(perm("GET", "/api/v1/leads/{id}", rd, s.apiLeadGet), "One lead with its stage history", ""),
		api(perm("POST", "/api/v1/leads/{id}/stage", wr, s.apiLeadStage), "Move a lead: only forward (stages may be skipped) or to lost; otherwise 409", "LeadMove"),

		perm("GET", "/delegations", rd, s.delegationsPage),
		perm("POST", "/delegations", wr, s.relationForm(s.delegationsPage, s.delegationSubmit)),
		perm("GET", "/delegations/{id}", rd, s.delegationPage),
		perm("GET", "/delegations/{id}/letter", rd, s.delegationLetter),
		perm("POST", "/delegations/{id}/plan", wr, s.relationForm(s.delegationPage, s.delegationPlanSubmit)),
		perm("POST", "/delegations/{id}/report", wr, s.relationForm(s.delegationPage, s.delegationReportSubmit)),

		api(perm("POST", "/api/v1/delegations", wr, s.apiDelegationCreate), "Record a delegation: outbound (出访) or inbound (来访), with members and staff; costs are the expense lines tagged project delegation:ID", "NewDelegation"),
		api(perm("GET", "/api/v1/delegations", rd, s.apiDelegationList), "Delegations, latest trip first", ""),
		api(perm("GET", "/api/v1/delegations/{id}", rd, s.apiDelegationGet), "One delegation with participants, programme, budget vs actual and the costs from the ledger", ""),
		api(perm("POST", "/api/v1/delegations/{id}/plan", wr, s.apiDelegationPlan), "Change a delegation's programme, budget or participants", "DelegationPlan"),
		api(perm("POST", "/api/v1/delegations/{id}/report", wr, s.apiDelegationReport), "Record the trip report (once the trip has begun; before it 409)", "DelegationReport"),
	}
}

func relationSchemas() obj {
	return obj{
		"NewAgreement": oaObject([]string{"contact_id", "title", "signed_on"}, obj{"contact_id": oaInteger, "title": oaString, "signed_on": oaDate,
			"expires_on": oaDate, "owner_user_id": oaInteger, "notes": oaString}),
		"AgreementRenewal": oaObject([]string{"expires_on"}, obj{"expires_on": oaDate, "note": oaString}),
		"NewLead": oaObject([]string{"title"}, obj{"title": oaString, "industry": oaString, "region": oaString, "amount_fen": oaInteger,
			"contact_id": oaInteger, "member_id": oaInteger, "source": oaString, "owner_user_id": oaInteger, "next_step": oaString, "next_on": oaDate}),
		"NewDelegation": oaObject([]string{"direction", "title", "from", "to"}, obj{"direction": oaEnum(chamber.DelegationOutbound, chamber.DelegationInbound),
			"title": oaString, "destination": oaString, "from": oaDate, "to": oaDate, "member_ids": oaArray(oaInteger), "contact_id": oaInteger,
			"staff_user_ids": oaArray(oaInteger), "purpose": oaString, "programme": oaString, "budget_fen": oaInteger}),
		"DelegationPlan":   oaObject(nil, obj{"programme": oaString, "budget_fen": oaInteger, "member_ids": oaArray(oaInteger), "staff_user_ids": oaArray(oaInteger)}),
		"DelegationReport": oaObject([]string{"text"}, obj{"text": oaString}),
		"LeadMove": oaObject([]string{"stage"}, obj{"stage": oaEnum(chamber.LeadContacted, chamber.LeadNegotiating, chamber.LeadSigned, chamber.LeadLanded, chamber.LeadLost),
			"note": oaString, "next_step": oaString, "next_on": oaDate}),
	}
}

// relationForm runs a form of the relations pages: on success it goes to
// the address do returns; on a field error it shows the page again (show
// reads the errors from the request's context) with 422.
func (s *Server) relationForm(show func(http.ResponseWriter, *http.Request) error, do func(r *http.Request) (string, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		to, err := do(r)
		if err != nil {
			if e, ok := chamber.AsError(err); !ok || (e.Code != chamber.EINVALID && e.Code != chamber.ECONFLICT) {
				return err
			}
			return show(&formStatusWriter{ResponseWriter: w, status: http.StatusUnprocessableEntity}, withFormError(r, err))
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
}

// formStatusWriter makes a page render with another status (a form's 422).
type formStatusWriter struct {
	http.ResponseWriter
	status int
}

func (w *formStatusWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}

type formErrKey struct{}

func withFormError(r *http.Request, err error) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), formErrKey{}, err))
}

// relPage is the common part of the relations pages: the form's errors and
// values after a failed post.
func (s *Server) relPage(r *http.Request, title string) Page {
	p := s.page(r, title)
	if err, ok := r.Context().Value(formErrKey{}).(error); ok {
		p.withFieldErrors(err)
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("app.saved")
	}
	return p
}

// relForm is a posted form's values, for showing a form again.
type relForm map[string]string

func formValues(r *http.Request) relForm {
	out := relForm{}
	if r.PostForm != nil {
		for k, v := range r.PostForm {
			out[k] = strings.Join(v, "\n")
		}
	}
	return out
}

// formID reads an id field; junk reads as 0, which the store refuses.
func formID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(name)), 10, 64)
	return n
}

// formYuan reads an amount in yuan ("" is 0).
func formYuan(r *http.Request, name, field string) (int64, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0, nil
	}
	n, ok := chamber.ParseYuan(v)
	if !ok {
		return 0, fieldErr(field, "ledger.err.amount")
	}
	return n, nil
}

// contactChoices are the contacts a relations form picks from.
func (s *Server) contactChoices(r *http.Request) []*chamber.Contact {
	cs, _, err := s.store.ListContacts(r.Context(), "", "", chamber.Page{Limit: chamber.MaxPageLimit})
	if err != nil {
		return nil
	}
	return cs
}

func idPath(prefix string, id chamber.ID) string { return prefix + strconv.FormatInt(id, 10) }

// memberByNo finds a member by its 会员编号 for a form; an unknown one is
// a field error on field.
func (s *Server) memberByNo(r *http.Request, field, no string) (chamber.ID, error) {
	no = strings.TrimSpace(no)
	list, _, err := s.store.ListMembers(r.Context(), chamber.MemberFilter{Q: no}, chamber.Page{Limit: 5})
	if err != nil {
		return 0, err
	}
	for _, m := range list {
		if m.MemberNo == no {
			return m.ID, nil
		}
	}
	return 0, &chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields", Fields: []chamber.FieldError{{Field: field, Key: "err.member_no_unknown", Args: []any{no}}}}
}
