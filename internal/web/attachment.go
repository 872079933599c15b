package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/extract"
)

// attachmentRoutes: upload (a plain form and the API) and download.
func (s *Server) attachmentRoutes() []*route {
	limit := s.maxUpload() + 1<<20 // the file plus the multipart framing
	return []*route{
		withMaxBody(user("POST", "/attachments", s.attachmentSubmit), limit),
		user("GET", "/attachments/{id}", s.attachmentDownload),
		api(withMaxBody(user("POST", "/api/v1/attachments", s.apiAttachmentCreate), limit),
			"Attach a file (multipart: owner_kind voucher|reimbursement|announcement|ticket|agenda_item|agreement|applicant|document|kb_item, owner_id, file) to its owner; the text of txt, csv, docx and xlsx files is indexed for search", "AttachmentUpload"),
		api(user("GET", "/api/v1/attachments", s.apiAttachmentList), "An owner's attachments (?owner_kind=…&owner_id=…), oldest first", ""),
		api(user("GET", "/api/v1/attachments/{id}", s.apiAttachmentGet), "One attachment's metadata", ""),
		api(user("GET", "/api/v1/attachments/{id}/file", s.attachmentDownload), "Download an attachment's file (Content-Disposition: attachment)", ""),
	}
}

func (s *Server) maxUpload() int64 {
	if s.cfg.Blobs == nil {
		return blob.DefaultMaxSize
	}
	return s.cfg.Blobs.MaxSize()
}

// attachmentSchemas: the multipart upload, described for OpenAPI.
func attachmentSchemas() obj {
	return map[string]any{
		"AttachmentUpload": map[string]any{
			"type":        "object",
			"description": "multipart/form-data; the file is at most 20 MiB and one of PDF, PNG, JPEG, GIF, WebP, office document, plain text, CSV, ZIP (sniffed from its content)",
			"required":    []string{"owner_kind", "owner_id", "file"},
			"properties": map[string]any{
				"owner_kind": map[string]any{"type": "string", "enum": []string{chamber.OwnerVoucher, chamber.OwnerReimbursement, chamber.OwnerAnnouncement, chamber.OwnerTicket, chamber.OwnerAgendaItem, chamber.OwnerAgreement, chamber.OwnerApplicant, chamber.OwnerDocument, chamber.OwnerKBItem, chamber.OwnerJournalIssue, chamber.OwnerMemberProfile}},
				"owner_id":   map[string]any{"type": "integer"},
				"file":       map[string]any{"type": "string", "format": "binary"},
			},
		},
	}
}

// ownerURL is the page an owner is shown on.
func ownerURL(kind string, id chamber.ID) string {
	n := strconv.FormatInt(id, 10)
	switch kind {
	case chamber.OwnerVoucher:
		return "/finance/vouchers/" + n
	case chamber.OwnerReimbursement:
		return "/reimbursements/" + n
	case chamber.OwnerAnnouncement:
		return "/announcements/" + n
	case chamber.OwnerAgendaItem:
		return "/agenda/" + n
	case chamber.OwnerTicket:
		return "/tickets/" + n
	case chamber.OwnerAgreement:
		return "/agreements/" + n
	case chamber.OwnerApplicant:
		return "/applicants/" + n
	case chamber.OwnerDocument:
		return "/documents/" + n
	case chamber.OwnerKBItem:
		return "/knowledge-items/" + n
	case chamber.OwnerJournalIssue:
		return "/journal/" + n
	case chamber.OwnerMemberProfile:
		return "/member-profiles/" + n
	}
	return "/"
}

// receiveAttachment reads the multipart upload, checks the caller may
// attach to the owner, stores the file and records it.
func (s *Server) receiveAttachment(r *http.Request) (*chamber.Attachment, error) {
	if s.cfg.Blobs == nil {
		return nil, errors.New("attachments: no blob store configured")
	}
	tooLarge := &chamber.Error{Code: "too_large", Reason: "file_too_large", Key: "att.err.too_large", Args: []any{s.maxUpload() >> 20}}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, chamber.Fields{{Field: "file", Key: "att.err.no_file"}}.Err()
	}
	defer r.MultipartForm.RemoveAll()
	kind := strings.TrimSpace(r.FormValue("owner_kind"))
	var bad chamber.Fields
	if !chamber.ValidOwnerKind(kind) {
		bad.Add("owner_kind", "att.err.owner_kind")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(r.FormValue("owner_id")), 10, 64)
	if err != nil || id <= 0 {
		bad.Add("owner_id", "err.required")
	}
	f, hdr, ferr := r.FormFile("file")
	if ferr != nil {
		bad.Add("file", "att.err.no_file")
	} else {
		defer f.Close()
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if err := s.store.MayAttach(r.Context(), kind, id); err != nil {
		return nil, err
	}
	info, err := s.cfg.Blobs.Put(f, hdr.Filename)
	if err != nil {
		return nil, err
	}
	text, err := s.attachmentText(info.Hash, info.ContentType, attachmentName(hdr))
	if err != nil {
		return nil, err
	}
	return s.store.AddAttachment(r.Context(), chamber.NewAttachment{OwnerKind: kind, OwnerID: id,
		Name: attachmentName(hdr), ContentType: info.ContentType, Size: info.Size, Hash: info.Hash, Text: text})
}

