package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// caseEnv is env with a case register seeded through the store: in each
// organisation one case with a screening, a consent, a plan item, a note and
// an attachment, and more people (an analyst, a coordinator, B's supervisor).
type caseEnv struct {
	*env
	ids map[string]string // {caseA} -> value, ...
}

// The people and facts are invented, on West Africa - Europe routes.
func aminata() casework.Case {
	age := 24
	return casework.Case{
		Person: casework.Person{GivenName: "Aminata", FamilyName: "Diallo", BirthDate: "1999-04-12",
			Phone: "+227 96 44 21 07", Email: "aminata.d@example.org", Address: "Quartier Lazaret, Niamey",
			IdentityNumber: "NE-4471902", Narrative: "Promise of a shop job in Tripoli; held in a house in Sabha."},
		Gender: "Feminine", Citizenship: "NGA", AgeWhenTrafficked: &age,
		TraffickingStatus: "PossibleVictimOfTrafficking", Exploitation: []string{"ForcedLabour"},
		LabourIndustry: "T_ActivitiesOfHouseholdsAsEmployers", MethodsOfControl: []string{"WithholdsDocuments"},
		Events: []casework.Event{
			{Kind: "recruitment", Country: "NGA", Place: "Kano", Date: "2023-02"},
			{Kind: "transit", Country: "NER", Place: "Agadez"},
			{Kind: "exploitation", Country: "LBY", Place: "Sabha", Date: "2023"},
		},
	}
}

func ionut() casework.Case {
	age := 31
	return casework.Case{
		Person: casework.Person{GivenName: "Ionuț", FamilyName: "Popescu", BirthDate: "1990-11-02",
			Narrative: "Recruited in Iași for a building site near Lyon; passport taken on arrival."},
		Gender: "Masculine", Citizenship: "ROU", AgeWhenTrafficked: &age, Exploitation: []string{"ForcedLabour"},
		LabourIndustry: "F_Construction",
		Events: []casework.Event{{Kind: "recruitment", Country: "ROU", Place: "Iași"},
			{Kind: "exploitation", Country: "FRA", Place: "Villeurbanne"}},
	}
}

func (e *env) actorCtx(key string, org uuid.UUID) context.Context {
	e.t.Helper()
	return world.ActorIn(e.t, e.db, e.users[key].ID, org, "en")
}

func (e *env) addUser(key, email, name string, org uuid.UUID, role auth.Role) {
	e.t.Helper()
	u := account.User{Email: email, DisplayName: name, Lang: "en"}
	world.User(e.t, e.db, &u, account.Membership{OrgID: org, Role: role})
	e.users[key] = u
	e.addToken(key, key, org, nil)
}

func newCaseEnv(t testing.TB) *caseEnv {
	t.Helper()
	e := newEnv(t)
	e.addUser("analystA", "souleymane.garba@espoir-niamey.example", "Souleymane Garba", e.orgA.ID, auth.Analyst)
	e.addUser("coordA", "hadiza.moussa@espoir-niamey.example", "Hadiza Moussa", e.orgA.ID, auth.Coordinator)
	e.addUser("superB", "elodie.marchand@bpm-lyon.example", "Élodie Marchand", e.orgB.ID, auth.Supervisor)
	ce := &caseEnv{env: e, ids: map[string]string{}}
	ce.seed("A", e.actorCtx("caseA", e.orgA.ID), aminata())
	ce.seed("B", e.actorCtx("caseB", e.orgB.ID), ionut())
	return ce
}

