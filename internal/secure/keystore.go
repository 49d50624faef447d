package secure

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Errors a KeyStore returns (wrapped or as is) and the KeyRing passes on.
var (
	// ErrNoKey: no key was ever made for this (org, subject) or org.
	ErrNoKey = errors.New("secure: no key")
	// ErrKeyShredded: the subject's key was destroyed; their data is gone.
	ErrKeyShredded = errors.New("secure: key shredded (data erased)")
	// ErrKeyExists: a key with this identity is already stored.
	ErrKeyExists = errors.New("secure: key already exists")
)

// WrappedKey is one organisation data key as stored: wrapped by the master key.
type WrappedKey struct {
	OrgID     uuid.UUID // uuid.Nil = platform key (e.g. for users' TOTP secrets)
	Version   int       // 1, 2, ...; the highest version encrypts new data
	MasterID  string    // MasterKey.ID() that wrapped it
	Wrapped   []byte    // AES-256-GCM(master, dataKey) with AAD binding org and version
	CreatedAt time.Time
}

// KeyStore persists wrapped keys (the store implements it on tables data_keys
// and subject_keys). Implementations must be safe for concurrent use.
type KeyStore interface {
	// DataKeys returns every version of one organisation's key (any order);
	// an empty list (nil error) when there is none yet.
	DataKeys(ctx context.Context, org uuid.UUID) ([]WrappedKey, error)
	// AddDataKey stores a new version; ErrKeyExists if (org, version) is taken.
	AddDataKey(ctx context.Context, k WrappedKey) error
	// ReplaceDataKeys overwrites the Wrapped and MasterID of every given
	// (org, version) in one transaction (master key rotation).
	ReplaceDataKeys(ctx context.Context, keys []WrappedKey) error
	// AllDataKeys returns every organisation's keys.
	AllDataKeys(ctx context.Context) ([]WrappedKey, error)
	// SubjectKey returns the wrapped subject key; ErrKeyShredded if it was
	// destroyed, ErrNoKey if it was never made.
	SubjectKey(ctx context.Context, org, subject uuid.UUID) ([]byte, error)
	// PutSubjectKey stores a new subject key. It must never overwrite: it
	// returns ErrKeyExists if a key exists and ErrKeyShredded if a tombstone
	// does (otherwise concurrent first writes could orphan sealed data).
	PutSubjectKey(ctx context.Context, org, subject uuid.UUID, wrapped []byte) error
	// ShredSubjectKey deletes the key material and keeps a tombstone so later
	// reads say ErrKeyShredded. Shredding an unknown subject leaves a tombstone
	// too (nil error); shredding twice is not an error.
	ShredSubjectKey(ctx context.Context, org, subject uuid.UUID) error
}
