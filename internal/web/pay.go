package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// payRoutes are pay and benefits (薪资福利): private to HR and the person;
// finance posts the month's payroll.
func (s *Server) payRoutes() []*route {
	hr, post := chamber.PermStaffManage, chamber.PermFinancePost
	return []*route{
		user("GET", "/pay", s.payPage),
		perm("POST", "/pay/items", hr, s.payItemSubmit),
		withMaxBody(perm("POST", "/pay/import", hr, s.payImportSubmit), maxImportBytes),
		perm("POST", "/pay/{month}/post", post, s.payPostSubmit),

		api(perm("POST", "/api/v1/pay-items", hr, s.apiPayItemSave), "Enter or correct one person's pay of a month (fen): basic, allowances, social insurance and housing fund, the employee's and the employer's part; a posted month is 409", "PayItem"),
		api(user("GET", "/api/v1/pay-items", s.apiPayItemList), "Pay items (?month=YYYY-MM, ?user_id= for HR); every other login gets only its own", ""),
		api(withMaxBody(perm("POST", "/api/v1/pay-items/import", hr, s.apiPayImport), maxImportBytes), "Import a month's pay sheet (multipart: month, file .xlsx/.csv with 账号, 基本工资, 津贴补贴, 个人社保, 个人公积金, 单位社保, 单位公积金 in yuan), all rows or none", ""),
		api(perm("GET", "/api/v1/payrolls", post, s.apiPayrollList), "The months with pay items and their totals (HR sees them on /pay)", ""),
		api(perm("GET", "/api/v1/payrolls/{month}", post, s.apiPayrollGet), "A month's payroll summary: people, gross, the employee's and the employer's contributions, net, cost, posted voucher", ""),
		api(perm("POST", "/api/v1/payrolls/{month}/post", post, s.apiPayrollPost), "Post the month's payroll as one voucher: Dr 520101 工资福利 / Cr 2204 应付工资; once per month (409 afterwards)", ""),
	}
}

func paySchemas() obj {
	return obj{
		"PayItem": oaObject([]string{"month", "user_id"}, obj{"month": obj{"type": "string", "pattern": `^\d{4}-\d{2}$`}, "user_id": oaInteger,
			"basic_fen": oaInteger, "allowance_fen": oaInteger, "si_employee_fen": oaInteger, "hf_employee_fen": oaInteger,
			"si_employer_fen": oaInteger, "hf_employer_fen": oaInteger, "note": oaString}),
	}
}

