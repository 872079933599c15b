package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
	"github.com/chamber-org/chamber/internal/sheet"
)

// maxBankStatementBytes bounds a bank statement upload.
const maxBankStatementBytes = 8 << 20

// bankRoutes are the bank reconciliation (银行对账): statements imported,
// matched to the bank book, and the 余额调节表.
func (s *Server) bankRoutes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return []*route{
		api(perm("GET", "/api/v1/finance/bank-statements", read, s.apiBankStatements), "Bank statements imported, newest first", ""),
		api(withMaxBody(perm("POST", "/api/v1/finance/bank-statements", post, s.apiBankImport), maxBankStatementBytes),
			"Import a bank statement (multipart: file .xlsx/.csv with 日期, 摘要, 收入/支出 or 金额, 余额; account, default 100201): all lines or 422 import_invalid with each bad row", "BankStatementUpload"),
		api(perm("GET", "/api/v1/finance/bank-statements/{id}", read, s.apiBankStatement), "One statement with its lines and their matches", ""),
		api(perm("GET", "/api/v1/finance/bank-statements/{id}/book-lines", read, s.apiBankBookLines), "The bank book's lines around the statement, with the bank line each is matched to", ""),
		api(perm("POST", "/api/v1/finance/bank-statements/{id}/auto-match", post, s.apiBankAutoMatch), "Match open lines to book lines of the same amount and side dated at most 3 days apart: {\"matched\": n}", ""),
		api(perm("POST", "/api/v1/finance/bank-statements/{id}/matches", post, s.apiBankMatch), "Match a statement line to a book line by hand (same side and amount)", "BankMatch"),
		api(perm("POST", "/api/v1/finance/bank-statements/{id}/lines/{line}/unmatch", post, s.apiBankUnmatch), "Undo a line's match", ""),
		api(perm("GET", "/api/v1/finance/bank-statements/{id}/reconciliation", read, s.apiBankReconciliation), "余额调节表 at the statement's end: bank + 企业已收银行未收 − 企业已付银行未付 = books + 银行已收企业未收 − 银行已付企业未付", ""),

		perm("GET", "/finance/bank", read, s.bankPage),
		withMaxBody(perm("POST", "/finance/bank", post, s.bankImportSubmit), maxBankStatementBytes),
		perm("GET", "/finance/bank/{id}", read, s.bankStatementPage),
		perm("POST", "/finance/bank/{id}/auto", post, s.bankAutoSubmit),
		perm("POST", "/finance/bank/{id}/match", post, s.bankMatchSubmit),
		perm("POST", "/finance/bank/{id}/unmatch", post, s.bankUnmatchSubmit),
	}
}

func bankSchemas(o obj) obj {
	o["BankStatementUpload"] = oaObject([]string{"file"}, obj{"file": obj{"type": "string", "format": "binary"}, "account": obj{"type": "string", "example": "100201"}})
	o["BankMatch"] = oaObject([]string{"line_id", "voucher_id", "line_no"}, obj{"line_id": oaInteger, "voucher_id": oaInteger, "line_no": oaInteger})
	return o
}

// readBankUpload reads the multipart statement: the account and the file's
// lines, or the bad rows.
func readBankUpload(r *http.Request) (chamber.NewBankStatement, []chamber.ImportRowError, error) {
	in := chamber.NewBankStatement{Account: strings.TrimSpace(r.FormValue("account"))}
	if in.Account == "" {
		in.Account = "100201"
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return in, nil, err
		}
		return in, []chamber.ImportRowError{{Row: 0, Field: "file", Key: "err.import_no_file"}}, nil
	}
	defer f.Close()
	in.FileName = filepath.Base(hdr.Filename)
	data, err := io.ReadAll(io.LimitReader(f, maxBankStatementBytes))
	if err != nil {
		return in, []chamber.ImportRowError{{Row: 0, Field: "file", Key: "err.import_unreadable"}}, nil
	}
	records, err := sheet.Read(in.FileName, bytes.NewReader(data))
	if err != nil {
		return in, []chamber.ImportRowError{sheet.RowError(err)}, nil
	}
	var bad []chamber.ImportRowError
	in.Lines, bad = chamber.BankRows(records)
	return in, bad, nil
}

func (s *Server) apiBankStatements(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.store.ListBankStatements(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ss)
}

func (s *Server) apiBankImport(w http.ResponseWriter, r *http.Request) error {
	in, bad, err := readBankUpload(r)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		lang := info(r).Lang
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: apiErrorBody{Code: "import_invalid",
			Message: i18n.T(lang, "err.import_invalid", len(bad)), Details: map[string]any{"rows": rowReport(lang, bad)}}})
		return nil
	}
	st, err := s.store.ImportBankStatement(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/finance/bank-statements/"+strconv.FormatInt(st.ID, 10))
	writeJSON(w, http.StatusCreated, st)
	return nil
}

