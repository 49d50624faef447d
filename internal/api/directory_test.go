package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// withCoordinator adds a national coordination agency and its coordinator
// (token "coord").
func (e *env) withCoordinator() {
	e.t.Helper()
	o := account.Organisation{Name: "Agence nationale de lutte contre la traite", Type: account.CentralGovernmentOrganisation, Country: "NER"}
	world.Orgs(e.t, e.db, &o)
	u := account.User{Email: "halima.souley@anltp.example", DisplayName: "Halima Souley", Lang: "fr"}
	world.User(e.t, e.db, &u, world.In(o, auth.Coordinator))
	e.users["coord"] = u
	e.addToken("coord", "coord", o.ID, nil)
}

const shelterPatch = `{"services":[{"service":"shelter","populations":["women","children"]},{"service":"legal_assistance","populations":[]}],
	"countries":[{"country":"FRA","roles":["destination"]}],"languages":["fr","en"],"accepts_referrals":true,
	"hours":[{"day":"MO","opens":"09:00","closes":"17:00"}],"capacity":{"places":12,"available":2}}`

type dirItems struct {
	Items []struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Country  string `json:"country"`
		Remote   *bool  `json:"remote"`
		Services []struct {
			Service     string   `json:"service"`
			Populations []string `json:"populations"`
		} `json:"services"`
		Countries []struct {
			Country string   `json:"country"`
			Roles   []string `json:"roles"`
		} `json:"countries"`
		Languages        []string `json:"languages"`
		AcceptsReferrals *bool    `json:"accepts_referrals"`
		Capacity         struct {
			Places    *int `json:"places"`
			Available *int `json:"available"`
		} `json:"capacity"`
		Address *string `json:"address"`
	} `json:"items"`
}

