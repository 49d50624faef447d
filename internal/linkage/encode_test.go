package linkage

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

var colsA = [5]string{"first", "last", "born", "sex", "town"}

func TestEncodeSamePersonDifferentSpelling(t *testing.T) {
	a, b := encodeAB(t, settingsFor(t, colsA), testSecret(7))
	// A-001 and B-17 differ only in accents, case and date format.
	if !slices.Equal(a.Vector(0), b.Vector(0)) {
		t.Fatalf("A-001 and B-17 encode differently")
	}
	if slices.Equal(a.Vector(0), a.Vector(1)) {
		t.Fatal("different people encode the same")
	}
	for i := range a.IDs {
		if p := popcount(a.Vector(i)); p < 150 || p > 600 {
			t.Errorf("record %d sets %d of 1024 bits", i, p)
		}
	}
}

func TestEncodeDependsOnKeyAndFieldOrder(t *testing.T) {
	s := settingsFor(t, colsA)
	a1 := encodeString(t, csvA, "case_id", s, testSecret(1), "")
	a2 := encodeString(t, csvA, "case_id", s, testSecret(2), "")
	if slices.Equal(a1.Flat, a2.Flat) || a1.Key == a2.Key {
		t.Fatal("different secrets gave the same encodings or key fingerprint")
	}
	if a1.Settings != a2.Settings {
		t.Fatal("same settings gave different fingerprints")
	}
	swapped := s
	swapped.Fields = []Field{s.Fields[1], s.Fields[0], s.Fields[2], s.Fields[3], s.Fields[4]}
	a3 := encodeString(t, csvA, "case_id", swapped, testSecret(1), "")
	if slices.Equal(a1.Flat, a3.Flat) {
		t.Fatal("given name and surname share keys")
	}
}

func TestHardeningOptions(t *testing.T) {
	s := settingsFor(t, colsA)
	s.Balance = true
	a, b := encodeAB(t, s, testSecret(7))
	for i := range a.IDs {
		if p := popcount(a.Vector(i)); p != 512 {
			t.Fatalf("balanced record %d has popcount %d, want 512", i, p)
		}
	}
	if !slices.Equal(a.Vector(0), b.Vector(0)) {
		t.Fatal("balancing is not deterministic under one key")
	}
	s = settingsFor(t, colsA)
	s.Salt, s.SaltYr = "born", true
	sa, sb := encodeAB(t, s, testSecret(7))
	plain, _ := encodeAB(t, settingsFor(t, colsA), testSecret(7))
	if !slices.Equal(sa.Vector(0), sb.Vector(0)) || slices.Equal(sa.Vector(0), plain.Vector(0)) {
		t.Fatal("salting by year must keep equal records equal and change the encoding")
	}
	s = settingsFor(t, colsA)
	s.BLIP = 0.05
	ba, _ := encodeAB(t, s, testSecret(7))
	diff := 0
	for i := range ba.Flat {
		diff += popcount([]uint64{ba.Flat[i] ^ plain.Flat[i]})
	}
	total := len(ba.Flat) * 64
	if diff < total/100 || diff > total/10 {
		t.Fatalf("BLIP f=0.05 flipped %d of %d bits", diff, total)
	}
	if a.Settings == plain.Settings || sa.Settings == plain.Settings || ba.Settings == plain.Settings {
		t.Fatal("hardening options must change the settings fingerprint")
	}
}

func TestParseFieldErrors(t *testing.T) {
	cases := map[string]string{
		"surname":               "field.syntax",
		"surname:nickname":      "field.kind",
		"surname:name:k=0":      "field.k",
		"surname:name:k=99":     "field.k",
		"dob:date:YYYY":         "field.dateformat",
		"surname:name:colour=2": "field.option",
		":name":                 "field.syntax",
	}
	for spec, id := range cases {
		_, err := ParseField(spec)
		var e *Error
		if !errors.As(err, &e) || e.Code != "linkage."+id {
			t.Errorf("ParseField(%q) = %v, want %s", spec, err, id)
		}
	}
	f, err := ParseField("dob:date:DD/MM/YYYY,k=12")
	if err != nil || f.K != 12 || f.Kind != KindDate {
		t.Fatalf("valid spec: %+v %v", f, err)
	}
}

func TestSettingsValidate(t *testing.T) {
	s := settingsFor(t, colsA)
	s.Bits = 1000
	if err := s.Validate(); errID(err) != "bits.invalid" {
		t.Errorf("bits 1000: %v", err)
	}
	s = settingsFor(t, colsA)
	s.BLIP = 0.5
	if err := s.Validate(); errID(err) != "blip.invalid" {
		t.Errorf("blip 0.5: %v", err)
	}
	if err := (&Settings{}).Validate(); errID(err) != "field.none" {
		t.Errorf("no fields: %v", err)
	}
	s = settingsFor(t, colsA)
	s.Fields = append(s.Fields, s.Fields[0])
	if err := s.Validate(); errID(err) != "field.dup" {
		t.Errorf("duplicate column: %v", err)
	}
	if _, err := NewEncoder(settingsFor(t, colsA), make([]byte, 31)); errID(err) != "secret.short" {
		t.Errorf("31-byte secret: %v", err)
	}
}

func errID(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return strings.TrimPrefix(e.Code, "linkage.")
	}
	return ""
}
