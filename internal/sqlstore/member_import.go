package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// CheckImport is the preview of an import: every bad row, nothing written.
func (db *DB) CheckImport(ctx context.Context, rows []chamber.ImportRow) ([]chamber.ImportRowError, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	return db.checkImport(ctx, rows, nil)
}

// ImportMembers checks every row first and writes only when all are good,
// in one transaction: a file with one bad row writes nothing and names it.
func (db *DB) ImportMembers(ctx context.Context, rows []chamber.ImportRow) (*chamber.ImportResult, []chamber.ImportRowError, error) {
	return db.importMembers(ctx, rows, nil, nil)
}

// importMembers is ImportMembers with a progress hook (called once per row
// checked and once per row written) and first, a statement run at the start
// of the write transaction (a job marking itself done, so the import and
// the job's end commit together or not at all).
func (db *DB) importMembers(ctx context.Context, rows []chamber.ImportRow, step func(), first func(tx *Tx) error) (*chamber.ImportResult, []chamber.ImportRowError, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, nil, err
	}
	bad, err := db.checkImport(ctx, rows, step)
	if err != nil || len(bad) > 0 {
		return nil, bad, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if first != nil {
			if err := first(tx); err != nil {
				return err
			}
		}
		loc, err := tx.location()
		if err != nil {
			return err
		}
		today := tx.Now().In(loc)
		firstNo, err := tx.nextMemberNos(len(rows))
		if err != nil {
			return err
		}
		// Written in chunks of multi-row INSERTs (members, tags, search
		// tokens), audited record by record at commit in one pass.
		for start := 0; start < len(rows); start += importChunk {
			chunk := rows[start:min(start+importChunk, len(rows))]
			ins := make([]*chamber.MemberInput, len(chunk))
			nos := make([]string, len(chunk))
			for i := range chunk {
				in := &chunk[i].Input
				if in.JoinedOn == "" {
					in.JoinedOn = today.Format("2006-01-02")
				}
				ins[i], nos[i] = in, formatMemberNo(today.Year(), firstNo+int64(start+i))
			}
			ms, err := tx.insertMembers(ins, nos, chamber.StatusActive)
			if err != nil {
				var ce *chamber.Error
				if errors.As(err, &ce) && ce.Reason == "duplicate_credit_code" {
					return errImportRaced
				}
				return err
			}
			for _, m := range ms {
				if err := tx.Audit("member.create", "member", m.ID, nil, m); err != nil {
					return err
				}
				if step != nil {
					step()
				}
			}
		}
		return nil
	})
	if errors.Is(err, errImportRaced) {
		// A credit code was registered meanwhile: the check, run again,
		// names its row (nothing of this import was written).
		if bad, err = db.checkImport(ctx, rows, nil); err != nil {
			return nil, nil, err
		}
		if len(bad) == 0 {
			bad = []chamber.ImportRowError{{Row: 0, Field: "credit_code", Key: "err.credit_code_taken"}}
		}
		return nil, bad, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &chamber.ImportResult{Created: len(rows)}, nil, nil
}

// insertMembers writes new members with one multi-row INSERT, then their
// tags and search tokens with one each; ins and nos pair up.
func (tx *Tx) insertMembers(ins []*chamber.MemberInput, nos []string, status chamber.MemberStatus) ([]*chamber.Member, error) {
	ctx := tx.ctx
	now := micros(tx.Now())
	var q strings.Builder
	q.WriteString(`INSERT INTO members (member_no, kind, name, tier, industry, region, credit_code, legal_rep, address,
		size, website, company, contact_name, phone, email, joined_on, status, lapsed, tags, public_listing, cert_code, created_at, updated_at) VALUES `)
	args := make([]any, 0, 21*len(ins))
	for i, in := range ins {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(tx.placeholders(len(args), 23))
		args = append(args, nos[i], in.Kind, in.Name, in.Tier, in.Industry, in.Region, nullString(in.CreditCode), in.LegalRep, in.Address,
			in.Size, in.Website, in.Company, in.ContactName, in.Phone, in.Email, in.JoinedOn, status, false, tagsJSON(in.Tags), in.PublicList,
			newCertCode(), now, now)
	}
	q.WriteString(` RETURNING ` + memberColumnsBare)
	rows, err := tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, insertMemberErr(err)
	}
	byNo := make(map[string]*chamber.Member, len(ins))
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byNo[m.MemberNo] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, insertMemberErr(err)
	}
	out := make([]*chamber.Member, len(nos))
	for i, no := range nos {
		if out[i] = byNo[no]; out[i] == nil {
			return nil, fmt.Errorf("insert members: %s not returned", no)
		}
	}
	return out, tx.writeMemberIndexes(out)
}

func insertMemberErr(err error) error {
	if isUniqueViolation(err) && strings.Contains(err.Error(), "credit_code") {
		return duplicateCreditCode()
	}
	return err
}

