package web

import (
	"encoding"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/invopop/jsonschema"
)

// responseSchemas reflects the Go types the API answers with (apiDocs) into
// OpenAPI 3.0 schemas: named structs become components (Member, Meeting,
// Voucher …, named as in Go; a name a request schema already uses gets its
// package as prefix), everything else is inlined. A field is required unless
// it is omitempty, and nullable when Go may write null (a nil pointer, slice
// or map without omitempty).
type responseSchemas struct {
	r       *jsonschema.Reflector
	taken   obj                     // the hand-written request schemas
	names   map[string]reflect.Type // component name → Go type
	schemas obj                     // the reflected components
}

var nonWordRE = regexp.MustCompile(`[^A-Za-z0-9_]+`)

func newResponseSchemas(taken obj) *responseSchemas {
	rs := &responseSchemas{taken: taken, names: map[string]reflect.Type{}, schemas: obj{}}
	rs.r = &jsonschema.Reflector{Anonymous: true, Namer: rs.name, Mapper: customJSON}
	return rs
}

func (rs *responseSchemas) name(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	n := upperFirst(nonWordRE.ReplaceAllString(t.Name(), "_"))
	if _, clash := rs.taken[n]; clash {
		n = upperFirst(t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]) + n
	}
	for k := 2; ; k++ {
		if prev, ok := rs.names[n]; !ok || prev == t {
			break
		}
		n = strings.TrimRight(n, "0123456789") + string(rune('0'+k))
	}
	rs.names[n] = t
	return n
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// customJSON gives the types that write their own JSON a schema that admits
// what they write: text is a string, anything else is left open.
func customJSON(t reflect.Type) *jsonschema.Schema {
	if t == reflect.TypeFor[time.Time]() {
		return nil
	}
	pt := reflect.PointerTo(t)
	switch {
	case t.Implements(jsonMarshaler) || pt.Implements(jsonMarshaler):
		return &jsonschema.Schema{Description: "any JSON (" + t.Name() + " writes its own)"}
	case t.Implements(textMarshaler) || pt.Implements(textMarshaler):
		return &jsonschema.Schema{Type: "string"}
	}
	return nil
}

// of answers the schema of a body of type t, adding the components it needs.
func (rs *responseSchemas) of(t reflect.Type) obj {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := rs.r.ReflectFromType(t)
	var root obj
	raw, _ := json.Marshal(s)
	_ = json.Unmarshal(raw, &root)
	defs, _ := root["$defs"].(map[string]any)
	delete(root, "$defs")
	delete(root, "$schema")
	for name, d := range defs {
		if _, done := rs.schemas[name]; !done {
			rs.schemas[name] = rs.openAPI(d.(map[string]any), rs.names[name])
		}
	}
	return rs.openAPI(root, t)
}

// openAPI turns one JSON Schema (2020-12) node into OpenAPI 3.0: references
// point into components, and nullable fields say so.
func (rs *responseSchemas) openAPI(s obj, t reflect.Type) obj {
	fixRefs(s)
	if t != nil {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	props, _ := s["properties"].(map[string]any)
	if t == nil || t.Kind() != reflect.Struct || props == nil {
		return s
	}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Tag.Get("json") == "" {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p, ok := props[name].(map[string]any)
		if !ok || strings.Contains(opts, "omitempty") {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			if r, isRef := p["$ref"]; isRef {
				props[name] = obj{"allOf": []any{obj{"$ref": r}}, "nullable": true}
			} else {
				p["nullable"] = true
			}
		}
	}
	return s
}

// fixRefs points references into components and turns the JSON Schema
// "true" (anything, which OpenAPI 3.0 cannot say) into an open schema.
func fixRefs(v any) {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x["$ref"].(string); ok {
			x["$ref"] = strings.Replace(r, "#/$defs/", "#/components/schemas/", 1)
		}
		if props, ok := x["properties"].(map[string]any); ok {
			for k, p := range props {
				if p == true {
					props[k] = obj{"description": "any JSON", "nullable": true}
				}
			}
		}
		for _, k := range []string{"items", "additionalProperties"} {
			if x[k] == true {
				x[k] = obj{"description": "any JSON", "nullable": true}
			}
		}
		for _, c := range x {
			fixRefs(c)
		}
	case []any:
		for _, c := range x {
			fixRefs(c)
		}
	}
}
