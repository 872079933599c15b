package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// apiAttachmentCreate: 201 with the attachment.
func (s *Server) apiAttachmentCreate(w http.ResponseWriter, r *http.Request) error {
	a, err := s.receiveAttachment(r)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/attachments/"+strconv.FormatInt(a.ID, 10))
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiAttachmentList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	kind := q.Get("owner_kind")
	id, err := strconv.ParseInt(q.Get("owner_id"), 10, 64)
	var bad chamber.Fields
	if !chamber.ValidOwnerKind(kind) {
		bad.Add("owner_kind", "att.err.owner_kind")
	}
	if err != nil || id <= 0 {
		bad.Add("owner_id", "err.required")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	items, err := s.store.ListAttachments(r.Context(), kind, id)
	if err != nil {
		return err
	}
	return writePaged(w, r, items)
}

func (s *Server) apiAttachmentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.FindAttachment(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
