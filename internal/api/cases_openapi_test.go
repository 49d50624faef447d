package api

import (
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// caseOperations is every operation of the case register.
var caseOperations = []struct{ method, path string }{
	{"GET", "/cases"}, {"POST", "/cases"}, {"GET", "/cases/{id}"}, {"PATCH", "/cases/{id}"},
	{"POST", "/cases/{id}/status"}, {"POST", "/cases/{id}/closure"}, {"POST", "/cases/{id}/closure/approve"},
	{"POST", "/cases/{id}/closure/reject"}, {"POST", "/cases/{id}/reopen"}, {"POST", "/cases/{id}/erase"},
	{"GET", "/cases/{id}/screenings"}, {"POST", "/cases/{id}/screenings"},
	{"GET", "/cases/{id}/consents"}, {"POST", "/cases/{id}/consents"}, {"POST", "/consents/{id}/withdraw"},
	{"GET", "/cases/{id}/plan"}, {"POST", "/cases/{id}/plan"}, {"PATCH", "/plan-items/{id}"},
	{"POST", "/plan-items/{id}/follow-ups"},
	{"GET", "/cases/{id}/notes"}, {"POST", "/cases/{id}/notes"},
	{"GET", "/cases/{id}/attachments"}, {"POST", "/cases/{id}/attachments"}, {"GET", "/attachments/{id}"},
	{"POST", "/cases/import"}, {"GET", "/imports/{id}"}, {"GET", "/cases/export"},
}

type openAPIDoc struct {
	Paths map[string]map[string]struct {
		OperationID string                `json:"operationId"`
		Security    []map[string][]string `json:"security"`
		Responses   map[string]any        `json:"responses"`
		RequestBody *struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]schemaDoc `json:"schemas"`
	} `json:"components"`
}

type schemaDoc struct {
	Properties map[string]struct {
		MaxLength *int     `json:"maxLength"`
		MinLength *int     `json:"minLength"`
		Maximum   *float64 `json:"maximum"`
		MaxItems  *int     `json:"maxItems"`
		Enum      []string `json:"enum"`
		Items     *struct {
			Enum []string `json:"enum"`
		} `json:"items"`
	} `json:"properties"`
}

func loadDoc(t *testing.T) openAPIDoc {
	t.Helper()
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc openAPIDoc
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCaseOpenAPI: the document lists every case operation, secured, with
// 401 documented, and Routes reports each; the upload documents both forms.
func TestCaseOpenAPI(t *testing.T) {
	doc := loadDoc(t)
	routes := map[string]bool{}
	for _, r := range Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for _, op := range caseOperations {
		o, ok := doc.Paths[op.path][strings.ToLower(op.method)]
		if !ok {
			t.Errorf("%s %s missing from the document", op.method, op.path)
			continue
		}
		if o.OperationID == "" || len(o.Security) != 1 || o.Responses["401"] == nil || o.Responses["404"] == nil && strings.Contains(op.path, "{id}") {
			t.Errorf("%s %s: id %q security %v responses %v", op.method, op.path, o.OperationID, o.Security, o.Responses)
		}
		if !routes[op.method+" "+Prefix+op.path] {
			t.Errorf("%s %s missing from Routes()", op.method, op.path)
		}
	}
	up := doc.Paths["/cases/{id}/attachments"]["post"].RequestBody
	if up == nil || up.Content["multipart/form-data"].Schema == nil || up.Content["application/json"].Schema == nil {
		t.Errorf("upload body not documented: %+v", up)
	}
	imp := doc.Paths["/cases/import"]["post"].RequestBody
	if imp == nil || imp.Content[csvType].Schema == nil || imp.Content[xlsxType].Schema == nil {
		t.Errorf("import body not documented: %+v", imp)
	}
}

// TestCaseSchemaLimitsMatchDomain: the limits and lists the document states
// are the ones casework, identify and the store enforce.
func TestCaseSchemaLimitsMatchDomain(t *testing.T) {
	doc := loadDoc(t)
	s := doc.Components.Schemas
	maxLen := map[string]map[string]int{
		"CasePerson": {"given_name": casework.MaxName, "family_name": casework.MaxName, "other_names": casework.MaxName,
			"phone": 40, "email": 254, "address": 500, "identity_number": casework.MaxShort, "narrative": casework.MaxNarrative,
			"birth_date": len("2006-01-02")},
		"CaseCreateBody":       {"recruitment_place": casework.MaxShort, "citizenship": 3},
		"CasePatchBody":        {"recruitment_place": casework.MaxShort, "citizenship": 3},
		"CaseEvent":            {"place": casework.MaxShort, "country": 3, "date": len("2006-01-02")},
		"CaseClosureBody":      {"reason": casework.MaxNarrative},
		"NoteBody":             {"text": casework.MaxNote},
		"FollowUpBody":         {"note": casework.MaxNote},
		"PlanItemBody":         {"objective": casework.MaxShort, "provider": casework.MaxShort, "outcome": casework.MaxNarrative},
		"AttachmentUploadBody": {"name": store.MaxAttachmentName},
		"ConsentBody":          {"language": 8},
	}
	for schema, fields := range maxLen {
		for f, n := range fields {
			p, ok := s[schema].Properties[f]
			if !ok || p.MaxLength == nil || *p.MaxLength != n {
				t.Errorf("%s.%s maxLength %v, domain says %d", schema, f, p.MaxLength, n)
			}
		}
	}
	if p := s["CaseCreateBody"].Properties["events"]; p.MaxItems == nil || *p.MaxItems != casework.MaxEvents {
		t.Errorf("events maxItems %v, casework says %d", p.MaxItems, casework.MaxEvents)
	}
	if p := s["ScreeningBody"].Properties["age_at_recruitment"]; p.Maximum == nil || int(*p.Maximum) != identify.MaxAge {
		t.Errorf("age_at_recruitment maximum %v, identify says %d", p.Maximum, identify.MaxAge)
	}
	if p := s["CaseCreateBody"].Properties["age_when_trafficked"]; p.Maximum == nil || int(*p.Maximum) != 120 {
		t.Errorf("age_when_trafficked maximum %v", p.Maximum)
	}
	enums := []struct {
		schema, field string
		want          []string
	}{
		{"CaseCreateBody", "gender", casework.Genders},
		{"CaseCreateBody", "trafficking_status", casework.TraffickingStatuses},
		{"CaseCreateBody", "exploitation", casework.ExploitationTypes},
		{"CaseCreateBody", "methods_of_control", casework.MethodsOfControl},
		{"CaseCreateBody", "labour_industry", casework.LabourIndustries},
		{"ConsentBody", "purpose", casework.PurposeValues()},
		{"ConsentBody", "method", casework.ConsentMethods},
		{"PlanItemBody", "type", casework.PlanItemTypes},
		{"PlanItemBody", "status", casework.PlanItemStatuses},
		{"ScreeningBody", "acts", termIDs(identify.ActTerms)},
		{"ScreeningBody", "means", termIDs(identify.MeansTerms)},
		{"ScreeningBody", "purposes", termIDs(identify.PurposeTerms)},
	}
	for _, e := range enums {
		p := s[e.schema].Properties[e.field]
		got := p.Enum
		if p.Items != nil {
			got = p.Items.Enum
		}
		if !reflect.DeepEqual(got, e.want) {
			t.Errorf("%s.%s enum %v, domain says %v", e.schema, e.field, got, e.want)
		}
	}
}
