package web

import (
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
)

// apiAnnouncementCreate: POST /api/v1/announcements → 201 draft.
func (s *Server) apiAnnouncementCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.AnnouncementInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateAnnouncement(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiAnnouncementList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	items, next, err := s.store.ListAnnouncements(r.Context(), chamber.AnnouncementFilter{Kind: q.Get("kind"), Status: q.Get("status")}, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiAnnouncementGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.FindAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// announcementPatch changes some fields of a draft.
type announcementPatch struct {
	Kind       *string           `json:"kind"`
	Category   *string           `json:"category"`
	Year       *int              `json:"year"`
	Title      *string           `json:"title"`
	Body       *string           `json:"body"`
	Audience   *chamber.Audience `json:"audience"`
	RequireAck *bool             `json:"require_ack"`
}

// apiAnnouncementPatch: drafts change; a published one never does (409).
func (s *Server) apiAnnouncementPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := s.store.FindAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	if cur.Status == chamber.AnnPublished {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "published_immutable", Key: "ann.err.published"}
	}
	var p announcementPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	in := chamber.AnnouncementInput{Kind: cur.Kind, Category: cur.Category, Year: cur.Year, Title: cur.Title, Body: cur.Body,
		Audience: cur.Audience, RequireAck: cur.RequireAck}
	if p.Kind != nil {
		in.Kind = *p.Kind
	}
	if p.Category != nil {
		in.Category = *p.Category
	}
	if p.Year != nil {
		in.Year = *p.Year
	}
	if p.Title != nil {
		in.Title = *p.Title
	}
	if p.Body != nil {
		in.Body = *p.Body
	}
	if p.Audience != nil {
		in.Audience = *p.Audience
	}
	if p.RequireAck != nil {
		in.RequireAck = *p.RequireAck
	}
	a, err := s.store.UpdateAnnouncement(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

type approveRequest struct {
	PublishAt *time.Time `json:"publish_at,omitempty"`
}

// apiAnnouncementApprove: POST …/approve {"publish_at"?} → 200.
func (s *Server) apiAnnouncementApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in approveRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	a, err := s.store.ApproveAnnouncement(r.Context(), id, chamber.ApproveInput{PublishAt: in.PublishAt})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// apiAnnouncementPublish: POST …/publish → 200 with the record.
func (s *Server) apiAnnouncementPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.PublishAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// apiAnnouncementRevise: POST …/revisions {"title"?, "body"} → 201.
func (s *Server) apiAnnouncementRevise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.RevisionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.ReviseAnnouncement(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// apiAnnouncementReceipts: GET …/receipts → {"recipients", "read", "acknowledged"}.
func (s *Server) apiAnnouncementReceipts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rc, err := s.store.AnnouncementReceipts(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rc)
	return nil
}

// apiAnnouncementRecipients: GET …/recipients?unread=1 — who has (not) read it.
func (s *Server) apiAnnouncementRecipients(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	unread, err := queryFlag(r, "unread", "1", "0")
	if err != nil {
		return err
	}
	items, next, err := s.store.AnnouncementRecipients(r.Context(), id, unread, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// apiAnnouncementRemind: POST …/remind → 200 {"queued": n}.
func (s *Server) apiAnnouncementRemind(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.store.RemindUnread(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"queued": n})
	return nil
}

type inboxResponse struct {
	list[*chamber.InboxItem]
	Unread int64 `json:"unread"`
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.Inbox(r.Context(), pg)
	if err != nil {
		return err
	}
	n, err := s.store.UnreadCount(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inboxResponse{list: newList(items, next), Unread: n})
	return nil
}

// apiInboxRead: POST /api/v1/inbox/{id}/read → 200 with the announcement.
func (s *Server) apiInboxRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, _, err := s.store.ReadAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiInboxAck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.AcknowledgeAnnouncement(r.Context(), id); err != nil {
		return err
	}
	a, it, err := s.store.ReadAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"announcement": a, "delivery": it})
	return nil
}

func (s *Server) apiMailSettingsGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	m.Password, m.WebhookSecret = "", ""
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMailSettingsPut(w http.ResponseWriter, r *http.Request) error {
	var m chamber.MailSettings
	if err := decodeFull(r, &m, "host", "port", "from", "tls"); err != nil {
		return err
	}
	if err := s.store.UpdateMailSettings(r.Context(), m); err != nil {
		return err
	}
	return s.apiMailSettingsGet(w, r)
}

func (s *Server) apiMailOutbox(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.OutboxStatus(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiMailTest(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		To string `json:"to"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.QueueTestMail(r.Context(), in.To); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]bool{"queued": true})
	return nil
}

func (s *Server) apiMailResume(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.ResumeOutbox(r.Context()); err != nil {
		return err
	}
	return s.apiMailOutbox(w, r)
}
