package secure

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
)

// KeyRing seals and opens fields with organisation keys, unwrapping them from
// the KeyStore on first use and caching them in memory. Safe for concurrent use.
//
// Subject keys are not cached: after Shred, no copy survives in this process,
// and another process sharing the database cannot keep one either.
type KeyRing struct {
	ks KeyStore

	mu         sync.RWMutex // guards master, masterAEAD and orgs
	master     MasterKey
	masterAEAD cipher.AEAD
	orgs       map[uuid.UUID]*orgKeys

	// create serialises key creation and rotation within this process, so two
	// first uses of an organisation do not race to make version 1.
	create sync.Mutex
}

type orgKeys struct {
	current uint32
	aeads   map[uint32]cipher.AEAD
	v1      []byte // raw version-1 key, the root of the blind-index keys

	blindMu sync.Mutex
	blind   map[string][]byte // field -> derived HMAC key
}

// ErrNoMasterKey: the key ring was built with a zero MasterKey; it refuses to
// make or open keys rather than use an all-zero key.
var ErrNoMasterKey = errors.New("secure: no master key was given")

// NewKeyRing returns a key ring over ks using master. With a zero master every
// operation fails with ErrNoMasterKey.
func NewKeyRing(master MasterKey, ks KeyStore) *KeyRing {
	a, err := newAEAD(master.key[:])
	if err != nil { // cannot happen: the key is a fixed-size array
		panic(err)
	}
	return &KeyRing{ks: ks, master: master, masterAEAD: a, orgs: map[uuid.UUID]*orgKeys{}}
}

// MasterID is the fingerprint of the master key in use.
func (k *KeyRing) MasterID() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.master.ID()
}

// Seal encrypts plaintext for org under its current data key (making version 1
// on first use). aad names where the value lives (e.g. "person.name|<id>"); the
// same aad must be given to Open, so a ciphertext cannot be moved elsewhere.
func (k *KeyRing) Seal(ctx context.Context, org uuid.UUID, plaintext, aadExtra []byte) ([]byte, error) {
	ok, err := k.org(ctx, org, true)
	if err != nil {
		return nil, err
	}
	v := ok.current
	return seal(ok.aeads[v], fmtData, v, plaintext, aad(fmtData, v, org, nil, aadExtra))
}

// Open decrypts what Seal returned for the same org and aad.
func (k *KeyRing) Open(ctx context.Context, org uuid.UUID, ciphertext, aadExtra []byte) ([]byte, error) {
	v, err := header(ciphertext, fmtData)
	if err != nil {
		return nil, err
	}
	a, err := k.dataAEAD(ctx, org, v)
	if err != nil {
		return nil, err
	}
	return open(a, ciphertext, aad(fmtData, v, org, nil, aadExtra))
}

// dataAEAD returns the cipher of one version, reloading once from the store if
// this process has not seen that version (another process may have rotated).
func (k *KeyRing) dataAEAD(ctx context.Context, org uuid.UUID, v uint32) (cipher.AEAD, error) {
	ok, err := k.org(ctx, org, false)
	if errors.Is(err, ErrNoKey) {
		return nil, ErrDecrypt
	}
	if err != nil {
		return nil, err
	}
	if a := ok.aeads[v]; a != nil {
		return a, nil
	}
	// Versions are never deleted, so only a newer one (made by another
	// process) can be missing; anything else is junk, not worth a store read.
	if v <= ok.current || v > ok.current+1000 {
		return nil, ErrDecrypt
	}
	if ok, err = k.reload(ctx, org); err != nil {
		return nil, err
	}
	if a := ok.aeads[v]; a != nil {
		return a, nil
	}
	return nil, ErrDecrypt
}

// org returns the cached keys of org, loading them (and creating version 1
// when create is set and there is none).
func (k *KeyRing) org(ctx context.Context, org uuid.UUID, create bool) (*orgKeys, error) {
	k.mu.RLock()
	ok := k.orgs[org]
	k.mu.RUnlock()
	if ok != nil {
		return ok, nil
	}
	ok, err := k.reload(ctx, org)
	if !errors.Is(err, ErrNoKey) || !create {
		return ok, err
	}
	k.create.Lock()
	defer k.create.Unlock()
	if ok, err = k.reload(ctx, org); !errors.Is(err, ErrNoKey) {
		return ok, err
	}
	if err := k.addVersion(ctx, org, 1); err != nil && !errors.Is(err, ErrKeyExists) {
		return nil, err
	}
	return k.reload(ctx, org)
}

