// Package extract takes the searchable text out of an uploaded file:
// plain text and CSV (UTF-8, or GB18030 as older Windows saves it), Word
// (.docx: the paragraphs of word/document.xml) and Excel (.xlsx: the
// cells of the first sheet, through internal/sheet and its unpack limits)
// and PDF (the text of its pages, through pdfium; see pdf.go). Images give
// no text. Bounded: a file unpacks to at most
// sheet.UnpackLimit of its size, and at most MaxText bytes are kept.
package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber/internal/sheet"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxText is the most text kept of one file (for the search index and snippets).
const MaxText = 1 << 20

// ErrTooLarge: the file unpacks beyond its limit.
var ErrTooLarge = errors.New("extract: the file unpacks beyond its limit")

// Text returns the text of a file of the sniffed content type; "" (and no
// error) for a kind that holds no extractable text.
func Text(data []byte, contentType, name string) (string, error) {
	base, _, _ := strings.Cut(contentType, ";")
	lower := strings.ToLower(name)
	switch strings.TrimSpace(base) {
	case "text/plain", "text/csv":
		return clip(decodeText(data)), nil
	case "application/pdf":
		return pdfText(data)
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return docx(data)
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return xlsx(data, name)
	case "application/zip":
		switch {
		case strings.HasSuffix(lower, ".docx"):
			return docx(data)
		case strings.HasSuffix(lower, ".xlsx"):
			return xlsx(data, name)
		}
	}
	return "", nil
}

func decodeText(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b)
	}
	if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
		return string(out)
	}
	return strings.ToValidUTF8(string(b), "")
}

// clip keeps at most MaxText bytes, cut at a character boundary.
func clip(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) <= MaxText {
		return s
	}
	return strings.ToValidUTF8(s[:MaxText], "")
}

func docx(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", nil // not a readable document: nothing to index
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
		}
	}
	if part == nil {
		return "", nil
	}
	limit := sheet.UnpackLimit(int64(len(data)))
	if int64(part.UncompressedSize64) > limit {
		return "", ErrTooLarge
	}
	rc, err := part.Open()
	if err != nil {
		return "", nil
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: limit + 1}
	dec := xml.NewDecoder(lr)
	var b strings.Builder
	inText := false
	for b.Len() < MaxText {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	if lr.N <= 0 {
		return "", ErrTooLarge
	}
	return clip(b.String()), nil
}

func xlsx(data []byte, name string) (string, error) {
	if !strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		name += ".xlsx"
	}
	var b strings.Builder
	stop := errors.New("enough")
	err := sheet.Rows(name, bytes.NewReader(data), func(row []string) error {
		for i, c := range row {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
		if b.Len() >= MaxText {
			return stop
		}
		return nil
	})
	switch {
	case errors.Is(err, sheet.ErrTooLarge):
		return "", ErrTooLarge
	case err != nil && !errors.Is(err, stop):
		return "", nil // unreadable: nothing to index
	}
	return clip(b.String()), nil
}