// attachmentText extracts a stored file's text for search (txt, csv, docx,
// xlsx, pdf); a file that would unpack beyond its limit is refused with 422.
func (s *Server) attachmentText(hash, contentType, name string) (string, error) {
	bf, err := s.cfg.Blobs.Open(hash)
	if err != nil {
		return "", err
	}
	defer bf.Close()
	data, err := io.ReadAll(io.LimitReader(bf, s.maxUpload()+1))
	if err != nil {
		return "", err
	}
	text, err := extract.Text(data, contentType, name)
	if errors.Is(err, extract.ErrTooLarge) {
		return "", chamber.Fields{{Field: "file", Key: "err.upload_bomb"}}.Err()
	}
	return text, err
}

func attachmentName(h *multipart.FileHeader) string {
	if n := chamber.CleanAttachmentName(h.Filename); n != "" {
		return n
	}
	return "file"
}

// attachmentSubmit is the plain form on the owner pages: back to the page.
func (s *Server) attachmentSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.receiveAttachment(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, ownerURL(a.OwnerKind, a.OwnerID)+"?attached=1#attachments", http.StatusSeeOther)
	return nil
}

// attachmentDownload sends the file, never for display in the page: it is
// an attachment, with the type recorded at upload and nosniff.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.FindAttachment(r.Context(), id)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, a)
}

// serveAttachment sends a stored file the caller may read.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, a *chamber.Attachment) error {
	if s.cfg.Blobs == nil {
		return chamber.Errorf(chamber.ENOTFOUND, "att.err.not_found")
	}
	f, err := s.cfg.Blobs.Open(a.Hash)
	if err != nil {
		s.log.Error("attachment blob missing", "attachment", a.ID, "hash", a.Hash, "err", err)
		return chamber.Errorf(chamber.ENOTFOUND, "att.err.not_found")
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", contentDisposition(downloadName(a.Name, a.ContentType)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", `"`+a.Hash+`"`)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, f)
	}
	return nil
}

// contentDisposition names the download: an ASCII fallback, and the real
// name as RFC 5987 filename* (Chinese names survive).
// typeExts are the extensions a download may keep for its sniffed type; the
// first is the one it gets otherwise.
var typeExts = map[string][]string{
	"application/pdf": {".pdf"}, "image/png": {".png"}, "image/jpeg": {".jpg", ".jpeg"}, "image/gif": {".gif"}, "image/webp": {".webp"},
	"application/msword": {".doc"}, "application/vnd.ms-excel": {".xls"}, "application/vnd.ms-powerpoint": {".ppt"},
	"application/vnd.ms-office": {".doc", ".xls", ".ppt"},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   {".docx"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         {".xlsx"},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
	"application/zip": {".zip"}, "text/csv": {".csv"}, "text/plain": {".txt", ".text", ".log", ".md"},
}

// downloadName gives a file the extension of the type sniffed from its
// content, so "invoice.html" that is really a PNG is saved as invoice.png
// and never opened by the desktop as a page.
func downloadName(name, contentType string) string {
	base, _, _ := strings.Cut(contentType, ";")
	exts, ok := typeExts[strings.TrimSpace(strings.ToLower(base))]
	if !ok {
		exts = []string{".bin"}
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return name
		}
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	if stem == "" {
		stem = "file"
	}
	return stem + exts[0]
}

func contentDisposition(name string) string {
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, strings.ReplaceAll(url.QueryEscape(name), "+", "%20"))
}

// attachmentBox is what the attachment partial shows on an owner page.
type attachmentBox struct {
	Kind   string
	ID     chamber.ID
	Items  []attachmentView
	CanAdd bool
	// Closed explains why no file can be added (a published announcement).
	Closed  bool
	MaxMB   int64
	Flash   bool
	Visible bool
}

// attachments loads an owner's box for its page; a failure to list leaves
// the box hidden rather than failing the page.
func (s *Server) attachments(r *http.Request, kind string, id chamber.ID) attachmentBox {
	b := attachmentBox{Kind: kind, ID: id, MaxMB: s.maxUpload() >> 20, Flash: r.URL.Query().Get("attached") == "1"}
	items, err := s.store.ListAttachments(r.Context(), kind, id)
	if err != nil {
		return b
	}
	for _, a := range items {
		b.Items = append(b.Items, attachmentView{Attachment: a, SizeText: sizeText(a.Size)})
	}
	b.Visible = true
	if s.cfg.Blobs != nil {
		err := s.store.MayAttach(r.Context(), kind, id)
		b.CanAdd = err == nil
		b.Closed = chamber.ErrorCode(err) == chamber.ECONFLICT
	}
	return b
}

type attachmentView struct {
	*chamber.Attachment
	SizeText string
}

// sizeText shows a byte count as 12 KB / 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<10-1)>>10)
	}
	return fmt.Sprintf("%d B", n)
}
