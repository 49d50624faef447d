package store

import (
	"context"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// CaseStats is a table of cases as it may leave the store: released through
// disclosure control, with the rule that chose the cases and how many it
// left out (printed under every table).
type CaseStats struct {
	Request  casestats.Request // as normalised
	Release  disclosure.Release
	Excluded int64  // cases of the scope the rule left out
	Rule     string // casestats.CountedRule
}

// CaseStatistics counts the cases of req's scope by req.By for the actor
// (PermCaseStatistics; a country's or the network's scope PermStatisticsNetwork)
// and releases the table through ReleaseTable (disclosure control against
// what the actor's organisation received before from the same scope; the
// release recorded and audited): the one way a table of cases leaves the
// store. Bad requests are valid.Errors on "by", "scope" and "country".
func (db *DB) CaseStatistics(ctx context.Context, req casestats.Request) (CaseStats, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return CaseStats{}, err
	}
	if !a.Can(auth.PermCaseStatistics) {
		return CaseStats{}, ErrForbidden
	}
	if es := req.Normalise(); len(es) > 0 {
		return CaseStats{}, es
	}
	t, err := db.tabulateCases(ctx, a, req)
	if err != nil {
		return CaseStats{}, err
	}
	table := disclosure.Table{Vars: t.Vars}
	for _, c := range t.Cells {
		table.Cells = append(table.Cells, disclosure.Cell{Values: c.Values, Count: c.Count})
	}
	rel, err := db.ReleaseTable(ctx, statsDataset(a, req), statsAudience(a), table, db.statsPolicy())
	if err != nil {
		return CaseStats{}, err
	}
	return CaseStats{Request: req, Release: rel, Excluded: t.Excluded, Rule: casestats.CountedRule}, nil
}

// statsDataset names what a table counts: "cases:<scope>", with the
// organisation or the country it is about.
func statsDataset(a auth.Actor, r casestats.Request) string {
	switch r.Scope {
	case casestats.ScopeOrganisation:
		return "cases:organisation:" + a.OrgID.String()
	case casestats.ScopeCountry:
		return "cases:country:" + r.Country
	}
	return "cases:network"
}

// statsAudience is who a table is released to: the actor's organisation,
// whose members can put its tables side by side.
func statsAudience(a auth.Actor) string { return "organisation:" + a.OrgID.String() }

// statsPolicy is the deployment's disclosure policy for case tables.
func (db *DB) statsPolicy() disclosure.Policy { return disclosure.DefaultPolicy() }
