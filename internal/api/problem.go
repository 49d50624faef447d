package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Problem is an RFC 9457 problem details object. Errors lists each bad field
// with where it is (location), the rule it broke and the rule in words. The
// rejected value is never echoed: it may be personal data.
type Problem struct {
	Type     string          `json:"type,omitempty" format:"uri-reference" default:"about:blank" doc:"Problem type; about:blank means the status says it all."`
	Title    string          `json:"title" doc:"Short summary of the status, in the client's language."`
	Status   int             `json:"status" doc:"HTTP status code."`
	Detail   string          `json:"detail,omitempty" doc:"What went wrong in this request, in the client's language."`
	Instance string          `json:"instance,omitempty" format:"uri-reference" doc:"The request path."`
	Errors   []*FieldProblem `json:"errors,omitempty" doc:"One entry per bad field; nothing was changed."`

	headers http.Header // sent with the problem (Retry-After)
}

// FieldProblem names one bad field and the rule it broke.
type FieldProblem struct {
	Location string         `json:"location" doc:"Where the field is: body.email, path.id, query.limit, header.Content-Type."`
	Rule     string         `json:"rule" doc:"Stable rule id: required, too_long, too_short, email, one_of, unknown_field, type, json, ..."`
	Message  string         `json:"message" doc:"The field and the rule in the client's language."`
	Params   map[string]any `json:"params,omitempty" doc:"Figures the rule uses, such as max or allowed."`
}

// Error, GetStatus and ContentType make Problem a huma.StatusError served as
// application/problem+json.
func (p *Problem) Error() string { return p.Detail }

// GetStatus is the HTTP status.
func (p *Problem) GetStatus() int { return p.Status }

// GetHeaders makes Problem a huma.HeadersError: huma sends these headers
// with it.
func (p *Problem) GetHeaders() http.Header { return p.headers }

// ContentType switches JSON to the problem media type.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// newProblem makes a problem whose detail is the message detailID.
func newProblem(lang string, status int, detailID string, fields ...*FieldProblem) *Problem {
	return newProblemData(lang, status, detailID, nil, fields...)
}

func newProblemData(lang string, status int, detailID string, data map[string]any, fields ...*FieldProblem) *Problem {
	return &Problem{
		Type:   problemTypes[status],
		Title:  tr(lang, "api.title."+strconv.Itoa(status), nil),
		Status: status,
		Detail: tr(lang, detailID, data),
		Errors: fields,
	}
}

// detailFor is the generic detail message of a status.
func detailFor(status int) string {
	if _, ok := statusTitles[status]; ok {
		return "api.detail." + strconv.Itoa(status)
	}
	if status >= 500 {
		return "api.detail.500"
	}
	return "api.detail.400"
}

// statusTitles lists the statuses the catalogues have a title and a detail
// for; a test checks both catalogues against it.
var statusTitles = map[int]bool{
	400: true, 401: true, 403: true, 404: true, 405: true, 406: true, 408: true, 409: true,
	413: true, 415: true, 422: true, 429: true, 500: true, 503: true,
}

// Rule ids the API adds to those of valid and account. Each has an
// "api.rule.<id>" message in both catalogues (a test checks).
const (
	ruleUnknownField = "unknown_field" // a body field the operation does not know
	ruleType         = "type"          // Params["type"]: JSON type expected
	ruleJSON         = "json"          // the body is not JSON
	ruleContentType  = "content_type"  // the body is not declared application/json
	ruleDatetime     = "datetime"      // not an RFC 3339 date-time
	ruleMinNumber    = "min_number"    // Params["min"]
	ruleMaxNumber    = "max_number"    // Params["max"]
	rulePattern      = "pattern"       // does not match the documented form
	ruleInvalid      = "invalid"       // anything else huma refuses
	ruleTaken        = "taken"         // unique value already in use
	ruleLastAdmin    = "last_admin"    // would leave the organisation without an org_admin
)

// apiRules lists the rule ids above.
var apiRules = []string{ruleUnknownField, ruleType, ruleJSON, ruleContentType, ruleDatetime, ruleMinNumber,
	ruleMaxNumber, rulePattern, ruleInvalid, ruleTaken, ruleLastAdmin}

// fieldProblem translates one rule broken at location ("body.email").
func fieldProblem(lang, location, rule string, params map[string]any) *FieldProblem {
	name := fieldName(location)
	// An unknown field (the client's own name) has no label: show it as sent.
	label := name
	if i18n.Has(lang, "api.field."+name) {
		label = tr(lang, "api.field."+name, nil)
	}
	// A rule of an engine with no API wording (the screening's not_bool)
	// falls back to the general one rather than showing its id.
	msg := tr(lang, "api.rule."+ruleInvalid, nil)
	if i18n.Has(lang, "api.rule."+rule) {
		msg = tr(lang, "api.rule."+rule, templateData(params))
	}
	return &FieldProblem{
		Location: location,
		Rule:     rule,
		Message:  tr(lang, "api.field_message", map[string]any{"field": label, "message": msg}),
		Params:   params,
	}
}

// fieldName is the last name in a location: "body.members[2].role" => "role".
func fieldName(location string) string {
	if i := strings.LastIndexByte(location, '.'); i >= 0 {
		location = location[i+1:]
	}
	if i := strings.IndexByte(location, '['); i >= 0 {
		location = location[:i]
	}
	return location
}

// templateData turns list parameters into text for the message templates.
func templateData(params map[string]any) map[string]any {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		if list, ok := v.([]string); ok {
			v = strings.Join(list, ", ")
		}
		out[k] = v
	}
	return out
}

// tr is i18n.T; kept in one place so the catalogue test can see every id.
func tr(lang, id string, data map[string]any) string { return i18n.T(lang, id, data) }

// fromFieldErrors is the problem of validation errors found by the API
// itself (field names are the JSON names of the body).
func fromFieldErrors(lang string, errs valid.Errors) *Problem { return problemOf(lang, errs) }

// writeProblem writes p outside huma (before an operation is chosen).
func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// problemAsHuma lets huma's own errors (bad JSON, validation, content type)
// come out as translated Problems. huma's hooks are package variables, so this
// is process-wide: Passerelle has no other huma API.
func init() {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		if status == 0 { // huma's probe for the error schema at registration
			return &Problem{}
		}
		return fromHuma("en", status, msg, errs)
	}
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		st := stateOf(ctx)
		if status >= 500 && st.log != nil {
			for _, err := range errs {
				if err != nil {
					st.log.Error("api: unexpected error", "status", status, "error", err, "operation", operationID(ctx))
				}
			}
		}
		p := fromHuma(st.lang, status, msg, errs)
		if ctx != nil {
			p.Instance = ctx.URL().Path
		}
		return p
	}
	// Field names are exact: "Email" is an unknown field, not "email".
	huma.ValidateStrictCasing = true
}

func operationID(ctx huma.Context) string {
	if ctx == nil || ctx.Operation() == nil {
		return ""
	}
	return ctx.Operation().OperationID
}
