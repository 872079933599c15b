package web

import (
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
)

// The printable org chart: the reports-to tree level by level, each level's
// positions grouped under their boss and wrapping across the A4 landscape
// sheet, so that a wide chamber prints in readable type instead of a
// shrunken one-row drawing.

type chartLevel struct {
	Depth  int
	Groups []chartGroup
}

type chartGroup struct {
	Boss  string // the position these report to; "" on the top level
	Boxes []chartBox
}

type chartBox struct {
	ID                   chamber.ID
	Name, Holder, Where  string
	Vacant, HasReporters bool
}

func (s *Server) orgChartLevels(r *http.Request, p *Page, date string) ([]chartLevel, error) {
	tree, err := s.store.OrgTree(r.Context(), date)
	if err != nil {
		return nil, err
	}
	box := func(c *chartNode) chartBox {
		n := c.node
		var names []string
		for _, h := range n.Holders {
			name := h.Name
			if h.Acting {
				name += "（" + p.T("org.acting") + "）"
			}
			names = append(names, name)
		}
		b := chartBox{ID: n.ID, Name: n.Name, Holder: strings.Join(names, "、"), Where: c.where, Vacant: len(names) == 0, HasReporters: len(c.children) > 0}
		if n.Rank != nil && *n.Rank > 0 {
			b.Where = strings.Trim(strings.TrimSpace(b.Where+" · "+p.T("org.rank_n", *n.Rank)), " ·")
		}
		if b.Vacant {
			b.Holder = p.T("org.vacant")
		}
		return b
	}
	var levels []chartLevel
	level := []chartGroup{{}}
	for _, c := range chartRoots(tree) {
		level[0].Boxes = append(level[0].Boxes, box(c))
	}
	bosses := chartRoots(tree)
	for depth := 0; len(bosses) > 0; depth++ {
		levels = append(levels, chartLevel{Depth: depth, Groups: level})
		var next []*chartNode
		level = nil
		for _, b := range bosses {
			if len(b.children) == 0 {
				continue
			}
			g := chartGroup{Boss: b.node.Name}
			for _, k := range b.children {
				g.Boxes = append(g.Boxes, box(k))
			}
			level = append(level, g)
			next = append(next, b.children...)
		}
		bosses = next
		if depth > 20 { // a reports-to cycle cannot reach here (roots only), but stay bounded
			break
		}
	}
	return levels, nil
}
