package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/chamber-org/chamber"
)

// grantReplay rebuilds the grants table from the records that wrote it:
// grants.seed (the roles), org.seed (the standard posts' grants) and
// grants.set (one subject's grants replaced).
type grantReplay struct {
	// subject ("kind subject") → permission → the record that granted it
	subjects map[string]map[string]int64
	setBy    map[string]int64 // subject → the record that last set it
	// complete is false for an installation seeded before org.seed recorded
	// its grants: then only subjects set since are compared.
	complete bool
}

func newGrantReplay() *grantReplay {
	return &grantReplay{subjects: map[string]map[string]int64{}, setBy: map[string]int64{}, complete: true}
}

func grantSubject(kind, subject string) string { return kind + " " + subject }

func (g *grantReplay) set(subject string, perms []string, seq int64) {
	m := map[string]int64{}
	for _, p := range perms {
		m[p] = seq
	}
	g.subjects[subject] = m
	g.setBy[subject] = seq
}

func (g *grantReplay) apply(r *chamber.AuditRecord) {
	switch r.Action {
	case "grants.seed":
		var roles map[string][]string
		if json.Unmarshal(r.After, &roles) == nil {
			for role, perms := range roles {
				g.set(grantSubject("role", role), perms, r.Seq)
			}
		}
	case "org.seed":
		var seed struct {
			Grants *[]chamber.Grant `json:"grants"`
		}
		if json.Unmarshal(r.After, &seed) != nil || seed.Grants == nil {
			g.complete = false
			return
		}
		for _, gr := range *seed.Grants {
			s := grantSubject(gr.SubjectKind, gr.Subject)
			if g.subjects[s] == nil {
				g.subjects[s] = map[string]int64{}
				g.setBy[s] = r.Seq
			}
			g.subjects[s][string(gr.Permission)] = r.Seq
		}
	case "grants.set":
		var set struct {
			Kind        string   `json:"subject_kind"`
			Subject     string   `json:"subject"`
			Permissions []string `json:"permissions"`
		}
		if json.Unmarshal(r.After, &set) == nil {
			g.set(grantSubject(set.Kind, set.Subject), set.Permissions, r.Seq)
		}
	}
}

func (g *grantReplay) compare(ctx context.Context, q querier) ([]finding, error) {
	rows, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.Grant, error) {
		var gr chamber.Grant
		return gr, sc.Scan(&gr.SubjectKind, &gr.Subject, &gr.Permission)
	}, `SELECT subject_kind, subject, permission FROM grants ORDER BY subject_kind, subject, permission`)
	if err != nil {
		return nil, fmt.Errorf("verify grants: %w", err)
	}
	var out []finding
	seen := map[string]map[string]bool{}
	for _, gr := range rows {
		s := grantSubject(gr.SubjectKind, gr.Subject)
		if seen[s] == nil {
			seen[s] = map[string]bool{}
		}
		seen[s][string(gr.Permission)] = true
		want, known := g.subjects[s]
		if !known && !g.complete && gr.SubjectKind != "role" {
			continue
		}
		if _, ok := want[string(gr.Permission)]; !ok {
			name := "grant " + s + " " + string(gr.Permission)
			f := finding{record: name, problem: name + " has no audit record: it was written outside chamber"}
			if known {
				f.seq = g.setBy[s]
				f.problem = fmt.Sprintf("%s is in the tables but audit record %d set %s without it", name, f.seq, s)
			}
			out = append(out, f)
		}
	}
	subjects := make([]string, 0, len(g.subjects))
	for s := range g.subjects {
		subjects = append(subjects, s)
	}
	sort.Strings(subjects)
	for _, s := range subjects {
		for p, seq := range g.subjects[s] {
			if !seen[s][p] {
				name := "grant " + s + " " + p
				out = append(out, finding{seq: seq, record: name,
					problem: fmt.Sprintf("%s recorded by audit record %d is missing from the tables", name, seq)})
			}
		}
	}
	return out, nil
}
