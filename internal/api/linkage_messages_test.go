package api

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// linkageOperations is every operation of linkage runs.
var linkageOperations = []struct{ method, path string }{
	{"GET", "/linkage/runs"}, {"POST", "/linkage/runs"}, {"GET", "/linkage/runs/{id}"},
	{"POST", "/linkage/runs/{id}/approve"}, {"POST", "/linkage/runs/{id}/encodings"},
	{"POST", "/linkage/runs/{id}/decline"}, {"POST", "/linkage/runs/{id}/match"},
	{"GET", "/linkage/runs/{id}/results"},
}

// linkageDoc is the part of the OpenAPI document these tests read.
type linkageDoc struct {
	Paths map[string]map[string]struct {
		OperationID string                `json:"operationId"`
		Security    []map[string][]string `json:"security"`
		Responses   map[string]any        `json:"responses"`
		Parameters  []struct {
			Name string `json:"name"`
		} `json:"parameters"`
		RequestBody *struct {
			Content map[string]struct {
				Schema struct {
					Ref string `json:"$ref"`
				} `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

func loadLinkageDoc(t *testing.T) linkageDoc {
	t.Helper()
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc linkageDoc
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// linkageMessageIDs gathers every message id the linkage operations can
// emit: literal ids in linkage*.go, their rules, the labels of their
// parameters and body fields, and the run's locations (run.status, ...).
func linkageMessageIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids, files := literalIDs(t, "linkage*.go")
	if files < 4 {
		t.Fatalf("only %d linkage files found", files)
	}
	for _, r := range linkageRules {
		ids["api.rule."+r] = true
	}
	doc := loadLinkageDoc(t)
	names := []string{"status", "share_membership", "cases", "secret", "body", "Content-Type"}
	for _, op := range linkageOperations {
		o := doc.Paths[op.path][strings.ToLower(op.method)]
		for _, p := range o.Parameters {
			names = append(names, p.Name)
		}
		if o.RequestBody == nil {
			continue
		}
		for _, c := range o.RequestBody.Content {
			name := strings.TrimPrefix(c.Schema.Ref, "#/components/schemas/")
			for p := range doc.Components.Schemas[name].Properties {
				names = append(names, p)
			}
		}
	}
	if len(names) < 16 {
		t.Fatalf("only %d field names found", len(names))
	}
	for _, n := range names {
		ids["api.field."+n] = true
	}
	return ids
}

// TestLinkageMessages: every id the linkage operations can emit exists in
// English and French, and api_linkage.*.toml define nothing else.
func TestLinkageMessages(t *testing.T) {
	checkAreaMessages(t, linkageMessageIDs(t), "api_linkage", 25, 3)
}

// TestLinkageDocument: every linkage operation is in the OpenAPI document,
// secured, with its 401 and 404 (when it names a run); the upload takes
// application/octet-stream; no schema has a place for the secret but the
// approval's body, and none shows a key fingerprint.
func TestLinkageDocument(t *testing.T) {
	doc := loadLinkageDoc(t)
	for _, op := range linkageOperations {
		o, ok := doc.Paths[op.path][strings.ToLower(op.method)]
		if !ok {
			t.Errorf("%s %s missing from the document", op.method, op.path)
			continue
		}
		if o.OperationID == "" || len(o.Security) != 1 || o.Responses["401"] == nil {
			t.Errorf("%s %s: id %q security %v", op.method, op.path, o.OperationID, o.Security)
		}
		if strings.Contains(op.path, "{id}") && o.Responses["404"] == nil {
			t.Errorf("%s %s does not document 404", op.method, op.path)
		}
	}
	up := doc.Paths["/linkage/runs/{id}/encodings"]["post"]
	if up.RequestBody == nil || len(up.RequestBody.Content) != 1 {
		t.Fatalf("the upload's body is not documented: %+v", up.RequestBody)
	}
	if _, ok := up.RequestBody.Content["application/octet-stream"]; !ok {
		t.Errorf("the upload's body is not application/octet-stream: %v", up.RequestBody.Content)
	}
	var withSecret []string
	for name, s := range doc.Components.Schemas {
		for p := range s.Properties {
			if strings.Contains(p, "secret") && !strings.HasPrefix(p, "secret") || strings.Contains(p, "fingerprint") {
				t.Errorf("schema %s has %s", name, p)
			}
			if p == "secret" {
				withSecret = append(withSecret, name)
			}
		}
	}
	if !slices.Equal(withSecret, []string{"LinkageApproveBody"}) {
		t.Errorf("schemas with a secret: %v", withSecret)
	}
	// Struct tags must be literals: the limits are written twice.
	var name struct {
		MaxLength int `json:"maxLength"`
	}
	if err := json.Unmarshal(doc.Components.Schemas["LinkageProposeBody"].Properties["name"], &name); err != nil ||
		name.MaxLength != linkrun.MaxName {
		t.Errorf("a run's name: maxLength %d, the network package says %d", name.MaxLength, linkrun.MaxName)
	}
	enc := doc.Components.Schemas["LinkageApproveBody"].Properties["secret_encoding"]
	for _, v := range linkage.SecretEncodings {
		if !strings.Contains(string(enc), `"`+string(v)+`"`) {
			t.Errorf("secret_encoding does not offer %s: %s", v, enc)
		}
	}
}

// TestLinkageStatusEnum: the document's run states are the domain's.
func TestLinkageStatusEnum(t *testing.T) {
	var got, want []string
	for _, v := range serveDoc(t).Components.Schemas["LinkageRun"].Properties["status"].Enum {
		got = append(got, fmt.Sprint(v))
	}
	for _, s := range linkrun.Statuses {
		want = append(want, string(s))
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("status enum %q, want %q", got, want)
	}
}
