package store

import (
	"math/rand/v2"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// sharedBirthDate is a placeholder date many registers hold for people who
// do not know theirs.
const sharedBirthDate = "2000-01-01"

// BenchmarkSimilarCasesSharedBirthDate creates a case and looks for similar
// ones (as the API does) in a SQLite register where 11,000 cases share the
// new case's birth date: the cost must not grow with that number.
//
//	go test ./internal/store -run '^$' -bench SimilarCasesSharedBirthDate
func BenchmarkSimilarCasesSharedBirthDate(b *testing.B) {
	db := openTestSQLite(b)
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
	found := 0
	b.ResetTimer()
	for b.Loop() {
		c := shared()
		if err := db.CreateCase(ctx, &c); err != nil {
			b.Fatal(err)
		}
		similar, err := db.SimilarCases(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		found += len(similar)
	}
	b.ReportMetric(float64(found)/float64(b.N), "similar/op")
}

// BenchmarkCaseSearchSharedName searches a SQLite register where 11,000
// cases share the given name Aminata: by that name alone (a page of 50 and
// the capped total), and with a family name. The cost must not grow with
// the number of cases sharing the name.
//
//	go test ./internal/store -run '^$' -bench CaseSearchSharedName
func BenchmarkCaseSearchSharedName(b *testing.B) {
	db := openTestSQLite(b)
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
	for _, name := range []string{"Aminata", "Aminata Diallo", "Diallo Aminata Ousmane"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.ListCases(ctx, CaseFilter{Name: name}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
