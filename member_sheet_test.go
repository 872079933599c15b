package chamber_test

import (
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestMemberRowsColumns: a sheet's columns are read or refused, never
// silently left out.
func TestMemberRowsColumns(t *testing.T) {
	for _, tc := range []struct {
		name    string
		records [][]string
		rows    int
		keys    []string // error keys, in order
	}{
		{"export headers", [][]string{{"类型", "名称", "电话"}, {"单位", "杭州丝绸有限公司", "0571-1"}}, 1, nil},
		{"code names and a 序号", [][]string{{"序号", "kind", "NAME"}, {"1", "unit", "宁波港航集团"}}, 1, nil},
		{"unknown header", [][]string{{"类型", "名称", "备注"}, {"单位", "宁波港航集团", "重点客户"}}, 0, []string{"err.import_column_unknown"}},
		{"unknown header, empty column", [][]string{{"类型", "名称", "备注"}, {"单位", "宁波港航集团", ""}}, 0, []string{"err.import_column_unknown"}},
		{"named twice", [][]string{{"类型", "名称", "name"}, {"单位", "甲", "乙"}}, 0, []string{"err.import_column_twice"}},
		{"data without header", [][]string{{"类型", "名称", ""}, {"单位", "甲", ""}, {"单位", "乙", "丙"}}, 0, []string{"err.import_column_no_header"}},
		{"blank column without header", [][]string{{"类型", "", "名称"}, {"单位", "", "甲"}}, 1, nil},
		{"no name column", [][]string{{"类型", "电话"}, {"单位", "1"}}, 0, []string{"err.import_column_missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, errs := chamber.MemberRows(tc.records)
			var keys []string
			for _, e := range errs {
				keys = append(keys, e.Key)
			}
			if len(rows) != tc.rows || strings.Join(keys, ",") != strings.Join(tc.keys, ",") {
				t.Fatalf("rows %d errors %v, want rows %d errors %v", len(rows), errs, tc.rows, tc.keys)
			}
		})
	}
	_, errs := chamber.MemberRows([][]string{{"类型", "名称", "备注"}, {"单位", "甲", "x"}})
	if len(errs) != 1 || errs[0].Args[0] != "备注" || errs[0].Args[1] != "C" || !strings.Contains(errs[0].Args[2].(string), "统一社会信用代码") {
		t.Fatalf("unknown column error %+v: want its header, its letter and the accepted headers", errs)
	}
}
