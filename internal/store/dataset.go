package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/fault"
)

// DatasetInfo describes a stored statistics dataset.
type DatasetInfo struct {
	ID           uuid.UUID
	Name         string
	Rows         int64
	TermsSkipped bool // CTDC's terms-of-use column was left out
	ImportedBy   uuid.UUID
	CreatedAt    time.Time
	Columns      []DatasetColumn // in the file's order
}

// DatasetColumn describes one column of a dataset.
type DatasetColumn struct {
	Name    string
	Kind    dataset.Kind
	Missing int64 // rows without a value
	Values  int   // distinct values
}

// ColumnNames lists the dataset's columns.
func (d DatasetInfo) ColumnNames() []string {
	out := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		out[i] = c.Name
	}
	return out
}

// Datasets are the platform's, not an organisation's: they hold public or
// already de-identified data. Reading and counting them needs
// PermStatistics; importing and dropping, PermDatasetManage. Their audit
// entries go to the acting user's organisation chain (the platform's for
// the system).
func datasetAccess(ctx context.Context, p auth.Permission) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, err
	}
	if !a.Can(p) {
		return a, ErrForbidden
	}
	return a, nil
}

// ImportDataset reads a CSV file with a header (dataset.Read: CTDC's
// conventions, all or nothing) and stores it as dataset name, in one
// transaction audited "dataset.import". A name already taken is
// ErrConflict: drop the old dataset first.
func (db *DB) ImportDataset(ctx context.Context, name string, r io.Reader, opts dataset.ReadOptions) (DatasetInfo, error) {
	a, err := datasetAccess(ctx, auth.PermDatasetManage)
	if err != nil {
		return DatasetInfo{}, err
	}
	if err := dataset.CheckName(name); err != nil {
		return DatasetInfo{}, err
	}
	if _, err := db.datasetByName(ctx, name); err == nil {
		// Before reading a long file.
		return DatasetInfo{}, &fault.Error{Kind: fault.Conflict, Code: "dataset.name_taken", Params: map[string]any{"Name": name}, Err: ErrConflict}
	} else if !errors.Is(err, ErrNotFound) {
		return DatasetInfo{}, err
	}
	d, err := dataset.Read(r, opts)
	if err != nil {
		return DatasetInfo{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return DatasetInfo{}, err
	}
	info := DatasetInfo{ID: id, Name: name, Rows: d.Rows, TermsSkipped: d.TermsSkipped, ImportedBy: a.UserID, CreatedAt: now()}
	for _, c := range d.Columns {
		info.Columns = append(info.Columns, DatasetColumn{Name: c.Name, Kind: c.Kind, Missing: c.Missing, Values: len(c.Values)})
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO datasets (id, name, row_count, terms_skipped, imported_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, name, d.Rows, d.TermsSkipped, a.UserID, info.CreatedAt); err != nil {
			return err
		}
		col, err := t.PrepareContext(ctx, `INSERT INTO dataset_columns (dataset_id, position, name, kind, missing, value_count, dictionary)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`)
		if err != nil {
			return err
		}
		defer col.Close()
		chunk, err := t.PrepareContext(ctx, `INSERT INTO dataset_chunks (dataset_id, position, chunk, codes) VALUES ($1, $2, $3, $4)`)
		if err != nil {
			return err
		}
		defer chunk.Close()
		for pos, c := range d.Columns {
			if _, err := col.ExecContext(ctx, id, pos, c.Name, string(c.Kind), c.Missing, len(c.Values), dataset.EncodeValues(c.Values)); err != nil {
				return err
			}
			for i, codes := range c.Chunks {
				if _, err := chunk.ExecContext(ctx, id, pos, i, codes); err != nil {
					return err
				}
			}
		}
		t.audit(event(a, a.OrgID, "dataset.import", "dataset", id.String(),
			fmt.Sprintf("name=%s rows=%d columns=%d", name, d.Rows, len(d.Columns))))
		return nil
	})
	if err != nil {
		return DatasetInfo{}, err
	}
	return info, nil
}

func datasetNotFound(name string) error {
	return &fault.Error{Kind: fault.NotFound, Code: "dataset.not_found", Params: map[string]any{"Name": name}, Err: ErrNotFound}
}

