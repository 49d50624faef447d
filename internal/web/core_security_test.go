package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corePages are the pages a signed-in org administrator can open, plus the
// public ones and an unknown path.
func corePages(e *coreEnv) []string {
	return []string{"/", "/account", "/account/two-factor", "/signin", "/no/such/page",
		"/directory", "/admin/users", "/admin/audit", "/admin/organisations/" + e.org.ID.String()}
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	anon := e.client()
	admin := e.signedIn("org_admin")
	check := func(who string, r coreResp, path string) {
		t.Helper()
		h := r.Header
		want := map[string]string{
			"Content-Security-Policy": contentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
			"Cache-Control":           "no-store",
		}
		for k, v := range want {
			if got := h.Get(k); got != v {
				t.Errorf("%s GET %s: %s = %q, want %q", who, path, k, got, v)
			}
		}
		if h.Get("Permissions-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s GET %s: Permissions-Policy or X-Request-Id missing", who, path)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s GET %s: HSTS sent without SecureCookies", who, path)
		}
	}
	for _, p := range corePages(e) {
		check("anonymous", anon.get(p), p)
		check("org_admin", admin.get(p), p)
	}
	// Every registered GET route without path parameters, as a platform admin.
	pa := e.signedIn("admin")
	for _, rt := range e.srv.Routes() {
		if rt.Method == "GET" && !strings.Contains(rt.Pattern, "{") {
			p := strings.TrimSuffix(rt.Pattern, "{$}")
			check("admin", pa.get(p), p)
		}
	}
	// Refused cross-origin requests carry the headers too.
	check("cross-site", admin.post("/language", form("lang", "fr"), "Sec-Fetch-Site", "cross-site"), "/language")
}

func TestSecureCookiesAndHSTS(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	srv, err := New(Deps{DB: e.db, SecureCookies: true, Now: e.now})
	if err != nil {
		t.Fatal(err)
	}
	e.h = srv.Handler()
	c := e.client()
	r := c.post("/signin", form("email", e.users["caseworker"].Email, "password", corePassword))
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with SecureCookies")
	}
	ck := c.cookies[sessionCookie]
	if ck == nil || !ck.Secure || !ck.HttpOnly {
		t.Fatalf("session cookie not Secure+HttpOnly: %+v", ck)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("caseworker")
	attacks := []struct {
		name   string
		header []string
	}{
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site"}},
		{"foreign Origin", []string{"Origin", "https://evil.example"}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			r := c.post("/language", form("lang", "fr", "return", "/"), a.header...)
			wantCode(t, r, http.StatusForbidden, "another site")
			r = c.post("/account/tokens", form("name", "stolen", "days", "30"), a.header...)
			wantCode(t, r, http.StatusForbidden)
			r = c.post("/signout", nil, a.header...)
			wantCode(t, r, http.StatusForbidden)
			r = c.post("/account/password", form("current_password", corePassword,
				"new_password", "Nouveau-mot-de-passe-2026", "confirm_password", "Nouveau-mot-de-passe-2026"), a.header...)
			wantCode(t, r, http.StatusForbidden)
		})
	}
	// Nothing changed: still signed in, still English, no token, old password.
	home := c.get("/")
	wantCode(t, home, http.StatusOK, "Welcome", `lang="en"`)
	acc := c.get("/account")
	wantCode(t, acc, http.StatusOK, "You have no active token.")
	e.signedIn("caseworker")
	// Same-origin requests pass.
	r := c.post("/language", form("lang", "fr", "return", "/"), "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com")
	if r.Code != http.StatusSeeOther {
		t.Fatalf("same-origin POST: %d", r.Code)
	}
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	for _, name := range []string{"app.css", "app.js", "htmx.min.js"} {
		p := e.srv.assetPath(name)
		r := c.get(p)
		if r.Code != http.StatusOK || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", p, r.Code, r.Header.Get("Cache-Control"))
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "javascript") {
			t.Errorf("%s: content type %q", p, ct)
		}
		if r.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no CSP", p)
		}
	}
	if r := c.get("/static/000000000000/app.css"); r.Code != http.StatusNotFound {
		t.Errorf("stale hash: %d", r.Code)
	}
	if r := c.get("/static/x/../../server.go"); r.Code == http.StatusOK {
		t.Errorf("path escape served")
	}
}

