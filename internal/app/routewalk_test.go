package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/api"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fixture"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world" // "world" is this package's own seeded network
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/web"
)

// walkPassword is every seeded user's password.
const walkPassword = seed.Password

// world is two organisations with a user for every role in A and records
// (an organisation, a user, a token) in B that A must never reach.
type world struct {
	srv    *httptest.Server
	db     *store.DB
	orgA   account.Organisation
	orgB   account.Organisation
	usersA map[auth.Role]account.User
	userB  account.User
	tokenB store.APIToken
	// B's case and its records; caseA is A's own case, for mixed paths.
	caseB, caseA           uuid.UUID
	consentB, itemB, fileB uuid.UUID
	runB                   uuid.UUID            // a linkage run between B and C, without A
	importB                uuid.UUID            // an import job of B
	assessmentB            uuid.UUID            // B's assessment of a country's law
	planB, planA           planRecords          // action plans of B and of A
	trainingB, campaignB   uuid.UUID            // B's training session and campaign
	materialB              uuid.UUID            // a file of B's campaign
	notificationB          uuid.UUID            // a notification of B's administrator
	webhookB               uuid.UUID            // a webhook endpoint of B
	refB                   uuid.UUID            // a referral from B to C
	pathwayB               uuid.UUID            // a referral pathway kept by B's coordinator
	tokensA                map[auth.Role]string // bearer tokens of A's users
	webRoute               []web.Route
}

