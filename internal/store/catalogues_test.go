package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/passerelle-org/passerelle/internal/identify"
)

// ownCatalogue is the embedded adult labour list with one label changed and
// a new version, as a national form correcting a wording would be.
func ownCatalogue(t *testing.T, id string) []byte {
	t.Helper()
	c, _ := identify.Catalogues().Get("adult_labour")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	must(t, json.Unmarshal(b, &m))
	m["id"], m["version"] = id, "2026.1-niger"
	ind := m["indicators"].([]any)[0].(map[string]any)
	ind["en"], ind["fr"] = "Deceived about the job (Niger form)", "Trompé sur l'emploi (fiche Niger)"
	out, err := json.Marshal(m)
	must(t, err)
	if _, err := identify.LoadCatalogue(bytes.NewReader(out)); err != nil {
		t.Fatalf("test catalogue does not load: %v", err)
	}
	return out
}

func TestOrganisationCatalogues(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// Only an organisation administrator loads catalogues.
		if _, err := db.LoadCatalogue(w.asCaseA(), ownCatalogue(t, "adult_labour")); !errors.Is(err, ErrForbidden) {
			t.Fatalf("caseworker loaded a catalogue: %v", err)
		}
		before := snapshot(t, db)
		if _, err := db.LoadCatalogue(w.asAdminA(), []byte(`{"id":"x"}`)); err == nil {
			t.Fatal("an invalid catalogue was loaded")
		}
		sameSnapshot(t, before, snapshot(t, db))

		c, err := db.LoadCatalogue(w.asAdminA(), ownCatalogue(t, "adult_labour"))
		must(t, err)
		_, err = db.LoadCatalogue(w.asAdminA(), ownCatalogue(t, "niger_form"))
		must(t, err)
		if c.Version != "2026.1-niger" {
			t.Fatalf("version %q", c.Version)
		}
		setA, err := db.Catalogues(w.asCaseA())
		must(t, err)
		got, _ := setA.Get("adult_labour")
		if got.Indicators[0].Labels["en"] != "Deceived about the job (Niger form)" || len(setA.IDs()) != 5 {
			t.Fatalf("A's set: %v %q", setA.IDs(), got.Indicators[0].Labels["en"])
		}
		// B screens with the embedded catalogues, untouched.
		setB, err := db.Catalogues(w.asCaseB())
		must(t, err)
		if b, _ := setB.Get("adult_labour"); b.Version == "2026.1-niger" || len(setB.IDs()) != 4 {
			t.Fatalf("B sees A's catalogue: %v", setB.IDs())
		}
		// A screening of A's case records A's catalogue version.
		cs := createCase(t, db, w.asCaseA(), blessing())
		sc, err := db.RecordScreening(w.asCaseA(), cs.ID, identify.Facts{Acts: []string{"recruitment"},
			Indicators: &identify.IndicatorFacts{Catalogue: "niger_form", Present: []string{}}})
		must(t, err)
		if want := identify.CatalogueRef("niger_form", "2026.1-niger"); sc.CatalogueVersion != want {
			t.Fatalf("catalogue recorded as %q, want %q", sc.CatalogueVersion, want)
		}
		// The same facts are refused for B, which has no such catalogue.
		csB := createCase(t, db, w.asCaseB(), blessing())
		if _, err := db.RecordScreening(w.asCaseB(), csB.ID, sc.Facts); err == nil {
			t.Fatal("B screened with A's catalogue")
		}
		// Reset brings the embedded list back; B cannot reset A's.
		wantErr(t, db.ResetCatalogue(w.asAdminB(), "adult_labour"), ErrNotFound)
		must(t, db.ResetCatalogue(w.asAdminA(), "adult_labour"))
		setA, err = db.Catalogues(w.asCaseA())
		must(t, err)
		if a, _ := setA.Get("adult_labour"); a.Version == "2026.1-niger" {
			t.Fatal("reset kept the organisation's list")
		}
		if _, err := db.VerifyAudit(sysCtx()); err != nil {
			t.Fatal(err)
		}
	})
}
