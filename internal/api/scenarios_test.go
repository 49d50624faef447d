package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// scenario is one request and what must come back. Refused requests
// (status >= 400) must also leave every table exactly as it was.
type scenario struct {
	name string
	request
	status   int
	contains []string // fragments of the body (after {var} substitution)
	absent   []string // fragments that must not appear
}

func runScenarios(t *testing.T, e *env, list []scenario) {
	t.Helper()
	for _, sc := range list {
		t.Run(sc.name, func(t *testing.T) {
			before := e.snapshot()
			w := e.do(sc.request)
			body := w.Body.String()
			if w.Code != sc.status {
				t.Fatalf("%s %s: status %d, want %d; body %s", sc.method, sc.path, w.Code, sc.status, body)
			}
			for _, f := range sc.contains {
				if !strings.Contains(body, e.vars(f)) {
					t.Errorf("body lacks %q: %s", e.vars(f), body)
				}
			}
			for _, f := range sc.absent {
				if strings.Contains(body, e.vars(f)) {
					t.Errorf("body has %q: %s", e.vars(f), body)
				}
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("CORS header %q", got)
			}
			if sc.status >= 400 {
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
					t.Errorf("error Content-Type %q", ct)
				}
				var p Problem
				if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != sc.status || p.Title == "" ||
					p.Instance != Prefix+strings.SplitN(e.vars(sc.path), "?", 2)[0] {
					t.Errorf("not a problem document (%v): %s", err, body)
				}
				if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
					t.Errorf("refused request changed data: %v", d)
				}
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	runScenarios(t, e, []scenario{
		{"no token", request{method: "GET", path: "/me"}, 401,
			[]string{`"title":"Authentication required"`, `Authorization: Bearer`}, nil},
		{"unknown token", request{token: "pas_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", method: "GET", path: "/me"}, 401,
			[]string{"not valid"}, nil},
		{"malformed token", request{token: "hello", method: "GET", path: "/me"}, 401, nil, nil},
		{"basic scheme", request{method: "GET", path: "/me", header: map[string]string{"Authorization": "Basic YTpi"}}, 401, nil, nil},
		{"revoked token", request{token: "revokedA", method: "GET", path: "/me"}, 401, nil, nil},
		{"expired token", request{token: "expiredA", method: "GET", path: "/me"}, 401, nil, nil},
		{"disabled user", request{token: "offA", method: "GET", path: "/me"}, 401, nil, nil},
		{"no token in French", request{method: "GET", path: "/organisations", header: map[string]string{"Accept-Language": "fr-FR,fr;q=0.9"}}, 401,
			[]string{`"title":"Authentification requise"`, "jeton d'API est requis"}, nil},
		{"me", request{token: "caseA", method: "GET", path: "/me"}, 200,
			[]string{`"role":"caseworker"`, `"name":"Espoir Migrants Niamey"`, `"id":"{orgA}"`, `"token_id":"{token:caseA}"`,
				`"case.read"`, "ibrahim.souley@espoir-niamey.example"}, []string{`"user.manage"`}},
		{"me as platform admin", request{token: "platform", method: "GET", path: "/me"}, 200,
			[]string{`"role":"admin"`, `"org.create"`}, nil},
	})
	w := e.do(request{method: "GET", path: "/me"})
	if got := w.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate %q", got)
	}
}

// TestCrossOrganisation: every operation, with org A's administrator token
// against organisation B's records, answers 404 and changes nothing.
func TestCrossOrganisation(t *testing.T) {
	e := newEnv(t)
	runScenarios(t, e, []scenario{
		{"get org", request{token: "adminA", method: "GET", path: "/organisations/{orgB}"}, 404, []string{`"title":"Not found"`}, []string{"Marius"}},
		{"patch org", request{token: "adminA", method: "PATCH", path: "/organisations/{orgB}", body: `{"city":"Paris"}`}, 404, nil, nil},
		{"list users", request{token: "adminA", method: "GET", path: "/organisations/{orgB}/users"}, 404, nil, []string{"Vasseur"}},
		{"create user", request{token: "adminA", method: "POST", path: "/organisations/{orgB}/users",
			body: `{"email":"new.person@bpm-lyon.example","display_name":"Léa Martin","role":"caseworker"}`}, 404, nil, nil},
		{"patch user role", request{token: "adminA", method: "PATCH", path: "/users/{user:caseB}", body: `{"role":"supervisor"}`}, 404, nil, nil},
		{"patch user disabled", request{token: "adminA", method: "PATCH", path: "/users/{user:caseB}", body: `{"disabled":true}`}, 404, nil, nil},
		{"patch user in other org", request{token: "adminA", method: "PATCH", path: "/users/{user:caseA}",
			body: `{"organisation_id":"{orgB}","role":"supervisor"}`}, 404, nil, nil},
		{"audit", request{token: "adminA", method: "GET", path: "/organisations/{orgB}/audit"}, 404, nil, nil},
		{"revoke token", request{token: "adminA", method: "DELETE", path: "/tokens/{token:adminB}"}, 404, nil, nil},
		{"unknown org id", request{token: "adminA", method: "GET", path: "/organisations/0195a1b2-0000-7000-8000-000000000000"}, 404, nil, nil},
		{"directory hides other org's private fields", request{token: "adminA", method: "GET", path: "/organisations"}, 200,
			[]string{"Brigade de protection des mineurs Lyon", `"address":"Quartier Plateau, BP 1123"`}, []string{"Marius Berliet"}},
	})
	// B's token still works on B: the 404s above were about scope, not the records.
	if w := e.do(request{token: "adminB", method: "GET", path: "/organisations/{orgB}"}); w.Code != 200 {
		t.Fatalf("adminB on own org: %d %s", w.Code, w.Body)
	}
}

// TestPermissions: in one's own organisation, a role without the permission
// gets 403 and nothing changes.
func TestPermissions(t *testing.T) {
	e := newEnv(t)
	runScenarios(t, e, []scenario{
		{"caseworker edits org", request{token: "caseA", method: "PATCH", path: "/organisations/{orgA}", body: `{"city":"Zinder"}`}, 403,
			[]string{`"title":"Forbidden"`}, nil},
		{"caseworker lists users", request{token: "caseA", method: "GET", path: "/organisations/{orgA}/users"}, 403, nil, nil},
		{"caseworker adds user", request{token: "caseA", method: "POST", path: "/organisations/{orgA}/users",
			body: `{"email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"caseworker"}`}, 403, nil, nil},
		{"caseworker changes role", request{token: "caseA", method: "PATCH", path: "/users/{user:adminA}", body: `{"role":"caseworker"}`}, 403, nil, nil},
		{"supervisor disables user", request{token: "superA", method: "PATCH", path: "/users/{user:caseA}", body: `{"disabled":true}`}, 403, nil, nil},
		{"caseworker reads audit", request{token: "caseA", method: "GET", path: "/organisations/{orgA}/audit"}, 403, nil, nil},
		{"org admin creates org", request{token: "adminA", method: "POST", path: "/organisations",
			body: `{"name":"Centre d'accueil de Maradi","type":"Shelter","country":"NER"}`}, 403, nil, nil},
		{"caseworker revokes colleague's token", request{token: "caseA", method: "DELETE", path: "/tokens/{token:superA}"}, 403, nil, nil},
		{"last org admin demoted", request{token: "adminA", method: "PATCH", path: "/users/{user:adminA}", body: `{"role":"caseworker"}`}, 409,
			[]string{`"location":"body.role"`, `"rule":"last_admin"`}, nil},
		{"supervisor lists users", request{token: "superA", method: "GET", path: "/organisations/{orgA}/users"}, 200,
			[]string{"Aïssata Maïga", `"role":"org_admin"`}, []string{"Vasseur"}},
		{"caseworker reads own org", request{token: "caseA", method: "GET", path: "/organisations/{orgA}"}, 200,
			[]string{`"address":"Quartier Plateau, BP 1123"`}, nil},
	})
}

// TestBadInput: each kind of bad input is refused with the field named, and
// changes nothing.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	user := func(body string) request {
		return request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users", body: body}
	}
	long := strings.Repeat("é", 201)
	runScenarios(t, e, []scenario{
		{"malformed JSON", user(`{"email": "a@b.example",`), 400,
			[]string{`"title":"Bad request"`, `"location":"body"`, `"rule":"json"`}, nil},
		{"JSON of the wrong type", user(`["caseworker"]`), 422, []string{`"rule":"type"`}, nil},
		{"text/plain body", request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users",
			body: `{"email":"x@y.example","display_name":"X","role":"caseworker"}`, contentType: "text/plain"}, 415,
			[]string{`"location":"header.Content-Type"`, `"rule":"content_type"`}, nil},
		{"form body", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `city=Paris`,
			contentType: "application/x-www-form-urlencoded"}, 415, nil, nil},
		{"no Content-Type", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"city":"Dosso"}`, contentType: "-"}, 415, nil, nil},
		{"missing body", request{token: "adminA", method: "POST", path: "/tokens"}, 400, []string{`"rule":"required"`}, nil},
		{"unknown field", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"caseworker","is_admin":true}`), 422,
			[]string{`"location":"body.is_admin"`, `"rule":"unknown_field"`}, nil},
		{"field name in other case", user(`{"Email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"caseworker"}`), 422,
			[]string{`"location":"body.Email"`, `"rule":"unknown_field"`, `"location":"body.email"`, `"rule":"required"`}, nil},
		{"missing field", user(`{"display_name":"Halima Abdou","role":"caseworker"}`), 422,
			[]string{`"location":"body.email"`, `"rule":"required"`, `E-mail address: is required`}, nil},
		{"empty field", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"","role":"caseworker"}`), 422,
			[]string{`"location":"body.display_name"`, `"rule":"required"`}, nil},
		{"blank field", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"   ","role":"caseworker"}`), 422,
			[]string{`"location":"body.display_name"`, `"rule":"required"`}, nil},
		{"overlong field", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"` + long + `","role":"caseworker"}`), 422,
			[]string{`"location":"body.display_name"`, `"rule":"too_long"`, `"max":200`, "at most 200 characters"}, []string{long}},
		{"invalid e-mail", user(`{"email":"halima at espoir","display_name":"Halima Abdou","role":"caseworker"}`), 422,
			[]string{`"location":"body.email"`, `"rule":"email"`}, []string{"halima at espoir"}},
		{"e-mail with display name", user(`{"email":"Halima <halima@espoir-niamey.example>","display_name":"Halima Abdou","role":"caseworker"}`), 422,
			[]string{`"location":"body.email"`, `"rule":"email"`}, nil},
		{"unknown role", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"chief"}`), 422,
			[]string{`"location":"body.role"`, `"rule":"one_of"`, "caseworker, supervisor, org_admin"}, nil},
		{"admin is not a membership role", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"admin"}`), 422,
			[]string{`"location":"body.role"`}, nil},
		{"unknown language", user(`{"email":"halima.abdou@espoir-niamey.example","display_name":"Halima Abdou","role":"caseworker","lang":"ha"}`), 422,
			[]string{`"location":"body.lang"`, `"rule":"one_of"`}, nil},
		{"several bad fields at once", user(`{"email":"nope","display_name":"","role":"boss"}`), 422,
			[]string{`"location":"body.email"`, `"location":"body.display_name"`, `"location":"body.role"`}, nil},
		{"e-mail already used", user(`{"email":"tomasz.nowak@bpm-lyon.example","display_name":"Tomasz Nowak","role":"caseworker"}`), 409,
			[]string{`"location":"body.email"`, `"rule":"taken"`}, nil},
		{"bad country", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"country":"XYZ"}`}, 422,
			[]string{`"location":"body.country"`, `"rule":"country"`}, nil},
		{"bad website", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"website":"javascript:alert(1)"}`}, 422,
			[]string{`"location":"body.website"`, `"rule":"url"`}, nil},
		{"bad org type", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"type":"Club"}`}, 422,
			[]string{`"location":"body.type"`, `"rule":"one_of"`, "LawEnforcement"}, nil},
		{"negative retention", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"retention_days":-1}`}, 422,
			[]string{`"location":"body.retention_days"`, `"rule":"min_number"`}, nil},
		{"string for boolean", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"require_totp":"yes"}`}, 422,
			[]string{`"location":"body.require_totp"`, `"rule":"type"`, `"type":"boolean"`}, nil},
		{"null for a required field", user(`{"email":null,"display_name":"Halima Abdou","role":"caseworker"}`), 422,
			[]string{`"location":"body.email"`, `"rule":"type"`}, nil},
		{"good and bad fields together", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}",
			body: `{"city":"Agadez","phone":"call me"}`}, 422, []string{`"location":"body.phone"`, `"rule":"phone"`}, nil},
		{"path id not a UUID", request{token: "adminA", method: "GET", path: "/organisations/42"}, 422,
			[]string{`"location":"path.id"`, `"rule":"uuid"`}, nil},
		{"audit limit too high", request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?limit=5000"}, 422,
			[]string{`"location":"query.limit"`, `"rule":"max_number"`}, nil},
		{"audit limit not a number", request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?limit=many"}, 422,
			[]string{`"location":"query.limit"`}, nil},
		{"audit from not a date", request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?from=yesterday"}, 422,
			[]string{`"location":"query.from"`}, nil},
		{"token without name", request{token: "adminA", method: "POST", path: "/tokens", body: `{"name":""}`}, 422,
			[]string{`"location":"body.name"`, `"rule":"required"`}, nil},
		{"token for too long", request{token: "adminA", method: "POST", path: "/tokens", body: `{"name":"export","expires_in_days":400}`}, 422,
			[]string{`"location":"body.expires_in_days"`, `"max":365`}, nil},
		{"unknown path", request{token: "adminA", method: "GET", path: "/nowhere"}, 404, nil, nil},
		{"unknown method", request{token: "adminA", method: "PUT", path: "/organisations/{orgA}", body: `{}`}, 405, nil, nil},
		{"CORS preflight", request{method: "OPTIONS", path: "/organisations", header: map[string]string{
			"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}}, 405, nil, nil},
	})
}

