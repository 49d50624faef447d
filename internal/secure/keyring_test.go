package secure

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

func newRing(t testing.TB) (*KeyRing, *memKeyStore, MasterKey) {
	t.Helper()
	m := mustMaster(t)
	ks := newMemKeyStore()
	return NewKeyRing(m, ks), ks, m
}

func newID(t testing.TB) uuid.UUID {
	t.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var ctx = context.Background()

func TestSealOpenRoundTrip(t *testing.T) {
	kr, ks, _ := newRing(t)
	org := newID(t)
	for _, pt := range [][]byte{{}, []byte("Aminata Koné"), bytes.Repeat([]byte{0xA5}, 256), bytes.Repeat([]byte("x"), 1<<16)} {
		aad := []byte("person.name|" + newID(t).String())
		ct, err := kr.Seal(ctx, org, pt, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(pt) > 4 && bytes.Contains(ct, pt) {
			t.Error("ciphertext contains the plaintext")
		}
		got, err := kr.Open(ctx, org, ct, aad)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("round trip of %d bytes: err %v", len(pt), err)
		}
	}
	if len(ks.data[org]) != 1 {
		t.Errorf("org has %d key versions after first use, want 1", len(ks.data[org]))
	}
	// Same plaintext twice gives different ciphertexts (random nonces).
	a, _ := kr.Seal(ctx, org, []byte("same"), nil)
	b, _ := kr.Seal(ctx, org, []byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Error("sealing twice gave the same ciphertext")
	}
	// The platform key (uuid.Nil) works the same way.
	ct, err := kr.Seal(ctx, uuid.Nil, []byte("JBSWY3DPEHPK3PXP"), []byte("user.totp|1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kr.Open(ctx, uuid.Nil, ct, []byte("user.totp|1")); err != nil || string(got) != "JBSWY3DPEHPK3PXP" {
		t.Errorf("platform key: %v", err)
	}
}

func TestOpenRefusesWrongOrgAADOrTampering(t *testing.T) {
	kr, _, _ := newRing(t)
	orgA, orgB := newID(t), newID(t)
	aad := []byte("person.name|42")
	ct, err := kr.Seal(ctx, orgA, []byte("Blessing Okafor"), aad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Seal(ctx, orgB, []byte("other"), aad); err != nil { // B has its own key
		t.Fatal(err)
	}
	refuse := func(name string, org uuid.UUID, c, a []byte) {
		t.Helper()
		if pt, err := kr.Open(ctx, org, c, a); !errors.Is(err, ErrDecrypt) || pt != nil {
			t.Errorf("%s: err = %v, want ErrDecrypt and no plaintext", name, err)
		}
	}
	refuse("org B", orgB, ct, aad)
	refuse("org with no key", newID(t), ct, aad)
	refuse("other row", orgA, ct, []byte("person.name|43"))
	refuse("no aad", orgA, ct, nil)
	refuse("empty", orgA, nil, aad)
	refuse("truncated", orgA, ct[:len(ct)-1], aad)
	refuse("header only", orgA, ct[:headerSize], aad)
	for i := range ct {
		c := bytes.Clone(ct)
		c[i] ^= 0x01
		refuse(fmt.Sprintf("bit flip at %d", i), orgA, c, aad)
	}
	// A key version that does not exist.
	c := bytes.Clone(ct)
	binary.BigEndian.PutUint32(c[1:5], 99)
	refuse("unknown version", orgA, c, aad)
	// Still opens untouched.
	if _, err := kr.Open(ctx, orgA, ct, aad); err != nil {
		t.Fatal(err)
	}
}

func TestCiphertextOfOrgAUnreadableInOrgB(t *testing.T) {
	// Even if an attacker copies org A's row into org B's table, and even with
	// the same aad, org B's key ring cannot open it.
	kr, ks, _ := newRing(t)
	orgA, orgB := newID(t), newID(t)
	ct, _ := kr.Seal(ctx, orgA, []byte("secret of A"), []byte("r|1"))
	kr.Seal(ctx, orgB, []byte("x"), []byte("r|1"))
	if _, err := kr.Open(ctx, orgB, ct, []byte("r|1")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("err = %v, want ErrDecrypt", err)
	}
	// Copying A's wrapped key under B's identity does not help either: the
	// wrap is bound to the org id.
	ks.mu.Lock()
	wk := ks.data[orgA][1]
	wk.OrgID = orgB
	ks.data[orgB][1] = wk
	ks.mu.Unlock()
	fresh := NewKeyRing(kr.master, ks)
	if _, err := fresh.Open(ctx, orgB, ct, []byte("r|1")); err == nil {
		t.Error("org A's data opened through a transplanted key")
	}
}

func TestRotateDataKey(t *testing.T) {
	kr, ks, m := newRing(t)
	org := newID(t)
	other := NewKeyRing(m, ks) // a second process sharing the database
	old, _ := kr.Seal(ctx, org, []byte("before"), []byte("a"))
	if _, err := other.Open(ctx, org, old, []byte("a")); err != nil { // caches v1
		t.Fatal(err)
	}
	subject := newID(t)
	oldSubj, err := kr.SealSubject(ctx, org, subject, []byte("subject before"), []byte("s"))
	if err != nil {
		t.Fatal(err)
	}

	v, err := kr.RotateDataKey(ctx, org)
	if err != nil || v != 2 {
		t.Fatalf("rotate: v=%d err=%v", v, err)
	}
	neu, _ := kr.Seal(ctx, org, []byte("after"), []byte("a"))
	if got := binary.BigEndian.Uint32(neu[1:5]); got != 2 {
		t.Errorf("new data sealed with version %d, want 2", got)
	}
	for _, r := range []*KeyRing{kr, other, NewKeyRing(m, ks)} {
		if pt, err := r.Open(ctx, org, old, []byte("a")); err != nil || string(pt) != "before" {
			t.Errorf("old data after rotation: %v", err)
		}
		if pt, err := r.Open(ctx, org, neu, []byte("a")); err != nil || string(pt) != "after" {
			t.Errorf("new data after rotation: %v", err)
		}
		if pt, err := r.OpenSubject(ctx, org, subject, oldSubj, []byte("s")); err != nil || string(pt) != "subject before" {
			t.Errorf("subject data after rotation: %v", err)
		}
	}
	// A subject made after rotation is wrapped under version 2.
	s2 := newID(t)
	if _, err := kr.SealSubject(ctx, org, s2, []byte("x"), nil); err != nil {
		t.Fatal(err)
	}
	if w := ks.subjects[[2]uuid.UUID{org, s2}]; binary.BigEndian.Uint32(w[1:5]) != 2 {
		t.Errorf("new subject key wrapped under version %d, want 2", binary.BigEndian.Uint32(w[1:5]))
	}
	if v, _ := kr.RotateDataKey(ctx, org); v != 3 {
		t.Errorf("second rotation gave version %d", v)
	}
	if v, err := kr.RotateDataKey(ctx, newID(t)); err != nil || v != 1 {
		t.Errorf("rotating an org with no key: v=%d err=%v, want 1", v, err)
	}
}

func TestRotateMasterKey(t *testing.T) {
	kr, ks, oldM := newRing(t)
	orgs := []uuid.UUID{newID(t), newID(t), uuid.Nil}
	subject := newID(t)
	sealed := map[uuid.UUID][]byte{}
	for _, o := range orgs {
		sealed[o], _ = kr.Seal(ctx, o, []byte("data of "+o.String()), nil)
	}
	kr.RotateDataKey(ctx, orgs[0])
	subj, _ := kr.SealSubject(ctx, orgs[0], subject, []byte("subject"), nil)
	idx, _ := kr.BlindIndex(ctx, orgs[0], "name", "Fatou Ndiaye")

	newM := mustMaster(t)
	if err := kr.RotateMasterKey(ctx, oldM); err == nil {
		t.Error("rotation to the same master key accepted")
	}
	if err := kr.RotateMasterKey(ctx, newM); err != nil {
		t.Fatal(err)
	}
	if kr.MasterID() != newM.ID() {
		t.Error("key ring still reports the old master")
	}
	all, _ := ks.AllDataKeys(ctx)
	if len(all) != 4 {
		t.Fatalf("%d keys after master rotation, want 4", len(all))
	}
	for _, wk := range all {
		if wk.MasterID != newM.ID() {
			t.Errorf("org %s v%d still under master %s", wk.OrgID, wk.Version, wk.MasterID)
		}
	}
	for _, r := range []*KeyRing{kr, NewKeyRing(newM, ks)} {
		for _, o := range orgs {
			if pt, err := r.Open(ctx, o, sealed[o], nil); err != nil || string(pt) != "data of "+o.String() {
				t.Errorf("after master rotation, org %s: %v", o, err)
			}
		}
		if pt, err := r.OpenSubject(ctx, orgs[0], subject, subj, nil); err != nil || string(pt) != "subject" {
			t.Errorf("subject after master rotation: %v", err)
		}
		if got, _ := r.BlindIndex(ctx, orgs[0], "name", "Fatou Ndiaye"); !bytes.Equal(got, idx) {
			t.Error("blind index changed with the master key")
		}
	}
	// The old master opens nothing any more, and says why.
	stale := NewKeyRing(oldM, ks)
	if _, err := stale.Open(ctx, orgs[0], sealed[orgs[0]], nil); !errors.Is(err, ErrWrongMasterKey) {
		t.Errorf("old master: err = %v, want ErrWrongMasterKey", err)
	}
	_, err := stale.Seal(ctx, orgs[1], []byte("x"), nil)
	if !errors.Is(err, ErrWrongMasterKey) {
		t.Errorf("old master seal: err = %v, want ErrWrongMasterKey", err)
	}
	if msg := fmt.Sprint(err); !strings.Contains(msg, oldM.ID()) || !strings.Contains(msg, newM.ID()) ||
		strings.Contains(msg, oldM.Text()) || strings.Contains(msg, newM.Text()) {
		t.Errorf("wrong-master message should name both fingerprints and no key: %s", msg)
	}
	// Even with the stored MasterID forged, the old key cannot unwrap.
	ks.mu.Lock()
	for o, vs := range ks.data {
		for v, wk := range vs {
			wk.MasterID = oldM.ID()
			ks.data[o][v] = wk
		}
	}
	ks.mu.Unlock()
	if _, err := NewKeyRing(oldM, ks).Open(ctx, orgs[1], sealed[orgs[1]], nil); !errors.Is(err, ErrWrongMasterKey) {
		t.Errorf("old master with forged id: err = %v", err)
	}
}

func TestShredSubject(t *testing.T) {
	kr, ks, m := newRing(t)
	org := newID(t)
	erased, kept := newID(t), newID(t)
	ct, err := kr.SealSubject(ctx, org, erased, []byte("Ngozi Eze, born 1998"), []byte("person|1"))
	if err != nil {
		t.Fatal(err)
	}
	keptCT, _ := kr.SealSubject(ctx, org, kept, []byte("Ioana Popescu"), []byte("person|2"))
	if pt, err := kr.OpenSubject(ctx, org, erased, ct, []byte("person|1")); err != nil || string(pt) != "Ngozi Eze, born 1998" {
		t.Fatalf("before shred: %v", err)
	}
	// Subject data is bound to its subject, its aad, and is not org data.
	if _, err := kr.OpenSubject(ctx, org, kept, ct, []byte("person|1")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other subject's key: err = %v", err)
	}
	if _, err := kr.OpenSubject(ctx, org, erased, ct, []byte("person|2")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other aad: err = %v", err)
	}
	if _, err := kr.Open(ctx, org, ct, []byte("person|1")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("opened subject data as org data: err = %v", err)
	}
	if _, err := kr.OpenSubject(ctx, org, newID(t), ct, nil); !errors.Is(err, ErrNoKey) {
		t.Errorf("subject never made: err = %v, want ErrNoKey", err)
	}

	if err := kr.Shred(ctx, org, erased); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*KeyRing{kr, NewKeyRing(m, ks)} {
		if pt, err := r.OpenSubject(ctx, org, erased, ct, []byte("person|1")); !errors.Is(err, ErrKeyShredded) || pt != nil {
			t.Errorf("after shred: err = %v, want ErrKeyShredded", err)
		}
		if _, err := r.SealSubject(ctx, org, erased, []byte("new"), nil); !errors.Is(err, ErrKeyShredded) {
			t.Errorf("seal after shred: err = %v, want ErrKeyShredded", err)
		}
		if pt, err := r.OpenSubject(ctx, org, kept, keptCT, []byte("person|2")); err != nil || string(pt) != "Ioana Popescu" {
			t.Errorf("other subject after shred: %v", err)
		}
	}
	// Unrecoverable: no key material for the subject is left anywhere in the
	// store, and nothing else in it (data keys under the master) opens the data.
	if _, ok := ks.subjects[[2]uuid.UUID{org, erased}]; ok {
		t.Error("subject key still stored after shred")
	}
	if err := kr.Shred(ctx, org, erased); err != nil {
		t.Errorf("second shred: %v", err)
	}
	ok, err := kr.org(ctx, org, false)
	if err != nil {
		t.Fatal(err)
	}
	for v, a := range ok.aeads {
		if _, err := open(a, ct, aad(fmtSubject, 0, org, &erased, []byte("person|1"))); err == nil {
			t.Errorf("data key v%d opens shredded data", v)
		}
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	// Many goroutines, and two key rings (two processes), hit a new org and a
	// new subject at once: one data key and one subject key must result, and
	// everything sealed must open.
	ks := newMemKeyStore()
	m := mustMaster(t)
	rings := []*KeyRing{NewKeyRing(m, ks), NewKeyRing(m, ks)}
	org, subject := newID(t), newID(t)
	var wg sync.WaitGroup
	type out struct{ ct, sct []byte }
	res := make([]out, 16)
	errs := make(chan error, 32)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rings[i%2]
			ct, err := r.Seal(ctx, org, []byte(fmt.Sprint(i)), nil)
			if err != nil {
				errs <- err
				return
			}
			sct, err := r.SealSubject(ctx, org, subject, []byte(fmt.Sprint(i)), nil)
			if err != nil {
				errs <- err
				return
			}
			if _, err := r.BlindIndex(ctx, org, "name", "Awa"); err != nil {
				errs <- err
			}
			res[i] = out{ct, sct}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if ks.adds != 1 {
		t.Errorf("%d data keys made, want 1", ks.adds)
	}
	for i, o := range res {
		for _, r := range rings {
			if pt, err := r.Open(ctx, org, o.ct, nil); err != nil || string(pt) != fmt.Sprint(i) {
				t.Errorf("seal %d: %v", i, err)
			}
			if pt, err := r.OpenSubject(ctx, org, subject, o.sct, nil); err != nil || string(pt) != fmt.Sprint(i) {
				t.Errorf("subject seal %d: %v", i, err)
			}
		}
	}
}

func TestDamagedDataKeyRefused(t *testing.T) {
	kr, ks, m := newRing(t)
	org := newID(t)
	kr.Seal(ctx, org, []byte("x"), nil)
	ks.mu.Lock()
	wk := ks.data[org][1]
	wk.Wrapped[len(wk.Wrapped)-1] ^= 1
	ks.data[org][1] = wk
	ks.mu.Unlock()
	if _, err := NewKeyRing(m, ks).Seal(ctx, org, []byte("x"), nil); err == nil {
		t.Error("a damaged wrapped key was accepted")
	}
}

func TestSubjectKeyTransplantRefused(t *testing.T) {
	// Copying subject A's wrapped key to subject B's row must not let B's
	// reads open A's data: the wrap is bound to the subject id.
	kr, ks, _ := newRing(t)
	org, a, b := newID(t), newID(t), newID(t)
	ct, _ := kr.SealSubject(ctx, org, a, []byte("A"), nil)
	ks.mu.Lock()
	ks.subjects[[2]uuid.UUID{org, b}] = bytes.Clone(ks.subjects[[2]uuid.UUID{org, a}])
	ks.mu.Unlock()
	if _, err := kr.OpenSubject(ctx, org, b, ct, nil); err == nil {
		t.Error("subject data opened through a transplanted subject key")
	}
	// Nor does org B open org A's subject key.
	orgB := newID(t)
	ks.mu.Lock()
	ks.subjects[[2]uuid.UUID{orgB, a}] = bytes.Clone(ks.subjects[[2]uuid.UUID{org, a}])
	ks.mu.Unlock()
	kr.Seal(ctx, orgB, []byte("x"), nil)
	if _, err := kr.OpenSubject(ctx, orgB, a, ct, nil); err == nil {
		t.Error("subject data opened under another organisation")
	}
}

func TestZeroMasterKeyRefused(t *testing.T) {
	ks := newMemKeyStore()
	kr := NewKeyRing(MasterKey{}, ks)
	if _, err := kr.Seal(ctx, newID(t), []byte("x"), nil); !errors.Is(err, ErrNoMasterKey) {
		t.Errorf("Seal with a zero master: err = %v, want ErrNoMasterKey", err)
	}
	if len(ks.data) != 0 {
		t.Error("a data key was stored under a zero master key")
	}
	good, _, _ := newRing(t)
	org := newID(t)
	ct, _ := good.Seal(ctx, org, []byte("x"), nil)
	if _, err := NewKeyRing(MasterKey{}, good.ks).Open(ctx, org, ct, nil); !errors.Is(err, ErrNoMasterKey) {
		t.Errorf("Open with a zero master: err = %v, want ErrNoMasterKey", err)
	}
	if err := good.RotateMasterKey(ctx, MasterKey{}); err == nil {
		t.Error("rotation to a zero master accepted")
	}
}
