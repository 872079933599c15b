package web

import (
	"net/http"
	"regexp"
	"strings"
)

// openAPI serves the OpenAPI 3 document, built from the route table so that
// no /api/v1 endpoint can be missing from it.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPIDoc())
	return nil
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func (s *Server) openAPIDoc() obj {
	paths := obj{}
	for _, rt := range s.routes {
		if !rt.API {
			continue
		}
		item, _ := paths[rt.Pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Pattern] = item
		}
		op := obj{"summary": rt.Summary, "operationId": operationID(rt)}
		var params []obj
		for _, m := range pathParamRE.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer", "format": "int64"}})
		}
		if rt.Method == "GET" && (strings.HasSuffix(rt.Pattern, "s") || strings.HasSuffix(rt.Pattern, "/audit")) && !strings.Contains(rt.Pattern, "{") {
			params = append(params,
				obj{"name": "cursor", "in": "query", "schema": obj{"type": "string"}, "description": "next_cursor of the previous page"},
				obj{"name": "limit", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": 200}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != "" {
			mt := "application/json"
			if rt.MaxBody > 0 { // an upload
				mt = "multipart/form-data"
			}
			op["requestBody"] = obj{"required": true, "content": obj{mt: obj{"schema": ref(rt.Body)}}}
		}
		ok := "200"
		if rt.Method == "POST" && !strings.HasSuffix(rt.Pattern, "/password") && !strings.HasSuffix(rt.Pattern, "/status") &&
			!strings.HasSuffix(rt.Pattern, "/import") && !strings.HasSuffix(rt.Pattern, "/decision") && !strings.HasSuffix(rt.Pattern, "/lapse") &&
			!ticketAction200(rt.Pattern) && !leaveAction200(rt.Pattern) && !eventAction200(rt.Pattern) && !documentAction200(rt.Pattern) && !bankAction200(rt.Pattern) &&
			!secretariatAction200(rt.Pattern) && !purchaseAction200(rt.Pattern) && !facilityAction200(rt.Pattern) {
			ok = "201"
		}
		if rt.Method == "DELETE" || strings.HasPrefix(rt.Pattern, "/api/v1/me/password") {
			ok = "204"
		}
		errResp := obj{"description": "error", "content": obj{"application/json": obj{"schema": ref("Error")}}}
		okSchema := obj{"type": "object"}
		if rt.Response != "" {
			okSchema = ref(rt.Response)
		}
		responses := obj{ok: obj{"description": "success", "content": obj{"application/json": obj{"schema": okSchema}}}, "default": errResp}
		if ok == "204" {
			responses[ok] = obj{"description": "done"}
		}
		op["responses"] = responses
		if rt.Access == public {
			op["security"] = []obj{}
		} else if rt.Perm != "" {
			op["x-permission"] = string(rt.Perm)
		}
		item[strings.ToLower(rt.Method)] = op
	}
	schemas := coreSchemas()
	for _, part := range []obj{orgSchemas(), memberSchemas(), booksSchemas(financeSchemas()), books2Schemas(obj{}), meetingSchemas(), announcementSchemas(), attachmentSchemas(), ticketSchemas(), leaveSchemas(), eventSchemas(), documentSchemas(), archiveSchemas(), invitationSchemas(obj{}), todoSchemas(),
		secretariatSchemas(), purchaseSchemas(), facilitySchemas()} {
		for k, v := range part {
			schemas[k] = v
		}
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "chamber API",
			"version":     "1",
			"description": "JSON API of chamber. Authenticate with Authorization: Bearer TOKEN. Errors: {\"error\": {\"code\", \"message\", \"details\"}}; messages follow Accept-Language (zh-CN or en). Lists: {\"items\", \"next_cursor\"}; money in integer fen (fields ending _fen); dates YYYY-MM-DD in the chamber's time zone. Throttling: 429 with Retry-After past 100 requests per second on one token (counted across every instance), after failed logins per account and address, and for applications sent without a login past 20 per 10 minutes from one address.",
		},
		"servers":  []obj{{"url": s.baseURL() + "/"}}, // the configured public address, never Host
		"paths":    paths,
		"security": []obj{{"bearer": []string{}}},
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
	}
}

// Schema helpers for the domains' request bodies.
var (
	oaString  = obj{"type": "string"}
	oaInteger = obj{"type": "integer", "format": "int64"}
	oaBoolean = obj{"type": "boolean"}
	oaDate    = obj{"type": "string", "format": "date"}
	oaTime    = obj{"type": "string", "format": "date-time"}
)

func oaEnum(values ...string) obj { return obj{"type": "string", "enum": values} }

func oaArray(items obj) obj { return obj{"type": "array", "items": items} }

// oaObject is a closed object schema (unknown fields are refused).
func oaObject(required []string, props obj) obj {
	o := obj{"type": "object", "additionalProperties": false, "properties": props}
	if required != nil {
		o["required"] = required
	}
	return o
}

func coreSchemas() obj {
	return obj{
		"Error": oaObject([]string{"error"}, obj{"error": oaObject([]string{"code", "message"}, obj{
			"code": oaString, "message": oaString,
			"details": obj{"type": "object", "description": "fields: {field: message} for 422; request_id for 500"},
		})}),
		"TokenRequest":   oaObject([]string{"username", "password"}, obj{"username": oaString, "password": oaString, "name": oaString}),
		"PasswordChange": oaObject([]string{"old_password", "new_password"}, obj{"old_password": oaString, "new_password": oaString}),
		"PasswordReset":  oaObject([]string{"password"}, obj{"password": oaString}),
		"UserStatus":     oaObject([]string{"disabled"}, obj{"disabled": oaBoolean}),
		"NewUser": oaObject([]string{"username", "name", "password"}, obj{
			"username": oaString, "name": oaString, "password": obj{"type": "string", "minLength": 8},
			"admin": oaBoolean, "member_id": oaInteger, "member_no": obj{"type": "string", "description": "会员编号: links the login to that member (instead of member_id)"},
		}),
		"Settings": oaObject(nil, obj{"name": oaString, "time_zone": obj{"type": "string", "example": "Asia/Shanghai"}}),
	}
}

func operationID(rt *route) string {
	p := strings.TrimPrefix(rt.Pattern, "/api/v1/")
	p = pathParamRE.ReplaceAllString(p, "by_$1")
	p = strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(p)
	return strings.ToLower(rt.Method) + "_" + p
}
