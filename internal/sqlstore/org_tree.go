package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"github.com/chamber-org/chamber"
)

// ---- the tree

// OrgTree builds the org tree as it stood on date: bodies nested by
// parent, departments under their body, positions under their department
// or body, each with its holders on that date.
func (db *DB) OrgTree(ctx context.Context, date string) ([]*chamber.OrgNode, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if date == "" {
		date = db.today(ctx)
	}
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	live := func(since, until string) bool {
		return (since == "" || since <= date) && (until == "" || until >= date)
	}
	bodies, err := db.ListBodies(ctx)
	if err != nil {
		return nil, err
	}
	depts, err := db.ListDepartments(ctx)
	if err != nil {
		return nil, err
	}
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return nil, err
	}
	posts, err := queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1)
		ORDER BY acting, starts_on, id`, date)
	if err != nil {
		return nil, err
	}
	terms, err := queryAll(ctx, db.read, scanTerm, `SELECT `+termColumns+` FROM terms WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1)`, date)
	if err != nil {
		return nil, err
	}
	bodyNode := map[chamber.ID]*chamber.OrgNode{}
	var roots []*chamber.OrgNode
	for _, b := range bodies {
		if !live(b.Since, b.Until) {
			continue
		}
		bodyNode[b.ID] = &chamber.OrgNode{ID: b.ID, Kind: b.Kind, Name: b.Name, Code: b.Code, CommitteeKind: b.CommitteeKind, Children: []*chamber.OrgNode{}}
	}
	for _, b := range bodies {
		n := bodyNode[b.ID]
		if n == nil {
			continue
		}
		if parent := bodyNode[b.ParentID]; parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for _, t := range terms {
		if n := bodyNode[t.BodyID]; n != nil {
			n.Term = t
		}
	}
	deptNode := map[chamber.ID]*chamber.OrgNode{}
	for _, d := range depts {
		if !live(d.Since, d.Until) {
			continue
		}
		n := &chamber.OrgNode{ID: d.ID, Kind: "department", Name: d.Name, Code: d.Code, Duties: strPtr(d.Duties), Children: []*chamber.OrgNode{}}
		deptNode[d.ID] = n
		if parent := bodyNode[d.BodyID]; parent != nil {
			parent.Children = append(parent.Children, n)
		}
	}
	posNode := map[chamber.ID]*chamber.OrgNode{}
	for _, p := range positions {
		if !live(p.Since, p.Until) {
			continue
		}
		rank, boss := p.Rank, p.ReportsTo
		n := &chamber.OrgNode{ID: p.ID, Kind: "position", Name: p.Name, Code: p.Code, Rank: &rank, Duties: strPtr(p.Duties),
			Headcount: p.Headcount, Holders: []*chamber.Post{}, Children: []*chamber.OrgNode{}}
		if boss != 0 {
			n.ReportsTo = &boss
		}
		posNode[p.ID] = n
		switch {
		case p.DepartmentID != 0 && deptNode[p.DepartmentID] != nil:
			deptNode[p.DepartmentID].Children = append(deptNode[p.DepartmentID].Children, n)
		case p.BodyID != 0 && bodyNode[p.BodyID] != nil:
			// Officer positions first, before sub-bodies and departments.
			parent := bodyNode[p.BodyID]
			parent.Children = append([]*chamber.OrgNode{n}, parent.Children...)
		}
	}
	// Keep officer positions in their sort order (the prepend above reversed them).
	for _, n := range bodyNode {
		var officers, rest []*chamber.OrgNode
		for _, c := range n.Children {
			if c.Kind == "position" {
				officers = append(officers, c)
			} else {
				rest = append(rest, c)
			}
		}
		sort.SliceStable(officers, func(i, j int) bool { return sortKey(positions, officers[i].ID) < sortKey(positions, officers[j].ID) })
		n.Children = append(officers, rest...)
	}
	for _, p := range posts {
		if p.PositionID != 0 && posNode[p.PositionID] != nil {
			posNode[p.PositionID].Holders = append(posNode[p.PositionID].Holders, p)
		} else if p.BodyID != 0 && bodyNode[p.BodyID] != nil {
			bodyNode[p.BodyID].Seats = append(bodyNode[p.BodyID].Seats, p)
		}
	}
	return roots, nil
}

func sortKey(positions []*chamber.Position, id chamber.ID) string {
	for _, p := range positions {
		if p.ID == id {
			return fmt.Sprintf("%08d-%012d", p.Sort, p.ID)
		}
	}
	return ""
}

func strPtr(s string) *string { return &s }
