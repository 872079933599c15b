// Package sheet reads and writes the spreadsheets chamber exchanges with
// office software: .xlsx (excelize) and .csv in UTF-8 with or without a BOM,
// or GBK/GB18030 as older Excel saves it.
package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
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

// Read returns every row of the first sheet (xlsx) or of the file (csv),
// the header included.
func Read(name string, r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if Detect(name, data) == XLSX {
		return readXLSX(data)
	}
	return readCSV(data)
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, ErrUnreadable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrUnreadable
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, ErrUnreadable
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil, ErrUnreadable
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, ErrUnreadable
	}
	return out, nil
}

// readCSV decodes UTF-8 (a BOM is dropped) or, when the bytes are not
// UTF-8, GB18030 (a superset of GBK).
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, ErrUnreadable
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	out, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return out, nil
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
