package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzBodies sends arbitrary bytes as the JSON body of every operation that
// writes a case or its records. Whatever the input, the answer is a success
// or a problem naming what is wrong, never a server error, and a refused
// body changes nothing the answer did not say it changed.
//
//	go test ./internal/api -run '^$' -fuzz FuzzBodies -fuzztime 1m
func FuzzBodies(f *testing.F) {
	ce := newCaseEnv(f)
	targets := []struct{ method, path string }{
		{"POST", "/cases"},
		{"PATCH", "/cases/{caseA}"},
		{"POST", "/cases/{caseA}/consents"},
		{"POST", "/cases/{caseA}/notes"},
		{"POST", "/cases/{caseA}/plan"},
		{"POST", "/cases/{caseA}/screenings"},
		{"POST", "/cases/import?format=csv"},
	}
	for _, s := range []string{
		`{"person":{"given_name":"Blessing","family_name":"Osagie","birth_date":"1999-03-15"}}`,
		`{"purpose":"statistics","given_by":"person","method":"written"}`,
		`{"body":"Entretien à Agadez avec une interprète."}`,
		`{"acts":["recruitment"],"means":["deception"],"purposes":["sexual_exploitation"]}`,
		`{"person":{"given_name":"Joy","given_name":"Precious"}}`,
		"{\"person\":{\"given_name\":\"Bless\xffing\"}}",
		`{"events":[{"kind":"transit","country":"NER","date":"2025-02"}]}`,
		`[]`, `null`, `{"person":` + strings.Repeat("[", 200),
	} {
		for i := range targets {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		tg := targets[int(which)%len(targets)]
		req := httptest.NewRequest(tg.method, Prefix+ce.sub(tg.path), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ce.tokens["caseA"])
		w := httptest.NewRecorder()
		ce.h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s %q: status %d: %s", tg.method, tg.path, body, w.Code, w.Body.String())
		}
		if w.Code >= 400 {
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Detail == "" {
				t.Fatalf("%s %s %q: %d answered without a problem: %s", tg.method, tg.path, body, w.Code, w.Body.String())
			}
			if w.Code != http.StatusTooManyRequests && strings.Contains(w.Body.String(), "Blessing") && !strings.Contains(body, "Blessing") {
				t.Fatalf("a refusal echoes personal data: %s", w.Body.String())
			}
		}
	})
}

// FuzzAttachmentUpload sends arbitrary bytes as a multipart upload of a
// case's attachment: never a server error, always a problem when refused,
// and the stored name is never a path.
//
//	go test ./internal/api -run '^$' -fuzz FuzzAttachmentUpload -fuzztime 1m
func FuzzAttachmentUpload(f *testing.F) {
	ce := newCaseEnv(f)
	f.Add(multipartBody("file", "attestation.txt", "Attestation d'hébergement, Lyon."))
	f.Add(multipartBody("file", "../../etc/passwd", "root:x:0:0"))
	f.Add(multipartBody("file", "scan.png", "\x89PNG\r\n\x1a\n"+strings.Repeat("\x00", 64)))
	f.Add("--" + multipartBoundary + "\r\nnot a header\r\n")
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", Prefix+ce.sub("/cases/{caseA}/attachments"), strings.NewReader(body))
		req.Header.Set("Content-Type", multipartType)
		req.Header.Set("Authorization", "Bearer "+ce.tokens["caseA"])
		w := httptest.NewRecorder()
		ce.h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		if w.Code == http.StatusCreated {
			var out struct {
				Name string `json:"name"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || strings.ContainsAny(out.Name, `/\`) {
				t.Fatalf("stored name %q (%v)", out.Name, err)
			}
		} else if !strings.Contains(w.Header().Get("Content-Type"), "problem+json") {
			t.Fatalf("%d answered without a problem: %s", w.Code, w.Body.String())
		}
	})
}
