package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func gunzip(t *testing.T, name, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not gzip: %v", name, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: bad gzip: %v", name, err)
	}
	return string(b)
}

// TestCompressedPagesAndStatic: pages and static files come gzipped to a
// client that asks, plain to one that does not, with the same content and
// Vary: Accept-Encoding; a client refusing gzip (q=0) gets it plain. The
// sizes are logged for the record.
func TestCompressedPagesAndStatic(t *testing.T) {
	e := newCoreEnv(t)
	visitor := e.client()
	cw := e.signedIn("caseworker")
	id := cw.cwCreate(cwForm())
	cw.get("/cases") // takes the one-time flash, so the pages below repeat

	for _, tc := range []struct {
		name string
		c    *coreClient
		path string
	}{
		{"sign-in", visitor, "/signin"},
		{"case list", cw, "/cases"},
		{"case", cw, "/cases/" + id.String()},
		{"new case", cw, "/cases/new"},
		{"app.css", cw, e.srv.assetPath("app.css")},
		{"app.js", visitor, e.srv.assetPath("app.js")},
		{"htmx.min.js", visitor, e.srv.assetPath("htmx.min.js")},
	} {
		plain := tc.c.get(tc.path)
		gz := tc.c.get(tc.path, "Accept-Encoding", "gzip, deflate, br")
		refused := tc.c.get(tc.path, "Accept-Encoding", "gzip;q=0, identity")
		if plain.Code != http.StatusOK || gz.Code != http.StatusOK || refused.Code != http.StatusOK {
			t.Fatalf("%s: %d, %d, %d", tc.name, plain.Code, gz.Code, refused.Code)
		}
		if ce := plain.Header.Get("Content-Encoding") + refused.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s: plain request answered with Content-Encoding %q", tc.name, ce)
		}
		if gz.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: Content-Encoding %q", tc.name, gz.Header.Get("Content-Encoding"))
		}
		for _, r := range []coreResp{plain, gz} {
			if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("%s: Vary %q", tc.name, r.Header.Values("Vary"))
			}
		}
		if got := gunzip(t, tc.name, gz.Body); got != plain.Body || refused.Body != plain.Body {
			t.Errorf("%s: content differs after decompression (%d vs %d bytes)", tc.name, len(got), len(plain.Body))
		}
		t.Logf("%-12s plain %6d bytes, gzip %6d bytes", tc.name, len(plain.Body), len(gz.Body))
	}
}

// TestStaticCacheHeaders: a static file is cached for a year by everyone
// (no Vary: Cookie, no cookie set), and the gzip form has its own tag and
// revalidates to 304.
func TestStaticCacheHeaders(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	p := e.srv.assetPath("app.css")
	for _, enc := range []string{"", "gzip"} {
		r := cw.get(p, "Accept-Encoding", enc)
		if r.Code != http.StatusOK {
			t.Fatalf("%q: %d", enc, r.Code)
		}
		for _, v := range r.Header.Values("Vary") {
			if strings.Contains(strings.ToLower(v), "cookie") {
				t.Errorf("%q: Vary %q on a static file", enc, r.Header.Values("Vary"))
			}
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "public") {
			t.Errorf("%q: Cache-Control %q", enc, cc)
		}
		if sc := r.Header.Values("Set-Cookie"); len(sc) > 0 {
			t.Errorf("%q: static file sets a cookie", enc)
		}
		etag := r.Header.Get("ETag")
		if (enc == "gzip") != strings.HasSuffix(etag, `-gz"`) {
			t.Errorf("%q: ETag %q", enc, etag)
		}
		if nm := cw.get(p, "Accept-Encoding", enc, "If-None-Match", etag); nm.Code != http.StatusNotModified {
			t.Errorf("%q: revalidation %d", enc, nm.Code)
		}
	}
	// Pages still vary by cookie: they are per person.
	if page := cw.get("/cases"); !strings.Contains(strings.Join(page.Header.Values("Vary"), ","), "Cookie") {
		t.Errorf("page Vary %q", page.Header.Values("Vary"))
	}
}

// TestHTMXOnlyWhereUsed: the htmx script is on a page whose template has hx-
// attributes (the account page) and not on one without (the new-case form).
func TestHTMXOnlyWhereUsed(t *testing.T) {
	for file, uses := range map[string]bool{"templates/account.html": true, "templates/case_form.html": false} {
		b, err := templateFiles.ReadFile(file)
		if err == nil && bytes.Contains(b, []byte("hx-")) != uses {
			t.Fatalf("%s: hx- attributes present = %v, the test assumes %v", file, !uses, uses)
		}
	}
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	script := `src="` + e.srv.assetPath("htmx.min.js") + `"`
	if r := cw.get("/account"); r.Code != http.StatusOK || !strings.Contains(r.Body, script) {
		t.Errorf("account page: %d, htmx script present = %v", r.Code, strings.Contains(r.Body, script))
	}
	for _, p := range []string{"/cases/new", "/cases", "/"} {
		if r := cw.get(p); r.Code != http.StatusOK || strings.Contains(r.Body, "htmx") {
			t.Errorf("%s: %d, mentions htmx = %v", p, r.Code, strings.Contains(r.Body, "htmx"))
		}
	}
}

// TestStaticUnknownPaths: a path outside the static route is an ordinary
// page's 404; a stale or unknown file on the route is a 404 without the
// session (no cookie).
func TestStaticUnknownPaths(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	for p, static := range map[string]bool{"/static/": false, "/static/app.css": false, "/static/a/b/c": false,
		"/static/000000000000/app.css": true, "/static/000000000000/none.js": true} {
		r := cw.get(p, "Accept-Encoding", "gzip")
		if r.Code != http.StatusNotFound || static != (len(r.Header.Values("Set-Cookie")) == 0) {
			t.Errorf("%s: %d, cookies %q", p, r.Code, r.Header.Values("Set-Cookie"))
		}
	}
}
