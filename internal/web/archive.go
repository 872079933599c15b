package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// archiveRoutes are the archive's page and API.
func (s *Server) archiveRoutes() []*route {
	const w = chamber.PermDocumentWrite
	return []*route{
		perm("GET", "/archive", w, s.archivePage),
		perm("POST", "/archive", w, s.archiveSubmit),
		api(perm("POST", "/api/v1/archive", w, s.apiArchiveFile), "File a record (document, meeting, voucher, announcement, attachment) under a category and retention period; archived records never change", "NewArchiveRecord"),
		api(perm("GET", "/api/v1/archive", w, s.apiArchiveList), "Filed records, newest first (documents only to those who may read them)", ""),
	}
}

func archiveSchemas() obj {
	return obj{"NewArchiveRecord": oaObject([]string{"source_kind", "source_id", "category", "retention"}, obj{
		"source_kind": oaEnum(chamber.ArchiveSources...), "source_id": oaInteger, "category": oaString, "retention": oaEnum(chamber.ArchiveRetentions...),
		"year": oaInteger,
	})}
}

// Lists for the archive template.
func (p *Page) ArchiveSources() []string    { return chamber.ArchiveSources }
func (p *Page) ArchiveRetentions() []string { return chamber.ArchiveRetentions }

type archivePage struct {
	Page
	Records   []*chamber.ArchiveRecord
	Expired   int
	Disposals []*chamber.ArchiveDisposal
}

func (s *Server) archivePage(w http.ResponseWriter, r *http.Request) error {
	p := archivePage{Page: s.page(r, "archive.title")}
	return s.renderArchive(w, r, http.StatusOK, &p)
}

func (s *Server) renderArchive(w http.ResponseWriter, r *http.Request, status int, p *archivePage) error {
	var err error
	if p.Records, err = s.store.ListArchive(r.Context()); err != nil {
		return err
	}
	if p.Expired, err = s.store.ExpiredArchiveCount(r.Context()); err != nil {
		return err
	}
	if p.Disposals, err = s.store.ListDisposals(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "archive", p)
	return nil
}

func (s *Server) archiveSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	id, _ := strconv.ParseInt(f.Get("source_id"), 10, 64)
	year := 0
	if v := f.Get("year"); v != "" {
		if year, _ = strconv.Atoi(v); year == 0 {
			year = -1 // refused by Validate
		}
	}
	_, err := s.store.FileArchive(r.Context(), chamber.NewArchiveRecord{SourceKind: f.Get("source_kind"), SourceID: id, Category: f.Get("category"),
		Retention: f.Get("retention"), Year: year})
	if err != nil {
		p := archivePage{Page: s.page(r, "archive.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderArchive(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/archive", http.StatusSeeOther)
	return nil
}

func (s *Server) apiArchiveFile(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewArchiveRecord
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.FileArchive(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiArchiveList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListArchive(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*chamber.ArchiveRecord{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "next_cursor": ""})
	return nil
}
