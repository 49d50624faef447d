package main

import (
	"context"
	"errors"
	"strings"

	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoDataset is the demo's statistics dataset: invented rows in the shape
// of CTDC's global dataset, along the West Africa - Niger - France and
// Central Europe corridor, for the coordinator and the analyst to count.
const (
	demoDataset     = "corridor-demo"
	demoDatasetRows = 5000
)

// seedDemoDatasets imports the demo dataset unless it is there.
func seedDemoDatasets(ctx context.Context, db *store.DB) error {
	if _, err := db.Dataset(ctx, demoDataset); err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var b strings.Builder
	if err := dataset.Generate(&b, demoDatasetRows, 2026); err != nil {
		return err
	}
	_, err := db.ImportDataset(ctx, demoDataset, strings.NewReader(b.String()), dataset.ReadOptions{})
	return err
}
