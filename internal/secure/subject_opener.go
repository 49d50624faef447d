package secure

import (
	"context"
	"crypto/cipher"
	"fmt"

	"github.com/google/uuid"
)

// SubjectOpener opens many values of one subject with one unwrapped key, for
// a reader that fetched the wrapped key together with the subject's records
// (one query instead of one per value). It lives as long as that read: it is
// never kept, so shredding still leaves no copy behind.
type SubjectOpener struct {
	a            cipher.AEAD // nil: the key is shredded or was never made
	org, subject uuid.UUID
}

// SubjectOpener unwraps wrapped, the subject key as the KeyStore holds it;
// nil wrapped (no key, or a shredded one) gives an opener that opens nothing.
func (k *KeyRing) SubjectOpener(ctx context.Context, org, subject uuid.UUID, wrapped []byte) (*SubjectOpener, error) {
	o := &SubjectOpener{org: org, subject: subject}
	if len(wrapped) == 0 {
		return o, nil
	}
	a, err := k.unwrapSubject(ctx, org, subject, wrapped)
	if err != nil {
		return nil, err
	}
	o.a = a
	return o, nil
}

// Open decrypts what SealSubject returned for the same subject and aad; with
// no key it returns ErrKeyShredded.
func (o *SubjectOpener) Open(ciphertext, aadExtra []byte) ([]byte, error) {
	if _, err := header(ciphertext, fmtSubject); err != nil {
		return nil, err
	}
	if o.a == nil {
		return nil, ErrKeyShredded
	}
	return open(o.a, ciphertext, aad(fmtSubject, 0, o.org, &o.subject, aadExtra))
}

// unwrapSubject opens a wrapped subject key under its organisation key.
func (k *KeyRing) unwrapSubject(ctx context.Context, org, subject uuid.UUID, w []byte) (cipher.AEAD, error) {
	v, err := header(w, fmtSubjectKey)
	if err != nil {
		return nil, fmt.Errorf("secure: subject key is damaged")
	}
	da, err := k.dataAEAD(ctx, org, v)
	if err != nil {
		return nil, err
	}
	raw, err := open(da, w, aad(fmtSubjectKey, v, org, &subject, nil))
	if err != nil {
		return nil, fmt.Errorf("secure: subject key does not open under its organisation key")
	}
	return newAEAD(raw)
}
