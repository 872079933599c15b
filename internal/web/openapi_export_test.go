package web

import (
	"encoding/json"
	"testing"
)

// OpenAPIForTest is the OpenAPI document of a server with the full route table.
func OpenAPIForTest() []byte {
	s := &Server{}
	s.routes = s.routeTable()
	b, err := json.Marshal(s.openAPIDoc())
	if err != nil {
		panic(err)
	}
	return b
}

// TestOpenAPIDocsCoverRoutes: every API route has its apiDocs entry (what it
// answers, which query parameters it reads) and no entry outlives its route.
func TestOpenAPIDocsCoverRoutes(t *testing.T) {
	s := &Server{}
	seen := map[string]bool{}
	for _, rt := range s.routeTable() {
		if !rt.API {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		if _, ok := apiDocs[key]; !ok {
			t.Errorf("%s: no apiDocs entry (openapi_routes.go)", key)
		}
	}
	for key := range apiDocs {
		if !seen[key] {
			t.Errorf("apiDocs %q: no such API route", key)
		}
	}
}

// TestOpenAPIBodyRulesApply: every body rule names a request schema and
// its properties.
func TestOpenAPIBodyRulesApply(t *testing.T) {
	schemas := coreSchemas()
	s := &Server{}
	s.routes = s.routeTable()
	doc := s.openAPIDoc()
	for k, v := range doc["components"].(obj)["schemas"].(obj) {
		schemas[k] = v
	}
	if stale := applyBodyRules(schemas); len(stale) > 0 {
		t.Errorf("body rules name no schema or property: %v", stale)
	}
}

// TestOpenAPISchemaNamesUnique: no two domains define a request schema of
// the same name (the later would silently replace the other).
func TestOpenAPISchemaNamesUnique(t *testing.T) {
	seen := map[string]int{}
	for i, part := range requestSchemaParts() {
		for k := range part {
			if j, dup := seen[k]; dup {
				t.Errorf("schema %q defined by parts %d and %d of requestSchemaParts", k, j, i)
			}
			seen[k] = i
		}
	}
}
