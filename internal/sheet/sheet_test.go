package sheet

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"pgregory.net/rapid"
)

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		rapid.Check(t, func(t *rapid.T) {
			rows := rapid.SliceOfN(rapid.SliceOfN(rapid.StringMatching(`[a-z0-9张建国,"\n =+@-]{0,12}`), 3, 3), 1, 10).Draw(t, "rows")
			var buf bytes.Buffer
			w, err := NewWriter(&buf, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := Read("x."+string(f), &buf)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				for j := range r {
					var g string
					if i < len(got) && j < len(got[i]) {
						g = got[i][j]
					}
					if f == CSV && g != r[j] {
						t.Fatalf("%s row %d col %d: %q != %q", f, i, j, g, r[j])
					}
					if f == XLSX && g != r[j] && !(r[j] == "" && g == "") {
						t.Fatalf("%s row %d col %d: %q != %q", f, i, j, g, r[j])
					}
				}
			}
		})
	}
}

func TestCSVEncodings(t *testing.T) {
	want := "名称,类型"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(want + "\n杭州公司,单位\n")
	for name, data := range map[string]string{
		"utf8":     want + "\n杭州公司,单位\n",
		"utf8 bom": "\ufeff" + want + "\r\n杭州公司,单位\r\n",
		"gbk":      gbk,
	} {
		rows, err := Read("a.csv", bytes.NewReader([]byte(data)))
		if err != nil || len(rows) != 2 || rows[0][0] != "名称" || rows[1][0] != "杭州公司" {
			t.Errorf("%s: %q %v", name, rows, err)
		}
	}
}
