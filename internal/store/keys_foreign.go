package store

import (
	"context"
	"fmt"
)

// ForeignDataKeys counts the data keys wrapped by a master key other than the
// one this handle was opened with. A command about to write a newly made
// master key checks it is zero first: a database that already holds data
// needs its own key, and a new one beside it would open nothing.
func (db *DB) ForeignDataKeys(ctx context.Context) (int, error) {
	var n int
	if err := db.readRow(ctx, `SELECT COUNT(*) FROM data_keys WHERE master_id <> $1`, db.keys.MasterID()).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: data keys: %w", err)
	}
	return n, nil
}