func (s *Server) apiBankStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.store.FindBankStatement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiBankBookLines(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ls, err := s.store.BankBookLines(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, ls)
}

func (s *Server) apiBankAutoMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.store.AutoMatchBank(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"matched": n})
	return nil
}

func (s *Server) apiBankMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.BankMatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.store.MatchBankLine(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiBankUnmatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	line, err := pathID(r, "line")
	if err != nil {
		return err
	}
	l, err := s.store.UnmatchBankLine(r.Context(), id, line)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiBankReconciliation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rc, err := s.store.Reconcile(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rc)
	return nil
}

type bankListPage struct {
	financePage
	Statements []*chamber.BankStatement
	Accounts   []*chamber.Account
	Account    string
	Bad        []chamber.ImportRowError
	File       string
}

func (s *Server) bankPage(w http.ResponseWriter, r *http.Request) error {
	p := bankListPage{financePage: s.financePage(r, "bank.title"), Account: "100201"}
	return s.renderBankList(w, r, http.StatusOK, &p)
}

func (s *Server) renderBankList(w http.ResponseWriter, r *http.Request, status int, p *bankListPage) error {
	var err error
	if p.Statements, err = s.store.ListBankStatements(r.Context()); err != nil {
		return err
	}
	accts, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	for _, a := range chamber.LeafAccounts(accts) {
		if a.Cash && a.Top() == "1002" {
			p.Accounts = append(p.Accounts, a)
		}
	}
	for i := range p.Bad {
		p.Bad[i].Message = p.T(p.Bad[i].Key, p.Bad[i].Args...)
	}
	s.render(w, r, status, "finance_bank", p)
	return nil
}

func (s *Server) bankImportSubmit(w http.ResponseWriter, r *http.Request) error {
	p := bankListPage{financePage: s.financePage(r, "bank.title")}
	in, bad, err := readBankUpload(r)
	if err != nil {
		return err
	}
	p.Account, p.File, p.Bad = in.Account, in.FileName, bad
	if len(bad) > 0 {
		return s.renderBankList(w, r, http.StatusUnprocessableEntity, &p)
	}
	st, err := s.store.ImportBankStatement(r.Context(), in)
	if err != nil {
		if !p.withFieldErrors(err) {
			if chamber.ErrorCode(err) != chamber.ECONFLICT {
				return err
			}
			var e *chamber.Error
			errors.As(err, &e)
			p.FormError = p.T(e.Key, e.Args...)
		}
		return s.renderBankList(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/finance/bank/"+strconv.FormatInt(st.ID, 10)+"?done=imported", http.StatusSeeOther)
	return nil
}

type bankStatementPage struct {
	financePage
	Statement *chamber.BankStatement
	Books     []chamber.BookLine
	Recon     *chamber.Reconciliation
	Preparer  string
}

// Candidates are the book lines a statement line may be matched to by
// hand: not matched yet, the same side and amount.
func (p *bankStatementPage) Candidates(l chamber.BankStatementLine) []chamber.BookLine {
	var out []chamber.BookLine
	for _, b := range p.Books {
		if b.StatementLineID == 0 && b.DebitFen == l.InFen && b.CreditFen == l.OutFen {
			out = append(out, b)
		}
	}
	return out
}

func (s *Server) bankStatementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := bankStatementPage{financePage: s.financePage(r, "bank.statement")}
	if done := r.URL.Query().Get("done"); done == "imported" || done == "auto" || done == "match" || done == "unmatch" {
		p.Flash = p.T("bank.done." + done)
		if done == "auto" {
			p.Flash = p.T("bank.done.auto", r.URL.Query().Get("n"))
		}
	}
	return s.renderBankStatement(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderBankStatement(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *bankStatementPage) error {
	ctx := r.Context()
	var err error
	if p.Statement, err = s.store.FindBankStatement(ctx, id); err != nil {
		return err
	}
	if p.Books, err = s.store.BankBookLines(ctx, id); err != nil {
		return err
	}
	if p.Recon, err = s.store.Reconcile(ctx, id); err != nil {
		return err
	}
	if p.Actor != nil {
		p.Preparer = p.Actor.Name
	}
	if r.Method == http.MethodGet && r.URL.Query().Get("format") == "xlsx" {
		return s.writeReconciliationXLSX(w, p)
	}
	s.render(w, r, status, "finance_bank_statement", p)
	return nil
}

func (s *Server) bankAction(w http.ResponseWriter, r *http.Request, fn func(id chamber.ID) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	done, err := fn(id)
	if err != nil {
		p := bankStatementPage{financePage: s.financePage(r, "bank.statement")}
		var e *chamber.Error
		if !errors.As(err, &e) || (e.Code != chamber.ECONFLICT && e.Code != chamber.EINVALID) {
			return err
		}
		p.FormError = p.T(e.Key, e.Args...)
		for _, f := range e.Fields {
			p.FormError = p.T(f.Key, f.Args...)
		}
		return s.renderBankStatement(w, r, statusOf(e.Code), id, &p)
	}
	http.Redirect(w, r, "/finance/bank/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) bankAutoSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.bankAction(w, r, func(id chamber.ID) (string, error) {
		n, err := s.store.AutoMatchBank(r.Context(), id)
		return "auto&n=" + strconv.Itoa(n), err
	})
}

func (s *Server) bankMatchSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.bankAction(w, r, func(id chamber.ID) (string, error) {
		line, _ := strconv.ParseInt(r.PostForm.Get("line_id"), 10, 64)
		v, l, _ := strings.Cut(r.PostForm.Get("book"), ".")
		var m chamber.BankMatch
		m.LineID = line
		m.VoucherID, _ = strconv.ParseInt(v, 10, 64)
		m.LineNo, _ = strconv.Atoi(l)
		_, err := s.store.MatchBankLine(r.Context(), id, m)
		return "match", err
	})
}

func (s *Server) bankUnmatchSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.bankAction(w, r, func(id chamber.ID) (string, error) {
		line, _ := strconv.ParseInt(r.PostForm.Get("line_id"), 10, 64)
		_, err := s.store.UnmatchBankLine(r.Context(), id, line)
		return "unmatch", err
	})
}

