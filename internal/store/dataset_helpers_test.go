package store

import (
	"context"

	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// publicTable is dataset name counted by by with the Public method: its
// cells with their counts, and the rows excluded.
type publicTable struct {
	Cells []struct {
		Values []string
		Count  int64
	}
	Excluded int64
}

func tabulateForTest(ctx context.Context, db *DB, name string, by []string) (publicTable, error) {
	rel, err := db.TabulateDataset(ctx, name, DatasetQuery{By: by, Policy: disclosure.Policy{Method: disclosure.Public}})
	if err != nil {
		return publicTable{}, err
	}
	var out publicTable
	for _, c := range rel.Cells {
		out.Cells = append(out.Cells, struct {
			Values []string
			Count  int64
		}{c.Values, *c.Count})
	}
	out.Excluded = *rel.Excluded
	return out, nil
}