// TestFrench: problem details follow Accept-Language, else the user's saved
// language.
func TestFrench(t *testing.T) {
	e := newEnv(t)
	fr := map[string]string{"Accept-Language": "fr"}
	runScenarios(t, e, []scenario{
		{"validation", request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users", header: fr,
			body: `{"email":"pas une adresse","display_name":"","role":"chef"}`}, 422,
			[]string{`"title":"Champs invalides"`, "rien n'a été modifié", "Adresse e-mail : doit être une adresse e-mail valide",
				"Nom affiché : est obligatoire", "Rôle : doit être l'une de ces valeurs : caseworker"}, nil},
		{"bad JSON", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{`, header: fr}, 400,
			[]string{"n'est pas du JSON valide", "Corps de la requête : doit être du JSON valide"}, nil},
		{"content type", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{}`, contentType: "text/xml", header: fr}, 415,
			[]string{"En-tête Content-Type : doit être application/json"}, nil},
		{"not found", request{token: "adminA", method: "GET", path: "/organisations/{orgB}", header: fr}, 404,
			[]string{`"title":"Introuvable"`}, nil},
		{"forbidden", request{token: "caseA", method: "GET", path: "/organisations/{orgA}/audit", header: fr}, 403,
			[]string{`"title":"Interdit"`}, nil},
		{"unknown field", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: `{"pays":"NER"}`, header: fr}, 422,
			[]string{"pays : n'est pas un champ connu"}, nil},
		{"saved language without header", request{token: "frA", method: "GET", path: "/organisations/{orgA}/users"}, 403,
			[]string{`"title":"Interdit"`}, nil},
		{"header wins over saved language", request{token: "frA", method: "GET", path: "/organisations/{orgA}/users",
			header: map[string]string{"Accept-Language": "en-GB"}}, 403, []string{`"title":"Forbidden"`}, nil},
		{"unsupported header falls back to saved language", request{token: "frA", method: "GET", path: "/organisations/{orgA}/users",
			header: map[string]string{"Accept-Language": "de-DE"}}, 403, []string{`"title":"Interdit"`}, nil},
		{"unknown route", request{method: "GET", path: "/nowhere", header: fr}, 404, []string{"Rien n'a été trouvé"}, nil},
	})
}

