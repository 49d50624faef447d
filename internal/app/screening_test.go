package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// TestScreeningSameOnPageAndAPI: the same facts screened through the guided
// interview (a form) and through the API (JSON) are recorded the same way by
// the one owner, store.RecordScreening: the same facts, the same result, and
// the catalogue named in the one format identify.CatalogueRef, against the
// organisation's own version of the catalogue.
func TestScreeningSameOnPageAndAPI(t *testing.T) {
	w := newWorld(t)
	// A screens with its own version of the adult labour list.
	base, _ := identify.Catalogues().Get("adult_labour")
	raw, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	doc["version"] = "2026.1-lyon"
	own, _ := json.Marshal(doc)
	admin := seed.As(w.usersA[auth.OrgAdmin].ID, w.orgA.ID, auth.OrgAdmin)
	if _, err := w.db.LoadCatalogue(admin, own); err != nil {
		t.Fatal(err)
	}

	// The page: the last step of the interview, every answer carried.
	cw := w.signIn(t, w.usersA[auth.Caseworker])
	form := url.Values{"step": {"7"}, "go": {"finish"}, "age": {"27"}, "act": {"recruitment", "transportation"},
		"means": {"deception"}, "purpose": {"forced_labour"}, "exploitation_occurred": {"1"},
		"catalogue": {"adult_labour"}, "indicator": {"d1_deceived_nature_job", "d1_deceived_wages"}}
	resp, err := cw.PostForm(w.srv.URL+"/cases/"+w.caseA.String()+"/screening", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/screenings/1") {
		t.Fatalf("page screening: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The API: the same facts as JSON.
	body := `{"age_at_recruitment":27,"acts":["recruitment","transportation"],"means":["deception"],
		"purposes":["forced_labour"],"exploitation_occurred":true,
		"indicators":{"catalogue":"adult_labour","present":["d1_deceived_nature_job","d1_deceived_wages"]}}`
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/api/v1/cases/"+w.caseA.String()+"/screenings", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tokensA[auth.Caseworker])
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Version          int    `json:"version"`
		CatalogueVersion string `json:"catalogue_version"`
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated || out.Version != 2 {
		t.Fatalf("API screening: %d %+v %v", resp.StatusCode, out, err)
	}

	actor := seed.As(w.usersA[auth.Caseworker].ID, w.orgA.ID, auth.Caseworker)
	ss, err := w.db.ListScreenings(actor, w.caseA)
	if err != nil || len(ss) != 2 {
		t.Fatalf("screenings: %v %d", err, len(ss))
	}
	page, api := ss[0], ss[1]
	want := identify.CatalogueRef("adult_labour", "2026.1-lyon")
	if page.CatalogueVersion != want || api.CatalogueVersion != want || out.CatalogueVersion != want {
		t.Errorf("catalogue recorded as %q (page), %q (API, answered %q); want %q both",
			page.CatalogueVersion, api.CatalogueVersion, out.CatalogueVersion, want)
	}
	if !reflect.DeepEqual(page.Facts, api.Facts) {
		t.Errorf("facts differ:\npage %+v\nAPI  %+v", page.Facts, api.Facts)
	}
	if !reflect.DeepEqual(page.Result, api.Result) {
		t.Errorf("results differ:\npage %+v\nAPI  %+v", page.Result, api.Result)
	}
	if page.Result.ILO == nil || page.Result.ILO.Version != "2026.1-lyon" {
		t.Errorf("the organisation's catalogue was not used: %+v", page.Result.ILO)
	}
}
