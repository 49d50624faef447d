package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// Tabulating a million cases by three variables and releasing the table
// with cell suppression (CaseStatistics: count, protect against the
// audience's earlier releases, record). Not part of the normal run
// (benchmarks run with -bench only); the rows are bulk-inserted into the
// projection from invented cases (benchCase), as the case writes would have
// made them:
//
//	go test ./internal/store -run '^$' -bench BenchmarkCaseStatistics -benchtime 5x
//
// runs on SQLite and, when PASSERELLE_TEST_POSTGRES_URL is set, PostgreSQL.
// PASSERELLE_BENCH_CASES changes the number of cases (default 1,000,000).

func BenchmarkCaseStatistics(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv(envBenchCases)); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *DB
			if dialect == "sqlite" {
				db = openTestSQLite(b)
			} else {
				db = openTestPostgres(b)
			}
			w := newWorld(b, db)
			start := time.Now()
			bulkFacts(b, db, []uuid.UUID{w.orgA.ID, w.orgB.ID}, n)
			b.Logf("%s: %d cases' facts inserted in %s", dialect, n, time.Since(start).Round(time.Millisecond))
			ctx := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
			for _, by := range [][]string{{"year", "sex", "age_group"}, {"sex", "exploitation", "exploitation_country"}, {"citizenship", "year", "sex"}} {
				b.Run(strings.Join(by, ","), func(b *testing.B) {
					req := casestats.Request{By: by, Scope: casestats.ScopeNetwork}
					if err := req.Normalise().OrNil(); err != nil {
						b.Fatal(err)
					}
					var st CaseStats
					cpu := cpuTime()
					for b.Loop() {
						var err error
						if st, err = db.CaseStatistics(ctx, req); err != nil {
							b.Fatal(err)
						}
					}
					// The machine may be shared: the processor time this
					// process spent (with the database's, for SQLite) says
					// what a table costs when the wall clock is crowded.
					b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
					b.Logf("%s by %v: %d left out, %d cells, %d withheld (k = %d)", dialect, by, st.Excluded,
						len(st.Release.Cells), st.Release.Suppressed, st.Release.Policy.K)
				})
			}
		})
	}
}

// bulkFacts inserts n cases' statistics rows over the organisations, from
// invented cases, a thousand rows a statement.
func bulkFacts(b *testing.B, db *DB, orgs []uuid.UUID, n int) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	countries := map[uuid.UUID]string{}
	for _, o := range orgs {
		var c string
		if err := db.w.QueryRowContext(ctx, `SELECT country FROM organisations WHERE id = $1`, o).Scan(&c); err != nil {
			b.Fatal(err)
		}
		countries[o] = c
	}
	cols := append([]string{"case_id", "organisation_id", "org_country", "counted"}, factColumns...)
	// SQLite: one prepared row insert (its parser is slow on statements
	// with thousands of numbered parameters); PostgreSQL: a thousand rows a
	// statement. All in one transaction, the dictionary's codes included.
	batch := 1000
	if db.dialect == SQLite {
		batch = 1
	}
	marks := make([]string, 0, batch)
	for i := range batch {
		m := make([]string, len(cols))
		for j := range cols {
			m[j] = fmt.Sprintf("$%d", i*len(cols)+j+1)
		}
		marks = append(marks, "("+strings.Join(m, ", ")+")")
	}
	insert := `INSERT INTO case_facts (` + strings.Join(cols, ", ") + `) VALUES ` + strings.Join(marks, ", ")
	btx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	t := &tx{Tx: btx, db: db}
	stmt, err := btx.PrepareContext(ctx, insert)
	if err != nil {
		b.Fatal(err)
	}
	codes := map[string]int64{"": 0}
	const chunk = 10000
	for done := 0; done < n; done += chunk {
		m := min(chunk, n-done) / batch * batch
		rows := make([][]any, 0, m)
		var fresh []string
		for range m {
			c := benchCase(r)
			c.ID = uuid.Must(uuid.NewV7())
			c.OrgID = orgs[r.IntN(len(orgs))]
			if r.IntN(20000) == 0 {
				// A few people of other countries: small cells that
				// suppression must hide, with their complements.
				c.Citizenship = pick(r, []string{"BFA", "TCD", "CMR", "SEN", "GIN", "SLE", "LBR", "TGO"})
			}
			c.CreatedAt = time.Date(2015+r.IntN(10), 1+time.Month(r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			var plan []casestats.PlanEntry
			if r.IntN(2) == 0 {
				plan = append(plan, casestats.PlanEntry{Type: pick(r, casework.PlanItemTypes), Status: "done"})
			}
			f := casestats.FactsOf(c, plan)
			row := []any{db.factID(c.ID), db.factID(c.OrgID), countries[c.OrgID], r.IntN(10) != 0}
			for _, col := range factColumns {
				if _, ok := codes[f[col]]; !ok {
					codes[f[col]] = -1
					fresh = append(fresh, f[col])
				}
				row = append(row, f[col])
			}
			rows = append(rows, row)
		}
		for len(fresh) > 0 {
			part := fresh[:min(len(fresh), 500)]
			fresh = fresh[len(part):]
			got, err := t.codesOf(ctx, part)
			if err != nil {
				b.Fatal(err)
			}
			for v, c := range got {
				codes[v] = c
			}
		}
		for i := 0; i < len(rows); i += batch {
			args := make([]any, 0, batch*len(cols))
			for _, row := range rows[i : i+batch] {
				args = append(args, row[:4]...)
				for _, v := range row[4:] {
					args = append(args, codes[v.(string)])
				}
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				b.Fatal(err)
			}
		}
	}
	stmt.Close()
	if err := btx.Commit(); err != nil {
		b.Fatal(err)
	}
	if db.dialect == Postgres {
		if _, err := db.w.ExecContext(ctx, `ANALYZE case_facts`); err != nil {
			b.Fatal(err)
		}
	}
}