// TestVendoredHTMX checks the embedded htmx against the sha256 recorded in
// static/VENDOR.md.
func TestVendoredHTMX(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("static", "VENDOR.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`\| htmx\.min\.js \|[^\n]*\| ([0-9a-f]{64}) \|`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("VENDOR.md has no sha256 for htmx.min.js")
	}
	b, err := staticFiles.ReadFile("static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Fatalf("htmx.min.js sha256 %s, VENDOR.md says %s", got, m[1])
	}
	if !strings.Contains(string(b), `version:"2.0.11"`) {
		t.Error("htmx.min.js is not version 2.0.11 as recorded")
	}
}

// TestNoInlineScriptOrStyle: the CSP forbids inline script and style, so no
// template may rely on them.
func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("templates", "*.html"))
	bad := []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`), // script with a body
		regexp.MustCompile(`<script(?:(?:\s(?:defer|async|type="[^"]*"))*)>`),
		regexp.MustCompile(`\sstyle\s*=`),
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\son[a-z]+\s*=`),
		regexp.MustCompile(`javascript:`),
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range bad {
			if loc := re.Find(b); loc != nil {
				t.Errorf("%s: inline script or style: %q", f, loc)
			}
		}
	}
	if len(files) < 10 {
		t.Fatalf("only %d templates found", len(files))
	}
}

func TestErrorPagesNeverEcho(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	r := c.get("/nope/%3Cscript%3Ealert(1)%3C%2Fscript%3E?q=Aminata", "Accept-Language", "fr")
	wantCode(t, r, http.StatusNotFound, "Page introuvable", `lang="fr"`)
	for _, s := range []string{"alert", "nope", "Aminata", "script>alert"} {
		if strings.Contains(r.Body, s) {
			t.Errorf("404 page echoes %q", s)
		}
	}
	// Another organisation's record is a plain 404 too.
	a := e.signedIn("org_admin")
	wantCode(t, a.get("/admin/organisations/"+e.org2.ID.String()+"/users"), http.StatusNotFound, "Page not found")
}

func TestPanicBecomes500(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	e.srv.public("GET", "/test/panic", func(http.ResponseWriter, *http.Request) { panic("boom with data") })
	r := e.client().get("/test/panic", "Accept-Language", "fr")
	wantCode(t, r, http.StatusInternalServerError, "Un problème est survenu")
	if strings.Contains(e.logs.String(), "boom with data") {
		t.Error("the panic value was logged")
	}
}

// TestRequestLogsCarryNoPersonalData: the request log has method, route,
// status, duration and request id, never addresses, names, queries or forms.
func TestRequestLogsCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	email := e.users["caseworker"].Email
	c.post("/signin", form("email", email, "password", corePassword))
	c.get("/?search=Aminata+Diop")
	c.post("/signin", form("email", "ghost.user@nowhere.example.org", "password", "secret-guess-1234"))
	c.get("/admin/organisations/" + e.org.ID.String())
	logs := e.logs.String()
	for _, s := range []string{email, "lumiere.example.org", "Aminata", "Diop", "search", corePassword, "ghost.user",
		"secret-guess", "192.0.2.10"} {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain %q", s)
		}
	}
	for _, s := range []string{`"route":"POST /signin"`, `"route":"GET /{$}"`, `"status":303`, `"request_id":"`,
		`"route":"GET /admin/organisations/{id}"`, `"duration":`} {
		if !strings.Contains(logs, s) {
			t.Errorf("logs lack %s:\n%s", s, logs)
		}
	}
}
