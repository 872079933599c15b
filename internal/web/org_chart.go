package web

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// The org chart: positions as boxes (name, holders, rank), laid out as the
// reports-to tree, with elbow lines from each boss to its direct reports.
const (
	chartBoxW  = 168
	chartBoxH  = 66
	chartGapX  = 16
	chartGapY  = 44
	chartPad   = 24
	chartTitle = 40
)

type chartNode struct {
	node     *chamber.OrgNode
	where    string // department or body name
	children []*chartNode
	width    int // of the subtree
	x, y     int
}

func (s *Server) orgChartSVG(r *http.Request, date string) ([]byte, error) {
	tree, err := s.store.OrgTree(r.Context(), date)
	if err != nil {
		return nil, err
	}
	p := s.page(r, "org.chart")
	roots := chartRoots(tree)
	// Bigger subtrees towards the middle reads badly; keep the data's order.
	var measure func(c *chartNode) int
	measure = func(c *chartNode) int {
		w := 0
		for _, k := range c.children {
			w += measure(k)
		}
		c.width = max(w, chartBoxW+chartGapX)
		return c.width
	}
	var place func(c *chartNode, left, depth int)
	maxDepth := 0
	place = func(c *chartNode, left, depth int) {
		c.x = left + (c.width-chartBoxW)/2
		c.y = chartTitle + chartPad + depth*(chartBoxH+chartGapY)
		maxDepth = max(maxDepth, depth)
		x := left
		for _, k := range c.children {
			place(k, x, depth+1)
			x += k.width
		}
	}
	total := chartPad
	for _, r := range roots {
		measure(r)
		place(r, total, 0)
		total += r.width
	}
	width := max(total+chartPad, 600)
	height := chartTitle + chartPad*2 + (maxDepth+1)*(chartBoxH+chartGapY) - chartGapY

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif">`, width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title><rect width="100%%" height="100%%" fill="#fff"/>`, esc(p.Chamber.Name+" · "+p.T("org.chart")))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="20" font-weight="700" fill="#1f2328">%s</text>`, chartPad, chartPad+8, esc(p.Chamber.Name+" · "+p.T("org.chart")))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="#59636e" text-anchor="end">%s</text>`, width-chartPad, chartPad+8, esc(date))
	var draw func(c *chartNode)
	draw = func(c *chartNode) {
		for _, k := range c.children {
			x1, y1 := c.x+chartBoxW/2, c.y+chartBoxH
			x2, y2 := k.x+chartBoxW/2, k.y
			mid := y1 + chartGapY/2
			fmt.Fprintf(&b, `<path d="M%d %d V%d H%d V%d" fill="none" stroke="#8c959f" stroke-width="1.5"/>`, x1, y1, mid, x2, y2)
			draw(k)
		}
		n := c.node
		fill, stroke := "#fff", "#b3261e"
		if len(n.Holders) == 0 {
			fill, stroke = "#f6f7f9", "#8c959f"
		}
		fmt.Fprintf(&b, `<g class="position" data-id="%d"><rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			n.ID, c.x, c.y, chartBoxW, chartBoxH, fill, stroke)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" font-weight="700" text-anchor="middle" fill="#1f2328">%s</text>`,
			c.x+chartBoxW/2, c.y+20, esc(clip(n.Name, 11)))
		var names []string
		for _, h := range n.Holders {
			name := h.Name
			if h.Acting {
				name += "（" + p.T("org.acting") + "）"
			}
			names = append(names, name)
		}
		holder := strings.Join(names, "、")
		if holder == "" {
			holder = p.T("org.vacant")
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="#1f2328">%s</text>`,
			c.x+chartBoxW/2, c.y+40, esc(clip(holder, 12)))
		sub := c.where
		if n.Rank != nil && *n.Rank > 0 {
			sub = strings.TrimSpace(sub + " · " + p.T("org.rank_n", *n.Rank))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="#59636e">%s</text></g>`,
			c.x+chartBoxW/2, c.y+58, esc(clip(strings.Trim(sub, " ·"), 16)))
	}
	for _, r := range roots {
		draw(r)
	}
	b.WriteString(`</svg>`)
	return b.Bytes(), nil
}

// chartRoots collects the live positions with where they sit, as the
// reports-to forest, the roots with the most direct reports first.
func chartRoots(tree []*chamber.OrgNode) []*chartNode {
	// Collect the live positions with where they sit.
	var all []*chartNode
	var walk func(where string, nodes []*chamber.OrgNode)
	walk = func(where string, nodes []*chamber.OrgNode) {
		for _, n := range nodes {
			if n.Kind == "position" {
				all = append(all, &chartNode{node: n, where: where})
				continue
			}
			walk(n.Name, n.Children)
		}
	}
	walk("", tree)
	byID := map[chamber.ID]*chartNode{}
	for _, c := range all {
		byID[c.node.ID] = c
	}
	var roots []*chartNode
	for _, c := range all {
		if c.node.ReportsTo != nil && byID[*c.node.ReportsTo] != nil {
			boss := byID[*c.node.ReportsTo]
			boss.children = append(boss.children, c)
		} else {
			roots = append(roots, c)
		}
	}
	sort.SliceStable(roots, func(i, j int) bool { return len(roots[i].children) > len(roots[j].children) })
	return roots
}

func esc(s string) string { return html.EscapeString(s) }

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
