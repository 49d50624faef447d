package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Latency of the case register at scale. Not part of the normal run:
//
//	PASSERELLE_BENCH_CASES=100000 go test -run '^TestCaseLatency$' -v -timeout 2h ./internal/store/
//
// runs on SQLite and, when PASSERELLE_TEST_POSTGRES_URL is set, on
// PostgreSQL, and prints p50/p95 of create, open, a filtered page and a name
// search (PASSERELLE_BENCH_DIALECT=sqlite or postgres runs one only). The
// smaller Benchmark* functions run with -bench.

const envBenchCases = "PASSERELLE_BENCH_CASES"

// Invented names of the Nigeria - Niger - Libya - Italy - France corridors.
var (
	benchGiven = []string{"Blessing", "Joy", "Precious", "Faith", "Gift", "Favour", "Osas", "Efosa", "Osaro", "Itohan",
		"Eghosa", "Ivie", "Nosa", "Omoruyi", "Chinwe", "Ngozi", "Chiamaka", "Adaeze", "Emeka", "Chukwudi", "Funmilayo",
		"Adebayo", "Yetunde", "Oluwaseun", "Aisha", "Hadiza", "Zainab", "Fatima", "Amina", "Mariama", "Moussa", "Issa",
		"Abdoulaye", "Hamidou", "Souleymane", "Rakia", "Haoua", "Salamatou", "Ibrahim", "Ousmane", "Aminata", "Fanta",
		"Kadiatou", "Mamadou", "Awa", "Ramatou", "Kofi", "Ama", "Akosua", "Esi", "Comfort", "Mercy", "Patience", "Sandra",
		"Marie", "Claire", "Sophie", "Léa", "Camille", "Inès", "Yasmine", "Nadia", "Ioana", "Andreea", "Elena", "Mihaela"}
	benchFamily = []string{"Osagie", "Igbinedion", "Ehigie", "Omoregie", "Idahosa", "Aigbe", "Ogbeide", "Osemwegie",
		"Iyamu", "Obasogie", "Edokpolo", "Okafor", "Nwosu", "Eze", "Okonkwo", "Obi", "Chukwu", "Adeyemi", "Ogunleye",
		"Adebayo", "Olatunji", "Bello", "Abubakar", "Musa", "Garba", "Danjuma", "Hamani", "Issoufou", "Maïga", "Abdou",
		"Moumouni", "Saidou", "Boubacar", "Oumarou", "Harouna", "Diallo", "Traoré", "Koné", "Coulibaly", "Diarra",
		"Mensah", "Owusu", "Asante", "Boateng", "Dubois", "Martin", "Bernard", "Moreau", "Lefèvre", "Popescu", "Ionescu",
		"Constantin", "Stan", "Dumitru", "Kowalska", "Nowak"}
	benchPlaces = []string{"Benin City", "Lagos", "Kano", "Agadez", "Niamey", "Zinder", "Tahoua", "Sabha", "Tripoli",
		"Palermo", "Turin", "Lyon", "Marseille", "Paris", "Nice", "Bucharest", "Craiova", "Accra", "Cotonou"}
	benchCountries = map[string][]string{ // citizenship -> likely route
		"NGA": {"NGA", "NER", "LBY", "ITA", "FRA"}, "NER": {"NER", "DZA", "LBY", "FRA"}, "FRA": {"FRA"},
		"ROU": {"ROU", "HUN", "AUT", "FRA"}, "GHA": {"GHA", "BFA", "NER", "LBY", "ITA"}, "BEN": {"BEN", "NGA", "NER"},
		"MLI": {"MLI", "NER", "DZA", "ESP", "FRA"}, "CIV": {"CIV", "MLI", "NER", "LBY", "ITA", "FRA"},
	}
	benchCitizenships = []string{"NGA", "NGA", "NGA", "NER", "NER", "FRA", "ROU", "GHA", "BEN", "MLI", "CIV"}
	benchStatuses     = []casework.Status{casework.Active, casework.Active, casework.Active, casework.FollowUp,
		casework.FollowUp, casework.Closed, casework.Closed, casework.Closed, casework.Closed, casework.ClosedReferred}
	benchExploitation = []string{"SexualExploitation", "SexualExploitation", "SexualExploitation", "ForcedLabour",
		"ForcedLabour", "ForcedBegging", "Servitude", "ForcedCriminality", "ForcedMarriage", "ChildLabour"}
)

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// benchCase invents one case with random HTCDS values.
func benchCase(r *rand.Rand) casework.Case {
	cit := pick(r, benchCitizenships)
	route := benchCountries[cit]
	age := 6 + r.IntN(40)
	c := casework.Case{
		Person: casework.Person{GivenName: pick(r, benchGiven), FamilyName: pick(r, benchFamily),
			BirthDate: fmt.Sprintf("%d-%02d-%02d", 2025-age-r.IntN(6), 1+r.IntN(12), 1+r.IntN(28)),
			Phone:     fmt.Sprintf("+234 80%d %03d %04d", r.IntN(10), r.IntN(1000), r.IntN(10000)),
			Narrative: "Recruited near " + pick(r, benchPlaces) + " with a promise of work; documents taken on arrival."},
		Gender:      pick(r, []string{"Feminine", "Feminine", "Feminine", "Masculine", "Masculine", "NonSpecifiedUnknown"}),
		Citizenship: cit, AgeWhenTrafficked: &age, Status: pick(r, benchStatuses),
		TraffickingStatus:  pick(r, casework.TraffickingStatuses),
		StatusDecidedBy:    pick(r, casework.DecisionMakingOrgs),
		Relationship:       pick(r, casework.Relationships),
		RecruitmentMethods: []string{pick(r, casework.RecruitmentMethods)},
		MethodsOfControl:   []string{"DebtBondage", pick(r, []string{"WithholdsDocuments", "PhysicalThreats", "TakesEarnings"})},
		Exploitation:       []string{pick(r, benchExploitation)},
	}
	if r.IntN(5) == 0 {
		if x := pick(r, benchExploitation); !slices.Contains(c.Exploitation, x) {
			c.Exploitation = append(c.Exploitation, x)
		}
	}
	n := 1 + r.IntN(len(route))
	for i := range n {
		kind := "transit"
		switch {
		case i == 0:
			kind = "recruitment"
		case i == n-1:
			kind = "exploitation"
		}
		c.Events = append(c.Events, casework.Event{Kind: kind, Country: route[i], Place: pick(r, benchPlaces)})
	}
	return c
}

