package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/directory/hsds"
)

// dirState is the whole directory as text, to show a refused change
// changed nothing.
func dirState(t testing.TB, e *admEnv) string {
	t.Helper()
	ls, err := e.db.SearchDirectory(e.sys(), directory.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ls)
	return string(b)
}

// shelterForm is B's entry as its administrator types it.
func shelterForm() url.Values {
	f := url.Values{
		"accepts_referrals": {"on"},
		"service":           {"shelter", "legal_assistance"},
		"pop_shelter":       {"women", "children"},
		"country_0":         {"FRA"}, "roles_0": {"destination"},
		"country_1":       {""},
		"language":        {"fr", "en"},
		"other_languages": {"tw"},
		"places":          {"24"}, "available": {"3"},
	}
	for i, d := range directory.Days {
		n := string(rune('0' + i))
		f.Set("day_"+n, string(d))
		if d != directory.Sunday {
			f.Set("opens_"+n, "09:00")
			f.Set("closes_"+n, "17:00")
		}
	}
	return f
}

func TestDirectoryPages(t *testing.T) {
	e := newAdmEnv(t)
	adminB := e.client("B.org_admin", "fr")
	edit := "/directory/organisations/" + e.orgB.ID.String() + "/edit"

	code, body := adminB.get(edit)
	if code != http.StatusOK || !strings.Contains(body, `name="pop_shelter"`) {
		t.Fatalf("form: %d", code)
	}
	// Bad input: summary linking to each group, nothing saved.
	before := dirState(t, e)
	bad := shelterForm()
	bad.Set("service", "massage")
	bad.Set("roles_0", "")
	bad.Set("opens_0", "18:00")
	bad.Set("places", "beaucoup")
	code, body, _ = adminB.post(edit, bad)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `class="error-summary"`) {
		t.Fatalf("bad form: %d", code)
	}
	for _, anchor := range []string{`href="#services"`, `href="#countries"`, `href="#hours"`, `href="#capacity-places"`} {
		if !strings.Contains(body, anchor) {
			t.Errorf("summary has no %s", anchor)
		}
	}
	if !strings.Contains(body, "choisissez un service dans la liste") || !strings.Contains(body, `value="beaucoup"`) {
		t.Error("the French message or the typed value is missing")
	}
	if dirState(t, e) != before {
		t.Fatal("a refused change changed the directory")
	}

	code, _, h := adminB.post(edit, shelterForm())
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	_, body = adminB.follow(code, h)
	if !strings.Contains(body, "La fiche du répertoire a été enregistrée.") {
		t.Fatal("no confirmation")
	}

	// Anyone finds it; the filters are a plain GET form.
	cw := e.client("A.caseworker", "fr")
	code, body = cw.get("/directory?country=FRA&service=shelter&population=women&language=tw&accepting=1")
	if code != http.StatusOK || !strings.Contains(body, e.orgB.Name) || !strings.Contains(body, "Accepte des orientations") ||
		!strings.Contains(body, "Hébergement (Femmes, Enfants)") || !strings.Contains(body, "24 places, dont 3 libres aujourd&#39;hui") ||
		!strings.Contains(body, "du lundi au samedi 09:00–17:00") || !strings.Contains(body, "akan") {
		t.Fatalf("search: %d %s", code, body)
	}
	if strings.Contains(body, edit) {
		t.Fatal("a caseworker of another organisation is offered the edit link")
	}
	code, body = cw.get("/directory?service=shelter&population=men")
	if code != http.StatusOK || strings.Contains(body, e.orgB.Name+"</h2>") {
		t.Fatalf("men's shelter search: %d", code)
	}
	if code, _ := cw.get("/directory?service=massage"); code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown service: %d", code)
	}

	// Another organisation's administrator: 404; a caseworker of B: 403.
	if code, _ := e.client("A.org_admin", "en").get(edit); code != http.StatusNotFound {
		t.Fatalf("A's admin on B's entry: %d", code)
	}
	if code, _, _ := e.client("A.org_admin", "en").post(edit, url.Values{"accepts_referrals": {""}}); code != http.StatusNotFound {
		t.Fatalf("A's admin saving B's entry: %d", code)
	}
	if code, _ := e.client("B.caseworker", "en").get(edit); code != http.StatusForbidden {
		t.Fatalf("B's caseworker: %d", code)
	}
	// The coordinator curates it, exports and imports the directory.
	coord := e.client("A.coordinator", "en")
	code, body = coord.get("/directory")
	if code != http.StatusOK || !strings.Contains(body, edit) || !strings.Contains(body, "/directory/export") {
		t.Fatalf("coordinator's page: %d", code)
	}
	code, body = coord.get("/directory/export")
	if code != http.StatusOK || !strings.Contains(body, `"service:shelter"`) {
		t.Fatalf("export: %d", code)
	}
	if code, _ := cw.get("/directory/export"); code != http.StatusForbidden {
		t.Fatalf("caseworker export: %d", code)
	}
	ls, es := hsds.Decode([]byte(body))
	if len(es) > 0 || len(ls) != 2 {
		t.Fatalf("export reads back as %d, %v", len(ls), es)
	}
	before = dirState(t, e)
	code, body = coord.upload("/directory/import", []byte(strings.Replace(body, `"service:shelter"`, `"service:massage"`, 1)))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "records[1]") && !strings.Contains(body, "records[0]") {
		t.Fatalf("bad import: %d %s", code, body)
	}
	if dirState(t, e) != before {
		t.Fatal("a refused change changed the directory")
	}
	b2, _ := hsds.Encode(ls, hsdsNames)
	code, body = coord.upload("/directory/import", b2)
	if code != http.StatusOK || !strings.Contains(body, "0 new, 0 updated, 2 unchanged") {
		t.Fatalf("import: %d %s", code, body)
	}
}

// upload posts data as the "file" of a multipart form.
func (c *admClient) upload(path string, data []byte) (int, string) {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "directory.json")
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", c.e.ts.URL+path, &body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	code, b, _ := c.do(req)
	return code, b
}
