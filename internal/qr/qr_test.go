package qr

import (
	"strings"
	"testing"
)

func TestSVG(t *testing.T) {
	svg, err := SVG("https://example.org/verify/abc", `会员证 "x"`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "h1v1h-1z") || strings.Contains(svg, `"x"`) {
		t.Fatalf("svg: %.200s", svg)
	}
}
