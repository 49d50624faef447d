package store

import (
	"context"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// DatasetQuery is a table asked of a dataset: the columns to count by
// (dataset.MaxBy at most), whether a cell's several values count apart
// (dataset's package comment), and the disclosure policy.
type DatasetQuery struct {
	By     []string
	Split  bool
	Policy disclosure.Policy
}

// DatasetRelease is a dataset's table as it leaves the system.
type DatasetRelease struct {
	Dataset DatasetInfo
	Kinds   []dataset.Kind // of the variables, in the order of Release.Vars
	// Excluded is the number of rows left out for a missing value; nil when
	// it would tell more than the release (noise, or a withheld total).
	Excluded *int64
	Split    bool
	disclosure.Release
}

// TabulateDataset counts dataset name by q.By and releases the table
// through ReleaseTable under q.Policy (PermStatistics), to the acting user:
// protected against what they received from this dataset before, recorded,
// audited "statistics.release", spending the privacy budget under
// differential privacy. The Public method (k = 0) is for data that is
// already public, such as CTDC's.
func (db *DB) TabulateDataset(ctx context.Context, name string, q DatasetQuery) (DatasetRelease, error) {
	if _, err := datasetAccess(ctx, auth.PermStatistics); err != nil {
		return DatasetRelease{}, err
	}
	if err := q.Policy.Validate(); err != nil {
		return DatasetRelease{}, err
	}
	d, t, err := db.countDataset(ctx, name, q.By, q.Split)
	if err != nil {
		return DatasetRelease{}, err
	}
	p := q.Policy
	p.MaxContributions = max(p.MaxContributions, t.MaxContributions)
	in := disclosure.Table{Vars: t.Vars, Cells: make([]disclosure.Cell, len(t.Cells))}
	for i, c := range t.Cells {
		in.Cells[i] = disclosure.Cell{Values: c.Values, Count: c.Count}
	}
	rel, err := db.ReleaseTable(ctx, DatasetReleaseKey(d), "", in, p)
	if err != nil {
		return DatasetRelease{}, err
	}
	out := DatasetRelease{Dataset: d, Kinds: t.Kinds, Split: t.Split, Release: rel}
	if p.Method == disclosure.Public || (p.Method == disclosure.Suppression && !rel.Total.Suppressed && !t.Split) {
		n := t.Excluded
		out.Excluded = &n
	}
	return out, nil
}

// DatasetReleaseKey is the name a dataset's releases and privacy budget go
// by (ReleaseTable's dataset): one per import, so that data imported again
// under the same name never meets the releases of the data before it.
func DatasetReleaseKey(d DatasetInfo) string { return "dataset:" + d.ID.String() }
