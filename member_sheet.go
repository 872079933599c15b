package chamber

import (
	"strings"
)

// MemberColumn is one column of the member spreadsheet: the export writes
// them in this order with the Chinese header, and the import accepts the
// Chinese header or the code name, in any order.
type MemberColumn struct {
	Field  string // code name, as in the API
	Header string // the header the export writes
}

// MemberColumns are the columns of the export, which the import reads back.
var MemberColumns = []MemberColumn{
	{"member_no", "会员编号"}, {"kind", "类型"}, {"name", "名称"}, {"tier", "会员等级"},
	{"industry", "行业"}, {"region", "地区"}, {"credit_code", "统一社会信用代码"}, {"legal_rep", "法定代表人"},
	{"address", "地址"}, {"size", "规模"}, {"website", "网站"}, {"company", "工作单位"},
	{"contact_name", "联系人"}, {"phone", "电话"}, {"email", "电子邮箱"}, {"joined_on", "入会日期"},
	{"status", "状态"}, {"tags", "标签"},
}

// kindLabels maps what a sheet may say for kind.
var kindLabels = map[string]MemberKind{"unit": MemberUnit, "单位": MemberUnit, "企业": MemberUnit, "单位会员": MemberUnit, "企业会员": MemberUnit,
	"individual": MemberIndividual, "个人": MemberIndividual, "个人会员": MemberIndividual}

// KindLabel is what the export writes for kind.
func KindLabel(k MemberKind) string {
	if k == MemberIndividual {
		return "个人"
	}
	return "单位"
}

// StatusLabels are the Chinese status names (export, and accepted by the import).
var StatusLabels = map[MemberStatus]string{StatusActive: "在册", StatusSuspended: "暂停", StatusWithdrawn: "退会", StatusExpelled: "除名"}

// rowNumberHeaders are headers of a running number column (序号), which
// sheets kept by hand often start with: read past, never imported.
var rowNumberHeaders = map[string]bool{"序号": true, "编号序号": true, "no": true, "no.": true, "#": true}

// MapHeader finds each column's index in a header row. A missing name or
// kind column, a column named twice and a column the import does not know
// are reported, so nothing in the sheet is silently left out; only a
// running-number column (序号) and columns with no header and no data are
// passed over (unknown lists the indexes to check for data).
func MapHeader(header []string) (idx map[string]int, unknown []int, errs []ImportRowError) {
	idx = map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" || rowNumberHeaders[strings.ToLower(h)] {
			if h == "" {
				unknown = append(unknown, i)
			}
			continue
		}
		known := false
		for _, c := range MemberColumns {
			if strings.EqualFold(h, c.Field) || h == c.Header {
				known = true
				if _, dup := idx[c.Field]; dup {
					errs = append(errs, ImportRowError{Row: 1, Field: c.Field, Key: "err.import_column_twice", Args: []any{h}})
				} else {
					idx[c.Field] = i
				}
			}
		}
		if !known {
			errs = append(errs, ImportRowError{Row: 1, Field: "file", Key: "err.import_column_unknown", Args: []any{h, columnName(i), knownHeaders()}})
		}
	}
	for _, c := range MemberColumns[:3] {
		if c.Field == "member_no" {
			continue
		}
		if _, ok := idx[c.Field]; !ok {
			errs = append(errs, ImportRowError{Row: 1, Field: c.Field, Key: "err.import_column_missing", Args: []any{c.Header}})
		}
	}
	return idx, unknown, errs
}

// columnName is a spreadsheet column's letters: 0 → A, 26 → AA.
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// knownHeaders lists the headers the import reads, for error messages.
func knownHeaders() string {
	hs := make([]string, len(MemberColumns))
	for i, c := range MemberColumns {
		hs[i] = c.Header
	}
	return strings.Join(hs, "、")
}

// MemberRow reads one data row (row is its number in the sheet, the header
// being row 1). Exported cells neutralised with a leading apostrophe are
// read back as they were. An import creates new active members: the status
// column is informative, and a member number already registered is refused.
func MemberRow(idx map[string]int, row int, rec []string) ImportRow {
	get := func(f string) string {
		i, ok := idx[f]
		if !ok || i >= len(rec) {
			return ""
		}
		return UnneutraliseCell(strings.TrimSpace(rec[i]))
	}
	out := ImportRow{Row: row, MemberNo: get("member_no")}
	in := &out.Input
	kind := get("kind")
	if k, ok := kindLabels[strings.ToLower(kind)]; ok {
		in.Kind = k
	} else {
		in.Kind = MemberKind(kind)
	}
	in.Name, in.Tier, in.Industry, in.Region = get("name"), get("tier"), get("industry"), get("region")
	in.CreditCode, in.LegalRep, in.Address, in.Size = get("credit_code"), get("legal_rep"), get("address"), get("size")
	in.Website, in.Company, in.ContactName, in.Phone = get("website"), get("company"), get("contact_name"), get("phone")
	in.Email, in.JoinedOn = get("email"), get("joined_on")
	if t := get("tags"); t != "" {
		in.Tags = strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' })
	}
	return out
}

// MemberRecord is a member as an export row, in MemberColumns order, every
// cell neutralised against formula injection.
func MemberRecord(m *Member, tierName string) []string {
	status := StatusLabels[m.Status]
	rec := []string{m.MemberNo, KindLabel(m.Kind), m.Name, tierName, m.Industry, m.Region, m.CreditCode, m.LegalRep,
		m.Address, m.Size, m.Website, m.Company, m.ContactName, m.Phone, m.Email, m.JoinedOn, status, strings.Join(m.Tags, "，")}
	for i := range rec {
		rec[i] = NeutraliseCell(rec[i])
	}
	return rec
}

// NeutraliseCell keeps a spreadsheet from reading a value as a formula: a
// value starting with = + - @ (or a tab or carriage return) gets a leading
// apostrophe.
func NeutraliseCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// UnneutraliseCell undoes NeutraliseCell.
func UnneutraliseCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// MemberRows reads a sheet's records (the header first) into import rows;
// wholly blank rows are skipped.
func MemberRows(records [][]string) ([]ImportRow, []ImportRowError) {
	if len(records) == 0 {
		return nil, []ImportRowError{{Row: 1, Field: "file", Key: "err.import_empty"}}
	}
	idx, unknown, errs := MapHeader(records[0])
	// A column without a header is passed over only when it holds nothing.
	for _, col := range unknown {
		for r, rec := range records[1:] {
			if col < len(rec) && strings.TrimSpace(rec[col]) != "" {
				errs = append(errs, ImportRowError{Row: r + 2, Field: "file", Key: "err.import_column_no_header", Args: []any{columnName(col)}})
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []ImportRow
	for i, rec := range records[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		out = append(out, MemberRow(idx, i+2, rec))
	}
	return out, nil
}