func newWorld(t *testing.T) *world {
	t.Helper()
	two := seed.NewTwo(t)
	w := &world{db: two.DB, orgA: two.A, orgB: two.B, usersA: two.Users, userB: two.AdminB, tokensA: map[auth.Role]string{}}
	w.addCases(t, seed.PasswordHash(t))
	newToken := func(u account.User, org uuid.UUID, role auth.Role) (string, store.APIToken) {
		return seed.Token(t, w.db, seed.As(u.ID, org, role), u.ID, org, "walk", nil)
	}
	_, w.tokenB = newToken(w.userB, w.orgB.ID, auth.OrgAdmin)
	for _, r := range auth.OrgRoles {
		w.tokensA[r], _ = newToken(w.usersA[r], w.orgA.ID, r)
	}
	a, err := New(Deps{DB: w.db, Logger: fixture.Discard(), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	w.webRoute = a.Web.Routes()
	w.srv = httptest.NewServer(a.Handler())
	t.Cleanup(w.srv.Close)
	return w
}

// addCases gives B a case with a consent, a plan item, a note, an
// attachment and a screening, and A a case of its own.
func (w *world) addCases(t *testing.T, hash string) {
	t.Helper()
	ctx := seed.System()
	workerB := account.User{Email: "worker@lumiere-edo.example.org", DisplayName: "Edo worker", Lang: "en", PasswordHash: hash}
	if err := w.db.CreateUser(ctx, &workerB, []account.Membership{{OrgID: w.orgB.ID, Role: auth.Caseworker}}); err != nil {
		t.Fatal(err)
	}
	bctx := seed.As(workerB.ID, w.orgB.ID, auth.Caseworker)
	actx := seed.As(w.usersA[auth.Caseworker].ID, w.orgA.ID, auth.Caseworker)
	mk := func(ctx context.Context, given string) uuid.UUID {
		c := casework.Case{Person: casework.Person{GivenName: given, FamilyName: "Walker"}, Gender: "Feminine", Citizenship: "NGA"}
		if err := w.db.CreateCase(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	w.caseB, w.caseA = mk(bctx, "Osaro"), mk(actx, "Aminata")
	consent := casework.Consent{CaseID: w.caseB, Purpose: "assistance", GivenBy: "person", Method: "oral", GivenAt: time.Now().Add(-time.Hour)}
	if err := w.db.AddConsent(bctx, &consent); err != nil {
		t.Fatal(err)
	}
	item := casework.PlanItem{CaseID: w.caseB, Objective: "Shelter in Benin City", Type: "shelter"}
	if err := w.db.AddPlanItem(bctx, &item); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddNote(bctx, &casework.Note{CaseID: w.caseB, Body: "first meeting"}); err != nil {
		t.Fatal(err)
	}
	file := casework.Attachment{CaseID: w.caseB, Name: "statement.txt"}
	if err := w.db.AddAttachment(bctx, &file, []byte("statement of the person")); err != nil {
		t.Fatal(err)
	}
	facts := identify.Facts{Acts: []string{"recruitment"}, Means: []string{"deception"}, Purposes: []string{"sexual_exploitation"}}
	if _, err := w.db.RecordScreening(bctx, w.caseB, facts); err != nil {
		t.Fatal(err)
	}
	w.consentB, w.itemB, w.fileB = consent.ID, item.ID, file.ID
	job, err := w.db.StartImport(bctx, store.ImportRequest{Format: "csv",
		File: strings.NewReader("prs_FirstName,prs_SecondName,prs_Citizenship\nOsaro,Imported,NGA\n")})
	if err != nil {
		t.Fatal(err)
	}
	w.db.WaitImports()
	w.importB = job.ID

	orgC := account.Organisation{Name: "Association Passage Paris", Type: "NGO", Country: "FRA", City: "Paris"}
	if err := w.db.CreateOrganisation(ctx, &orgC); err != nil {
		t.Fatal(err)
	}
	coordB := account.User{Email: "coordination@lumiere-edo.example.org", DisplayName: "Edo coordinator", Lang: "en", PasswordHash: hash}
	if err := w.db.CreateUser(ctx, &coordB, []account.Membership{{OrgID: w.orgB.ID, Role: auth.Coordinator}}); err != nil {
		t.Fatal(err)
	}
	cctx := seed.As(coordB.ID, w.orgB.ID, auth.Coordinator)
	run := linkrun.Run{Name: "Edo-Paris", From: "2024-01-01", To: "2025-12-31",
		Parties: []linkrun.Party{{OrgID: w.orgB.ID}, {OrgID: orgC.ID}}}
	if err := w.db.ProposeLinkageRun(cctx, &run, false); err != nil {
		t.Fatal(err)
	}
	w.runB = run.ID
	assessment, err := w.db.CreateLegislationAssessment(cctx, legislation.Draft{Country: "NGA", AssessedOn: "2025-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	w.assessmentB = assessment.ID
	w.planB = addActionPlan(t, w.db, cctx)
	w.refB = addReferral(t, w.db, bctx, w.caseB, orgC.ID)
	w.pathwayB = addPathway(t, w.db, cctx, orgC.ID)
	w.planA = addActionPlan(t, w.db, seed.As(w.usersA[auth.Coordinator].ID, w.orgA.ID, auth.Coordinator))
	w.addOutreach(t)
	w.notificationB, w.webhookB = addNotifications(t, w.db, w.orgB.ID, w.userB.ID)
}

// signIn returns a client with a session of the given user of A.
func (w *world) signIn(t *testing.T, u account.User) *http.Client {
	t.Helper()
	c := fixture.Client()
	if next := fixture.SignIn(t, c, w.srv.URL, u.Email, walkPassword); next != "/" {
		t.Fatalf("sign-in of %s: 303 to %s, want /", u.Email, next)
	}
	return c
}

// fill puts B's identifiers into a route pattern. own chooses what the
// first parameter becomes when a path has two ({org} or a case's {id}), so
// that mixed paths (A's organisation or case, B's record) are walked too.
func (w *world) fill(pattern string, own bool) string {
	segs := strings.Split(pattern, "/")
	params := 0
	for _, s := range segs {
		if strings.HasPrefix(s, "{") {
			params++
		}
	}
	first := true
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		mine := own && first && params > 1
		first = false
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		if id, ok := w.planB.fillPlan(prev); ok && !(mine && prev == "plans") {
			segs[i] = id
			continue
		} else if ok {
			segs[i] = w.planA.plan.String()
			continue
		}
		switch {
		case s == "{org}" && mine:
			segs[i] = w.orgA.ID.String()
		case s == "{org}":
			segs[i] = w.orgB.ID.String()
		case s == "{version}":
			segs[i] = "1"
		case s == "{aid}" || prev == "attachments":
			segs[i] = w.fileB.String()
		case s == "{cid}" || prev == "consents":
			segs[i] = w.consentB.String()
		case s == "{item}" || prev == "plan-items":
			segs[i] = w.itemB.String()
		case prev == "cases" && mine:
			segs[i] = w.caseA.String()
		case prev == "cases":
			segs[i] = w.caseB.String()
		case prev == "runs":
			segs[i] = w.runB.String()
		case prev == "imports":
			segs[i] = w.importB.String()
		case prev == "referrals":
			segs[i] = w.refB.String()
		case prev == "pathways":
			segs[i] = w.pathwayB.String()
		case prev == "assessments":
			segs[i] = w.assessmentB.String()
		case prev == "notifications":
			segs[i] = w.notificationB.String()
		case prev == "webhooks":
			segs[i] = w.webhookB.String()
		case prev == "items":
			segs[i] = "coe-13-reflection" // a requirement of the catalogue
		case prev == "trainings":
			segs[i] = w.trainingB.String()
		case prev == "campaigns":
			segs[i] = w.campaignB.String()
		case s == "{mid}" || prev == "materials":
			segs[i] = w.materialB.String()
		case prev == "organisations":
			segs[i] = w.orgB.ID.String()
		case prev == "users":
			segs[i] = w.userB.ID.String()
		case prev == "tokens":
			segs[i] = w.tokenB.ID.String()
		case prev == "datasets":
			// Datasets are the platform's, not an organisation's: there is
			// no B's dataset, and a name that names none must be 404 to the
			// statistics roles (403 to the others) like B's records.
			segs[i] = "walk-absent"
		default:
			panic("route walk: no record of B for parameter " + s + " in " + pattern + ": teach fill about it")
		}
	}
	return strings.Join(segs, "/")
}

func hasParam(p string) bool { return strings.Contains(strings.ReplaceAll(p, "{$}", ""), "{") }

// mixed reports whether the path has two parameters, so that it is walked a
// second time with A's own organisation or case in front.
func mixed(p string) bool { return strings.Count(strings.ReplaceAll(p, "{$}", ""), "{") > 1 }

// TestWebRoutesHideOtherOrganisations walks every page and action that takes
// an identifier, as each role of A, against B's records. A role allowed the
// route must get 404; a role without the permission may get 403 (the role
// check comes first and reveals nothing); none may succeed or see B's data.
func TestWebRoutesHideOtherOrganisations(t *testing.T) {
	w := newWorld(t)
	clients := map[auth.Role]*http.Client{}
	for _, role := range auth.OrgRoles {
		clients[role] = w.signIn(t, w.usersA[role])
	}
	// The directory entries a coordinator curates for every organisation.
	curated := map[string]bool{"GET /directory/organisations/{id}/edit": true, "POST /directory/organisations/{id}/edit": true}
	network := map[string]bool{"GET /pathways/{id}": true, "GET /pathways/{id}/edit": true, "POST /pathways/{id}/edit": true}
	walked := 0
	declared := map[string]bool{}
	for _, r := range w.webRoute {
		if r.Public || !hasParam(r.Pattern) {
			continue
		}
		declared[r.Method+" "+r.Pattern] = true
		owns := []bool{false}
		if mixed(r.Pattern) {
			owns = append(owns, true)
		}
		for _, own := range owns {
			path := w.fill(r.Pattern, own)
			for _, role := range auth.OrgRoles {
				var resp *http.Response
				var err error
				if r.Method == http.MethodGet {
					resp, err = clients[role].Get(w.srv.URL + path)
				} else {
					form := url.Values{"role": {"caseworker"}, "name": {"Renamed"}, "type": {"NGO"}, "country": {"FRA"},
						"current_password": {walkPassword}, "password": {walkPassword}, "confirm": {"x"}, "confirm_code": {"FRA-26-AAAAAA"}, "reason": {"x"}, "status": {"Closed"}}
					resp, err = clients[role].PostForm(w.srv.URL+path, form)
				}
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				allowed := r.Perm == "" || auth.Allowed(role, r.Perm)
				switch {
				case network[r.Method+" "+r.Pattern] && allowed:
					// Referral pathways are the network's, like the directory:
					// every member reads them, coordinators keep them (the
					// walk's form is not a pathway: 422).
					if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther &&
						resp.StatusCode != http.StatusUnprocessableEntity {
						t.Errorf("%s %s as A's %s: status %d, want 200, 303 or 422", r.Method, path, role, resp.StatusCode)
					}
				case curated[r.Method+" "+r.Pattern] && auth.Allowed(role, auth.PermDirectoryCurate):
					// Curating every organisation's directory entry is the
					// coordinator's work: it holds no case data.
					if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
						t.Errorf("%s %s as A's %s (curator): status %d, want 200 or 303", r.Method, path, role, resp.StatusCode)
					}
				case policyReads[r.Method+" "+r.Pattern] != "" && allowed:
					// A public-policy document (routewalk_policy_test.go).
					if want := policyReadWant(r.Method + " " + r.Pattern); resp.StatusCode != want {
						t.Errorf("%s %s as A's %s (network-wide read): status %d, want %d", r.Method, path, role, resp.StatusCode, want)
					}
				case allowed && resp.StatusCode != http.StatusNotFound:
					t.Errorf("%s %s as A's %s: status %d, want 404", r.Method, path, role, resp.StatusCode)
				case !allowed && resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden:
					t.Errorf("%s %s as A's %s (not permitted): status %d, want 403 or 404", r.Method, path, role, resp.StatusCode)
				}
				if strings.Contains(string(body), w.userB.Email) || strings.Contains(string(body), w.userB.DisplayName) {
					t.Errorf("%s %s as A's %s shows B's user", r.Method, path, role)
				}
			}
			walked++
		}
	}
	checkPolicyReadsExist(t, declared, false)
	t.Logf("walked %d page routes with identifiers", walked)
	if walked < 10 {
		t.Fatalf("walked only %d routes with identifiers: the route list is not what this test expects", walked)
	}
	// Pages without identifiers never show B's people either.
	for _, r := range w.webRoute {
		if r.Public || hasParam(r.Pattern) || r.Method != http.MethodGet {
			continue
		}
		for role, c := range clients {
			resp, err := c.Get(w.srv.URL + strings.TrimSuffix(r.Pattern, "{$}"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), w.userB.Email) || strings.Contains(string(body), w.userB.DisplayName) {
				t.Errorf("GET %s as A's %s shows B's user", r.Pattern, role)
			}
		}
	}
	// B's record is untouched.
	ctx := seed.System()
	if o, err := w.db.GetOrganisation(ctx, w.orgB.ID); err != nil || o.Name != w.orgB.Name {
		t.Fatalf("B changed: %v %v", o.Name, err)
	}
	if u, err := w.db.GetUser(ctx, w.userB.ID); err != nil || u.Disabled {
		t.Fatalf("B's user changed: %v %v", u.Disabled, err)
	}
}

// TestAPIRoutesHideOtherOrganisations does the same for every API operation
// with an identifier, with a bearer token of each role of A.
func TestAPIRoutesHideOtherOrganisations(t *testing.T) {
	w := newWorld(t)
	walked := 0
	declared := map[string]bool{}
	bodies := map[string]string{
		"PATCH /api/v1/organisations/{id}":        `{"name":"Renamed"}`,
		"POST /api/v1/organisations/{id}/users":   `{"email":"walker@passage-lyon.example.org","display_name":"Walker","role":"caseworker"}`,
		"PATCH /api/v1/users/{id}":                `{"disabled":true}`,
		"PATCH /api/v1/cases/{id}":                `{"gender":"Masculine"}`,
		"POST /api/v1/cases/{id}/status":          `{"status":"FollowUp"}`,
		"POST /api/v1/cases/{id}/closure":         `{"status":"Closed","reason":"walk"}`,
		"POST /api/v1/cases/{id}/consents":        `{"purpose":"statistics","given_by":"person","method":"oral"}`,
		"POST /api/v1/cases/{id}/notes":           `{"text":"walk"}`,
		"POST /api/v1/cases/{id}/plan":            `{"objective":"walk","type":"health"}`,
		"PATCH /api/v1/plan-items/{id}":           `{"objective":"walk","type":"health","status":"done"}`,
		"POST /api/v1/plan-items/{id}/follow-ups": `{"note":"walk"}`,
		"POST /api/v1/cases/{id}/screenings":      `{"acts":["recruitment"],"means":[],"purposes":[]}`,
		"POST /api/v1/cases/{id}/attachments":     `{"name":"walk.txt","data":"d2Fsaw=="}`,
	}
	// Actions without a body.
	for _, p := range []string{"/cases/{id}/closure/approve", "/cases/{id}/closure/reject", "/cases/{id}/reopen",
		"/consents/{id}/withdraw"} {
		bodies["POST /api/v1"+p] = `{}`
	}
	bodies["PUT /api/v1/legislation/assessments/{id}/items/{requirement_id}"] = `{"status":"in_line"}`
	bodies["POST /api/v1/trainings/{id}/participants"] = `{"name":"Walker","profession":"police","attended":true}`
	bodies["POST /api/v1/cases/{id}/erase"] = `{"code":"FRA-26-AAAAAA"}`
	walkActivity := `{"title":"walk","responsible":"walk","starts_on":"2025-01-01","due_on":"2025-02-01"}`
	bodies["POST /api/v1/action-plans/{id}/activities"] = walkActivity
	bodies["PUT /api/v1/action-plans/{id}/activities/{item}"] = walkActivity
	bodies["POST /api/v1/action-plans/{id}/objectives"] = `{"title":"walk"}`
	bodies["PUT /api/v1/action-plans/{id}"] = `{"country":"NER","title":"walk","starts_on":"2025-01-01","ends_on":"2025-12-31"}`
	bodies["POST /api/v1/action-plans/{id}/indicators"] = `{"name":"walk","baseline":0,"target":1}`
	bodies["POST /api/v1/action-plans/{id}/indicators/{item}/values"] = `{"period":"2025","value":1}`
	bodies["POST /api/v1/action-plans/{id}/projects"] = `{"donor":"walk","title":"walk","budget":1,"currency":"EUR","starts_on":"2025-01-01","ends_on":"2025-02-01"}`
	bodies["POST /api/v1/linkage/runs/{id}/approve"] = `{"secret":"UGFzc2VyZWxsZSBjb3JyaWRvciBLYW5vLU5pYW1leS1MeW9uIDI2IQ=="}`
	for _, p := range []string{"encodings", "decline", "match"} {
		bodies["POST /api/v1/linkage/runs/{id}/"+p] = `{}`
	}
	bodies["POST /api/v1/me/notifications/{id}/read"] = `{}`
	for _, p := range []string{"acknowledge", "accept", "start", "complete", "revoke"} {
		bodies["POST /api/v1/referrals/{id}/"+p] = `{}`
	}
	bodies["POST /api/v1/referrals/{id}/decline"] = `{"reason":"walk"}`
	bodies["POST /api/v1/referrals/{id}/outcomes"] = `{"service":"shelter","status":"done","outcome":"walk"}`
	for _, r := range api.Routes() {
		if !hasParam(r.Path) {
			continue
		}
		declared[r.Method+" "+r.Path] = true
		path := w.fill(r.Path, false)
		var body io.Reader
		if b, ok := bodies[r.Method+" "+r.Path]; ok {
			body = strings.NewReader(b)
		} else if r.Method != http.MethodGet && r.Method != http.MethodDelete {
			t.Fatalf("no request body for %s %s: add one to this test", r.Method, r.Path)
		}
		notFound, read := 0, 0
		policy := policyReads[r.Method+" "+r.Path] != ""
		for _, role := range auth.OrgRoles {
			if b, ok := bodies[r.Method+" "+r.Path]; ok {
				body = strings.NewReader(b)
			}
			req, _ := http.NewRequest(r.Method, w.srv.URL+path, body)
			req.Header.Set("Authorization", "Bearer "+w.tokensA[role])
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case policy && auth.Allowed(role, auth.PermProgrammeView):
				// A public-policy document (routewalk_policy_test.go).
				if want := policyReadWant(r.Method + " " + r.Path); resp.StatusCode != want {
					t.Errorf("%s %s with A's %s token (network-wide read): status %d, want %d: %s", r.Method, path, role, resp.StatusCode, want, out)
				}
				read++
			case resp.StatusCode == http.StatusNotFound:
				notFound++
			case resp.StatusCode == http.StatusForbidden:
			default:
				t.Errorf("%s %s with A's %s token: status %d, want 404 (or 403 for a role without the permission): %s", r.Method, path, role, resp.StatusCode, out)
			}
			if strings.Contains(string(out), w.userB.Email) {
				t.Errorf("%s %s shows B's user", r.Method, path)
			}
		}
		if policy && read == 0 {
			t.Errorf("%s %s: declared a network-wide read but no role of A read it", r.Method, path)
		}
		if notFound == 0 && !policy {
			t.Errorf("%s %s: no role of A reached the record check (all 403): the walk proves nothing for it", r.Method, path)
		}
		walked++
	}
	checkPolicyReadsExist(t, declared, true)
	t.Logf("walked %d API operations with identifiers", walked)
	if walked < 6 {
		t.Fatalf("walked only %d API operations with identifiers", walked)
	}
	ctx := seed.System()
	if u, err := w.db.GetUser(ctx, w.userB.ID); err != nil || u.Disabled {
		t.Fatalf("B's user changed: %v %v", u.Disabled, err)
	}
}

func TestProbes(t *testing.T) {
	w := newWorld(t)
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(w.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		if p == "/metrics" && !strings.Contains(string(body), "passerelle_http_requests_total") {
			t.Fatalf("metrics lack the request counter")
		}
		// The probes before it are counted by area, never by path.
		if p == "/metrics" && (!strings.Contains(string(body), `area="probe"`) || strings.Contains(string(body), "/healthz")) {
			t.Fatalf("metrics should count /healthz under area=\"probe\" without its path:\n%s", body)
		}
	}
}
