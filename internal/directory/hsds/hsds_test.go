package hsds

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func names(lang, key string) string { return i18n.T(lang, key, nil) }

func n(v int) *int { return &v }

// corridor is a small directory along the Nigeria - Niger - France corridor.
func corridor() []directory.Listing {
	shelter := uuid.MustParse("01890a5d-ac96-774b-bcce-b302099a8057")
	ngo := uuid.MustParse("01890a5d-ac96-774b-bcce-b302099a8058")
	ls := []directory.Listing{
		{Org: account.Organisation{ID: shelter, Name: "Maison d'Ellen", Type: account.Shelter, Country: "FRA", City: "Lyon",
			Phone: "+33 4 72 00 00 00", Email: "accueil@maison-ellen.example", Website: "https://maison-ellen.example"},
			Profile: directory.Profile{
				Services: []directory.Offer{
					{Service: directory.Shelter, Populations: []directory.Population{directory.Women, directory.Children}},
					{Service: directory.Psychosocial},
				},
				Countries: []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
				Languages: []string{"en", "fr", "pcm"},
				Hours: []directory.Opening{
					{Day: directory.Monday, Opens: "09:00", Closes: "17:00"}, {Day: directory.Tuesday, Opens: "09:00", Closes: "17:00"},
					{Day: directory.Saturday, Opens: "10:00", Closes: "12:30"},
				},
				Capacity:         directory.Capacity{Places: n(24), Available: n(3)},
				AcceptsReferrals: true,
			}},
		{Org: account.Organisation{ID: ngo, Name: "Edo Hope Initiative", Type: account.NGO, Country: "NGA", City: "Benin City"},
			Profile: directory.Profile{
				Services: []directory.Offer{{Service: directory.ReturnReintegration, Populations: []directory.Population{directory.Women}}},
				Countries: []directory.Operation{
					{Country: "NGA", Roles: []directory.Role{directory.Source}},
					{Country: "NER", Roles: []directory.Role{directory.Transit, directory.Destination}},
				},
				Languages: []string{"bin", "en"},
			}},
	}
	for i := range ls {
		ls[i].Profile.OrgID = ls[i].Org.ID
		ls[i].Profile.Normalise()
	}
	return ls
}

