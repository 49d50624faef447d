package secure

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// SealSubject encrypts plaintext about one person (subject) with that person's
// own key, made on first use and wrapped by org's current data key. After
// Shred, it returns ErrKeyShredded: an erased person gets no new data.
func (k *KeyRing) SealSubject(ctx context.Context, org, subject uuid.UUID, plaintext, aadExtra []byte) ([]byte, error) {
	a, err := k.subjectAEAD(ctx, org, subject, true)
	if err != nil {
		return nil, err
	}
	return seal(a, fmtSubject, 0, plaintext, aad(fmtSubject, 0, org, &subject, aadExtra))
}

// OpenSubject decrypts what SealSubject returned for the same org, subject and
// aad. It returns ErrKeyShredded once the subject was shredded.
func (k *KeyRing) OpenSubject(ctx context.Context, org, subject uuid.UUID, ciphertext, aadExtra []byte) ([]byte, error) {
	if _, err := header(ciphertext, fmtSubject); err != nil {
		return nil, err
	}
	a, err := k.subjectAEAD(ctx, org, subject, false)
	if err != nil {
		return nil, err
	}
	return open(a, ciphertext, aad(fmtSubject, 0, org, &subject, aadExtra))
}

// Shred destroys the subject's key: everything sealed with it is unrecoverable.
func (k *KeyRing) Shred(ctx context.Context, org, subject uuid.UUID) error {
	if err := k.ks.ShredSubjectKey(ctx, org, subject); err != nil {
		return fmt.Errorf("secure: shredding subject key: %w", err)
	}
	return nil
}

func (k *KeyRing) subjectAEAD(ctx context.Context, org, subject uuid.UUID, create bool) (cipher.AEAD, error) {
	w, err := k.ks.SubjectKey(ctx, org, subject)
	if errors.Is(err, ErrNoKey) && create {
		w, err = k.newSubjectKey(ctx, org, subject)
	}
	if err != nil {
		if errors.Is(err, ErrNoKey) || errors.Is(err, ErrKeyShredded) {
			return nil, err
		}
		return nil, fmt.Errorf("secure: reading subject key: %w", err)
	}
	return k.unwrapSubject(ctx, org, subject, w)
}

// newSubjectKey makes and stores a subject key and returns what is stored (a
// concurrent writer's key if it won).
func (k *KeyRing) newSubjectKey(ctx context.Context, org, subject uuid.UUID) ([]byte, error) {
	ok, err := k.org(ctx, org, true)
	if err != nil {
		return nil, err
	}
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("secure: generating subject key: %w", err)
	}
	v := ok.current
	w, err := seal(ok.aeads[v], fmtSubjectKey, v, raw, aad(fmtSubjectKey, v, org, &subject, nil))
	if err != nil {
		return nil, err
	}
	if err := k.ks.PutSubjectKey(ctx, org, subject, w); err != nil && !errors.Is(err, ErrKeyExists) {
		if errors.Is(err, ErrKeyShredded) {
			return nil, err
		}
		return nil, fmt.Errorf("secure: storing subject key: %w", err)
	}
	return k.ks.SubjectKey(ctx, org, subject)
}
