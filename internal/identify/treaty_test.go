package identify

import (
	"os"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// sharedData reads ../shared/data/<rel>, or skips: CI may not have it.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestVocabularyMatchesTreaties checks the Palermo vocabulary and the
// articles the reasons cite against the treaty texts themselves.
func TestVocabularyMatchesTreaties(t *testing.T) {
	palermo := sharedData(t, "treaties/palermo_protocol_en.md")
	coe := sharedData(t, "treaties/coe_convention_trafficking_en.md")
	i := strings.Index(palermo, "a) ``Trafficking in persons\" shall mean")
	if i < 0 {
		t.Fatal("Art. 3(a) not found in the Palermo text")
	}
	end := strings.Index(palermo[i:], "Article  4")
	if end < 0 {
		t.Fatal("Art. 4 not found in the Palermo text")
	}
	art3 := palermo[i : i+end]
	phrase := map[string]string{
		"recruitment": "recruitment", "transportation": "transportation", "transfer": "transfer", "harbouring": "harbouring", "receipt": "receipt",
		"threat": "threat", "use_of_force": "use of force", "other_coercion": "other forms of coercion", "abduction": "abduction",
		"fraud": "fraud", "deception": "deception", "abuse_of_power": "abuse of power", "abuse_of_vulnerability": "position of vulnerability",
		"payments_to_controller": "payments or benefits to achieve the consent of a person having control over another person",
		"sexual_exploitation":    "exploitation of the prostitution of others or other forms of sexual exploitation",
		"forced_labour":          "forced labour or services", "slavery": "slavery or practices similar to slavery", "servitude": "servitude",
		"organ_removal": "removal of organs",
	}
	for _, terms := range [][]Term{ActTerms, MeansTerms, PurposeTerms} {
		for _, term := range terms {
			p, ok := phrase[term.ID]
			if term.Extended {
				if ok {
					t.Errorf("%s is in Art. 3(a) but marked as an extension", term.ID)
				}
				continue
			}
			if !ok || !strings.Contains(art3, p) {
				t.Errorf("%s: %q not found in Art. 3(a)", term.ID, p)
			}
		}
	}
	for _, w := range []string{"shall be irrelevant where any of the means", "even if this does not involve any of the means", "under eighteen years of age"} {
		if !strings.Contains(art3, w) {
			t.Errorf("Art. 3 lacks %q", w)
		}
	}
	for _, w := range []string{"he or she shall be presumed to be a child", "recovery and reflection period of at least 30 days", "Non-punishment provision"} {
		if !strings.Contains(coe, w) {
			t.Errorf("CoE Convention lacks %q", w)
		}
	}
}
