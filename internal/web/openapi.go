package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// openAPI serves the OpenAPI 3 document, built from the route table so that
// no /api/v1 endpoint can be missing from it.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	doc, ok := openAPICache.Load(s.baseURL())
	if !ok { // built once per public address: reflecting the types takes ~0.1 s
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s.openAPIDoc()); err != nil {
			return err
		}
		doc, _ = openAPICache.LoadOrStore(s.baseURL(), b.Bytes())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(doc.([]byte))
	return err
}

// openAPICache holds the encoded document per base URL (the route table is
// the same for every server).
var openAPICache sync.Map

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func (s *Server) openAPIDoc() obj {
	paths := obj{}
	schemas := obj{}
	for _, part := range requestSchemaParts() {
		for k, v := range part {
			schemas[k] = v
		}
	}
	applyBodyRules(schemas)
	rs := newResponseSchemas(schemas)
	for _, rt := range s.routes {
		if !rt.API {
			continue
		}
		item, _ := paths[rt.Pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Pattern] = item
		}
		doc := apiDocs[rt.Method+" "+rt.Pattern]
		if rt.Response != "" {
			doc.Schema = rt.Response
		}
		op := obj{"summary": rt.Summary, "operationId": operationID(rt), "tags": []string{apiTag(rt.Pattern)}}
		if params := doc.parameters(rt); params != nil {
			op["parameters"] = params
		}
		if rt.Body != "" {
			mt := "application/json"
			if rt.MaxBody > 0 { // an upload
				mt = "multipart/form-data"
			}
			op["requestBody"] = obj{"required": !doc.OptionalBody, "content": obj{mt: obj{"schema": ref(rt.Body)}}}
		}
		op["responses"] = doc.responses(rs)
		if rt.Access == public {
			op["security"] = []obj{}
		} else if rt.Perm != "" {
			op["x-permission"] = string(rt.Perm)
		}
		item[strings.ToLower(rt.Method)] = op
	}
	for k, v := range rs.schemas {
		schemas[k] = v
	}
	var tags []obj
	for _, t := range apiTagDescriptions {
		tags = append(tags, obj{"name": t[0], "description": t[1]})
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "chamber API",
			"version":     "1",
			"description": "JSON API of chamber. Authenticate with Authorization: Bearer TOKEN. Errors: {\"error\": {\"code\", \"message\", \"details\"}}; messages follow Accept-Language (zh-CN or en). Lists: {\"items\", \"next_cursor\"}; money in integer fen (fields ending _fen); dates YYYY-MM-DD in the chamber's time zone. Throttling: 429 with Retry-After past 100 requests per second on one token (counted across every instance), after failed logins per account and address, and for applications sent without a login past 20 per 10 minutes from one address.",
		},
		"servers":  []obj{{"url": s.baseURL() + "/"}}, // the configured public address, never Host
		"tags":     tags,
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
		"Settings": oaObject(nil, obj{"name": oaString, "time_zone": obj{"type": "string", "example": "Asia/Shanghai"}, "intro": oaString, "address": oaString, "phone": oaString, "email": oaString}),
	}
}

// requestSchemaParts are the request schemas of each domain (two parts must
// not name the same schema: TestOpenAPISchemaNamesUnique).
func requestSchemaParts() []obj {
	return []obj{coreSchemas(), orgSchemas(), memberSchemas(), booksSchemas(financeSchemas()), books2Schemas(obj{}), meetingSchemas(), announcementSchemas(), attachmentSchemas(), ticketSchemas(), leaveSchemas(), eventSchemas(), documentSchemas(), archiveSchemas(), archiveLoanSchemas(), knowledgeSchemas(), invitationSchemas(obj{}), liaisonSchemas(obj{}), nominationSchemas(obj{}), todoSchemas(),
		secretariatSchemas(), purchaseSchemas(), facilitySchemas(), legalSchemas(), voiceSchemas(), relationSchemas(), offerSchemas(), introductionSchemas(), policySchemas(), publicitySchemas(), showcaseSchemas(), recruitmentSchemas(), depreciationSchemas(), authoritySchemas(workReportSchemas()), projectSchemas()}
}

func operationID(rt *route) string {
	p := strings.TrimPrefix(rt.Pattern, "/api/v1/")
	p = pathParamRE.ReplaceAllString(p, "by_$1")
	p = strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(p)
	return strings.ToLower(rt.Method) + "_" + p
}
