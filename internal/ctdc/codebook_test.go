package ctdc

import (
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// TestColumnsAreTheCodebooks: the 27 variables and the age bands are the
// ones CTDC's codebook (Global Synthetic Dataset, version 2, 2024) lists,
// in its order. Skipped without ../shared.
func TestColumnsAreTheCodebooks(t *testing.T) {
	b, err := os.ReadFile(sharedtest.Path(t, "ctdc/Codebook_CTDC_global_synthetic_data_v2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "LIST OF VARIABLES")
	end := strings.Index(text, "Notes: Some of the means")
	var listed []string
	for _, m := range regexp.MustCompile(`(?m)^\s+\d+\s+(\w+)\s*$`).FindAllStringSubmatch(text[start:end], -1) {
		listed = append(listed, m[1])
	}
	if !slices.Equal(listed, Columns) {
		t.Errorf("codebook lists\n%q\nthe package writes\n%q", listed, Columns)
	}
	age := text[strings.Index(text, "Variable name: ageBroad"):strings.Index(text, "Variable name: citizenship")]
	var bands []string
	for _, m := range regexp.MustCompile(`•\s+(\d+\S*)`).FindAllStringSubmatch(age, -1) {
		bands = append(bands, strings.ReplaceAll(m[1], "—", "--"))
	}
	var ours []string
	for _, b := range AgeBands {
		ours = append(ours, b.Band)
	}
	if !slices.Equal(bands, ours) {
		t.Errorf("codebook age bands %q, ours %q", bands, ours)
	}
}

// TestSubRegionsAreCTDCs: the countries CTDC's region table puts in one UN
// sub-region are the countries SubRegion puts in one M49 code, and the other
// way round. Skipped without ../shared.
func TestSubRegionsAreCTDCs(t *testing.T) {
	f, err := os.Open(sharedtest.Path(t, "ctdc/CTDC_VPsynthetic_dict_20221201__Region.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	nameOf := map[string]string{} // our code -> CTDC's sub-region name
	codeOf := map[string]string{} // CTDC's name -> our code
	checked := 0
	for _, r := range rows[1:] {
		iso3, name := r[1], r[5]
		code := SubRegion(iso3)
		if name == "" || name == "NULL" || code == "" {
			continue
		}
		checked++
		if n, ok := nameOf[code]; ok && n != name {
			t.Errorf("%s: CTDC %q, but %s also holds %q", iso3, name, code, n)
		}
		if c, ok := codeOf[name]; ok && c != code {
			t.Errorf("%s: %s, but CTDC's %q is also %s", iso3, code, name, c)
		}
		nameOf[code], codeOf[name] = name, code
	}
	if checked < 200 || len(nameOf) != len(SubRegions) {
		t.Errorf("checked %d countries in %d sub-regions", checked, len(nameOf))
	}
}
