package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Case page tests reuse web-core's fixture (newCoreEnv): a real SQLite store
// in a temporary directory, organisation "Association Lumière de Dakar" (SEN)
// with one user per role, and a second organisation (NER) whose caseworker is
// "police". People and places are invented.

// cwActor is a context acting as a seeded user in their first organisation.
func (e *coreEnv) cwActor(key string) context.Context {
	e.t.Helper()
	u := e.users[key]
	ms, err := e.db.Memberships(context.Background(), u.ID)
	if err != nil || len(ms) == 0 {
		e.t.Fatalf("memberships of %s: %v", key, err)
	}
	return auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: ms[0].OrgID, Role: ms[0].Role, IP: "192.0.2.1"})
}

// cwSys acts as the system, for assertions.
func cwSys() context.Context { return auth.WithActor(context.Background(), auth.SystemActor()) }

// cwSeed creates a case directly in the store as user key.
func (e *coreEnv) cwSeed(key, given, family string, age int) casework.Case {
	e.t.Helper()
	c := casework.Case{
		Person: casework.Person{GivenName: given, FamilyName: family, BirthDate: "1999-04-12", Phone: "+221 77 555 01 02",
			Narrative: "Recrutée à Kaolack pour un emploi de coiffeuse à Bamako."},
		Gender: "Feminine", Citizenship: "SEN", AgeWhenTrafficked: &age, Exploitation: []string{"ForcedLabour"},
		Events: []casework.Event{{Kind: "recruitment", Country: "SEN", Place: "Kaolack"}, {Kind: "exploitation", Country: "MLI", Place: "Bamako"}},
	}
	if err := e.db.CreateCase(e.cwActor(key), &c); err != nil {
		e.t.Fatalf("seed case: %v", err)
	}
	return c
}

// cwCase reads a case back as the system.
func (e *coreEnv) cwCase(id uuid.UUID) casework.Case {
	e.t.Helper()
	c, err := e.db.GetCase(e.cwActor("supervisor"), id)
	if err != nil {
		e.t.Fatalf("get case: %v", err)
	}
	return c
}

// cwCount is the number of cases of the first organisation.
func (e *coreEnv) cwCount() int {
	e.t.Helper()
	p, err := e.db.ListCases(e.cwActor("supervisor"), store.CaseFilter{Limit: 200})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Total
}

// cwForm is a valid new-case form: an adult recruited in Senegal, moved
// through Mali, exploited in Niger.
func cwForm() url.Values {
	return url.Values{
		"given_name": {"Mariama"}, "family_name": {"Coulibaly"}, "birth_date": {"1998-07"}, "gender": {"Feminine"},
		"citizenship": {"SEN"}, "age_when_trafficked": {"24"}, "phone": {"+221 77 123 45 67"},
		"narrative":          {"Promesse d'un emploi de vendeuse à Niamey."},
		"trafficking_status": {"PossibleVictimOfTrafficking"}, "exploitation": {"ForcedLabour", "Servitude"},
		"methods_of_control": {"DebtBondage", "WithholdsDocuments"},
		"event_kind":         {"recruitment", "transit", "exploitation"},
		"event_country":      {"SEN", "MLI", "NER"},
		"event_place":        {"Tambacounda", "Bamako", "Niamey"},
		"event_date":         {"2022-01", "2022-02", "2022-03-10"},
		"justice.role":       {"witness"},
	}
}

// cwWith returns a copy of v with k set to vs.
func cwWith(v url.Values, k string, vs ...string) url.Values {
	out := url.Values{}
	for key, val := range v {
		out[key] = append([]string(nil), val...)
	}
	if vs == nil {
		out.Del(k)
	} else {
		out[k] = vs
	}
	return out
}

var caseHref = regexp.MustCompile(`^/cases/([0-9a-f-]{36})$`)

// cwCreate creates a case through the form and returns its id.
func (c *coreClient) cwCreate(form url.Values) uuid.UUID {
	c.e.t.Helper()
	r := c.post("/cases", form)
	if r.Code != http.StatusSeeOther {
		c.e.t.Fatalf("create: status %d\n%.2000s", r.Code, r.Body)
	}
	m := caseHref.FindStringSubmatch(r.location())
	if m == nil {
		c.e.t.Fatalf("create: redirect to %q", r.location())
	}
	return uuid.MustParse(m[1])
}

// cwNoMissing fails when a page asked for a message the catalogues lack.
func cwNoMissing(t *testing.T) {
	t.Helper()
	for _, m := range i18n.Missing() {
		if strings.Contains(m, "case.") {
			t.Errorf("missing translation: %s", m)
		}
	}
}

// cwHas fails unless body holds every want.
func cwHas(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	plain := html.UnescapeString(body)
	for _, w := range wants {
		if !strings.Contains(body, w) && !strings.Contains(plain, w) {
			t.Errorf("%s: %q not found in\n%.3000s", what, w, body)
		}
	}
}

func cwLacks(t *testing.T, what, body string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(body, w) {
			t.Errorf("%s: %q should not appear", what, w)
		}
	}
}

// cwCaseAs reads case id as user key.
func (e *coreEnv) cwCaseAs(key, id string) casework.Case {
	e.t.Helper()
	c, err := e.db.GetCase(e.cwActor(key), uuid.MustParse(id))
	if err != nil {
		e.t.Fatalf("get case: %v", err)
	}
	return c
}

// cwCaseByCode finds a case of the first organisation by its code.
func (e *coreEnv) cwCaseByCode(code string) casework.Case {
	e.t.Helper()
	p, err := e.db.ListCases(e.cwActor("supervisor"), store.CaseFilter{Code: code})
	if err != nil || len(p.Items) != 1 {
		e.t.Fatalf("case %s: %v (%d found)", code, err, len(p.Items))
	}
	return e.cwCase(p.Items[0].ID)
}
