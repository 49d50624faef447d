package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// keyStore implements secure.KeyStore on tables data_keys and subject_keys.
// Key creation, rewrapping and shredding are audited (without key material)
// in the organisation's chain, with the actor of ctx when there is one.
type keyStore struct{ db *DB }

var _ secure.KeyStore = keyStore{}

func keyEvent(ctx context.Context, org uuid.UUID, action, recordType, recordID, detail string) audit.Entry {
	a, _ := auth.ActorFrom(ctx)
	return event(a, org, action, recordType, recordID, detail)
}

func (k keyStore) dataKeys(ctx context.Context, where string, args ...any) ([]secure.WrappedKey, error) {
	rows, err := k.db.read(ctx, `SELECT organisation_id, version, master_id, wrapped, created_at FROM data_keys`+
		where+` ORDER BY organisation_id, version`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: data keys: %w", err)
	}
	defer rows.Close()
	var out []secure.WrappedKey
	for rows.Next() {
		var w secure.WrappedKey
		if err := rows.Scan(&w.OrgID, &w.Version, &w.MasterID, &w.Wrapped, &w.CreatedAt); err != nil {
			return nil, err
		}
		w.CreatedAt = w.CreatedAt.UTC()
		out = append(out, w)
	}
	return out, rows.Err()
}

func (k keyStore) DataKeys(ctx context.Context, org uuid.UUID) ([]secure.WrappedKey, error) {
	return k.dataKeys(ctx, ` WHERE organisation_id = $1`, org)
}

func (k keyStore) AllDataKeys(ctx context.Context) ([]secure.WrappedKey, error) {
	return k.dataKeys(ctx, "")
}

func (k keyStore) AddDataKey(ctx context.Context, w secure.WrappedKey) error {
	at := w.CreatedAt
	if at.IsZero() {
		at = now()
	}
	err := k.db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO data_keys (organisation_id, version, master_id, wrapped, created_at)
			VALUES ($1, $2, $3, $4, $5)`, w.OrgID, w.Version, w.MasterID, w.Wrapped, at.UTC()); err != nil {
			return err
		}
		t.audit(keyEvent(ctx, w.OrgID, "key.create", "data_key", strconv.Itoa(w.Version), ""))
		return nil
	})
	if errors.Is(err, ErrConflict) {
		return secure.ErrKeyExists
	}
	return err
}

func (k keyStore) ReplaceDataKeys(ctx context.Context, keys []secure.WrappedKey) error {
	return k.db.write(ctx, func(t *tx) error {
		for _, w := range keys {
			res, err := t.ExecContext(ctx, `UPDATE data_keys SET master_id = $1, wrapped = $2
				WHERE organisation_id = $3 AND version = $4`, w.MasterID, w.Wrapped, w.OrgID, w.Version)
			if err != nil {
				return fmt.Errorf("store: replace data keys: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n != 1 {
				return fmt.Errorf("store: replace data keys: %w", secure.ErrNoKey)
			}
		}
		t.audit(keyEvent(ctx, uuid.Nil, "key.rewrap", "data_key", "", "keys="+strconv.Itoa(len(keys))))
		return nil
	})
}

func (k keyStore) SubjectKey(ctx context.Context, org, subject uuid.UUID) ([]byte, error) {
	var wrapped []byte
	var shredded sql.NullTime
	err := k.db.readRow(ctx, `SELECT wrapped, shredded_at FROM subject_keys
		WHERE organisation_id = $1 AND subject_id = $2`, org, subject).Scan(&wrapped, &shredded)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, secure.ErrNoKey
	case err != nil:
		return nil, fmt.Errorf("store: subject key: %w", err)
	case shredded.Valid:
		return nil, secure.ErrKeyShredded
	}
	return wrapped, nil
}

// PutSubjectKey never overwrites: an existing key is ErrKeyExists, a
// tombstone ErrKeyShredded.
func (k keyStore) PutSubjectKey(ctx context.Context, org, subject uuid.UUID, wrapped []byte) error {
	return k.db.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `INSERT INTO subject_keys (organisation_id, subject_id, wrapped, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id, subject_id) DO NOTHING`, org, subject, wrapped, now())
		if err != nil {
			return fmt.Errorf("store: put subject key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			return nil
		}
		var shredded sql.NullTime
		if err := t.QueryRowContext(ctx, `SELECT shredded_at FROM subject_keys WHERE organisation_id = $1 AND subject_id = $2`,
			org, subject).Scan(&shredded); err != nil {
			return err
		}
		if shredded.Valid {
			return secure.ErrKeyShredded
		}
		return secure.ErrKeyExists
	})
}

// ShredSubjectKey destroys the key material and keeps a tombstone (also for
// a subject that never had a key); shredding twice changes nothing.
func (k keyStore) ShredSubjectKey(ctx context.Context, org, subject uuid.UUID) error {
	return k.db.write(ctx, func(t *tx) error {
		at := now()
		res, err := t.ExecContext(ctx, `UPDATE subject_keys SET wrapped = NULL, shredded_at = $1
			WHERE organisation_id = $2 AND subject_id = $3 AND shredded_at IS NULL`, at, org, subject)
		if err != nil {
			return fmt.Errorf("store: shred subject key: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			res, err = t.ExecContext(ctx, `INSERT INTO subject_keys (organisation_id, subject_id, wrapped, created_at, shredded_at)
				VALUES ($1, $2, NULL, $3, $3) ON CONFLICT (organisation_id, subject_id) DO NOTHING`, org, subject, at)
			if err != nil {
				return fmt.Errorf("store: shred subject key: %w", err)
			}
			if n, err = res.RowsAffected(); err != nil || n == 0 {
				return err // already shredded
			}
		}
		t.audit(keyEvent(ctx, org, "subject.shred", "subject", subject.String(), ""))
		return nil
	})
}
