package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/sheet"
)

// readImportFile reads the multipart field "file" into import rows. A file
// that cannot be read is reported as a row error, like a bad row.
func readImportFile(r *http.Request) (name string, rows []chamber.ImportRow, bad []chamber.ImportRowError, err error) {
	name, _, rows, bad, err = readImportUpload(r)
	return name, rows, bad, err
}

// readImportUpload is readImportFile that also returns the file's bytes,
// kept as a job so the file is not chosen twice.
func readImportUpload(r *http.Request) (name string, data []byte, rows []chamber.ImportRow, bad []chamber.ImportRowError, err error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, nil, nil, err
		}
		return "", nil, nil, []chamber.ImportRowError{{Row: 0, Field: "file", Key: "err.import_no_file"}}, nil
	}
	defer f.Close()
	name = filepath.Base(hdr.Filename)
	if data, err = io.ReadAll(io.LimitReader(f, maxImportBytes)); err != nil {
		return name, nil, nil, []chamber.ImportRowError{{Row: 0, Field: "file", Key: "err.import_unreadable"}}, nil
	}
	records, err := sheet.Read(name, bytes.NewReader(data))
	if err != nil {
		return name, nil, nil, []chamber.ImportRowError{sheet.RowError(err)}, nil
	}
	rows, bad = chamber.MemberRows(records)
	return name, data, rows, bad, nil
}

// apiMemberImport: 200 {"created": n}, or 422 import_invalid with every bad
// row and nothing written.
func (s *Server) apiMemberImport(w http.ResponseWriter, r *http.Request) error {
	_, rows, bad, err := readImportFile(r)
	if err != nil {
		return err
	}
	if len(bad) == 0 {
		var res *chamber.ImportResult
		if res, bad, err = s.store.ImportMembers(r.Context(), rows); err != nil {
			return err
		}
		if len(bad) == 0 {
			writeJSON(w, http.StatusOK, res)
			return nil
		}
	}
	lang := info(r).Lang
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: apiErrorBody{Code: "import_invalid",
		Message: i18n.T(lang, "err.import_invalid", len(bad)), Details: map[string]any{"rows": rowReport(lang, bad)}}})
	return nil
}

type importPage struct {
	memberView
	File    string
	Rows    []chamber.ImportRow
	Total   int
	Bad     []chamber.ImportRowError
	Checked bool
	// JobID is the previewed upload kept as a held job: "Import" starts it
	// without asking for the file again.
	JobID chamber.ID
}

func (s *Server) memberImportPage(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "member.import")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "member_import", &importPage{memberView: mv})
	return nil
}

// memberImportSubmit previews (mode=preview: every bad row, the first rows,
// nothing written) or imports (all or nothing).
func (s *Server) memberImportSubmit(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.memberView(r, "member.import")
	if err != nil {
		return err
	}
	p := importPage{memberView: mv, Checked: true}
	var rows []chamber.ImportRow
	var data []byte
	if p.File, data, rows, p.Bad, err = readImportUpload(r); err != nil {
		return err
	}
	p.Total = len(rows)
	if len(p.Bad) == 0 {
		if r.FormValue("mode") == "import" && len(rows) > s.cfg.ImportInlineRows {
			// A big file: checked and written by the background worker.
			id, err := s.store.HoldImport(r.Context(), p.File, data, len(rows), true)
			if err != nil {
				return err
			}
			http.Redirect(w, r, jobPath(id), http.StatusSeeOther)
			return nil
		}
		if r.FormValue("mode") == "import" {
			res, bad, err := s.store.ImportMembers(r.Context(), rows)
			if err != nil {
				return err
			}
			if len(bad) == 0 {
				http.Redirect(w, r, "/members?imported="+strconv.Itoa(res.Created), http.StatusSeeOther)
				return nil
			}
			p.Bad = bad
		} else if p.Bad, err = s.store.CheckImport(r.Context(), rows); err != nil {
			return err
		} else if len(p.Bad) == 0 {
			if p.JobID, err = s.store.HoldImport(r.Context(), p.File, data, len(rows), false); err != nil {
				return err
			}
		}
	}
	p.Bad = rowReport(p.Lang, p.Bad)
	p.Rows = rows[:min(len(rows), 20)]
	status := http.StatusOK
	if len(p.Bad) > 0 {
		status = http.StatusUnprocessableEntity
		p.FormError = p.T("err.import_invalid", len(p.Bad))
	}
	s.render(w, r, status, "member_import", &p)
	return nil
}

// writeExport streams the members as a spreadsheet download.
func (s *Server) writeExport(w http.ResponseWriter, r *http.Request) error {
	format := sheet.Format(r.URL.Query().Get("format"))
	if format == "" {
		format = sheet.XLSX
	}
	if format != sheet.XLSX && format != sheet.CSV {
		return &chamber.Error{Code: chamber.EINVALID, Key: "err.invalid_fields", Fields: []chamber.FieldError{{Field: "format", Key: "err.invalid_value"}}}
	}
	tiers, err := s.store.Tiers(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range tiers {
		names[t.Code] = t.NameZH
	}
	f := memberFilter(r)
	// Check the permission before the first byte goes out.
	if _, _, err := s.store.ListMembers(r.Context(), chamber.MemberFilter{}, chamber.Page{Limit: 1}); err != nil {
		return err
	}
	name := fmt.Sprintf("members-%s.%s", s.clock.Now().Format("20060102"), format)
	ct := "text/csv; charset=utf-8"
	if format == sheet.XLSX {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	sw, err := sheet.NewWriter(w, format)
	if err != nil {
		return err
	}
	header := make([]string, len(chamber.MemberColumns))
	for i, c := range chamber.MemberColumns {
		header[i] = c.Header
	}
	if err := sw.Write(header); err != nil {
		return err
	}
	if err := s.store.ExportMembers(r.Context(), f, func(m *chamber.Member) error {
		return sw.Write(chamber.MemberRecord(m, names[m.Tier]))
	}); err != nil {
		return err
	}
	return sw.Close()
}

func (s *Server) memberExport(w http.ResponseWriter, r *http.Request) error {
	return s.writeExport(w, r)
}
func (s *Server) apiMemberExport(w http.ResponseWriter, r *http.Request) error {
	return s.writeExport(w, r)
}
