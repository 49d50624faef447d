package secure

import (
	"context"
	"slices"
	"sync"

	"github.com/google/uuid"
)

// memKeyStore is a complete in-memory KeyStore for this package's tests (the
// store package has the database one). It copies bytes in and out so callers
// cannot alter what is stored.
type memKeyStore struct {
	mu       sync.Mutex
	data     map[uuid.UUID]map[int]WrappedKey
	subjects map[[2]uuid.UUID][]byte
	tombs    map[[2]uuid.UUID]bool
	adds     int // AddDataKey calls that stored a key
}

func newMemKeyStore() *memKeyStore {
	return &memKeyStore{
		data:     map[uuid.UUID]map[int]WrappedKey{},
		subjects: map[[2]uuid.UUID][]byte{},
		tombs:    map[[2]uuid.UUID]bool{},
	}
}

func cloneWK(k WrappedKey) WrappedKey { k.Wrapped = slices.Clone(k.Wrapped); return k }

func (m *memKeyStore) DataKeys(_ context.Context, org uuid.UUID) ([]WrappedKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []WrappedKey
	for _, k := range m.data[org] {
		out = append(out, cloneWK(k))
	}
	return out, nil
}

func (m *memKeyStore) AddDataKey(_ context.Context, k WrappedKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data[k.OrgID] == nil {
		m.data[k.OrgID] = map[int]WrappedKey{}
	}
	if _, ok := m.data[k.OrgID][k.Version]; ok {
		return ErrKeyExists
	}
	m.data[k.OrgID][k.Version] = cloneWK(k)
	m.adds++
	return nil
}

func (m *memKeyStore) ReplaceDataKeys(_ context.Context, keys []WrappedKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		if _, ok := m.data[k.OrgID][k.Version]; !ok {
			return ErrNoKey
		}
	}
	for _, k := range keys {
		m.data[k.OrgID][k.Version] = cloneWK(k)
	}
	return nil
}

func (m *memKeyStore) AllDataKeys(_ context.Context) ([]WrappedKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []WrappedKey
	for _, vs := range m.data {
		for _, k := range vs {
			out = append(out, cloneWK(k))
		}
	}
	return out, nil
}

func (m *memKeyStore) SubjectKey(_ context.Context, org, subject uuid.UUID) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := [2]uuid.UUID{org, subject}
	if m.tombs[id] {
		return nil, ErrKeyShredded
	}
	w, ok := m.subjects[id]
	if !ok {
		return nil, ErrNoKey
	}
	return slices.Clone(w), nil
}

func (m *memKeyStore) PutSubjectKey(_ context.Context, org, subject uuid.UUID, wrapped []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := [2]uuid.UUID{org, subject}
	if m.tombs[id] {
		return ErrKeyShredded
	}
	if _, ok := m.subjects[id]; ok {
		return ErrKeyExists
	}
	m.subjects[id] = slices.Clone(wrapped)
	return nil
}

func (m *memKeyStore) ShredSubjectKey(_ context.Context, org, subject uuid.UUID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := [2]uuid.UUID{org, subject}
	if w, ok := m.subjects[id]; ok {
		clear(w)
		delete(m.subjects, id)
	}
	m.tombs[id] = true
	return nil
}
