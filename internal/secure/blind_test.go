package secure

import (
	"bytes"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Adébáyọ̀  Okon":        "adebayo okon",
		"adebayo okon":          "adebayo okon",
		"  ADEBAYO\tOKON \n":    "adebayo okon",
		"Adébáyọ̀ Okon":         "adebayo okon", // precomposed ọ̀ vs combining marks
		"Łukasz Wróblewski":     "lukasz wroblewski",
		"Jean-Pierre N'Guessan": "jean pierre nguessan",
		"Jean Pierre N’Guessan": "jean pierre nguessan",
		"Mariam Ɓaldé":          "mariam balde",
		"Søren Straße":          "soren strasse",
		"Ｆａｔｏｕ":                 "fatou", // full-width (NFKD)
		"Ştefan Ţurcanu":        "stefan turcanu",
		"":                      "",
		" - ' ":                 "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBlindIndex(t *testing.T) {
	kr, ks, m := newRing(t)
	orgA, orgB := newID(t), newID(t)
	a1, err := kr.BlindIndex(ctx, orgA, "person.name", "Adébáyọ̀  Okon")
	if err != nil || len(a1) != 32 {
		t.Fatalf("len %d err %v", len(a1), err)
	}
	a2, _ := kr.BlindIndex(ctx, orgA, "person.name", "adebayo okon")
	if !bytes.Equal(a1, a2) {
		t.Error("normalised-equal names give different indexes")
	}
	// Stable: a fresh key ring, and after rotating the org's data key.
	kr.RotateDataKey(ctx, orgA)
	a3, _ := NewKeyRing(m, ks).BlindIndex(ctx, orgA, "person.name", "ADEBAYO OKON")
	if !bytes.Equal(a1, a3) {
		t.Error("index not stable across key rings or data key rotation")
	}
	b1, _ := kr.BlindIndex(ctx, orgB, "person.name", "Adebayo Okon")
	if bytes.Equal(a1, b1) {
		t.Error("same name gives the same index in two organisations")
	}
	f, _ := kr.BlindIndex(ctx, orgA, "person.alias", "Adebayo Okon")
	if bytes.Equal(a1, f) {
		t.Error("same name gives the same index in two fields")
	}
	d, _ := kr.BlindIndex(ctx, orgA, "person.name", "Adebayo Okonkwo")
	if bytes.Equal(a1, d) {
		t.Error("different names share an index")
	}
	if e, err := kr.BlindIndex(ctx, orgA, "person.name", "  "); e != nil || err != nil {
		t.Errorf("blank value: %x %v, want nil, nil", e, err)
	}
}

// FuzzNormalize: normalising twice changes nothing, and the result has no
// upper case, no combining marks and no double or edge spaces.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Adébáyọ̀  Okon", "Łukasz", "N'Guessan", "Straße", "Ｆａｔｏｕ", "İstanbul", "ǅemal"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Errorf("spaces left in %q", n)
		}
	})
}