// loadBenchCases imports n invented cases in batches and returns them.
func loadBenchCases(t testing.TB, db *DB, ctx context.Context, r *rand.Rand, n int) []casework.Case {
	t.Helper()
	out := make([]casework.Case, 0, n)
	start := time.Now()
	for len(out) < n {
		batch := make([]*casework.Case, min(1000, n-len(out)))
		for i := range batch {
			c := benchCase(r)
			batch[i] = &c
		}
		if err := db.CreateCases(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for _, c := range batch {
			out = append(out, *c)
		}
		if len(out)%20000 == 0 {
			t.Logf("%s: %d cases loaded in %s", db.Dialect(), len(out), time.Since(start).Round(time.Second))
		}
	}
	if db.dialect == Postgres {
		// The steady state autovacuum reaches: statistics, and visibility maps
		// for index-only scans of the blind index.
		if _, err := db.w.Exec(`VACUUM ANALYZE`); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestCaseLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(envBenchCases))
	if n <= 0 {
		t.Skipf("set %s (e.g. 100000) to measure the case register at scale", envBenchCases)
	}
	iters := 200
	for _, dialect := range []string{SQLite, Postgres} {
		if only := os.Getenv("PASSERELLE_BENCH_DIALECT"); only != "" && only != dialect {
			continue
		}
		t.Run(dialect, func(t *testing.T) {
			var db *DB
			if dialect == SQLite {
				db = openTestSQLite(t)
			} else {
				db = openTestPostgres(t)
			}
			w := newWorld(t, db)
			ctx := w.asSuperA()
			r := rand.New(rand.NewPCG(1, 2))
			start := time.Now()
			cases := loadBenchCases(t, db, ctx, r, n)
			t.Logf("%s: %d cases loaded in %s", dialect, n, time.Since(start).Round(time.Second))
			if b, err := os.ReadFile("/proc/loadavg"); err == nil {
				t.Logf("%s: load average %s", dialect, strings.TrimSpace(string(b)))
			}

			measure := func(name string, op func(i int) int) {
				t.Helper()
				ds := make([]time.Duration, iters)
				results := 0
				cpu0 := cpuTime()
				for i := range iters {
					s := time.Now()
					results += op(i)
					ds[i] = time.Since(s)
				}
				cpu := cpuTime() - cpu0
				slices.Sort(ds)
				t.Logf("%-8s %-7s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  test-process CPU %5.2f ms/op  (%d runs, %d cases, %.1f results/run)",
					dialect, name, ms(ds[iters/2]), ms(ds[iters*95/100]), ms(ds[iters-1]), ms(cpu/time.Duration(iters)),
					iters, n, float64(results)/float64(iters))
			}
			measure("create", func(int) int {
				c := benchCase(r)
				if err := db.CreateCase(ctx, &c); err != nil {
					t.Fatal(err)
				}
				return 1
			})
			measure("open", func(int) int {
				if _, err := db.GetCase(ctx, cases[r.IntN(len(cases))].ID); err != nil {
					t.Fatal(err)
				}
				return 1
			})
			filter := CaseFilter{Status: []casework.Status{casework.Active}, Exploitation: "SexualExploitation", Country: "NGA", Limit: 50}
			var total int
			measure("list", func(int) int {
				p, err := db.ListCases(ctx, filter)
				if err != nil {
					t.Fatal(err)
				}
				total = p.Total
				return len(p.Items)
			})
			t.Logf("%-8s list filter Status=Active Exploitation=SexualExploitation Country=NGA Limit=50: Total %d (cap %d)",
				dialect, total, CaseTotalCap)
			measure("search", func(int) int {
				p := cases[r.IntN(len(cases))].Person
				page, err := db.ListCases(ctx, CaseFilter{Name: p.GivenName + " " + p.FamilyName})
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Items) == 0 {
					t.Fatal("search missed a known name")
				}
				return len(page.Items)
			})
		})
	}
}

