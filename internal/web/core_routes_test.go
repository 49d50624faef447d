package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestCoreRoutes: web-core's routes are registered with the access they need,
// and every signed-in route refuses visitors.
func TestCoreRoutes(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	want := map[string]Route{
		"GET /signin":                      {Public: true},
		"POST /signin":                     {Public: true},
		"GET /signin/two-factor":           {Public: true},
		"POST /signin/two-factor":          {Public: true},
		"GET /signin/organisation":         {Public: true},
		"POST /signin/organisation":        {Public: true},
		"POST /language":                   {Public: true},
		"GET /static/{hash}/{file}":        {Public: true},
		"POST /signout":                    {},
		"GET /{$}":                         {},
		"GET /account":                     {Perm: auth.PermAccountSelf},
		"POST /account/password":           {Perm: auth.PermAccountSelf},
		"POST /account/tokens":             {Perm: auth.PermAccountSelf},
		"POST /account/tokens/{id}/revoke": {Perm: auth.PermAccountSelf},
		"GET /account/two-factor":          {Perm: auth.PermAccountSelf},
		"POST /account/two-factor":         {Perm: auth.PermAccountSelf},
		"POST /account/two-factor/disable": {Perm: auth.PermAccountSelf},
	}
	got := map[string]Route{}
	for _, r := range e.srv.Routes() {
		key := r.Method + " " + r.Pattern
		if _, dup := got[key]; dup {
			t.Errorf("%s registered twice", key)
		}
		got[key] = r
	}
	for key, w := range want {
		r, ok := got[key]
		if !ok {
			t.Errorf("%s not registered", key)
			continue
		}
		if r.Public != w.Public || r.Perm != w.Perm {
			t.Errorf("%s: Public=%v Perm=%q, want Public=%v Perm=%q", key, r.Public, r.Perm, w.Public, w.Perm)
		}
	}
	// Every route for signed-in users sends a visitor to the sign-in page
	// without running the handler.
	anon := e.client()
	for key, r := range got {
		if r.Public {
			continue
		}
		path := strings.NewReplacer("{$}", "", "{id}", e.org.ID.String(), "{org}", e.org.ID.String()).Replace(r.Pattern)
		if strings.Contains(path, "{") {
			continue
		}
		var res coreResp
		if r.Method == "POST" {
			res = anon.post(path, nil)
		} else {
			res = anon.get(path)
		}
		if res.Code != http.StatusSeeOther || res.location() != "/signin" {
			t.Errorf("%s as a visitor: %d %q", key, res.Code, res.location())
		}
	}
	// A signed-in user is sent home from the sign-in page.
	if r := e.signedIn("analyst").get("/signin"); r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Errorf("GET /signin when signed in: %d %q", r.Code, r.location())
	}
}

// TestTwoFactorGuessingIsThrottled: wrong codes count like wrong passwords.
func TestTwoFactorGuessingIsThrottled(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	secret, _ := e.enrolTOTP("police")
	c := e.client()
	c.signIn("police")
	right := e.code(secret)
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	for i := 0; i <= auth.ThrottlePair.Free; i++ {
		wantCode(t, c.post("/signin/two-factor", form("code", wrong)), http.StatusUnauthorized)
	}
	r := c.post("/signin/two-factor", form("code", right))
	wantCode(t, r, http.StatusTooManyRequests, "Too many failed attempts")
	if got := r.Header.Get("Retry-After"); got != "10" {
		t.Errorf("Retry-After %q, want 10", got)
	}
	if c.get("/").Code == http.StatusOK {
		t.Fatal("signed in while locked")
	}
	e.advance(10 * time.Second)
	if r := c.post("/signin/two-factor", form("code", e.code(secret))); r.Code != http.StatusSeeOther {
		t.Fatalf("after the wait: %d %.300s", r.Code, r.Body)
	}
}

func TestCrossOriginRefusalInFrench(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	r := e.client().post("/language", form("lang", "en"), "Sec-Fetch-Site", "cross-site", "Accept-Language", "fr")
	wantCode(t, r, http.StatusForbidden, "vient d'un autre site")
}
