package web

import (
	"net/http"
	"strconv"
)

// responses is the OpenAPI responses object of a route: each success answer
// apiDocs declares, and the error shape for every other status.
func (d apiDoc) responses(rs *responseSchemas) obj {
	out := obj{"default": obj{"description": "error", "content": obj{"application/json": obj{"schema": ref("Error")}}}}
	if d.Status == 0 { // always refused
		out["405"] = obj{"description": "never allowed", "content": obj{"application/json": obj{"schema": ref("Error")}}}
		return out
	}
	for _, a := range append([]apiDoc{d}, d.Also...) {
		out[strconv.Itoa(a.Status)] = a.response(rs)
	}
	return out
}

func (d apiDoc) response(rs *responseSchemas) obj {
	desc := http.StatusText(d.Status)
	switch {
	case len(d.Files) > 0:
		content := obj{}
		for _, ct := range d.Files {
			content[ct] = obj{"schema": obj{"type": "string", "format": "binary"}}
		}
		return obj{"description": "a download", "content": content}
	case d.Schema != "":
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref(d.Schema)}}}
	case d.Type == nil:
		return obj{"description": desc}
	}
	s := rs.of(d.Type)
	if d.List {
		s = obj{"type": "object", "additionalProperties": false, "required": []string{"items", "next_cursor"}, "properties": obj{
			"items":       obj{"type": "array", "items": s},
			"next_cursor": obj{"type": "string", "description": "pass as ?cursor= for the next page; empty on the last"},
		}}
	}
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": s}}}
}

// parameters are a route's path parameters and the query parameters its
// handler reads (an upload's form fields are not query parameters).
func (d apiDoc) parameters(rt *route) []obj {
	var params []obj
	for _, m := range pathParamRE.FindAllStringSubmatch(rt.Pattern, -1) {
		s := oaInteger
		switch m[1] {
		case "kind", "subject", "month", "slug":
			s = oaString
		}
		params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": s})
	}
	if rt.MaxBody > 0 {
		return params
	}
	for _, q := range d.Query {
		params = append(params, queryParameter(q))
	}
	return params
}
