package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestCaseCreateViewEdit: the form creates a case; the list shows its code
// but never the name; the case page shows the name, the derived route and
// the HTCDS facts; "add a row" works without JavaScript; an edit saves.
func TestCaseCreateViewEdit(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")

	// Add a row: the form comes back with four journey rows, nothing saved.
	r := cw.post("/cases", cwWith(cwForm(), "action", "add_row"))
	if r.Code != http.StatusOK || strings.Count(r.Body, `name="event_country"`) != 4 || e.cwCount() != 0 {
		t.Fatalf("add row: %d, %d rows, %d cases", r.Code, strings.Count(r.Body, `name="event_country"`), e.cwCount())
	}
	cwHas(t, "add row keeps values", r.Body, `value="Mariama"`, `value="Tambacounda"`)

	id := cw.cwCreate(cwForm())
	c := e.cwCase(id)
	if c.Person.GivenName != "Mariama" || c.Citizenship != "SEN" || *c.AgeWhenTrafficked != 24 || len(c.Events) != 3 ||
		c.Events[1].Country != "MLI" || c.Justice.Role != "witness" || len(c.MethodsOfControl) != 2 {
		t.Fatalf("stored case: %+v", c)
	}
	if !strings.HasPrefix(c.Code, "SEN-") {
		t.Errorf("code %q", c.Code)
	}

	list := cw.get("/cases")
	cwHas(t, "list", list.Body, c.Code, "1 matching cases", "Forced labour", "Senegal → Mali → Niger")
	cwLacks(t, "list", list.Body, "Mariama", "Coulibaly")

	page := cw.get("/cases/" + id.String())
	if page.Code != http.StatusOK {
		t.Fatalf("case page: %d", page.Code)
	}
	cwHas(t, "case page", page.Body, c.Code, "Mariama Coulibaly", "Senegal → Mali → Niger", "international",
		"Debt bondage", "Witness", "Active", "No consent for statistics", "No consent for referral")

	// Edit: change the family name and drop the transit row.
	form := formValues(formOfCase(c))
	form.Set("family_name", "Keïta")
	form["event_country"] = []string{"SEN", "", "NER"}
	form["event_place"] = []string{"Tambacounda", "", "Niamey"}
	form["event_date"] = []string{"", "", ""}
	r = cw.post("/cases/"+id.String(), form)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %.2000s", r.Code, r.Body)
	}
	c2 := e.cwCase(id)
	if c2.Person.FamilyName != "Keïta" || len(c2.Events) != 2 || c2.Code != c.Code {
		t.Errorf("after edit: %+v", c2)
	}
	// The old form (loaded before that save) is refused, nothing overwritten.
	stale := formValues(formOfCase(c))
	stale.Set("family_name", "Traoré")
	r = cw.post("/cases/"+id.String(), stale)
	if r.Code != http.StatusUnprocessableEntity || e.cwCase(id).Person.FamilyName != "Keïta" {
		t.Errorf("stale edit: %d, family name %q", r.Code, e.cwCase(id).Person.FamilyName)
	}
	cwHas(t, "stale edit", r.Body, "Someone else saved this case")

	// In French.
	cw.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	fr := cw.get("/cases/" + id.String())
	cwHas(t, "French case page", fr.Body, "Sénégal → Niger", "Servitude pour dettes", "Témoin", "Actif")
	cwNoMissing(t)
}

// formValues turns a case form back into posted values.
func formValues(f caseForm) url.Values {
	v := url.Values{
		"given_name": {f.GivenName}, "family_name": {f.FamilyName}, "other_names": {f.OtherNames}, "birth_date": {f.BirthDate},
		"phone": {f.Phone}, "email": {f.Email}, "address": {f.Address}, "identity_number": {f.IdentityNumber},
		"narrative": {f.Narrative}, "gender": {f.Gender}, "citizenship": {f.Citizenship}, "age_when_trafficked": {f.Age},
		"trafficking_status": {f.TraffickingStatus}, "status_decided_by": {f.StatusDecidedBy}, "relationship": {f.Relationship},
		"recruitment_place": {f.RecruitmentPlace}, "labour_industry": {f.LabourIndustry},
		"recruitment_methods": f.RecruitmentMethods, "methods_of_control": f.MethodsOfControl,
		"exploitation": f.Exploitation, "sex_exploitation": f.SexExploitation,
		"justice.investigation": {f.Investigation}, "justice.prosecution": {f.Prosecution}, "justice.role": {f.JusticeRole},
		"justice.protection_measures": f.ProtectionMeasures, "justice.currency": {f.Currency},
		"justice.compensation_claimed": {f.CompClaimed}, "justice.compensation_received": {f.CompReceived},
		"justice.complaint_date": {f.ComplaintDate}, "updated_at": {f.UpdatedAt},
	}
	if f.PresumedMinor {
		v.Set("presumed_minor", "1")
	}
	for _, ev := range f.Events {
		v.Add("event_kind", ev.Kind)
		v.Add("event_country", ev.Country)
		v.Add("event_place", ev.Place)
		v.Add("event_date", ev.Date)
	}
	return v
}