// reload reads and unwraps every version of org's key and caches them.
func (k *KeyRing) reload(ctx context.Context, org uuid.UUID) (*orgKeys, error) {
	wks, err := k.ks.DataKeys(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("secure: reading data keys: %w", err)
	}
	if len(wks) == 0 {
		return nil, ErrNoKey
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	ok := &orgKeys{aeads: map[uint32]cipher.AEAD{}, blind: map[string][]byte{}}
	for _, wk := range wks {
		raw, err := k.unwrapLocked(wk)
		if err != nil {
			return nil, err
		}
		a, err := newAEAD(raw)
		if err != nil {
			return nil, err
		}
		v := uint32(wk.Version)
		ok.aeads[v] = a
		if v > ok.current {
			ok.current = v
		}
		if v == 1 {
			ok.v1 = raw
		}
	}
	if ok.v1 == nil {
		return nil, fmt.Errorf("secure: organisation %s has no data key version 1", org)
	}
	if old := k.orgs[org]; old != nil && old.current == ok.current && len(old.aeads) == len(ok.aeads) {
		return old, nil // keep derived blind keys
	}
	k.orgs[org] = ok
	return ok, nil
}

func (k *KeyRing) unwrapLocked(wk WrappedKey) ([]byte, error) {
	return unwrapDataKey(k.master, k.masterAEAD, wk)
}

func unwrapDataKey(m MasterKey, a cipher.AEAD, wk WrappedKey) ([]byte, error) {
	if m.IsZero() {
		return nil, ErrNoMasterKey
	}
	if wk.Version < 1 || wk.Version > 1<<31 {
		return nil, fmt.Errorf("secure: data key of organisation %s has invalid version %d", wk.OrgID, wk.Version)
	}
	if wk.MasterID != m.ID() {
		return nil, fmt.Errorf("%w: key version %d of organisation %s was wrapped by master key %s, but the master key given is %s",
			ErrWrongMasterKey, wk.Version, wk.OrgID, wk.MasterID, m.ID())
	}
	v, err := header(wk.Wrapped, fmtDataKey)
	if err != nil || v != uint32(wk.Version) {
		return nil, fmt.Errorf("secure: data key version %d of organisation %s is damaged", wk.Version, wk.OrgID)
	}
	raw, err := open(a, wk.Wrapped, aad(fmtDataKey, v, wk.OrgID, nil, nil))
	if err != nil || len(raw) != KeySize {
		return nil, fmt.Errorf("%w: key version %d of organisation %s does not open under master key %s",
			ErrWrongMasterKey, wk.Version, wk.OrgID, m.ID())
	}
	return raw, nil
}

func wrapDataKey(m MasterKey, a cipher.AEAD, org uuid.UUID, version int, raw []byte, at time.Time) (WrappedKey, error) {
	if m.IsZero() {
		return WrappedKey{}, ErrNoMasterKey
	}
	w, err := seal(a, fmtDataKey, uint32(version), raw, aad(fmtDataKey, uint32(version), org, nil, nil))
	if err != nil {
		return WrappedKey{}, err
	}
	return WrappedKey{OrgID: org, Version: version, MasterID: m.ID(), Wrapped: w, CreatedAt: at}, nil
}

// addVersion makes, wraps and stores a new data key. Caller holds k.create.
func (k *KeyRing) addVersion(ctx context.Context, org uuid.UUID, version int) error {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("secure: generating data key: %w", err)
	}
	k.mu.RLock()
	wk, err := wrapDataKey(k.master, k.masterAEAD, org, version, raw, time.Now().UTC())
	k.mu.RUnlock()
	if err != nil {
		return err
	}
	if err := k.ks.AddDataKey(ctx, wk); err != nil {
		if errors.Is(err, ErrKeyExists) {
			return err
		}
		return fmt.Errorf("secure: storing data key: %w", err)
	}
	return nil
}

// RotateDataKey adds a new version of org's data key; new data is sealed with
// it, and older versions still open what they sealed. Subject keys stay
// wrapped under the version that made them (recorded in the wrapped blob).
func (k *KeyRing) RotateDataKey(ctx context.Context, org uuid.UUID) (int, error) {
	k.create.Lock()
	defer k.create.Unlock()
	ok, err := k.reload(ctx, org)
	next := 1
	switch {
	case err == nil:
		next = int(ok.current) + 1
	case !errors.Is(err, ErrNoKey):
		return 0, err
	}
	if err := k.addVersion(ctx, org, next); err != nil {
		return 0, err
	}
	if _, err := k.reload(ctx, org); err != nil {
		return 0, err
	}
	return next, nil
}

// RotateMasterKey rewraps every organisation's data keys under newMaster in
// one store transaction; afterwards the old master key opens nothing. Run it
// while no other process is creating keys (e.g. from the command line with the
// server stopped): keys added meanwhile by another process would stay under
// the old master.
func (k *KeyRing) RotateMasterKey(ctx context.Context, newMaster MasterKey) error {
	if newMaster.IsZero() {
		return errors.New("secure: new master key is empty")
	}
	k.create.Lock()
	defer k.create.Unlock()
	k.mu.RLock()
	oldMaster, oldAEAD := k.master, k.masterAEAD
	k.mu.RUnlock()
	if newMaster.ID() == oldMaster.ID() {
		return errors.New("secure: new master key is the same as the current one")
	}
	newAEADm, err := newAEAD(newMaster.key[:])
	if err != nil {
		return err
	}
	all, err := k.ks.AllDataKeys(ctx)
	if err != nil {
		return fmt.Errorf("secure: reading data keys: %w", err)
	}
	out := make([]WrappedKey, 0, len(all))
	for _, wk := range all {
		raw, err := unwrapDataKey(oldMaster, oldAEAD, wk)
		if err != nil {
			return err
		}
		nk, err := wrapDataKey(newMaster, newAEADm, wk.OrgID, wk.Version, raw, wk.CreatedAt)
		if err != nil {
			return err
		}
		out = append(out, nk)
	}
	if err := k.ks.ReplaceDataKeys(ctx, out); err != nil {
		return fmt.Errorf("secure: storing rewrapped data keys: %w", err)
	}
	k.mu.Lock()
	k.master, k.masterAEAD = newMaster, newAEADm
	k.mu.Unlock()
	return nil
}