func (s *Server) apiPayItemSave(w http.ResponseWriter, r *http.Request) error {
	var in chamber.PayItem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.SavePayItem(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiPayItemList(w http.ResponseWriter, r *http.Request) error {
	uid, err := queryID(r, "user_id")
	if err != nil {
		return err
	}
	items, err := s.store.ListPayItems(r.Context(), r.URL.Query().Get("month"), uid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// payHeaders maps a sheet's column titles to the item's fields.
var payHeaders = map[string]string{"账号": "username", "登录名": "username", "username": "username",
	"基本工资": "basic", "basic": "basic", "津贴补贴": "allowance", "allowance": "allowance",
	"个人社保": "si_employee", "个人公积金": "hf_employee", "单位社保": "si_employer", "单位公积金": "hf_employer", "备注": "note", "note": "note"}

// readPaySheet reads the uploaded sheet into rows; a bad cell is a field error naming its row.
func readPaySheet(r *http.Request) ([]chamber.PayImportRow, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, fieldErr("file", "err.import_no_file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportBytes))
	if err != nil {
		return nil, fieldErr("file", "err.import_unreadable")
	}
	records, err := sheet.Read(filepath.Base(hdr.Filename), bytes.NewReader(data))
	if err != nil || len(records) < 2 {
		if e := sheet.RowError(err); err != nil {
			return nil, fieldErr("file", e.Key)
		}
		return nil, fieldErr("file", "pay.err.empty_sheet")
	}
	cols := map[string]int{}
	for i, h := range records[0] {
		if k, ok := payHeaders[strings.TrimSpace(h)]; ok {
			cols[k] = i
		}
	}
	if _, ok := cols["username"]; !ok {
		return nil, fieldErr("file", "pay.err.no_username")
	}
	var rows []chamber.PayImportRow
	for n, rec := range records[1:] {
		cell := func(k string) string {
			if i, ok := cols[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := chamber.PayImportRow{Row: n + 2, Username: cell("username"), Item: chamber.PayItem{Note: cell("note")}}
		if row.Username == "" {
			continue
		}
		for k, dst := range map[string]*int64{"basic": &row.Item.BasicFen, "allowance": &row.Item.AllowanceFen, "si_employee": &row.Item.SIEmployeeFen,
			"hf_employee": &row.Item.HFEmployeeFen, "si_employer": &row.Item.SIEmployerFen, "hf_employer": &row.Item.HFEmployerFen} {
			v := cell(k)
			if v == "" {
				continue
			}
			fen, ok := chamber.ParseYuan(v)
			if !ok {
				return nil, fieldErr("rows["+strconv.Itoa(row.Row)+"]."+k, "pay.err.row", row.Row)
			}
			*dst = fen
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (s *Server) apiPayImport(w http.ResponseWriter, r *http.Request) error {
	rows, err := readPaySheet(r)
	if err != nil {
		return err
	}
	n, err := s.store.ImportPayItems(r.Context(), r.FormValue("month"), rows)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
	return nil
}

func (s *Server) apiPayrollList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListPayrolls(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, ""))
	return nil
}

func (s *Server) apiPayrollGet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.PayrollSummary(r.Context(), r.PathValue("month"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPayrollPost(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.PostPayroll(r.Context(), r.PathValue("month"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

type payPage struct {
	Page
	Month    string
	Items    []*chamber.PayItem
	Mine     []*chamber.PayItem
	Summary  *chamber.Payroll
	Payrolls []*chamber.Payroll
	Form     map[string]string
	Staff    []*chamber.Staff // the register, to pick whom pay is entered for
}

func (s *Server) payPage(w http.ResponseWriter, r *http.Request) error {
	p := payPage{Page: s.page(r, "pay.title")}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Flash = p.T("pay.saved")
	case "imported":
		p.Flash = p.T("pay.imported")
	case "posted":
		p.Flash = p.T("pay.posted_flash")
	}
	return s.renderPay(w, r, http.StatusOK, &p)
}

func (s *Server) renderPay(w http.ResponseWriter, r *http.Request, status int, p *payPage) error {
	ctx := r.Context()
	if p.Month == "" {
		p.Month = r.URL.Query().Get("month")
	}
	if !chamber.ValidMonth(p.Month) {
		p.Month = s.store.Today(ctx)[:7]
	}
	var err error
	hr, fin := p.Actor.Can(chamber.PermStaffManage), p.Actor.Can(chamber.PermFinancePost)
	if p.Mine, err = s.store.ListPayItems(ctx, "", p.Actor.UserID); err != nil {
		return err
	}
	if hr {
		if p.Items, err = s.store.ListPayItems(ctx, p.Month, 0); err != nil {
			return err
		}
		if p.Staff, err = s.store.ListStaff(ctx); err != nil {
			return err
		}
	}
	if hr || fin {
		if p.Summary, err = s.store.PayrollSummary(ctx, p.Month); err != nil {
			return err
		}
		if p.Payrolls, err = s.store.ListPayrolls(ctx); err != nil {
			return err
		}
	}
	s.render(w, r, status, "pay", p)
	return nil
}

func (s *Server) payItemSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	p := payPage{Page: s.page(r, "pay.title"), Month: f.Get("month"), Form: map[string]string{}}
	for _, k := range []string{"user_id", "basic", "allowance", "si_employee", "hf_employee", "si_employer", "hf_employer", "note"} {
		p.Form[k] = f.Get(k)
	}
	item := chamber.PayItem{Month: p.Month, Note: f.Get("note")}
	item.UserID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("user_id")), 10, 64)
	var err error
	for k, dst := range map[string]*int64{"basic": &item.BasicFen, "allowance": &item.AllowanceFen, "si_employee": &item.SIEmployeeFen,
		"hf_employee": &item.HFEmployeeFen, "si_employer": &item.SIEmployerFen, "hf_employer": &item.HFEmployerFen} {
		if v := strings.TrimSpace(f.Get(k)); v != "" {
			fen, ok := chamber.ParseYuan(v)
			if !ok {
				err = fieldErr(k, "pay.err.amount")
			}
			*dst = fen
		}
	}
	if err == nil {
		_, err = s.store.SavePayItem(r.Context(), item)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderPay(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/pay?done=saved&month="+item.Month, http.StatusSeeOther)
	return nil
}

func (s *Server) payImportSubmit(w http.ResponseWriter, r *http.Request) error {
	month := r.FormValue("month")
	rows, err := readPaySheet(r)
	if err == nil {
		_, err = s.store.ImportPayItems(r.Context(), month, rows)
	}
	if err != nil {
		p := payPage{Page: s.page(r, "pay.title"), Month: month}
		if !p.withFieldErrors(err) {
			return err
		}
		if p.FormError == "" {
			for _, v := range p.Errors {
				p.FormError = v
			}
		}
		return s.renderPay(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/pay?done=imported&month="+month, http.StatusSeeOther)
	return nil
}

func (s *Server) payPostSubmit(w http.ResponseWriter, r *http.Request) error {
	month := r.PathValue("month")
	if _, err := s.store.PostPayroll(r.Context(), month); err != nil {
		p := payPage{Page: s.page(r, "pay.title"), Month: month}
		if e, ok := chamber.AsError(err); ok && (e.Code == chamber.ECONFLICT || e.Code == chamber.EINVALID) {
			p.FormError = p.T(e.Key, e.Args...)
			return s.renderPay(w, r, statusOf(e.Code), &p)
		}
		return err
	}
	http.Redirect(w, r, "/pay?done=posted&month="+month, http.StatusSeeOther)
	return nil
}

// Plus adds two amounts in a template.
func (p *payPage) Plus(a, b int64) int64 { return a + b }

// PayFields are the amount fields of the entry form.
func (p *payPage) PayFields() []string {
	return []string{"basic", "allowance", "si_employee", "hf_employee", "si_employer", "hf_employer"}
}
