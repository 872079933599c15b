// Package pdftest writes small, valid PDF files for tests and benchmarks:
// each page a few lines of text, Latin in Helvetica and Chinese through a
// Type0 font with Identity-H codes and a ToUnicode map (no font embedded:
// the text extracts, it need not render). Nothing binary is committed.
package pdftest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// New returns a PDF with one page per entry, each the given lines of text.
func New(pages [][]string) []byte {
	used := map[rune]bool{}
	for _, p := range pages {
		for _, l := range p {
			for _, r := range l {
				used[r] = true
			}
		}
	}
	var objs []string // objs[i] is object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled in below
	pagesObj := add("")
	cmap := toUnicode(used)
	cmapObj := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap))
	descObj := add("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>")
	cidObj := add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>", descObj))
	fontObj := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cidObj, cmapObj))
	var kids []string
	for _, p := range pages {
		var c strings.Builder
		c.WriteString("BT\n/F1 12 Tf\n14 TL\n50 800 Td\n")
		for _, l := range p {
			fmt.Fprintf(&c, "<%s> Tj T*\n", hex(l))
		}
		c.WriteString("ET")
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pagesObj, fontObj, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

// hex encodes text as two-byte codes: the code of a character is its
// UTF-16 unit (characters beyond the BMP are left out).
func hex(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF || utf16.IsSurrogate(r) {
			continue
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

func toUnicode(used map[rune]bool) string {
	var rs []rune
	for r := range used {
		if r <= 0xFFFF && !utf16.IsSurrogate(r) {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(rs) > 0 {
		n := min(len(rs), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range rs[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", r, r)
		}
		b.WriteString("endbfchar\n")
		rs = rs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}