// writeMemberIndexes writes the tags and search tokens of new members in
// one INSERT each.
func (tx *Tx) writeMemberIndexes(ms []*chamber.Member) error {
	var tq strings.Builder
	var targs []any
	for _, m := range ms {
		for _, t := range m.Tags {
			if len(targs) > 0 {
				tq.WriteByte(',')
			}
			tq.WriteString(tx.placeholders(len(targs), 2))
			targs = append(targs, m.ID, t)
		}
	}
	if len(targs) > 0 {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO member_tags(member_id, tag) VALUES `+tq.String(), targs...); err != nil {
			return err
		}
	}
	var sq strings.Builder
	sargs := make([]any, 0, 2*len(ms))
	for i, m := range ms {
		if i > 0 {
			sq.WriteByte(',')
		}
		if tx.db.Dialect == Postgres {
			fmt.Fprintf(&sq, "($%d::bigint, array_to_tsvector(string_to_array($%d, ' ')))", len(sargs)+1, len(sargs)+2)
		} else {
			sq.WriteString(tx.placeholders(len(sargs), 2))
		}
		sargs = append(sargs, m.ID, memberTokens(m))
	}
	if len(ms) == 0 {
		return nil
	}
	col := "rowid"
	if tx.db.Dialect == Postgres {
		col = "member_id"
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO member_search(`+col+`, tokens) VALUES `+sq.String(), sargs...)
	return err
}

// checkImport validates every row: fields, tiers, duplicates within the
// file and credit codes already registered.
func (db *DB) checkImport(ctx context.Context, rows []chamber.ImportRow, step func()) ([]chamber.ImportRowError, error) {
	codes, err := tierCodes(ctx, db.read)
	if err != nil {
		return nil, err
	}
	var bad []chamber.ImportRowError
	rowOf := map[string]int{} // credit code → first row holding it
	noRow := map[string]int{} // member number → first row holding it
	for i := range rows {
		r := &rows[i]
		bad = append(bad, r.Errors...)
		in := &r.Input
		in.Normalize()
		var f chamber.Fields
		if err := in.Validate(); err != nil {
			var e *chamber.Error
			if !errors.As(err, &e) {
				return nil, err
			}
			f = e.Fields
		}
		if !f.Has("tier") {
			resolveTier(codes, in, &f)
		}
		if in.CreditCode != "" && !f.Has("credit_code") {
			if first, dup := rowOf[in.CreditCode]; dup {
				f.Add("credit_code", "err.import_duplicate_row", first)
			} else {
				rowOf[in.CreditCode] = r.Row
			}
		}
		if no := strings.TrimSpace(r.MemberNo); no != "" {
			if !chamber.TextOK(no, false) {
				f.Add("member_no", "err.control_char", "member_no")
			} else if first, dup := noRow[no]; dup {
				f.Add("member_no", "err.import_duplicate_row", first)
			} else {
				noRow[no] = r.Row
				var n int
				if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE member_no = $1`, no).Scan(&n); err != nil {
					return nil, err
				}
				if n > 0 {
					f.Add("member_no", "err.import_member_no_exists", no)
				}
			}
		}
		for _, fe := range f {
			bad = append(bad, chamber.ImportRowError{Row: r.Row, Field: fe.Field, Key: fe.Key, Args: fe.Args})
		}
		if step != nil {
			step()
		}
	}
	// Credit codes already registered, looked up in batches.
	var all []string
	for c := range rowOf {
		all = append(all, c)
	}
	for start := 0; start < len(all); start += 500 {
		batch := all[start:min(start+500, len(all))]
		ph := make([]string, len(batch))
		args := make([]any, len(batch))
		for i, c := range batch {
			ph[i], args[i] = "$"+itoa(i+1), c
		}
		res, err := db.read.QueryContext(ctx, `SELECT credit_code FROM members WHERE credit_code IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for res.Next() {
			var c string
			if err := res.Scan(&c); err != nil {
				res.Close()
				return nil, err
			}
			bad = append(bad, chamber.ImportRowError{Row: rowOf[c], Field: "credit_code", Key: "err.credit_code_taken"})
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	if len(rows) == 0 && len(bad) == 0 {
		bad = append(bad, chamber.ImportRowError{Row: 1, Field: "file", Key: "err.import_empty"})
	}
	sortRowErrors(bad)
	return bad, nil
}

// importChunk is how many members one INSERT carries.
const importChunk = 500 // 23 parameters each

var errImportRaced = errors.New("import: a credit code was registered meanwhile")

func sortRowErrors(e []chamber.ImportRowError) {
	sort.SliceStable(e, func(i, j int) bool { return e[i].Row < e[j].Row })
}

func itoa(n int) string { return strconv.Itoa(n) }

// ExportMembers streams every member matching f in id order.
func (db *DB) ExportMembers(ctx context.Context, f chamber.MemberFilter, fn func(*chamber.Member) error) error {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return err
	}
	var after int64
	for {
		rows, err := db.read.QueryContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.id > $1
			AND ($2 = '' OR m.status = $2) AND ($3 = '' OR m.tier = $3) ORDER BY m.id LIMIT 1000`, after, string(f.Status), f.Tier)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			m, err := scanMember(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			after = m.ID
			if err := fn(m); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < 1000 {
			return nil
		}
	}
}
