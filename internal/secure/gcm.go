package secure

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// ErrDecrypt is returned for any ciphertext that does not open: tampered,
// truncated, moved to another row or organisation, or under a wrong key. It
// deliberately does not say which.
var ErrDecrypt = errors.New("secure: ciphertext does not open (tampered, moved or wrong key)")

// ErrWrongMasterKey: the stored keys were wrapped by another master key.
var ErrWrongMasterKey = errors.New("secure: the data keys were wrapped by a different master key")

const (
	nonceSize = 12
	tagSize   = 16

	// Format bytes: the first byte of every blob says what it is, and is part
	// of the AAD so one kind can never be opened as another.
	fmtData       byte = 1 // field sealed under an org data key
	fmtSubject    byte = 2 // field sealed under a subject key
	fmtSubjectKey byte = 3 // subject key wrapped under an org data key
	fmtDataKey    byte = 4 // data key wrapped under the master key

	headerSize = 1 + 4 + nonceSize // format | key version (uint32, big endian) | nonce
)

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secure: key must be %d bytes", KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// aad builds the associated data: format, key version, org, optional subject
// and the caller's own context. The fixed-size prefix keeps it unambiguous.
func aad(format byte, version uint32, org uuid.UUID, subject *uuid.UUID, extra []byte) []byte {
	b := make([]byte, 0, 32+1+4+16+16+len(extra))
	b = append(b, "passerelle/secure/v1"...)
	b = append(b, format)
	b = binary.BigEndian.AppendUint32(b, version)
	b = append(b, org[:]...)
	if subject != nil {
		b = append(b, 1)
		b = append(b, subject[:]...)
	} else {
		b = append(b, 0)
	}
	return append(b, extra...)
}

// seal returns format | version | nonce | GCM(plaintext).
func seal(a cipher.AEAD, format byte, version uint32, plaintext, ad []byte) ([]byte, error) {
	out := make([]byte, headerSize, headerSize+len(plaintext)+tagSize)
	out[0] = format
	binary.BigEndian.PutUint32(out[1:5], version)
	if _, err := rand.Read(out[5:headerSize]); err != nil {
		return nil, fmt.Errorf("secure: reading random nonce: %w", err)
	}
	return a.Seal(out, out[5:headerSize], plaintext, ad), nil
}

// header splits a blob; it checks only the shape.
func header(blob []byte, format byte) (version uint32, err error) {
	if len(blob) < headerSize+tagSize || blob[0] != format {
		return 0, ErrDecrypt
	}
	return binary.BigEndian.Uint32(blob[1:5]), nil
}

func open(a cipher.AEAD, blob, ad []byte) ([]byte, error) {
	pt, err := a.Open(nil, blob[5:headerSize], blob[headerSize:], ad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}