// TestCaseSimilarWarning: a new case with the same name as an existing one
// shows the existing case's code (never its name) and is created only when
// confirmed.
func TestCaseSimilarWarning(t *testing.T) {
	e := newCoreEnv(t)
	old := e.cwSeed("caseworker", "Mariama", "Coulibaly", 23)
	cw := e.signedIn("caseworker")
	r := cw.post("/cases", cwForm())
	if r.Code != http.StatusOK || e.cwCount() != 1 {
		t.Fatalf("similar: %d, %d cases", r.Code, e.cwCount())
	}
	cwHas(t, "warning", r.Body, "This person may already have a case", old.Code, `name="confirmed" value="1"`, "Create anyway")
	cw.cwCreate(cwWith(cwForm(), "confirmed", "1"))
	if e.cwCount() != 2 {
		t.Errorf("after confirming: %d cases", e.cwCount())
	}
	// A different person goes straight through.
	cw.cwCreate(cwWith(cwWith(cwForm(), "given_name", "Adjoa"), "family_name", "Mensah"))
	if e.cwCount() != 3 {
		t.Errorf("different person: %d cases", e.cwCount())
	}
}

// TestCaseListFilters: each filter narrows the list; the name search uses
// the blind index (whole tokens); pagination walks every case once.
func TestCaseListFilters(t *testing.T) {
	e := newCoreEnv(t)
	a := e.cwSeed("caseworker", "Awa", "Diallo", 30)
	b := e.cwSeed("caseworker", "Fatoumata", "Sow", 15)
	ctx := e.cwActor("caseworker")
	b.Exploitation = []string{"SexualExploitation"}
	b.Events = []casework.Event{{Kind: "recruitment", Country: "GIN"}, {Kind: "exploitation", Country: "FRA", Place: "Lyon"}}
	if err := e.db.UpdateCase(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetCaseStatus(ctx, a.ID, casework.FollowUp); err != nil {
		t.Fatal(err)
	}
	cw := e.signedIn("caseworker")
	for _, c := range []struct {
		query    string
		want     []string
		notWant  []string
		wantCode int
	}{
		{"", []string{a.Code, b.Code}, nil, 200},
		{"status=FollowUp", []string{a.Code}, []string{b.Code}, 200},
		{"status=open", []string{a.Code, b.Code}, nil, 200},
		{"status=closed", nil, []string{a.Code, b.Code}, 200},
		{"exploitation=SexualExploitation", []string{b.Code}, []string{a.Code}, 200},
		{"country=FRA", []string{b.Code}, []string{a.Code}, 200},
		{"age_group=9-17", []string{b.Code}, []string{a.Code}, 200},
		{"code=" + url.QueryEscape(a.Code[:len(a.Code)-2]), []string{a.Code}, []string{b.Code}, 200},
		{"name=diallo", []string{a.Code}, []string{b.Code}, 200},
		{"name=AWA+Diallo", []string{a.Code}, []string{b.Code}, 200},
		{"name=Dial", nil, []string{a.Code, b.Code}, 200},
		{"assigned_to=me", []string{a.Code, b.Code}, nil, 200},
		{"status=Nope", nil, []string{a.Code}, 422},
		{"exploitation=Fishing", nil, []string{a.Code}, 422},
		{"age_group=old", nil, nil, 422},
		{"assigned_to=someone", nil, nil, 422},
	} {
		r := cw.get("/cases?" + c.query)
		if r.Code != c.wantCode {
			t.Errorf("%q: %d, want %d", c.query, r.Code, c.wantCode)
			continue
		}
		cwHas(t, c.query, r.Body, c.want...)
		cwLacks(t, c.query, r.Body, c.notWant...)
		cwLacks(t, c.query, r.Body, "Awa Diallo", "Fatoumata")
	}
	// Pagination with one case a page.
	for range 3 {
		e.cwSeed("caseworker", "Binta", "Camara", 40)
	}
	seen := map[string]bool{}
	next := "/cases?limit=1"
	for i := 0; next != "" && i < 10; i++ {
		r := cw.get(next)
		if r.Code != http.StatusOK {
			t.Fatalf("page %d: %d", i, r.Code)
		}
		next = nextLink(r.Body)
		for _, code := range codesIn(r.Body) {
			if seen[code] {
				t.Errorf("code %s on two pages", code)
			}
			seen[code] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("pagination saw %d cases, want 5", len(seen))
	}
}

var (
	nextRe = regexp.MustCompile(`<a class="button secondary" href="(/cases\?[^"]*)" id="next-page">`)
	codeRe = regexp.MustCompile(`<strong>([A-Z]{3}-\d\d-[0-9A-Z]{6})</strong>`)
)

func nextLink(body string) string {
	if m := nextRe.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func codesIn(body string) []string {
	var out []string
	for _, m := range codeRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
