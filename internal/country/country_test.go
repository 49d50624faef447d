package country

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

// TestCodes: 249 distinct sorted codes, each a country CLDR knows under that
// alpha-3 code, each with an English and a French name.
func TestCodes(t *testing.T) {
	if len(Codes) != 249 || !slices.IsSorted(Codes) || len(slices.Compact(slices.Clone(Codes))) != len(Codes) {
		t.Fatalf("%d codes, sorted %v", len(Codes), slices.IsSorted(Codes))
	}
	for _, c := range Codes {
		r, err := language.ParseRegion(c)
		if err != nil || r.ISO3() != c {
			t.Errorf("%s: not an alpha-3 code CLDR knows", c)
		}
		if Name("en", c) == c || Name("fr", c) == c {
			t.Errorf("%s: no name (%q, %q)", c, Name("en", c), Name("fr", c))
		}
	}
}

func TestLookups(t *testing.T) {
	for _, c := range []struct {
		code              string
		offered, accepted bool
		a2                string
	}{
		{"NER", true, true, "NE"}, {"NGA", true, true, "NG"}, {"FRA", true, true, "FR"},
		{"YUG", false, true, "YU"}, {"XKK", false, true, "XK"},
		{"ner", false, false, ""}, {"ZZZ", false, false, ""}, {"NE", false, false, ""}, {"", false, false, ""},
	} {
		if Offered(c.code) != c.offered || Accepted(c.code) != c.accepted || Alpha2(c.code) != c.a2 {
			t.Errorf("%q: offered %v accepted %v alpha2 %q", c.code, Offered(c.code), Accepted(c.code), Alpha2(c.code))
		}
	}
	if c, ok := FromAlpha2("NE"); !ok || c != "NER" {
		t.Errorf("FromAlpha2(NE) = %q %v", c, ok)
	}
	if _, ok := FromAlpha2("YU"); ok {
		t.Error("a withdrawn alpha-2 code was read as a current country")
	}
	if Name("fr", "DEU") != "Allemagne" || Name("en", "DEU") != "Germany" || Name("de", "DEU") != "Deutschland" {
		t.Errorf("names: %q %q %q", Name("fr", "DEU"), Name("en", "DEU"), Name("de", "DEU"))
	}
	all := All()
	if !slices.Contains(all, "YUG") || !slices.Contains(all, "NER") || slices.Contains(all, "ZZZ") {
		t.Errorf("All: %d codes", len(all))
	}
}

// TestOptions: every offered country, sorted by name in the language asked
// (Égypte sorts with the E's in French).
func TestOptions(t *testing.T) {
	fr := Options("fr")
	if len(fr) != len(Codes) {
		t.Fatalf("%d options", len(fr))
	}
	pos := map[string]int{}
	for i, o := range fr {
		pos[o.Code] = i
	}
	if !(pos["EST"] > pos["EGY"] && pos["EGY"] > pos["DZA"]) || fr[pos["EGY"]].Name != "Égypte" {
		t.Errorf("French order: DZA %d EGY %d EST %d", pos["DZA"], pos["EGY"], pos["EST"])
	}
	if Options("en")[0].Name != "Afghanistan" {
		t.Errorf("English first: %q", Options("en")[0].Name)
	}
}
