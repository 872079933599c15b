// Package qr draws QR codes (github.com/yeqown/go-qrcode/v2) as inline SVG,
// so a printable page needs no image file and no script.
package qr

import (
	"fmt"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// matrixWriter keeps the module matrix the encoder produces.
type matrixWriter struct{ bits [][]bool }

func (m *matrixWriter) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *matrixWriter) Close() error                  { return nil }

// SVG returns an SVG drawing of a QR code holding text, with a quiet zone,
// scaling to its container.
func SVG(text, title string) (string, error) {
	code, err := qrcode.New(text)
	if err != nil {
		return "", err
	}
	var mw matrixWriter
	if err := code.Save(&mw); err != nil {
		return "", err
	}
	n := len(mw.bits)
	const quiet = 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`,
		n+2*quiet, n+2*quiet, escape(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="`)
	for y, row := range mw.bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
