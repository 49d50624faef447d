package secure

import (
	"crypto/rand"
	"testing"
)

func BenchmarkSeal256(b *testing.B) {
	kr, _, _ := newRing(b)
	org := newID(b)
	pt := make([]byte, 256)
	rand.Read(pt)
	aad := []byte("person.narrative|0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8e")
	b.SetBytes(256)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.Seal(ctx, org, pt, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen256(b *testing.B) {
	kr, _, _ := newRing(b)
	org := newID(b)
	pt := make([]byte, 256)
	rand.Read(pt)
	aad := []byte("person.narrative|0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8e")
	ct, err := kr.Seal(ctx, org, pt, aad)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(256)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.Open(ctx, org, ct, aad); err != nil {
			b.Fatal(err)
		}
	}
}

// Subject opens unwrap the subject key each time (no cache, see KeyRing).
func BenchmarkOpenSubject256(b *testing.B) {
	kr, _, _ := newRing(b)
	org, subject := newID(b), newID(b)
	pt := make([]byte, 256)
	ct, err := kr.SealSubject(ctx, org, subject, pt, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(256)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.OpenSubject(ctx, org, subject, ct, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlindIndex(b *testing.B) {
	kr, _, _ := newRing(b)
	org := newID(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.BlindIndex(ctx, org, "person.name", "Adébáyọ̀ Okon"); err != nil {
			b.Fatal(err)
		}
	}
}
