package sheet

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzRead: whatever the bytes, as .xlsx or .csv, the reader returns rows
// within the limits or ErrUnreadable / ErrTooLarge; it never panics.
func FuzzRead(f *testing.F) {
	f.Add([]byte("名称,类型\n杭州公司,单位\n"), false)
	f.Add([]byte("\xef\xbb\xbfa,\"b\"\"c\"\r\n"), false)
	f.Add([]byte("\xd6\xd0\xce\xc4,x\n"), false) // GBK
	f.Add([]byte("a,\x00,b\n\"unterminated"), false)
	f.Add(smallXLSX(f, 3), true)
	f.Add(bombXLSX(f, 1<<20, false), true)
	f.Add(bombXLSX(f, 1<<20, true), true)
	f.Add([]byte("PK\x03\x04garbage"), true)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "f.csv"
		if xlsx {
			name = "f.xlsx"
		}
		rows, err := Read(name, bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(rows) > MaxRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if len(r) > MaxCols || (len(r) > 0 && r[len(r)-1] == "") {
				t.Fatalf("row of %d cells, trailing empty kept: %q", len(r), r)
			}
		}
	})
}
