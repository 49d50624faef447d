package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// BenchmarkLinkageRun measures one two-party run on SQLite with N cases per
// organisation (env PASSERELLE_BENCH_LINK_N, default 2000; invented people,
// every case consents to statistics; a third of B's people are A's): the
// time for one party to open and encode its cases (approve) and the time to
// match. Run with -benchtime=1x (the daily limit of runs applies here too):
//
//	go test ./internal/store -run '^$' -bench LinkageRun -benchtime=1x
func BenchmarkLinkageRun(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("PASSERELLE_BENCH_LINK_N")); err == nil && v > 0 {
		n = v
	}
	db := openTestSQLite(b)
	w := newWorld(b, db)
	recs := linkage.SyntheticRecords(n+n*2/3, 7)
	person := func(i int) *casework.Case {
		r := recs[i]
		p := strings.Split(r[2], "-")
		y, _ := strconv.Atoi(p[0])
		m, _ := strconv.Atoi(p[1])
		d, _ := strconv.Atoi(p[2])
		age := 18 + i%30
		return &casework.Case{Person: casework.Person{GivenName: r[0], FamilyName: r[1],
			BirthDate: fmt.Sprintf("%04d-%02d-%02d", y, m, d)}, Gender: map[string]string{"f": "Feminine", "m": "Masculine"}[r[3]],
			Citizenship: "NGA", AgeWhenTrafficked: &age, Exploitation: []string{"ForcedLabour"}}
	}
	add := func(ctx context.Context, from int) {
		cs := make([]*casework.Case, 0, n)
		for i := from; i < from+n; i++ {
			cs = append(cs, person(i))
		}
		must(b, db.CreateCases(ctx, cs))
		must(b, db.write(ctx, func(t *tx) error {
			for _, c := range cs {
				id, _ := uuid.NewV7()
				if _, err := t.ExecContext(ctx, `INSERT INTO case_consents (id, organisation_id, case_id, purpose, given_by,
					method, given_at, recorded_by) VALUES ($1, $2, $3, 'statistics', 'person', 'oral', $4, $5)`,
					id, c.OrgID, c.ID, time.Now().Add(-time.Hour).UTC(), c.AssignedTo); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	add(w.asCaseA(), 0)
	add(w.asCaseB(), n*2/3)
	secret := []byte("a shared secret agreed by telephone, 2026")
	year := time.Now().Year()
	b.ResetTimer()
	for range b.N {
		r := &linkrun.Run{Name: "Bench", From: fmt.Sprintf("%d-01-01", year-1), To: fmt.Sprintf("%d-12-31", year+1),
			MinSize: 20, Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
		must(b, db.ProposeLinkageRun(w.sys, r, true))
		t0 := time.Now()
		must(b, errOnly(db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: secret})))
		approve := time.Since(t0)
		must(b, errOnly(db.ApproveLinkageRun(w.asAdminB(), r.ID, linkrun.Approval{Secret: secret})))
		t1 := time.Now()
		res, err := db.MatchLinkageRun(w.sys, r.ID)
		must(b, err)
		b.ReportMetric(float64(approve.Milliseconds()), "approve_ms")
		b.ReportMetric(float64(time.Since(t1).Milliseconds()), "match_ms")
		b.ReportMetric(float64(res.Overall["11"]), "shared")
	}
}