// cpuTime is the CPU time this process used (user and system): with other
// work on the machine, wall-clock percentiles include waiting for a processor.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchRegister is a SQLite register of 2,000 invented cases.
func benchRegister(b *testing.B) (*DB, context.Context, []casework.Case, *rand.Rand) {
	b.Helper()
	db := openTestSQLite(b)
	w := newWorld(b, db)
	ctx := w.asSuperA()
	r := rand.New(rand.NewPCG(3, 4))
	return db, ctx, loadBenchCases(b, db, ctx, r, 2000), r
}

func BenchmarkCaseCreate(b *testing.B) {
	db, ctx, _, r := benchRegister(b)
	for b.Loop() {
		c := benchCase(r)
		if err := db.CreateCase(ctx, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCaseGet(b *testing.B) {
	db, ctx, cases, r := benchRegister(b)
	for b.Loop() {
		if _, err := db.GetCase(ctx, cases[r.IntN(len(cases))].ID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCaseListFiltered(b *testing.B) {
	db, ctx, _, _ := benchRegister(b)
	f := CaseFilter{Status: []casework.Status{casework.Active}, Exploitation: "SexualExploitation", Country: "NGA", Limit: 50}
	for b.Loop() {
		if _, err := db.ListCases(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCaseSearchName(b *testing.B) {
	db, ctx, cases, r := benchRegister(b)
	for b.Loop() {
		p := cases[r.IntN(len(cases))].Person
		if _, err := db.ListCases(ctx, CaseFilter{Name: p.GivenName + " " + p.FamilyName}); err != nil {
			b.Fatal(err)
		}
	}
}
