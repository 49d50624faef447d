package web

import (
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/store"
)

// netEnv is web-core's fixture (newCoreEnv) plus a third organisation, an
// administrator for the second and third, and the sample network's invented
// cases (demo.Network): the first organisation is party 1, the
// Niamey brigade party 2, a Paris shelter party 3.
type netEnv struct {
	*coreEnv
	orgB  account.Organisation // party 2 (web-core's second organisation requires two-factor sign-in)
	org3  account.Organisation
	codes [3][]string // case codes per party
}

func newNetEnv(t *testing.T) *netEnv {
	t.Helper()
	e := &netEnv{coreEnv: newCoreEnv(t)}
	e.orgB = account.Organisation{Name: "Direction de la surveillance du territoire, Niamey", Type: account.LawEnforcement,
		Country: "NER", City: "Niamey"}
	e.org3 = account.Organisation{Name: "Foyer Sainte-Marthe", Type: account.Shelter, Country: "FRA", City: "Paris"}
	world.Orgs(t, e.db, &e.orgB, &e.org3)
	add := func(key, name string, org account.Organisation, role auth.Role) {
		u := &account.User{Email: key + "@network.example.org", DisplayName: name, Lang: "en",
			PasswordHash: world.PasswordHash(t)}
		world.User(t, e.db, u, world.In(org, role))
		e.users[key] = coreUser{ID: u.ID, Email: u.Email}
	}
	add("admin2", "Zeinabou Hamidou", e.orgB, auth.OrgAdmin)
	add("worker2", "Abdou Garba", e.orgB, auth.Caseworker)
	add("admin3", "Ioana Lungu", e.org3, auth.OrgAdmin)
	add("worker3", "Awa Koné", e.org3, auth.Caseworker)
	workers := []string{"caseworker", "worker2", "worker3"}
	for org, cases := range demo.Network() {
		ctx := e.cwActor(workers[org])
		for _, sc := range cases {
			c := sc.Case
			if err := e.db.CreateCase(ctx, &c); err != nil {
				t.Fatal(err)
			}
			e.codes[org] = append(e.codes[org], c.Code)
			if sc.Consent {
				if err := e.db.AddConsent(ctx, &casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person",
					Method: "oral"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return e
}

var runPath = regexp.MustCompile(`^/network/runs/([0-9a-f-]{36})$`)

// propose posts a proposal as the coordinator and returns the run's path.
func (e *netEnv) propose(c *coreClient, name, minSize string, orgs ...account.Organisation) string {
	e.t.Helper()
	form := url.Values{"name": {name}, "period_from": {"2024-01-01"}, "period_to": {"2025-12-31"},
		"min_size": {minSize}, "share_membership": {"1"}}
	for _, o := range orgs {
		form.Add("parties", o.ID.String())
	}
	r := c.post("/network/runs", form)
	if r.Code != http.StatusSeeOther || !runPath.MatchString(r.location()) {
		e.t.Fatalf("propose: %d %q %.400s", r.Code, r.location(), r.Body)
	}
	return r.location()
}

func wantIn(t *testing.T, r coreResp, code int, parts ...string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("status %d, want %d: %.600s", r.Code, code, r.Body)
	}
	body := html.UnescapeString(r.Body)
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("page lacks %q", p)
		}
	}
}

func TestLinkrunFlow(t *testing.T) {
	e := newNetEnv(t)
	coord, admin1, admin2, admin3 := e.signedIn("coordinator"), e.signedIn("org_admin"), e.signedIn("admin2"), e.signedIn("admin3")

	// Proposal: bad input is refused with the field and the rule.
	wantIn(t, coord.get("/network/runs/new"), http.StatusOK, "Propose a linkage run", "Foyer Sainte-Marthe")
	bad := coord.post("/network/runs", url.Values{"name": {"Seul"}, "period_from": {"2024-01-01"},
		"period_to": {"2025-12-31"}, "min_size": {"10"}, "parties": {e.org.ID.String()}})
	wantIn(t, bad, http.StatusUnprocessableEntity, "choose at least two different organisations", "of at least 20")
	run := e.propose(coord, "Corridor Dakar–Niamey–Paris", "20", e.org, e.orgB, e.org3)
	wantIn(t, coord.get(run), http.StatusOK, "Awaiting answers", "Expires if not matched by")
	// Caseworkers of a party, and administrators of other organisations, get 404.
	if r := e.signedIn("worker2").get(run); r.Code != http.StatusNotFound {
		t.Errorf("caseworker of a party: %d", r.Code)
	}
	// GET on a POST-only path falls to the catch-all "GET /" page: 404.
	if r := e.signedIn("admin").get(run + "/approve"); r.Code != http.StatusNotFound {
		t.Errorf("GET approve: %d", r.Code)
	}

	// The first administrator generates the secret, shown once.
	wantIn(t, admin1.get(run), http.StatusOK, "Approve and encode our cases", "Generate a new secret")
	r := admin1.post(run+"/approve", url.Values{"generate": {"1"}})
	wantIn(t, r, http.StatusOK, "Cases encoded: 30.", "Copy it now")
	m := regexp.MustCompile(`id="generated-secret">([^<]+)<`).FindStringSubmatch(r.Body)
	if m == nil || len(m[1]) < 32 {
		t.Fatalf("no generated secret shown: %.400s", r.Body)
	}
	secret := m[1]
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Error("the page with the secret may be cached")
	}
	// A mistyped secret is refused clearly; the right one works.
	wantIn(t, admin2.post(run+"/approve", url.Values{"secret": {secret[:len(secret)-1] + "x"}}),
		http.StatusUnprocessableEntity, "differs from the one used by an organisation that already approved")
	wantIn(t, admin2.post(run+"/approve", url.Values{"secret": {"short"}}), http.StatusUnprocessableEntity,
		"at least 32 characters")
	wantIn(t, admin2.post(run+"/approve", url.Values{"secret": {secret}}), http.StatusOK, "Cases encoded: 31.")
	// Party 2 sees its own count, not party 1's.
	page := admin2.get(run).Body
	if !strings.Contains(page, `<td id="count-1">31</td>`) || !strings.Contains(page, `<td id="count-0"></td>`) {
		t.Errorf("party view of counts wrong")
	}
	// Matching waits for every party.
	wantIn(t, coord.post(run+"/match", nil), http.StatusUnprocessableEntity, "does not fit the run")
	// The third types the same key in standard base64, as a file of
	// "passerelle link keygen" could hold it: the one rule reads both alike.
	key, err := linkage.ParseSecret([]byte(secret), linkage.SecretAuto)
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, admin3.post(run+"/approve", url.Values{"secret": {" " + base64.StdEncoding.EncodeToString(key) + "\n"}}),
		http.StatusOK, "Cases encoded: 30.")
	if r := coord.post(run+"/match", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("match: %d %.300s", r.Code, r.Body)
	}
	if r := coord.get(run); !strings.Contains(r.Body, "Matched") || strings.Contains(r.Body, "Expires if not matched") {
		t.Errorf("matched run page: %.1500s", r.Body)
	}

	// The coordinator sees counts only, small cells suppressed.
	res := coord.get(run + "/results")
	wantIn(t, res, http.StatusOK, "Overlap counts", "Counts from 1 to 4 are hidden (k = 5)")
	for p, n := range demo.Counts {
		re := regexp.MustCompile(`data-pattern="` + p + `">(?:<td>[^<]*</td>)*<td>` + strconv.Itoa(n) + `</td></tr>`)
		if !re.MatchString(res.Body) {
			t.Errorf("pattern %s: count %d not shown", p, n)
		}
	}
	for org := range e.codes {
		for _, code := range e.codes[org] {
			if strings.Contains(res.Body, code) {
				t.Fatalf("coordinator's page shows case code %s", code)
			}
		}
	}
	if !strings.Contains(html.UnescapeString(res.Body), "<td>"+disclosure.Mark+"</td>") {
		t.Error("no hidden cell among the strata")
	}

	// Each party sees its own shared cases, by code, never another's.
	for i, c := range []*coreClient{admin1, admin2, admin3} {
		p := c.get(run + "/results")
		wantIn(t, p, http.StatusOK, "Our cases known elsewhere")
		for org := range e.codes {
			for _, code := range e.codes[org] {
				if org != i && strings.Contains(p.Body, code) {
					t.Fatalf("party %d sees party %d's case code", i+1, org+1)
				}
			}
		}
		if got := strings.Count(p.Body, "<tr><td>"); got != []int{10, 15, 10}[i] {
			t.Errorf("party %d: %d shared cases", i+1, got)
		}
	}

	// The estimate, with its caveats, in both languages.
	analyst := e.signedIn("analyst")
	est := analyst.get(run + "/estimate")
	wantIn(t, est, http.StatusOK, "Estimated total:", "95% interval", "Closed population assumed", "List dependence",
		"Heterogeneity of capture", "Not enough data", "Counts from 1 to 4 are hidden (k = 5)")
	if r := admin1.get(run + "/estimate"); r.Code != http.StatusForbidden {
		t.Errorf("org admin estimate: %d", r.Code)
	}
	analyst.post("/language", url.Values{"lang": {"fr"}})
	wantIn(t, analyst.get(run+"/estimate"), http.StatusOK, "Total estimé", "Population supposée fermée",
		"Hétérogénéité de capture", "Données insuffisantes", "Les effectifs de 1 à 4 sont masqués (k = 5)")

	// Every result page in both languages, with no message id left raw.
	for _, lang := range []string{"fr", "en"} {
		for key, p := range map[string]string{"coordinator": "/results", "org_admin": "/results", "analyst": "/estimate"} {
			c := e.signedIn(key)
			c.post("/language", url.Values{"lang": {lang}})
			r := c.get(run + p)
			if r.Code != http.StatusOK {
				t.Errorf("%s %s as %s: %d", lang, p, key, r.Code)
			}
			if m := untranslated.FindString(stripTags(r.Body)); m != "" {
				t.Errorf("%s %s as %s: untranslated %q", lang, p, key, m)
			}
		}
	}

	// Audit trails hold every step.
	trail := func(org account.Organisation) string {
		es, err := e.db.ListAudit(cwSys(), org.ID, store.AuditFilter{ActionPrefix: "linkage.", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, x := range es {
			b.WriteString(x.Action + " ")
		}
		return b.String()
	}
	for _, want := range []string{"linkage.propose", "linkage.match", "linkage.view_results", "linkage.encode", "linkage.approve", "linkage.view_membership"} {
		if !strings.Contains(trail(e.org), want) {
			t.Errorf("trail lacks %s: %s", want, trail(e.org))
		}
	}
	if !strings.Contains(trail(e.orgB), "linkage.refuse") {
		t.Error("refused approval not audited")
	}
}

func TestLinkrunRefusals(t *testing.T) {
	e := newNetEnv(t)
	coord, admin2, admin3 := e.signedIn("coordinator"), e.signedIn("admin2"), e.signedIn("admin3")
	secret := "un secret convenu par téléphone entre les trois"
	// Below the minimum: refused, nothing encoded.
	run := e.propose(coord, "Grand échantillon", "40", e.org, e.org3)
	wantIn(t, admin3.post(run+"/approve", url.Values{"secret": {secret}}), http.StatusUnprocessableEntity,
		"only 30 cases can be encoded, fewer than the minimum of 40")
	// An organisation that is not a party gets 404 for the run and its actions.
	for _, p := range []string{run, run + "/results"} {
		if r := admin2.get(p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s by a non-party: %d", p, r.Code)
		}
	}
	for _, p := range []string{"/approve", "/upload", "/decline"} {
		if r := admin2.post(run+p, url.Values{"secret": {secret}}); r.Code != http.StatusNotFound {
			t.Errorf("POST %s by a non-party: %d", p, r.Code)
		}
	}
	wantIn(t, e.signedIn("analyst").get(run+"/estimate"), http.StatusUnprocessableEntity, "does not fit the run")
	other := e.propose(e.signedIn("coordinator"), "Autre", "20", e.orgB, e.org3)
	// The coordinator's own organisation administrator is no party: 404.
	if r := e.signedIn("org_admin").get(other); r.Code != http.StatusNotFound {
		t.Errorf("org admin of the coordinator's organisation, not a party: %d", r.Code)
	}
	if r := coord.get("/network/runs/0190a0a0-0000-7000-8000-000000000000"); r.Code != http.StatusNotFound {
		t.Errorf("unknown run: %d", r.Code)
	}
	// The same parties again the same day: refused.
	form := url.Values{"name": {"Encore"}, "period_from": {"2024-01-01"}, "period_to": {"2025-12-31"},
		"parties": {e.org3.ID.String(), e.org.ID.String()}}
	wantIn(t, coord.post("/network/runs", form), http.StatusUnprocessableEntity, "same organisations was proposed")
	// Declining ends the run; results are not available.
	wantIn(t, admin3.post(run+"/decline", nil), http.StatusSeeOther)
	wantIn(t, coord.get(run), http.StatusOK, "Declined")
	wantIn(t, coord.get(run+"/results"), http.StatusUnprocessableEntity, "does not fit the run")
	// Caseworkers have no linkage pages.
	if r := e.signedIn("caseworker").get("/network/runs"); r.Code != http.StatusForbidden {
		t.Errorf("caseworker list: %d", r.Code)
	}
}

// TestNetworkPagesBothLanguages renders every linkage page in English and
// French and checks that no message id is left untranslated.
func TestLinkrunPagesBothLanguages(t *testing.T) {
	e := newNetEnv(t)
	coord := e.signedIn("coordinator")
	run := e.propose(coord, "Pages", "20", e.org, e.orgB)
	for _, lang := range []string{"en", "fr"} {
		for _, key := range []string{"coordinator", "org_admin", "analyst"} {
			c := e.signedIn(key)
			c.post("/language", url.Values{"lang": {lang}})
			for _, p := range []string{"/network/runs", "/network/runs/new", run} {
				r := c.get(p)
				if r.Code == http.StatusForbidden && p == "/network/runs/new" {
					continue
				}
				if r.Code != http.StatusOK {
					t.Errorf("%s %s as %s: %d", lang, p, key, r.Code)
					continue
				}
				if m := untranslated.FindString(stripTags(r.Body)); m != "" {
					t.Errorf("%s %s as %s: untranslated %q", lang, p, key, m)
				}
				if lang == "fr" && !strings.Contains(r.Body, `lang="fr"`) {
					t.Errorf("%s %s not in French", p, key)
				}
			}
		}
	}
}

var (
	tagRe        = regexp.MustCompile(`<[^>]*>`)
	untranslated = regexp.MustCompile(`\b(network|field|error|case)\.[a-z_]+`)
)

func stripTags(s string) string { return tagRe.ReplaceAllString(s, " ") }
