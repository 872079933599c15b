package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// documentAPIRoutes are the JSON endpoints of official documents.
func (s *Server) documentAPIRoutes() []*route {
	const w = chamber.PermDocumentWrite
	return []*route{
		api(perm("POST", "/api/v1/documents", w, s.apiDocumentCreate), "Draft an outgoing document (Markdown body) or register an incoming one (收文编号 assigned)", "NewDocument"),
		api(user("GET", "/api/v1/documents", s.apiDocumentList), "Documents the caller may read, newest first (?direction=outgoing|incoming)", ""),
		api(user("GET", "/api/v1/documents/{id}", s.apiDocumentGet), "One document with its sign-off steps, routing and rendered body; a confidential one is 404 outside its distribution and chain, and every read is logged", ""),
		api(perm("PATCH", "/api/v1/documents/{id}", w, s.apiDocumentPatch), "Change a draft's title or body (issued: 409; a correction is a new document with supersedes)", "DocumentPatch"),
		api(perm("POST", "/api/v1/documents/{id}/submit", w, s.apiDocumentSubmit), "Send a draft up the author's reports-to chain (to the 秘书长; the 会长 too for decision and regulation)", ""),
		api(user("POST", "/api/v1/documents/{id}/approve", s.apiDocumentApprove), "The awaited holder approves (others 403)", "DocumentComment"),
		api(user("POST", "/api/v1/documents/{id}/reject", s.apiDocumentReject), "The awaited holder sends it back to the author as a draft, with a comment", "DocumentComment"),
		api(perm("POST", "/api/v1/documents/{id}/issue", w, s.apiDocumentIssue), "Issue a signed-off document: the 文号 (per year, no gaps) and the distribution's inboxes", ""),
		api(perm("POST", "/api/v1/documents/{id}/route", w, s.apiDocumentRoute), "Route an incoming document to a position (拟办 → 批办 → 承办), optionally with a deadline (due_on) that is reminded of the day before and after it passes", "DocumentRoute"),
		api(user("POST", "/api/v1/documents/{id}/done", s.apiDocumentDone), "Close an incoming document with a note", "DocumentDone"),
		api(user("GET", "/api/v1/documents/{id}/access-log", s.apiDocumentAccessLog), "Every read of a confidential document", ""),
		api(user("GET", "/api/v1/documents/{id}/receipts", s.apiDocumentReceipts), "Read receipts of an issued document: each of its distribution and when they first read it (author and document.write)", ""),
		api(user("GET", "/api/v1/regulations", s.apiRegulations), "The regulations in force: issued regulations no later issued version supersedes", ""),
	}
}

func documentSchemas() obj {
	return obj{
		"NewDocument": oaObject([]string{"direction", "title", "classification"}, obj{
			"direction": oaEnum(chamber.DocOutgoing, chamber.DocIncoming), "doc_type": oaEnum(chamber.DocTypes...), "title": oaString,
			"body": oaString, "classification": oaEnum(chamber.Classifications...), "distribution": oaArray(oaInteger),
			"distribution_bodies": oaArray(oaInteger), "supersedes": oaInteger, "sender": oaString, "sender_doc_no": oaString, "received_on": oaDate,
			"main_to": oaString, "copy_to": oaString,
		}),
		"DocumentPatch":   oaObject(nil, obj{"title": oaString, "body": oaString, "main_to": oaString, "copy_to": oaString}),
		"DocumentComment": oaObject(nil, obj{"comment": oaString}),
		"DocumentRoute": oaObject([]string{"position_id"}, obj{"position_id": oaInteger, "instruction": oaString,
			"step": oaEnum(chamber.RouteSteps...), "due_on": oaDate}),
		"DocumentDone": oaObject(nil, obj{"note": oaString}),
	}
}

var (
	markdown  = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	sanitizer = bluemonday.UGCPolicy()
)

// renderMarkdown turns a Markdown body into safe HTML: raw HTML in the
// source is dropped (goldmark's default) and the output sanitised again.
func renderMarkdown(src string) string {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		return sanitizer.Sanitize(src)
	}
	return sanitizer.Sanitize(b.String())
}

func writeDocument(w http.ResponseWriter, status int, d *chamber.Document) {
	d.BodyHTML = renderMarkdown(d.Body)
	writeJSON(w, status, d)
}

func (s *Server) apiDocumentCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewDocument
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.CreateDocument(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/documents/"+strconv.FormatInt(d.ID, 10))
	writeDocument(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiDocumentList(w http.ResponseWriter, r *http.Request) error {
	dir := r.URL.Query().Get("direction")
	if dir != "" && dir != chamber.DocOutgoing && dir != chamber.DocIncoming {
		return chamber.Errorf(chamber.EINVALID, "doc.err.direction")
	}
	list, err := s.store.ListDocuments(r.Context(), dir)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*chamber.Document{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "next_cursor": ""})
	return nil
}

func (s *Server) apiDocumentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.store.FindDocument(r.Context(), id)
	if err != nil {
		return err
	}
	writeDocument(w, http.StatusOK, d)
	return nil
}

func documentAction[T any](w http.ResponseWriter, r *http.Request, fn func(id chamber.ID, in T) (*chamber.Document, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	d, err := fn(id, in)
	if err != nil {
		return err
	}
	writeDocument(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDocumentPatch(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, in struct {
		Title  *string `json:"title"`
		Body   *string `json:"body"`
		MainTo *string `json:"main_to"`
		CopyTo *string `json:"copy_to"`
	}) (*chamber.Document, error) {
		if in.MainTo != nil || in.CopyTo != nil {
			if _, err := s.store.UpdateRecipients(r.Context(), id, in.MainTo, in.CopyTo); err != nil {
				return nil, err
			}
			if in.Title == nil && in.Body == nil {
				return s.store.FindDocument(r.Context(), id)
			}
		}
		return s.store.UpdateDocument(r.Context(), id, in.Title, in.Body)
	})
}

func (s *Server) apiDocumentSubmit(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, _ struct{}) (*chamber.Document, error) {
		return s.store.SubmitDocument(r.Context(), id)
	})
}

type docComment struct {
	Comment string `json:"comment"`
}

func (s *Server) apiDocumentApprove(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, in docComment) (*chamber.Document, error) {
		return s.store.DecideDocument(r.Context(), id, true, in.Comment)
	})
}

func (s *Server) apiDocumentReject(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, in docComment) (*chamber.Document, error) {
		return s.store.DecideDocument(r.Context(), id, false, in.Comment)
	})
}

func (s *Server) apiDocumentIssue(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, _ struct{}) (*chamber.Document, error) {
		return s.store.IssueDocument(r.Context(), id)
	})
}

func (s *Server) apiDocumentRoute(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, in chamber.RouteInput) (*chamber.Document, error) {
		return s.store.RouteDocument(r.Context(), id, in)
	})
}

func (s *Server) apiDocumentDone(w http.ResponseWriter, r *http.Request) error {
	return documentAction(w, r, func(id chamber.ID, in struct {
		Note string `json:"note"`
	}) (*chamber.Document, error) {
		return s.store.FinishDocument(r.Context(), id, in.Note)
	})
}

func (s *Server) apiDocumentAccessLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	log, err := s.store.DocumentAccessLog(r.Context(), id)
	if err != nil {
		return err
	}
	if log == nil {
		log = []chamber.DocAccess{}
	}
	writeJSON(w, http.StatusOK, log)
	return nil
}

func (s *Server) apiRegulations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.CurrentRegulations(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (s *Server) apiDocumentReceipts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.store.DocumentReceipts(r.Context(), id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []chamber.DocReceipt{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}
