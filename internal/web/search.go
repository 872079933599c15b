package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// searchRoutes are full-text search (documents for now).
func (s *Server) searchRoutes() []*route {
	return []*route{
		api(user("GET", "/api/v1/search", s.apiSearch), "Full-text search in Chinese (two characters, pinyin, initials) over documents (regulations included), knowledge-base entries and the text of attachments (txt, csv, docx, xlsx) the caller may read, with highlighted snippets (?q=, ?limit= up to 50)", ""),
	}
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return chamber.Errorf(chamber.EINVALID, "search.err.limit")
		}
		limit = n
	}
	hits, err := s.store.SearchDocuments(r.Context(), r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": hits})
	return nil
}