// Datasets lists the stored datasets by name, without their columns.
func (db *DB) Datasets(ctx context.Context) ([]DatasetInfo, error) {
	if _, err := datasetAccess(ctx, auth.PermStatistics); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT id, name, row_count, terms_skipped, imported_by, created_at FROM datasets ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DatasetInfo
	for rows.Next() {
		var d DatasetInfo
		if err := rows.Scan(&d.ID, &d.Name, &d.Rows, &d.TermsSkipped, &d.ImportedBy, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Dataset describes dataset name with its columns; ErrNotFound when there
// is none.
func (db *DB) Dataset(ctx context.Context, name string) (DatasetInfo, error) {
	if _, err := datasetAccess(ctx, auth.PermStatistics); err != nil {
		return DatasetInfo{}, err
	}
	return db.datasetByName(ctx, name)
}

func (db *DB) datasetByName(ctx context.Context, name string) (DatasetInfo, error) {
	var d DatasetInfo
	err := db.readRow(ctx, `SELECT id, name, row_count, terms_skipped, imported_by, created_at FROM datasets WHERE name = $1`, name).
		Scan(&d.ID, &d.Name, &d.Rows, &d.TermsSkipped, &d.ImportedBy, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, datasetNotFound(name)
	}
	if err != nil {
		return d, err
	}
	rows, err := db.read(ctx, `SELECT name, kind, missing, value_count FROM dataset_columns WHERE dataset_id = $1 ORDER BY position`, d.ID)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var c DatasetColumn
		if err := rows.Scan(&c.Name, &c.Kind, &c.Missing, &c.Values); err != nil {
			return d, err
		}
		d.Columns = append(d.Columns, c)
	}
	return d, rows.Err()
}

// DropDataset removes dataset name and its data, audited "dataset.drop".
func (db *DB) DropDataset(ctx context.Context, name string) error {
	a, err := datasetAccess(ctx, auth.PermDatasetManage)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var id uuid.UUID
		var rowCount int64
		err := t.QueryRowContext(ctx, `SELECT id, row_count FROM datasets WHERE name = $1`, name).Scan(&id, &rowCount)
		if errors.Is(err, sql.ErrNoRows) {
			return datasetNotFound(name)
		}
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM dataset_chunks WHERE dataset_id = $1`,
			`DELETE FROM dataset_columns WHERE dataset_id = $1`,
			`DELETE FROM datasets WHERE id = $1`,
		} {
			if _, err := t.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		t.audit(event(a, a.OrgID, "dataset.drop", "dataset", id.String(), fmt.Sprintf("name=%s rows=%d", name, rowCount)))
		return nil
	})
}

// countDataset counts dataset name's rows by the columns by (see
// dataset.Tabulate). The counts are raw: they leave the store only through
// the disclosure-control release.
func (db *DB) countDataset(ctx context.Context, name string, by []string, split bool) (DatasetInfo, dataset.Table, error) {
	d, err := db.Dataset(ctx, name)
	if err != nil {
		return d, dataset.Table{}, err
	}
	if err := dataset.CheckBy(d.ColumnNames(), by); err != nil {
		return d, dataset.Table{}, err
	}
	cols := make([]dataset.Codes, len(by))
	for i, b := range by {
		pos := 0
		for j, c := range d.Columns {
			if c.Name == b {
				pos = j
			}
		}
		if cols[i], err = db.datasetCodes(ctx, d, pos); err != nil {
			return d, dataset.Table{}, err
		}
	}
	t, err := dataset.Tabulate(cols, d.Rows, split)
	return d, t, err
}

// datasetCodes reads one column's dictionary and codes.
func (db *DB) datasetCodes(ctx context.Context, d DatasetInfo, pos int) (dataset.Codes, error) {
	var dict []byte
	if err := db.readRow(ctx, `SELECT dictionary FROM dataset_columns WHERE dataset_id = $1 AND position = $2`, d.ID, pos).Scan(&dict); err != nil {
		return dataset.Codes{}, err
	}
	values, err := dataset.DecodeValues(dict)
	if err != nil {
		return dataset.Codes{}, err
	}
	col := &dataset.Column{Name: d.Columns[pos].Name, Kind: d.Columns[pos].Kind, Values: values, Missing: d.Columns[pos].Missing}
	rows, err := db.read(ctx, `SELECT codes FROM dataset_chunks WHERE dataset_id = $1 AND position = $2 ORDER BY chunk`, d.ID, pos)
	if err != nil {
		return dataset.Codes{}, err
	}
	defer rows.Close()
	out := make([]uint32, 0, d.Rows)
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return dataset.Codes{}, err
		}
		if out, err = dataset.DecodeChunk(out, b); err != nil {
			return dataset.Codes{}, err
		}
	}
	if err := rows.Err(); err != nil {
		return dataset.Codes{}, err
	}
	if int64(len(out)) != d.Rows {
		return dataset.Codes{}, fmt.Errorf("store: dataset %s column %d has %d codes for %d rows", d.ID, pos, len(out), d.Rows)
	}
	return dataset.Codes{Column: col, Codes: out}, nil
}