// seed records a case and one of each record in it, naming their ids
// {caseX}, {codeX}, {consentX}, {itemX}, {attX}.
func (ce *caseEnv) seed(x string, ctx context.Context, c casework.Case) {
	t := ce.t
	t.Helper()
	db := ce.db
	if err := db.CreateCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	facts := identify.Facts{Acts: []string{"recruitment"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"}}
	if _, err := db.RecordScreening(ctx, c.ID, facts); err != nil {
		t.Fatal(err)
	}
	con := casework.Consent{CaseID: c.ID, Purpose: "assistance", GivenBy: "person", Method: "oral_with_interpreter", Language: "ha"}
	if err := db.AddConsent(ctx, &con); err != nil {
		t.Fatal(err)
	}
	item := casework.PlanItem{CaseID: c.ID, Objective: "Safe accommodation for three months", Type: "shelter",
		Provider: "Centre d'accueil Tassaght"}
	if err := db.AddPlanItem(ctx, &item); err != nil {
		t.Fatal(err)
	}
	note := casework.Note{CaseID: c.ID, Body: "First interview with an interpreter; fears reprisals against her family."}
	if err := db.AddNote(ctx, &note); err != nil {
		t.Fatal(err)
	}
	att := casework.Attachment{CaseID: c.ID, Name: "attestation-hebergement.txt"}
	if err := db.AddAttachment(ctx, &att, []byte("Attestation d'hébergement, centre Tassaght, mars 2026.\n")); err != nil {
		t.Fatal(err)
	}
	ce.ids["{case"+x+"}"] = c.ID.String()
	ce.ids["{code"+x+"}"] = c.Code
	ce.ids["{consent"+x+"}"] = con.ID.String()
	ce.ids["{item"+x+"}"] = item.ID.String()
	ce.ids["{att"+x+"}"] = att.ID.String()
}

func (ce *caseEnv) sub(s string) string {
	for k, v := range ce.ids {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

// run is runScenarios with the case ids substituted.
func (ce *caseEnv) run(t *testing.T, list []scenario) {
	t.Helper()
	for i := range list {
		sc := &list[i]
		sc.path, sc.body = ce.sub(sc.path), ce.sub(sc.body)
		for j := range sc.contains {
			sc.contains[j] = ce.sub(sc.contains[j])
		}
		for j := range sc.absent {
			sc.absent[j] = ce.sub(sc.absent[j])
		}
	}
	runScenarios(t, ce.env, list)
}

// call makes one request with ids substituted and decodes a JSON answer
// into out (when not nil), failing unless the status is want.
func (ce *caseEnv) call(r request, want int, out any) string {
	ce.t.Helper()
	r.path, r.body = ce.sub(r.path), ce.sub(r.body)
	w := ce.do(r)
	if w.Code != want {
		ce.t.Fatalf("%s %s: status %d, want %d: %s", r.method, r.path, w.Code, want, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			ce.t.Fatalf("%s %s: %v: %s", r.method, r.path, err, w.Body)
		}
	}
	return w.Body.String()
}

// auditActions lists the actions of an organisation's trail, oldest first.
func (ce *caseEnv) auditActions(org uuid.UUID) []string {
	ce.t.Helper()
	ctx := ce.actorCtx("adminA", ce.orgA.ID)
	if org == ce.orgB.ID {
		ctx = ce.actorCtx("adminB", ce.orgB.ID)
	}
	es, err := ce.db.ListAudit(ctx, org, store.AuditFilter{Limit: 1000})
	if err != nil {
		ce.t.Fatal(err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[len(es)-1-i] = e.Action
	}
	return out
}

// refusedAfterRead checks a request refused with status whose only trace is
// one audited read (action) at the end of org's trail.
func (ce *caseEnv) refusedAfterRead(t *testing.T, org uuid.UUID, r request, status int, action, fragment string) {
	t.Helper()
	before := ce.snapshot()
	n := len(ce.auditActions(org))
	body := ce.call(r, status, nil)
	if !strings.Contains(body, fragment) {
		t.Errorf("%s %s: body lacks %s: %s", r.method, r.path, fragment, body)
	}
	after := ce.snapshot()
	// The one audited read grows the trail: its chain head and the Merkle
	// log's bookkeeping change with it, nothing else may.
	trail := map[string]bool{"audit_log": true, "audit_heads": true, "audit_tree": true, "audit_tree_chains": true}
	for table := range before {
		if !trail[table] && before[table] != after[table] {
			t.Errorf("%s %s changed %s", r.method, r.path, table)
		}
	}
	actions := ce.auditActions(org)
	if len(actions) != n+1 || actions[n] != action {
		t.Errorf("%s %s: trail grew by %v, want [%s]", r.method, r.path, actions[n:], action)
	}
}