func TestDirectoryAPI(t *testing.T) {
	e := newEnv(t)
	e.withCoordinator()

	// Organisation B's administrator describes its services.
	w := e.do(request{token: "adminB", method: "PATCH", path: "/organisations/{orgB}", body: shelterPatch})
	if w.Code != http.StatusOK {
		t.Fatalf("patch own: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(w.Body.String(), `"accepts_referrals":true`) || !strings.Contains(w.Body.String(), `"retention_days"`) {
		t.Fatalf("patch answer: %s", w.Body)
	}

	// Anyone signed in finds it.
	w = e.do(request{token: "caseA", method: "GET", path: "/directory?country=FRA&service=shelter&population=women&language=fr"})
	if w.Code != http.StatusOK {
		t.Fatalf("search: %d %s", w.Code, w.Body)
	}
	var got dirItems
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 {
		t.Fatalf("items: %s", w.Body)
	}
	it := got.Items[0]
	if it.ID != e.orgB.ID.String() || it.Country != "FRA" || it.Remote == nil || *it.Remote || it.AcceptsReferrals == nil ||
		!*it.AcceptsReferrals || len(it.Services) != 2 || it.Services[1].Service != "shelter" ||
		strings.Join(it.Services[1].Populations, ",") != "women,children" || it.Services[0].Populations == nil ||
		len(it.Countries) != 1 || it.Countries[0].Roles[0] != "destination" || strings.Join(it.Languages, ",") != "en,fr" ||
		*it.Capacity.Places != 12 || *it.Capacity.Available != 2 || it.Address != nil {
		t.Fatalf("item: %s", w.Body)
	}
	w = e.do(request{token: "caseA", method: "GET", path: "/directory?country=NER&service=shelter"})
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != `{"items":[]}` && !strings.Contains(w.Body.String(), `"items":[]`) {
		t.Fatalf("empty search: %d %s", w.Code, w.Body)
	}

	// Unknown codes are refused, naming the parameter.
	w = e.do(request{token: "caseA", method: "GET", path: "/directory?service=massage"})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "query.service") {
		t.Fatalf("unknown service: %d %s", w.Code, w.Body)
	}
	w = e.do(request{token: "caseA", method: "GET", path: "/directory?language=klingon1"})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "query.language") {
		t.Fatalf("unknown language: %d %s", w.Code, w.Body)
	}

	// Organisation A's administrator cannot touch B's profile; B's caseworker
	// may not edit; nothing changes.
	before := e.snapshot()
	for _, c := range []struct {
		token string
		want  int
	}{{"adminA", http.StatusNotFound}, {"caseB", http.StatusForbidden}} {
		w = e.do(request{token: c.token, method: "PATCH", path: "/organisations/{orgB}", body: `{"accepts_referrals":false}`})
		if w.Code != c.want {
			t.Fatalf("%s: %d %s", c.token, w.Code, w.Body)
		}
	}
	// Bad input names each field and changes nothing, even with a good field beside it.
	w = e.do(request{token: "adminB", method: "PATCH", path: "/organisations/{orgB}", body: `{"city":"Villeurbanne",
		"countries":[{"country":"XYZ","roles":["destination"]}],"languages":["klingon"],"hours":[{"day":"MO","opens":"18:00","closes":"09:00"}]}`})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad patch: %d %s", w.Code, w.Body)
	}
	for _, want := range []string{"body.countries[0].country", "body.languages[0]", "body.hours[0].closes"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("bad patch does not name %s: %s", want, w.Body)
		}
	}
	w = e.do(request{token: "adminB", method: "PATCH", path: "/organisations/{orgB}", body: `{"services":[{"service":"massage","populations":[]}]}`})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "body.services[0].service") {
		t.Fatalf("unknown service: %d %s", w.Code, w.Body)
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused requests changed %v", d)
	}

	// A coordinator curates B's profile, but not B's own details.
	w = e.do(request{token: "coord", method: "PATCH", path: "/organisations/{orgB}", body: `{"accepts_referrals":false}`})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"accepts_referrals":false`) ||
		strings.Contains(w.Body.String(), "retention_days") || strings.Contains(w.Body.String(), "confidentiel") {
		t.Fatalf("coordinator: %d %s", w.Code, w.Body)
	}
	w = e.do(request{token: "coord", method: "PATCH", path: "/organisations/{orgB}", body: `{"city":"Villeurbanne"}`})
	if w.Code != http.StatusNotFound {
		t.Fatalf("coordinator editing details: %d %s", w.Code, w.Body)
	}
	w = e.do(request{token: "caseA", method: "GET", path: "/directory?accepting=true"})
	if strings.Contains(w.Body.String(), e.orgB.ID.String()) {
		t.Fatalf("B still accepting: %s", w.Body)
	}
}

// directoryOperations is how many operations the directory adds to the API.
const directoryOperations = 3

func TestDirectoryHSDSAPI(t *testing.T) {
	e := newEnv(t)
	e.withCoordinator()
	if w := e.do(request{token: "adminB", method: "PATCH", path: "/organisations/{orgB}", body: shelterPatch}); w.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "caseA", method: "GET", path: "/directory/hsds"}); w.Code != http.StatusForbidden {
		t.Fatalf("caseworker export: %d", w.Code)
	}
	w := e.do(request{token: "coord", method: "GET", path: "/directory/hsds"})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"service:shelter"`) || strings.Contains(w.Body.String(), "confidentiel") {
		t.Fatalf("export: %d %s", w.Code, w.Body)
	}
	file := w.Body.String()
	before := e.snapshot()
	w = e.do(request{token: "coord", method: "POST", path: "/directory/hsds", body: strings.Replace(file, `"service:shelter"`, `"service:massage"`, 1)})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "body.records[") ||
		!strings.Contains(w.Body.String(), "unknown_service") {
		t.Fatalf("bad import: %d %s", w.Code, w.Body)
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("a refused import changed %v", d)
	}
	if w := e.do(request{token: "adminB", method: "POST", path: "/directory/hsds", body: file}); w.Code != http.StatusForbidden {
		t.Fatalf("org_admin import: %d", w.Code)
	}
	w = e.do(request{token: "coord", method: "POST", path: "/directory/hsds", body: file})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"created":0`) || !strings.Contains(w.Body.String(), `"unchanged":`) {
		t.Fatalf("import: %d %s", w.Code, w.Body)
	}
}
