package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestOpenAPIDocument: the document is public JSON, OpenAPI 3.1, and lists
// every operation Routes reports, each secured by the bearer scheme.
func TestOpenAPIDocument(t *testing.T) {
	h := New(Deps{})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != Prefix {
		t.Errorf("servers %+v", doc.Servers)
	}
	if doc.Components.SecuritySchemes[securityName] == nil {
		t.Error("no bearer security scheme")
	}
	if got := w.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	n := 0
	for _, r := range Routes() {
		if strings.HasPrefix(r.Path, Prefix+openAPIPath) {
			continue
		}
		n++
		op, ok := doc.Paths[strings.TrimPrefix(r.Path, Prefix)][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s missing from the document", r.Method, r.Path)
			continue
		}
		var o struct {
			OperationID string                `json:"operationId"`
			Security    []map[string][]string `json:"security"`
			Responses   map[string]any        `json:"responses"`
		}
		if err := json.Unmarshal(op, &o); err != nil {
			t.Fatal(err)
		}
		if o.OperationID == "" || len(o.Security) != 1 || o.Responses["401"] == nil {
			t.Errorf("%s %s: id %q security %v 401 documented %v", r.Method, r.Path, o.OperationID, o.Security, o.Responses["401"] != nil)
		}
	}
	// 47, 7 of legislation, the action plans', the directory's, 10 of
	// trainings, campaigns and justice figures, 5 of notifications, the
	// datasets', the referrals' and 1 of case statistics.
	if want := 47 + 7 + planOperations + directoryOperations + 10 + 5 + datasetOperations + referralOperations + 1; n != want {
		t.Errorf("%d operations, want %d", n, want)
	}
}

// TestRoutesServed walks Routes: each one is served by the handler (no
// 404/405 from the mux), and answers 401 without a token except the document.
func TestRoutesServed(t *testing.T) {
	h := New(Deps{})
	for _, r := range Routes() {
		path := strings.ReplaceAll(r.Path, "{id}", "0195a1b2-0000-7000-8000-000000000000")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(r.Method, path, nil))
		want := http.StatusUnauthorized
		if strings.HasPrefix(r.Path, Prefix+openAPIPath) {
			want = http.StatusOK
		}
		if w.Code != want {
			t.Errorf("%s %s: %d, want %d", r.Method, path, w.Code, want)
		}
	}
}
