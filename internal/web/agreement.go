package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Agreements (合作协议, MOU): the list with the new-agreement form, one
// agreement with its documents and the renewal form, and the API.

type agreementsPage struct {
	Page
	Items    []*chamber.Agreement
	Next     string
	Status   string
	Statuses []string
	Contacts []*chamber.Contact
	Form     relForm
}

func (s *Server) agreementsPage(w http.ResponseWriter, r *http.Request) error {
	p := agreementsPage{Page: s.relPage(r, "agreement.title"), Form: formValues(r),
		Statuses: []string{chamber.AgreementExpiring, chamber.AgreementActive, chamber.AgreementExpired}}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Status = r.URL.Query().Get("status")
	if p.Items, p.Next, err = s.store.ListAgreements(r.Context(), p.Status, 0, pg); err != nil {
		return err
	}
	if p.Can(string(chamber.PermRelationsWrite)) {
		p.Contacts = s.contactChoices(r)
	}
	s.render(w, r, http.StatusOK, "agreements", &p)
	return nil
}

func (s *Server) agreementSubmit(r *http.Request) (string, error) {
	f := r.PostForm
	a, err := s.store.CreateAgreement(r.Context(), chamber.NewAgreement{ContactID: formID(r, "contact_id"), Title: f.Get("title"),
		SignedOn: f.Get("signed_on"), ExpiresOn: f.Get("expires_on"), Notes: f.Get("notes")})
	if err != nil {
		return "", err
	}
	return idPath("/agreements/", a.ID), nil
}

type agreementPage struct {
	Page
	A    *chamber.Agreement
	Att  attachmentBox
	Form relForm
}

func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := agreementPage{Page: s.relPage(r, "agreement.title"), Form: formValues(r)}
	if p.A, err = s.store.FindAgreement(r.Context(), id); err != nil {
		return err
	}
	p.Att = s.attachments(r, chamber.OwnerAgreement, id)
	s.render(w, r, http.StatusOK, "agreement", &p)
	return nil
}

func (s *Server) agreementRenewSubmit(r *http.Request) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	if _, err := s.store.RenewAgreement(r.Context(), id, chamber.AgreementRenewal{ExpiresOn: r.PostForm.Get("expires_on"), Note: r.PostForm.Get("note")}); err != nil {
		return "", err
	}
	return idPath("/agreements/", id) + "?saved=1", nil
}

func (s *Server) apiAgreementCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewAgreement
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateAgreement(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/agreements/", a.ID))
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiAgreementList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	var contact int64
	if v := r.URL.Query().Get("contact_id"); v != "" {
		if contact, err = strconv.ParseInt(v, 10, 64); err != nil || contact <= 0 {
			return fieldErr("contact_id", "err.invalid_value")
		}
	}
	items, next, err := s.store.ListAgreements(r.Context(), r.URL.Query().Get("status"), contact, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiAgreementGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.FindAgreement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAgreementRenew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.AgreementRenewal
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.RenewAgreement(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
