package web

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// sessionRows reads the session keys as they lie in a database file, as a
// thief of the file (or of a dump) would.
func sessionRows(t *testing.T, path string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT token FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// TestStoredSessionsOpenNothing: the database holds no session token equal to
// a cookie value; what it holds, presented as a cookie, signs nobody in; and a
// backup holds no session at all.
func TestStoredSessionsOpenNothing(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	var cookies []string
	for _, who := range []string{"admin", "org_admin", "caseworker"} {
		c := e.signedIn(who)
		wantCode(t, c.get("/"), http.StatusOK)
		cookies = append(cookies, c.cookies[sessionCookie].Value)
	}
	keys := sessionRows(t, filepath.Join(e.dir, store.FileName))
	if len(keys) < len(cookies) {
		t.Fatalf("%d session rows for %d signed-in people", len(keys), len(cookies))
	}
	for _, k := range keys {
		for _, c := range cookies {
			if strings.Contains(k, c) {
				t.Fatal("a session row holds a cookie value")
			}
		}
		thief := e.client()
		thief.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: k}
		if r := thief.get("/"); r.Code != http.StatusSeeOther || r.location() != "/signin" {
			t.Fatalf("a stored session key opened a session: %d %q", r.Code, r.location())
		}
	}
	backup := filepath.Join(t.TempDir(), store.FileName)
	if err := e.db.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	if n := len(sessionRows(t, backup)); n != 0 {
		t.Fatalf("the backup holds %d sessions", n)
	}
}

// TestOwnPasswordChangeEndsOtherSessions: changing one's password signs out
// one's other sessions, keeps the current one, and revokes one's API tokens
// only when the box (ticked by default) is ticked; audited with counts.
func TestOwnPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	here, phone, colleague := e.signedIn("supervisor"), e.signedIn("supervisor"), e.signedIn("caseworker")
	wantCode(t, here.get("/account"), http.StatusOK, `name="revoke_tokens" value="1" checked`)
	r := here.post("/account/tokens", form("name", "Tableau de bord", "days", "90"))
	token := tokenRE.FindString(r.Body)
	if token == "" {
		t.Fatal("token not shown")
	}
	works := func() bool {
		_, _, _, err := e.db.APITokenByHash(context.Background(), auth.HashAPIToken(token))
		return err == nil
	}

	next := "Le-fleuve-Niger-a-Gaya-en-octobre"
	r = here.post("/account/password", form("current_password", corePassword, "new_password", next, "confirm_password", next))
	if r.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %.300s", r.Code, r.Body)
	}
	wantCode(t, here.get("/account"), http.StatusOK, "Your other sessions were signed out.")
	if r := phone.get("/"); r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Fatalf("the other session still open: %d %q", r.Code, r.location())
	}
	wantCode(t, colleague.get("/"), http.StatusOK)
	if !works() {
		t.Fatal("token revoked though the box was not ticked")
	}

	phone = e.signedIn("supervisor")
	last := "Les-baobabs-de-Maradi-au-matin"
	r = here.post("/account/password", form("current_password", next, "new_password", last, "confirm_password", last,
		"revoke_tokens", "1"))
	if r.Code != http.StatusSeeOther {
		t.Fatalf("second change: %d %.300s", r.Code, r.Body)
	}
	wantCode(t, here.get("/account"), http.StatusOK, "your API tokens revoked")
	if works() {
		t.Fatal("token still works after a change with the box ticked")
	}
	if r := phone.get("/"); r.Code != http.StatusSeeOther {
		t.Fatalf("the other session still open: %d", r.Code)
	}
	list, err := e.db.ListAudit(auth.WithActor(context.Background(), auth.SystemActor()), e.org.ID,
		store.AuditFilter{ActionPrefix: "user.password", Limit: 10})
	if err != nil || len(list) != 2 {
		t.Fatalf("audit: %d entries, %v", len(list), err)
	}
	if d := list[0].Detail; d != "field=password_hash sessions_ended=1 tokens_revoked=1" {
		t.Errorf("audit detail %q", d)
	}
}

// TestWebTokensExpire: the form offers no token that never expires, and a
// request for one gets the default 90 days.
func TestWebTokensExpire(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("analyst")
	page := c.get("/account")
	wantCode(t, page, http.StatusOK, `name="days"`)
	if strings.Contains(page.Body, `value="0"`) {
		t.Error("the form still offers a token that never expires")
	}
	r := c.post("/account/tokens", form("name", "Sans fin", "days", "0"))
	token := tokenRE.FindString(r.Body)
	k, _, _, err := e.db.APITokenByHash(context.Background(), auth.HashAPIToken(token))
	if err != nil || k.ExpiresAt == nil {
		t.Fatalf("token: %v %v", k.ExpiresAt, err)
	}
	if d := k.ExpiresAt.Sub(k.CreatedAt).Hours() / 24; d < 89.9 || d > 90.1 {
		t.Fatalf("expires after %.1f days, want 90", d)
	}
}
