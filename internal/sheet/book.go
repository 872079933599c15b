package sheet

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Money is an amount in fen; a Book writes it as a number in yuan
// (#,##0.00), so office software can sum it.
type Money int64

// LineNo is a statement form's 行次: centred, and blank when zero.
type LineNo int

// Book builds a report workbook from the top down: one sheet, a row at a
// time, each cell typed — text, a count, Money, a float (two decimals), a
// date (time.Time), a LineNo, or nil for an empty cell. It is the one way
// the web layer writes a styled workbook (reports, statements, registers).
type Book struct {
	f      *excelize.File
	sheet  string
	row    int // the last row written
	forms  bool
	styles map[style]int
}

// style is what a cell looks like: its kind of value and its emphasis.
type style struct {
	kind   byte // 's' text, 'm' money, 'f' float, 'd' date, 'l' line number
	bold   bool
	title  bool
	wrap   bool
	center bool
	forms  bool // framed, zero amounts blank
}

// NewBook starts a workbook with one sheet named name ("" keeps Sheet1).
func NewBook(name string) *Book {
	b := &Book{f: excelize.NewFile(), sheet: "Sheet1", styles: map[style]int{}}
	if name != "" && name != b.sheet {
		b.f.SetSheetName(b.sheet, name)
		b.sheet = name
	}
	return b
}

// Forms frames every later cell and leaves zero amounts blank, as the
// printed statement forms do (on), or stops doing so (off).
func (b *Book) Forms(on bool) { b.forms = on }

// Row writes cells on the next row.
func (b *Book) Row(cells ...any) { b.put(false, cells) }

// Bold writes cells on the next row in bold (headings, totals).
func (b *Book) Bold(cells ...any) { b.put(true, cells) }

// Skip leaves the next row empty.
func (b *Book) Skip() { b.row++ }

// Title writes text on the next row in a large bold font, merged and
// centred across span columns when span > 1.
func (b *Book) Title(text string, span int) {
	b.row++
	ref := b.ref(1, b.row)
	b.f.SetCellValue(b.sheet, ref, text)
	st := style{kind: 's', bold: true, title: true, center: span > 1}
	if span > 1 {
		b.f.MergeCell(b.sheet, ref, b.ref(span, b.row))
	}
	b.f.SetCellStyle(b.sheet, ref, ref, b.style(st))
}

// Text writes a paragraph on the next row, wrapped across span columns,
// the row as high as its length needs.
func (b *Book) Text(text string, span int) {
	b.row++
	a, z := b.ref(1, b.row), b.ref(max(span, 1), b.row)
	b.f.SetCellValue(b.sheet, a, text)
	if span > 1 {
		b.f.MergeCell(b.sheet, a, z)
	}
	b.f.SetCellStyle(b.sheet, a, z, b.style(style{kind: 's', wrap: true}))
	b.f.SetRowHeight(b.sheet, b.row, float64(15*(1+len([]rune(text))/40)))
}

// Width sets the width of columns from to to (1-based, inclusive).
func (b *Book) Width(from, to int, width float64) {
	a, _ := excelize.ColumnNumberToName(from)
	z, _ := excelize.ColumnNumberToName(to)
	b.f.SetColWidth(b.sheet, a, z, width)
}

// A4 prints the sheet on A4 paper, portrait, one page wide (and one page
// high when onePage).
func (b *Book) A4(onePage bool) {
	size, orient, fit := 9, "portrait", 1
	opt := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fit}
	if onePage {
		opt.FitToHeight = &fit
	}
	b.f.SetPageLayout(b.sheet, opt)
}

// Write writes the workbook as .xlsx and releases it.
func (b *Book) Write(w io.Writer) error {
	defer b.f.Close()
	return b.f.Write(w)
}

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (b *Book) ref(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

func (b *Book) put(bold bool, cells []any) {
	b.row++
	for i, c := range cells {
		ref := b.ref(i+1, b.row)
		st := style{kind: 's', bold: bold, forms: b.forms}
		switch v := c.(type) {
		case nil:
			if !b.forms {
				continue
			}
		case Money:
			b.f.SetCellFloat(b.sheet, ref, float64(v)/100, 2, 64)
			st.kind = 'm'
		case float64:
			b.f.SetCellFloat(b.sheet, ref, v, 2, 64)
			st.kind = 'f'
		case time.Time:
			b.f.SetCellValue(b.sheet, ref, v)
			st.kind = 'd'
		case LineNo:
			if v != 0 {
				b.f.SetCellInt(b.sheet, ref, int64(v))
			}
			st.kind, st.center = 'l', true
		default:
			b.f.SetCellValue(b.sheet, ref, v)
		}
		if st.kind != 's' || st.bold || b.forms {
			b.f.SetCellStyle(b.sheet, ref, ref, b.style(st))
		}
	}
}

// style is the id of st in this workbook, made on first use.
func (b *Book) style(st style) int {
	if id, ok := b.styles[st]; ok {
		return id
	}
	x := &excelize.Style{}
	if st.bold {
		x.Font = &excelize.Font{Bold: true}
	}
	if st.title {
		x.Font = &excelize.Font{Bold: true, Size: 16}
	}
	if st.center || st.wrap {
		x.Alignment = &excelize.Alignment{WrapText: st.wrap}
		if st.center {
			x.Alignment.Horizontal = "center"
		}
		if st.wrap {
			x.Alignment.Vertical = "top"
		}
	}
	money, date := "#,##0.00", "yyyy-mm-dd"
	if st.forms {
		money = `#,##0.00;-#,##0.00;""`
	}
	switch st.kind {
	case 'm':
		x.CustomNumFmt = &money
	case 'f':
		x.NumFmt = 2
	case 'd':
		x.CustomNumFmt = &date
	}
	if st.forms {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			x.Border = append(x.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	id, _ := b.f.NewStyle(x)
	b.styles[st] = id
	return id
}
