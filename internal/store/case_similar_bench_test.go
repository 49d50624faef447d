package store

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// sharedBirthDate is a placeholder date many registers hold for people who
// do not know theirs.
const sharedBirthDate = "2000-01-01"

// caseBenchDBs runs fn on SQLite and, when PASSERELLE_TEST_POSTGRES_URL is set,
// on PostgreSQL.
func caseBenchDBs(b *testing.B, fn func(b *testing.B, db *DB)) {
	b.Run(SQLite, func(b *testing.B) { fn(b, openTestSQLite(b)) })
	b.Run(Postgres, func(b *testing.B) { fn(b, openTestPostgres(b)) })
}

// BenchmarkSimilarCasesSharedBirthDate creates a case and looks for similar
// ones (as the API does) in a register where 11,000 cases share the new
// case's birth date: the cost must not grow with that number.
//
//	go test ./internal/store -run '^$' -bench SimilarCasesSharedBirthDate
func BenchmarkSimilarCasesSharedBirthDate(b *testing.B) { caseBenchDBs(b, benchSimilarSharedBirthDate) }

func benchSimilarSharedBirthDate(b *testing.B, db *DB) {
	w := newWorld(b, db)
	ctx := w.asSuperA()
	r := rand.New(rand.NewPCG(5, 6))
	shared := func() casework.Case {
		c := benchCase(r)
		c.Person.BirthDate = sharedBirthDate
		return c
	}
	const n = 11000
	for done := 0; done < n; {
		batch := make([]*casework.Case, min(1000, n-done))
		for i := range batch {
			c := shared()
			batch[i] = &c
		}
		if err := db.CreateCases(ctx, batch); err != nil {
			b.Fatal(err)
		}
		done += len(batch)
	}
	analyze(b, db)
	found := 0
	var check time.Duration // of which the duplicate check
	cpu0 := cpuTime()       // of this process: SQLite's work, not PostgreSQL's
	for b.Loop() {
		c := shared()
		if err := db.CreateCase(ctx, &c); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		similar, err := db.SimilarCases(ctx, c)
		check += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		found += len(similar)
	}
	b.ReportMetric(float64(found)/float64(b.N), "similar/op")
	b.ReportMetric(float64(check.Microseconds())/1000/float64(b.N), "check-ms/op")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkCaseSearchSharedName searches a register where 11,000 cases
// share the given name Aminata: by that name alone (a page of 50 and the
// capped total), with a family name, and with a token no case has. The cost
// must not grow with the number of cases sharing the name.
//
//	go test ./internal/store -run '^$' -bench CaseSearchSharedName
func BenchmarkCaseSearchSharedName(b *testing.B) { caseBenchDBs(b, benchSearchSharedName) }

func benchSearchSharedName(b *testing.B, db *DB) {
	w := newWorld(b, db)
	ctx := w.asSuperA()
	r := rand.New(rand.NewPCG(9, 10))
	const n = 11000
	for done := 0; done < n; {
		batch := make([]*casework.Case, min(1000, n-done))
		for i := range batch {
			c := benchCase(r)
			c.Person.GivenName = "Aminata"
			batch[i] = &c
		}
		if err := db.CreateCases(ctx, batch); err != nil {
			b.Fatal(err)
		}
		done += len(batch)
	}
	analyze(b, db)
	for _, name := range []string{"Aminata", "Aminata Diallo", "Diallo Aminata Ousmane"} {
		b.Run(name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := db.ListCases(ctx, CaseFilter{Name: name}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// analyze brings PostgreSQL's statistics to what autovacuum reaches.
func analyze(b *testing.B, db *DB) {
	if db.dialect == Postgres {
		if _, err := db.w.Exec(`VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
}
