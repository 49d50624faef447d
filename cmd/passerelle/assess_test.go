package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func runAssessBytes(t *testing.T, in string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = commands["assess"].run(args, strings.NewReader(in), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAssessCommandOutput(t *testing.T) {
	t.Setenv("LANG", "en_GB.UTF-8")
	in := `{"age_at_recruitment": 24, "acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"],
		"consented": true, "crossed_border": true, "exploitation_occurred": true}`
	code, out, errOut := runAssessBytes(t, in)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Errorf("more than one JSON value printed")
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"act", "child", "means", "meets_definition", "purpose", "reasons", "recommendation", "recommendation_text"}
	if !slices.Equal(keys, want) {
		t.Errorf("output fields = %v, want %v", keys, want)
	}
	if got["child"] != false || got["act"] != true || got["means"] != "met" || got["purpose"] != true ||
		got["meets_definition"] != true || got["recommendation"] != "refer_for_formal_identification" {
		t.Errorf("output = %v", got)
	}
	if !strings.Contains(out, "Consent is recorded but is irrelevant because a means was used (deception)") {
		t.Errorf("English reasons missing:\n%s", out)
	}
}

func TestAssessCommandLanguages(t *testing.T) {
	in := `{"age_at_recruitment": 15, "acts": ["harbouring"], "purposes": ["forced_begging"]}`
	t.Setenv("LANG", "fr_FR.UTF-8")
	_, out, _ := runAssessBytes(t, in)
	if !strings.Contains(out, "15 ans au moment de l'acte") || !strings.Contains(out, "Signalez immédiatement aux services de protection de l'enfance") {
		t.Errorf("LANG=fr did not give French:\n%s", out)
	}
	_, out, _ = runAssessBytes(t, in, "--lang", "en")
	if !strings.Contains(out, "Aged 15 at the time of the act") {
		t.Errorf("--lang en did not give English:\n%s", out)
	}
	t.Setenv("LANG", "C.UTF-8")
	_, out, _ = runAssessBytes(t, in, "-lang=fr")
	if !strings.Contains(out, `"recommendation": "refer_child_protection"`) || !strings.Contains(out, "mendicité forcée") {
		t.Errorf("--lang fr: identifiers must stay, texts in French:\n%s", out)
	}
	if code, _, errOut := runAssessBytes(t, in, "--lang", "de"); code != 2 || !strings.Contains(errOut, "--lang") {
		t.Errorf("--lang de: exit %d, %q", code, errOut)
	}
}

func TestAssessCommandIndicators(t *testing.T) {
	t.Setenv("LANG", "")
	in := `{"age_at_recruitment": 31, "acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"],
		"indicators": {"catalogue": "adult_labour", "present": ["d1_deceived_nature_job", "d1_deceived_wages",
		"d4_excessive_hours", "d4_low_no_salary", "d5_debt_bondage", "d5_confiscation_documents"]}}`
	code, out, errOut := runAssessBytes(t, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Recommendation string `json:"recommendation"`
		ILO            struct {
			PresumedVictim bool   `json:"presumed_victim"`
			Status         string `json:"status"`
			Dimensions     []struct {
				Dimension int      `json:"dimension"`
				Positive  bool     `json:"positive"`
				Rule      string   `json:"rule"`
				Strong    []string `json:"strong"`
			} `json:"dimensions"`
			Reasons []string `json:"reasons"`
		} `json:"ilo"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !got.ILO.PresumedVictim || len(got.ILO.Dimensions) != 6 || got.ILO.Dimensions[4].Rule != "two_strong" ||
		got.ILO.Status != "awaiting verification against the ILO document" || got.Recommendation != "refer_for_formal_identification" {
		t.Errorf("ilo section = %+v", got.ILO)
	}
}

func TestAssessCommandErrors(t *testing.T) {
	t.Setenv("LANG", "")
	cases := []struct {
		in, want string
		args     []string
	}{
		{`{"means": ["threat", "deception", "bribery"]}`, `means[2]: unknown identifier "bribery"; allowed: threat, use_of_force, other_coercion`, nil},
		{`{"age_at_recruitment": "17"}`, "age_at_recruitment: must be a whole number", nil},
		{`{"age_at_recruitment": 140}`, "age_at_recruitment: must be between 0 and 130", nil},
		{`{"age_at_recruitment": -3}`, "age_at_recruitment: must be between 0 and 130", nil},
		{`{"acts": "recruitment"}`, "acts: must be an array", nil},
		{`{"victim_name": "x"}`, "victim_name: unknown field", nil},
		{`{} {}`, "input: unexpected data after the JSON object", nil},
		{``, "input: empty input", nil},
		{`{"means": ["bribery"]}`, `means[0]: identifiant inconnu "bribery"`, []string{"--lang", "fr"}},
	}
	for _, c := range cases {
		code, out, errOut := runAssessBytes(t, c.in, c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("input %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.in, code, out, errOut, c.want)
		}
	}
	if code, _, _ := runAssessBytes(t, `{}`, "a.json", "b.json"); code != 2 {
		t.Errorf("two files: exit %d", code)
	}
	if code, _, errOut := runAssessBytes(t, `{}`, filepath.Join(t.TempDir(), "missing.json")); code != 2 || !strings.Contains(errOut, "FILE") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
	if code, _, errOut := runAssessBytes(t, ``, "-h"); code != 0 || !strings.Contains(errOut, "refer_labour_inspection") {
		t.Errorf("-h: exit %d %q", code, errOut)
	}
	t.Setenv("LANG", "fr_BE.UTF-8")
	if _, _, errOut := runAssessBytes(t, ``, "-h"); !strings.Contains(errOut, "le message nomme le champ") {
		t.Errorf("-h in French: %q", errOut)
	}
	t.Setenv("LANG", "")
	if code, _, _ := runAssessBytes(t, ``, "--bogus"); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
}

func TestAssessCommandFileAndDash(t *testing.T) {
	t.Setenv("LANG", "")
	path := filepath.Join(t.TempDir(), "facts.json")
	if err := os.WriteFile(path, []byte(`{"acts":["transportation"],"consented":true,"crossed_border":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runAssessBytes(t, "not read", path)
	if code != 0 || !strings.Contains(out, "migrant smuggling") || !strings.Contains(out, `"meets_definition": false`) {
		t.Errorf("file: exit %d\n%s", code, out)
	}
	code, out, _ = runAssessBytes(t, `{"acts":["transportation"]}`, "-")
	if code != 0 || !strings.Contains(out, `"recommendation": "continue_assessment"`) {
		t.Errorf("dash: exit %d\n%s", code, out)
	}
}

// TestAssessLang keeps the forms a language may take on the command line or
// in the environment.
func TestAssessLang(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "fr": "fr", "FR": "fr", "fr_FR.UTF-8": "fr", "en_GB": "en", "fr-CA": "fr"} {
		if got, ok := assessLang(in); !ok || got != want {
			t.Errorf("assessLang(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "de", "french", "C", "C.UTF-8"} {
		if got, ok := assessLang(in); ok {
			t.Errorf("assessLang(%q) accepted as %q", in, got)
		}
	}
}
