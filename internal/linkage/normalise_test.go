package linkage

import (
	"slices"
	"testing"
)

func TestNormalise(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Adébáyọ̀", "adebayo"},
		{"ADEBAYO", "adebayo"},
		{"  Jean-Pierre   KABORÉ ", "jean pierre kabore"},
		{"N'Diaye", "ndiaye"},
		{"N’DIAYE", "ndiaye"},
		{"Ɗanjuma", "danjuma"},
		{"Ɓello Ƙaura", "bello kaura"},
		{"Łukasz Wójcik", "lukasz wojcik"},
		{"Straße", "strasse"},
		{"Œdipe", "oedipe"},
		{"ﬁfi", "fifi"}, // NFKD ligature
		{"Çağrı", "cagri"},
		{"O.  Okonkwo, Jr.", "o okonkwo jr"},
		{"", ""},
		{"--", ""},
	}
	for _, c := range cases {
		if got := Normalise(c.in); got != c.want {
			t.Errorf("Normalise(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBigrams(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"ada", []string{"_a", "ad", "da", "a_"}},
		{"é", []string{"_é", "é_"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := Bigrams(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Bigrams(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFieldTokensAccentsAndCaseAgree(t *testing.T) {
	name := Field{Kind: KindName, K: 10}
	a, _ := FieldTokens(name, "Adébáyọ̀")
	b, _ := FieldTokens(name, "ADEBAYO")
	if !slices.Equal(a, b) || len(a) != 8 {
		t.Fatalf("tokens differ: %q vs %q", a, b)
	}
}

func TestNormaliseSex(t *testing.T) {
	cases := map[string]string{"M": "m", "male": "m", "Homme": "m", "F": "f", "Féminin": "f", "femme": "f", "": "", "X": "x"}
	for in, want := range cases {
		if got := NormaliseSex(in); got != want {
			t.Errorf("NormaliseSex(%q) = %q, want %q", in, got, want)
		}
	}
}
