// Package sheet reads and writes the spreadsheets chamber exchanges with
// office software: .xlsx (excelize) and .csv in UTF-8 with or without a BOM,
// or GBK/GB18030 as older Excel saves it.
package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Format is xlsx or csv.
type Format string

const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ErrUnreadable means the file is neither a readable xlsx nor a csv.
var ErrUnreadable = errors.New("sheet: not a readable .xlsx or .csv file")

// Detect picks the format from the file name, then from the content
// (an xlsx is a zip file).
func Detect(name string, head []byte) Format {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".xlsx"):
		return XLSX
	case strings.HasSuffix(lower, ".csv"):
		return CSV
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX
	}
	return CSV
}

// Limits: what reading one file may take. An upload whose content would
// unpack beyond them is refused with ErrTooLarge, before it is unpacked,
// and while it is unpacked (a zip's declared sizes can lie, so the bytes
// are counted as they come).
const (
	// MaxFileBytes bounds the file itself.
	MaxFileBytes = 64 << 20
	// MaxUnpackRatio and MaxUnpackBytes bound what an xlsx unpacks to, all
	// of its parts together: at most 100 times the file, and 200 MiB.
	MaxUnpackRatio = 100
	MaxUnpackBytes = 200 << 20
	// MaxPartBytes bounds each part other than the sheets and the shared
	// strings (styles, workbook …), which the reader holds in memory;
	// sheets and shared strings beyond it are read from a temporary file.
	MaxPartBytes = 16 << 20
	// MaxRows, MaxCols and MaxTextBytes bound what Read returns (the text
	// of the cells plus 16 bytes a cell).
	MaxRows      = 1_000_000
	MaxCols      = 1_000
	MaxTextBytes = 128 << 20
)

// ErrTooLarge means the file, or what it unpacks to, passes the limits.
var ErrTooLarge = errors.New("sheet: the file unpacks beyond its limit")

// UnpackLimit is the most an xlsx of size bytes may unpack to.
func UnpackLimit(size int64) int64 {
	return min(size*MaxUnpackRatio, MaxUnpackBytes)
}

// Read returns every row of the first sheet (xlsx) or of the file (csv),
// the header included, trailing empty cells dropped.
func Read(name string, r io.Reader) ([][]string, error) {
	var out [][]string
	err := Rows(name, r, func(row []string) error {
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Rows reads the first sheet (xlsx) or the file (csv) row by row, calling
// fn with each; the sheet is streamed, never unpacked into memory whole.
// The row slice is fn's to keep.
func Rows(name string, r io.Reader, fn func(row []string) error) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxFileBytes {
		return ErrTooLarge
	}
	b := &budget{fn: fn}
	if Detect(name, data) == XLSX {
		return readXLSX(data, b)
	}
	return readCSV(data, b)
}

// budget passes rows on while they stay within MaxRows and MaxTextBytes.
type budget struct {
	fn   func([]string) error
	rows int
	text int
}

func (b *budget) add(row []string) error {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	if len(row) > MaxCols {
		return ErrTooLarge
	}
	b.rows++
	for _, c := range row {
		b.text += len(c) + 16
	}
	if b.rows > MaxRows || b.text > MaxTextBytes {
		return ErrTooLarge
	}
	return b.fn(row)
}

// checkZip refuses an xlsx whose parts would unpack beyond the limits: by
// their declared sizes first, then by counting every byte they actually
// unpack to (without keeping them).
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrUnreadable
	}
	limit := UnpackLimit(int64(len(data)))
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(limit) || (!bigPart(f.Name) && f.UncompressedSize64 > MaxPartBytes) {
			return ErrTooLarge
		}
	}
	var actual int64
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return ErrUnreadable
		}
		partLimit := limit - actual
		if !bigPart(f.Name) {
			partLimit = min(partLimit, MaxPartBytes)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, partLimit+1))
		rc.Close()
		actual += n
		if n > partLimit {
			return ErrTooLarge
		}
		if err != nil {
			return ErrUnreadable // a size that lies is a broken zip too
		}
	}
	return nil
}

// bigPart reports whether a part is one the reader streams from a
// temporary file when it is large: a sheet or the shared strings.
func bigPart(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
}

func readXLSX(data []byte, b *budget) error {
	if err := checkZip(data); err != nil {
		return err
	}
	limit := UnpackLimit(int64(len(data)))
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, 1<<20)})
	if err != nil {
		return ErrUnreadable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return ErrUnreadable
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return ErrUnreadable
	}
	defer rows.Close()
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return ErrUnreadable
		}
		if err := b.add(cols); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return ErrUnreadable
	}
	return nil
}

// readCSV decodes UTF-8 (a BOM is dropped) or, when the bytes are not
// UTF-8, GB18030 (a superset of GBK), streaming.
func readCSV(data []byte, b *budget) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var src io.Reader = bytes.NewReader(data)
	if !utf8.Valid(data) {
		src = transform.NewReader(src, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
		if err := b.add(rec); err != nil {
			return err
		}
	}
}

// Writer writes rows to an xlsx or csv file.
type Writer struct {
	format Format
	w      io.Writer
	csv    *csv.Writer
	buf    *bufio.Writer
	xf     *excelize.File
	sw     *excelize.StreamWriter
	row    int
}

// NewWriter starts a spreadsheet on w. A csv starts with a UTF-8 BOM so
// Excel shows Chinese right.
func NewWriter(w io.Writer, format Format) (*Writer, error) {
	sw := &Writer{format: format, w: w}
	switch format {
	case CSV:
		sw.buf = bufio.NewWriter(w)
		if _, err := sw.buf.WriteString("\xef\xbb\xbf"); err != nil {
			return nil, err
		}
		sw.csv = csv.NewWriter(sw.buf)
		sw.csv.UseCRLF = true
	case XLSX:
		sw.xf = excelize.NewFile()
		s, err := sw.xf.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		sw.sw = s
	default:
		return nil, fmt.Errorf("sheet: unknown format %q", format)
	}
	return sw, nil
}

// Write adds one row. xlsx cells are written as text, so a credit code or
// a phone number keeps its leading zeros and is never read as a formula.
func (w *Writer) Write(rec []string) error {
	if w.csv != nil {
		return w.csv.Write(rec)
	}
	w.row++
	cells := make([]any, len(rec))
	for i, v := range rec {
		cells[i] = excelize.Cell{Value: v}
	}
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	return w.sw.SetRow(cell, cells)
}

// Close finishes the file.
func (w *Writer) Close() error {
	if w.csv != nil {
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return err
		}
		return w.buf.Flush()
	}
	if err := w.sw.Flush(); err != nil {
		return err
	}
	_, err := w.xf.WriteTo(w.w)
	return err
}

// RowError is the import row error for a file Read refuses: one that
// unpacks beyond its limit (err.upload_bomb), or one that cannot be read.
func RowError(err error) chamber.ImportRowError {
	if errors.Is(err, ErrTooLarge) {
		return chamber.ImportRowError{Row: 0, Field: "file", Key: "err.upload_bomb"}
	}
	return chamber.ImportRowError{Row: 0, Field: "file", Key: "err.import_unreadable"}
}

// ReadImport is Read for a background import: a refused file's error is a
// *chamber.Error whose key is RowError's.
func ReadImport(name string, r io.Reader) ([][]string, error) {
	rows, err := Read(name, r)
	if err != nil {
		return nil, chamber.Errorf(chamber.EINVALID, RowError(err).Key)
	}
	return rows, nil
}