func TestThrottle(t *testing.T) {
	e := newEnv(t)
	bad := func(i int) string { return "pas_" + strings.Repeat(string(rune('A'+i%26)), 43) }
	for i := 0; i < 20; i++ {
		if w := e.do(request{token: bad(i), method: "GET", path: "/me"}); w.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, w.Code)
		}
	}
	// The address is now throttled, even with a good token.
	w := e.do(request{token: "adminA", method: "GET", path: "/me"})
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("after 20 bad tokens: %d %q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	if !strings.Contains(w.Body.String(), "Too many failed attempts") {
		t.Errorf("body %s", w.Body)
	}
	// Another address is not affected.
	req := request{token: "adminA", method: "GET", path: "/me"}
	r2 := e.do(request{token: "adminA", method: "GET", path: "/me", remote: "198.51.100.7:4000"})
	if r2.Code != 200 {
		t.Fatalf("other address: %d %s", r2.Code, r2.Body)
	}
	// After the window the first address may try again.
	*e.clock = e.clock.Add(16 * 60e9)
	if w := e.do(req); w.Code != 200 {
		t.Fatalf("after the window: %d %s", w.Code, w.Body)
	}
}

func TestTooLargeBody(t *testing.T) {
	e := newEnv(t)
	big := `{"city":"` + strings.Repeat("a", 2<<20) + `"}`
	runScenarios(t, e, []scenario{
		{"2 MiB body", request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}", body: big}, 413,
			[]string{`"title":"Request too large"`}, nil},
	})
}

// TestStoreFailure: a database failure is a 500 problem that says nothing of
// its cause.
func TestStoreFailure(t *testing.T) {
	e := newEnv(t)
	e.db.Close()
	for _, tok := range []string{"adminA", "pas_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
		w := e.do(request{token: tok, method: "GET", path: "/me"})
		if w.Code != http.StatusInternalServerError {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		for _, leak := range []string{"sql", "database", "closed", "store"} {
			if strings.Contains(strings.ToLower(w.Body.String()), leak) {
				t.Errorf("500 body tells %q: %s", leak, w.Body)
			}
		}
	}
}