// Difference is by how much the adjusted bank balance passes the books'.
func (p *bankStatementPage) Difference() string {
	if p.Recon == nil {
		return ""
	}
	return chamber.FormatYuan(p.Recon.AdjustedBankFen - p.Recon.AdjustedBookFen)
}

// writeReconciliationXLSX sends the 余额调节表 as a workbook: amounts as
// numbers, dates as dates.
func (s *Server) writeReconciliationXLSX(w http.ResponseWriter, p *bankStatementPage) error {
	bk := sheet.NewBook("")
	put := func(cells ...any) { // amounts are fen
		for i, c := range cells {
			if v, ok := c.(int64); ok {
				cells[i] = yuan(v)
			}
		}
		bk.Row(cells...)
	}
	day := func(s string) any {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return t
		}
		return s
	}
	rc := p.Recon
	bk.Bold(p.T("bank.recon_title"))
	put(p.T("finance.prepared_by_unit")+"："+p.Chamber.Name, p.T("finance.account")+"："+rc.Account, day(rc.Date), p.T("finance.unit_yuan"))
	put(p.T("bank.item"), p.T("finance.amount"), p.T("bank.item"), p.T("finance.amount"))
	put(p.T("bank.bank_balance"), rc.BankFen, p.T("bank.book_balance"), rc.BookFen)
	put(p.T("bank.add_book_in"), rc.BookInFen, p.T("bank.add_bank_in"), rc.BankInFen)
	put(p.T("bank.less_book_out"), rc.BookOutFen, p.T("bank.less_bank_out"), rc.BankOutFen)
	put(p.T("bank.adjusted"), rc.AdjustedBankFen, p.T("bank.adjusted"), rc.AdjustedBookFen)
	bk.Skip()
	put(p.T("bank.outstanding"), p.T("finance.date"), p.T("finance.summary"), p.T("finance.amount"))
	for _, b := range rc.BookItems {
		if b.DebitFen > 0 {
			put(p.T("bank.book_in"), day(b.Date), b.Number+" "+b.Summary, b.DebitFen)
		} else {
			put(p.T("bank.book_out"), day(b.Date), b.Number+" "+b.Summary, b.CreditFen)
		}
	}
	for _, b := range rc.BankItems {
		if b.InFen > 0 {
			put(p.T("bank.bank_in"), day(b.Date), b.Summary, b.InFen)
		} else {
			put(p.T("bank.bank_out"), day(b.Date), b.Summary, b.OutFen)
		}
	}
	bk.Width(1, 1, 30)
	bk.Width(2, 2, 16)
	bk.Width(3, 3, 30)
	bk.Width(4, 4, 16)
	return sendBook(w, bk, "reconciliation.xlsx")
}
