package store

import (
	"context"
	"fmt"
	"io"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/ctdc"
)

// ExportCTDC writes the CTDC submission file of the actor's organisation's
// cases to w (internal/ctdc: one row per victim in the Global Synthetic
// Dataset's columns, k-anonymised over its quasi-identifiers) and returns
// its report. The file holds no personal data, but it is made from the
// cases' own records, so it takes PermCaseExport like the HTCDS export
// (checked first): the organisation that keeps the cases decides what it
// submits. Only cases whose person consented to statistics (a consent in
// force now) are in it; the others are counted in Report.Excluded. A nil w
// computes the report alone (what the export page shows before the
// download). Audited "case.export_ctdc" with counts only. Bad options are
// valid.Errors on "k".
func (db *DB) ExportCTDC(ctx context.Context, w io.Writer, o ctdc.Options) (ctdc.Report, error) {
	a, err := caseActor(ctx, auth.PermCaseExport)
	if err != nil {
		return ctdc.Report{}, err
	}
	o.Normalise()
	if err := o.Validate(); err != nil {
		return ctdc.Report{}, err
	}
	cases, err := db.exportRead(ctx, a, CaseFilter{})
	if err != nil {
		return ctdc.Report{}, err
	}
	allowed, err := db.statisticsConsents(ctx, a.OrgID)
	if err != nil {
		return ctdc.Report{}, err
	}
	rows := make([]ctdc.Row, 0, len(cases))
	excluded := 0
	for _, c := range cases {
		if !casework.AnyActive(allowed[c.ID], casework.PurposeStatistics, now()) {
			excluded++
			continue
		}
		rows = append(rows, ctdc.FromCase(c))
	}
	out, rep := ctdc.Anonymise(rows, o)
	rep.Excluded = excluded
	detail := fmt.Sprintf("k=%d cases=%d excluded=%d rows=%d rows_suppressed=%d rows_removed=%d",
		rep.K, rep.Cases, rep.Excluded, rep.Written, rep.RowsSuppressed, rep.RowsRemoved)
	if w == nil {
		detail += " report_only=1"
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, a.OrgID, "case.export_ctdc", "case", "", detail))
		return nil
	})
	if err != nil || w == nil {
		return rep, err
	}
	return rep, ctdc.WriteCSV(w, out)
}