func TestRoundTrip(t *testing.T) {
	want := corridor()
	b, err := Encode(want, names)
	if err != nil {
		t.Fatal(err)
	}
	got, es := Decode(b)
	if len(es) > 0 {
		t.Fatalf("decode: %v", es)
	}
	for i := range got {
		got[i].Profile.Normalise()
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	again, _ := Encode(got, names)
	if !bytes.Equal(again, b) {
		t.Fatal("a second export differs from the first")
	}
	if !bytes.Contains(b, []byte(`"alternate_name": "Hébergement"`)) || !bytes.Contains(b, []byte(`"code": "service:shelter"`)) {
		t.Fatalf("names or terms missing:\n%s", b)
	}
}

// TestBadRecordsNamed: each problem names its record and field; no listing
// comes back.
func TestBadRecordsNamed(t *testing.T) {
	b, _ := Encode(corridor(), names)
	var p Page
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.Contents[0].ID = "not-a-uuid"
	p.Contents[0].Services[0].Attributes[0].TaxonomyTerm.Code = "service:massage"
	p.Contents[1].Locations[0].Addresses[0].Country = "QQ"
	p.Contents[1].Locations[0].Languages = append(p.Contents[1].Locations[0].Languages, Language{ID: uuid.NewString(), Code: "xx-klingon"})
	p.Contents[1].Services[0].Attributes = nil
	p.Contents[1].Locations[0].Schedules = []Schedule{{ID: uuid.NewString(), Freq: "MONTHLY", Byday: "MO", OpensAt: "9", ClosesAt: "noon"}}
	bad, _ := json.Marshal(p)
	ls, es := Decode(bad)
	if ls != nil {
		t.Fatal("listings returned with errors")
	}
	for _, want := range [][2]string{
		{"records[0].id", valid.RuleUUID},
		{"records[0].services[0].attributes[0]", directory.RuleUnknownService},
		{"records[1].locations[0].addresses[0].country", account.RuleCountry},
		{"records[1].locations[0].languages[2].code", directory.RuleUnknownLanguage},
		{"records[1].services[0].attributes", RuleServiceTerm},
		{"records[1].locations[0].schedules[0].freq", valid.RuleOneOf},
	} {
		if !es.Has(want[0], want[1]) {
			t.Errorf("no %s/%s in %v", want[0], want[1], es)
		}
	}
	if _, es := Decode([]byte("<html>")); !es.Has("file", RuleJSON) {
		t.Fatalf("not JSON: %v", es)
	}
	if _, es := Decode([]byte(`{"total_items": 1, "contents": [{"name": "No id"}]}`)); !es.Has("records[0].id", valid.RuleRequired) ||
		!es.Has("records[0].locations", valid.RuleRequired) {
		t.Fatalf("no id, no place: %v", es)
	}
}

// TestSharedExamples: the specification's own examples are read; they use
// their own taxonomy, so they are refused, naming the service that has no
// Passerelle term, and nothing else.
func TestSharedExamples(t *testing.T) {
	dir := sharedtest.Path(t, "hsds/examples")
	// The tabular form (one CSV per table) is not what Passerelle reads: the
	// file is refused as a whole, saying which form it expects.
	csv, err := os.ReadFile(filepath.Join(dir, "organizations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if ls, es := Decode(csv); ls != nil || len(es) != 1 || !es.Has("file", RuleJSON) {
		t.Errorf("organizations.csv: %v, %v", ls, es)
	}
	for _, f := range []string{"organization_full.json", "service_full.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		ls, es := Decode(b)
		if ls != nil || len(es) != 1 || !es.Has("records[0].services[0].attributes", RuleServiceTerm) {
			t.Errorf("%s: got %v, %v", f, ls, es)
		}
		// With a Passerelle term on its service, the example loads.
		var raw map[string]any
		_ = json.Unmarshal(b, &raw)
		svc := raw
		if ss, ok := raw["services"].([]any); ok {
			svc = ss[0].(map[string]any)
		}
		attrs := svc["attributes"].([]any)
		attrs[0].(map[string]any)["taxonomy_term"].(map[string]any)["taxonomy"] = Taxonomy
		attrs[0].(map[string]any)["taxonomy_term"].(map[string]any)["code"] = "service:psychosocial"
		fixed, _ := json.Marshal(raw)
		ls, es = Decode(fixed)
		if len(es) > 0 || len(ls) != 1 {
			t.Fatalf("%s with a Passerelle term: %v", f, es)
		}
		l := ls[0]
		if l.Org.Country != "USA" || l.Org.Phone != "+44 1234 234567" || len(l.Profile.Services) != 1 ||
			l.Profile.Services[0].Service != directory.Psychosocial || len(l.Profile.Hours) != 2 || !strings.Contains(strings.Join(l.Profile.Languages, ","), "ur") {
			t.Errorf("%s read as %+v", f, l)
		}
		l.Profile.Normalise()
		if es := append(l.Org.Validate(), l.Profile.Validate()...); len(es) > 0 {
			t.Errorf("%s: the store would refuse it: %v", f, es)
		}
	}
}

// TestExportMatchesSchema validates each exported organization against the
// specification's compiled JSON Schema.
func TestExportMatchesSchema(t *testing.T) {
	path := sharedtest.Path(t, "hsds/schema/compiled/organization.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("organization.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("organization.json")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Encode(corridor(), names)
	var page struct{ Contents []json.RawMessage }
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	for i, raw := range page.Contents {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("organization %d: %v", i, err)
		}
	}
	// The check can fail: an organization without its name does not pass.
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"id": "01890a5d-ac96-774b-bcce-b302099a8057", "description": ""}`))
	if sch.Validate(v) == nil {
		t.Fatal("the schema accepted an organization without a name")
	}
}
