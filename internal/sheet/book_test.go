package sheet

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestBookCells: what a report writes is what office software reads: money
// in yuan as a number with two decimals, counts as integers, dates as
// dates, a blank 行次 for zero, bold headings, and forms framed.
func TestBookCells(t *testing.T) {
	b := NewBook("报表")
	b.Title("年度报告", 3)
	b.Bold("项目", "金额", "行次")
	b.Row("会费收入", Money(123456789), LineNo(1))
	b.Forms(true)
	b.Row("零", Money(0), LineNo(0))
	b.Forms(false)
	b.Row("日期", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), 42)
	b.Text("一段说明文字", 3)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if l := f.GetSheetList(); len(l) != 1 || l[0] != "报表" {
		t.Fatalf("sheets %v", l)
	}
	raw := func(ref string) string {
		v, err := f.GetCellValue("报表", ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shown := func(ref string) string {
		v, err := f.GetCellValue("报表", ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for ref, want := range map[string]string{"A1": "年度报告", "B3": "1234567.89", "C3": "1", "C5": "42", "A6": "一段说明文字"} {
		if got := raw(ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if got := shown("B3"); got != "1,234,567.89" {
		t.Errorf("B3 shows %q, want 1,234,567.89", got)
	}
	if got := shown("B5"); got != "2026-12-07" {
		t.Errorf("B5 shows %q, want the date", got)
	}
	id, _ := f.GetCellStyle("报表", "B4")
	if st, _ := f.GetStyle(id); st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != `#,##0.00;-#,##0.00;""` {
		t.Errorf("a form's amount does not hide zero: %+v", st)
	}
	if got := raw("C4"); got != "" {
		t.Errorf("行次 0 = %q, want blank", got)
	}
	bold := func(ref string) bool {
		id, _ := f.GetCellStyle("报表", ref)
		st, err := f.GetStyle(id)
		return err == nil && st.Font != nil && st.Font.Bold
	}
	if !bold("A2") || bold("A3") {
		t.Errorf("bold: heading %v, plain row %v", bold("A2"), bold("A3"))
	}
	id, _ = f.GetCellStyle("报表", "A4")
	if st, _ := f.GetStyle(id); st == nil || len(st.Border) != 4 {
		t.Errorf("a form's cell is not framed: %+v", st)
	}
	id, _ = f.GetCellStyle("报表", "A5")
	if st, _ := f.GetStyle(id); st != nil && len(st.Border) != 0 {
		t.Errorf("a cell after Forms(false) is framed")
	}
}
