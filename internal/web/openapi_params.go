package web

import "github.com/chamber-org/chamber"

// queryParams types the query parameters apiDocs names; a name not listed
// here is a free string.
var queryParams = map[string]obj{
	"cursor":        {"type": "string", "maxLength": 200, "description": "next_cursor of the previous page"},
	"limit":         {"type": "integer", "minimum": 1, "maximum": chamber.MaxPageLimit, "description": "page size (default 50)"},
	"q":             {"type": "string", "description": "search text"},
	"year":          {"type": "integer", "minimum": 1900, "maximum": 9999},
	"date":          {"type": "string", "format": "date", "description": "the day the answer is as of (default today)"},
	"as_of":         {"type": "string", "format": "date"},
	"from":          {"type": "string", "format": "date"},
	"to":            {"type": "string", "format": "date"},
	"month":         {"type": "string", "pattern": `^\d{4}-\d{2}$`, "example": "2026-03"},
	"period":        {"type": "string", "description": "a month (2026-03), quarter (2026-Q1) or year (2026)"},
	"format":        {"type": "string", "enum": []string{"csv", "xlsx"}},
	"member_id":     oaInteger,
	"user_id":       oaInteger,
	"owner_id":      oaInteger,
	"owner_user_id": oaInteger,
	"entity_id":     oaInteger,
	"meeting_id":    oaInteger,
	"department_id": oaInteger,
	"vehicle_id":    oaInteger,
	"actor":         {"type": "string", "description": "a login's username (system for the command line and jobs)"},
	"upcoming":      {"type": "string", "enum": []string{"true", "false"}},
	"open":          {"type": "string", "enum": []string{"true", "false"}},
	"mine":          {"type": "string", "enum": []string{"true", "false"}},
	"overdue":       {"type": "string", "enum": []string{"true", "false"}},
	"to_me":         {"type": "string", "enum": []string{"true", "false"}},
	"unread":        {"type": "string", "enum": []string{"1", "0"}},
	"direction":     {"type": "string", "enum": []string{"incoming", "outgoing"}},
}

// queryParameter is the OpenAPI parameter object of one query parameter.
func queryParameter(name string) obj {
	s, ok := queryParams[name]
	if !ok {
		s = oaString
	}
	return obj{"name": name, "in": "query", "schema": s}
}
