package secure

import (
	"encoding/hex"
	"testing"

	"github.com/google/uuid"
)

// Golden vectors: a data key, field ciphertexts and a blind index made once
// with fixed keys. Stored data must open forever, so any change to the blob
// layout, the AAD or the derivation labels fails here instead of in production.
func TestGoldenVectors(t *testing.T) {
	var raw [KeySize]byte
	for i := range raw {
		raw[i] = byte(i)
	}
	m := MasterKey{key: raw, set: true}
	org := uuid.MustParse("0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8e")
	subj := uuid.MustParse("0190f0c5-0000-7000-8000-000000000001")
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if m.ID() != "9306b5c795727ef6" {
		t.Errorf("master key ID changed: %s", m.ID())
	}
	ks := newMemKeyStore()
	ks.AddDataKey(ctx, WrappedKey{OrgID: org, Version: 1, MasterID: m.ID(), Wrapped: unhex(
		"04000000013595ecf83570d8af913c87ad456e92c204f8f33f9c8253ffdab1a48af943449b6c1e4cb2209bac8033ac10feac688faba14eaba7d0d4914b6fc02563")})
	ks.PutSubjectKey(ctx, org, subj, unhex(
		"0300000001cbe2c694fb363dc3cefa4939cef4c2b2f1e1f766056faf930b452305949f41da7b65a4fa35a59618b503e4e297b3f1e4c6d1ec4fbf32effd4bc7dc0e"))
	kr := NewKeyRing(m, ks)

	pt, err := kr.Open(ctx, org, unhex("01000000017ba45df2a789d3f89cdb30b9d02136588c0eeffae1b54641d3822a80be1a2db839c5aac6e306e99d069d"),
		[]byte("person.name|7"))
	if err != nil || string(pt) != "Chiamaka Nwosu" {
		t.Errorf("golden field: %q, %v", pt, err)
	}
	pt, err = kr.OpenSubject(ctx, org, subj, unhex(
		"02000000007ebc3d91759f39d2da6abc1a667d8da21fb89137ebd136ea2f91fdf3a92479a97e9a8e294b5fc778c5a8be1782da18ec6f2d3e9bddedc4"),
		[]byte("person.birth|7"))
	if err != nil || string(pt) != "born 2001-04-12, Benin City" {
		t.Errorf("golden subject field: %q, %v", pt, err)
	}
	bi, err := kr.BlindIndex(ctx, org, "person.name", "  CHIAMAKA  nwosu ")
	if err != nil || hex.EncodeToString(bi) != "8092a5595f183d84239e20c799963b8080f8605abe910696c47ae0e773581e14" {
		t.Errorf("golden blind index: %x, %v", bi, err)
	}
}
