package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// Member import jobs: a previewed upload kept as a held job, started by
// "Import"; a large file worked in the background with a progress bar.

func jobPath(id chamber.ID) string { return "/members/import/jobs/" + strconv.FormatInt(id, 10) }

// jobView is the JSON of GET /api/v1/jobs/{id}.
type jobView struct {
	ID     chamber.ID `json:"id"`
	Status string     `json:"status"`
	Total  int64      `json:"total"`
	Done   int64      `json:"done"`
	Result any        `json:"result"`
}

// jobResult is a finished job's result in the caller's language:
// {"created": n} or {"message", "rows": [{row, field, message}]}.
func jobResult(lang string, j *chamber.Job) any {
	r := j.Result
	if r == nil {
		return nil
	}
	if j.Status == chamber.JobDone {
		return map[string]int{"created": r.Created}
	}
	out := map[string]any{"rows": rowReport(lang, r.Rows)}
	if r.Key != "" {
		out["message"] = i18n.T(lang, r.Key)
	} else {
		out["message"] = i18n.T(lang, "err.import_invalid", len(r.Rows))
	}
	return out
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.store.Job(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobView{ID: j.ID, Status: string(j.Status), Total: j.Total, Done: j.Done, Result: jobResult(info(r).Lang, j)})
	return nil
}

// apiMemberImportJob queues a file as a background import: 202 {"id"}; an
// unreadable file is 422 import_invalid at once, bad rows are the job's result.
func (s *Server) apiMemberImportJob(w http.ResponseWriter, r *http.Request) error {
	name, data, rows, bad, err := readImportUpload(r)
	if err != nil {
		return err
	}
	if len(bad) > 0 && len(rows) == 0 {
		lang := info(r).Lang
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: apiErrorBody{Code: "import_invalid",
			Message: i18n.T(lang, "err.import_invalid", len(bad)), Details: map[string]any{"rows": rowReport(lang, bad)}}})
		return nil
	}
	id, err := s.store.HoldImport(r.Context(), name, data, len(rows), true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]chamber.ID{"id": id})
	return nil
}

type jobPage struct {
	Page
	Job    *chamber.Job
	Bad    []chamber.ImportRowError
	Reason string
}

func (s *Server) memberImportJobPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.store.Job(r.Context(), id)
	if err != nil {
		return err
	}
	p := jobPage{Page: s.page(r, "member.import_job"), Job: j}
	if j.Result != nil && j.Status == chamber.JobFailed {
		p.Bad = rowReport(p.Lang, j.Result.Rows)
		if j.Result.Key != "" {
			p.Reason = p.T(j.Result.Key)
		} else {
			p.Reason = p.T("err.import_invalid", len(p.Bad))
		}
	}
	s.render(w, r, http.StatusOK, "member_import_job", &p)
	return nil
}

// memberImportJobStart imports a previewed upload: inline when small (back
// to the list), else queued for the worker (to the progress page).
func (s *Server) memberImportJobStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.store.StartImportJob(r.Context(), id)
	if err != nil {
		return err
	}
	if j.Status == chamber.JobQueued && j.Rows <= s.cfg.ImportInlineRows {
		if j, err = s.store.RunImportJob(r.Context(), id); err != nil {
			return err
		}
	}
	if j.Status == chamber.JobDone && j.Result != nil && j.Rows <= s.cfg.ImportInlineRows {
		http.Redirect(w, r, "/members?imported="+strconv.Itoa(j.Result.Created), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, jobPath(id), http.StatusSeeOther)
	return nil
}
