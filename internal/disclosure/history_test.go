package disclosure

import (
	"github.com/passerelle-org/passerelle/internal/fault"
	"math/rand/v2"
	"testing"
)

// person is an invented record: the tables of one test count the same
// people, as tables released from one dataset do.
type person struct{ sex, age, citizenship string }

func people(rng *rand.Rand, n int) []person {
	sexes := []string{"f", "m", "f", "m", "f", "m", "x"}
	ages := []string{"0-17", "18-24", "25-34", "35+"}
	cits := []string{"NGA", "NER", "MLI", "CMR", "GHA"}
	out := make([]person, n)
	for i := range out {
		// Skewed draws make small cells common, as in the register.
		out[i] = person{sexes[rng.IntN(len(sexes))], ages[min(rng.IntN(4), rng.IntN(4))], cits[min(rng.IntN(5), rng.IntN(5), rng.IntN(5))]}
	}
	return out
}

func crossTab(ps []person, vars ...string) Table {
	t := Table{Vars: vars}
	at := map[string]int{}
	for _, p := range ps {
		var values []string
		for _, v := range vars {
			switch v {
			case "sex":
				values = append(values, p.sex)
			case "age":
				values = append(values, p.age)
			case "citizenship":
				values = append(values, p.citizenship)
			}
		}
		k := key(values)
		i, ok := at[k]
		if !ok {
			i = len(t.Cells)
			at[k] = i
			t.Cells = append(t.Cells, Cell{Values: values})
		}
		t.Cells[i].Count++
	}
	return t
}

// Two and three overlapping tables released to the same person pin nothing
// together: sex × age, then sex × citizenship (they share the sex margin and
// the total), then sex × age × citizenship (whose cells add up to both).
func TestAttackOverlappingTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2026))
	linked, refused, refused2 := 0, 0, 0
	for i := range 60 / scale {
		ps := people(rng, 20+rng.IntN(100))
		k := []int{5, DefaultK}[i%2]
		p := Policy{Method: Suppression, K: k}
		t1, t2, t3 := crossTab(ps, "sex", "age"), crossTab(ps, "sex", "citizenship"), crossTab(ps, "sex", "age", "citizenship")
		r1, err := Protect(t1, p)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ProtectAgainst(t2, p, []Release{r1})
		if fault.As(err) != nil && fault.As(err).Code == CodeCannotProtect {
			refused2++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		attack(t, &t2, r1, r2)
		r3, err := ProtectAgainst(t3, p, []Release{r1, r2})
		if fault.As(err) != nil && fault.As(err).Code == CodeCannotProtect {
			refused++
			r3 = Release{}
		} else if err != nil {
			t.Fatal(err)
		} else {
			attack(t, &t3, r1, r2, r3)
		}
		for _, r := range []Release{r1, r2, r3} {
			noSmallCells(t, r, k)
		}
		// Would the three-way table, protected without the history, have
		// leaked?
		alone, err := Protect(t3, p)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := pinned(&t3, r1, r2, alone); err != nil {
			t.Fatal(err)
		} else if len(got) > 0 {
			linked++
		}
	}
	t.Logf("%d populations; in %d the third table protected alone leaks with the first two; second table refused in %d, third in %d", 60/scale, linked, refused2, refused)
	if linked == 0 {
		t.Error("no population where the history matters: the test would pass without it")
	}
}

// An earlier release of other people (the data changed) is not linked: the
// release still comes out, protected on its own.
func TestHistoryOfOtherDataIgnored(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	p := DefaultPolicy()
	r1, err := Protect(crossTab(people(rng, 80), "sex", "age"), p)
	if err != nil {
		t.Fatal(err)
	}
	t2 := crossTab(people(rng, 90), "sex", "citizenship")
	r2, err := ProtectAgainst(t2, p, []Release{r1})
	if err != nil {
		t.Fatal(err)
	}
	attack(t, &t2, r2)
}

// A chain of four tables to one person: sex, sex × age, age × citizenship,
// then sex × age × citizenship. Now and then the last would give an earlier
// figure away by which of its combinations are empty; it then lists them,
// and withholds some.
func TestAttackChainOfFour(t *testing.T) {
	rng := rand.New(rand.NewPCG(201, 2))
	completed := 0
	for i := range 30 / scale {
		ps := people(rng, 10+rng.IntN(200))
		p := Policy{Method: Suppression, K: []int{3, 5, 11}[i%3]}
		var rels []Release
		for _, tb := range []Table{crossTab(ps, "sex"), crossTab(ps, "sex", "age"),
			crossTab(ps, "age", "citizenship"), crossTab(ps, "sex", "age", "citizenship")} {
			r, err := ProtectAgainst(tb, p, rels)
			if err != nil {
				t.Fatalf("population %d, %v: %v", i, tb.Vars, err)
			}
			if len(r.Cells) > len(tb.Cells) {
				completed++
				for _, c := range r.Cells[len(tb.Cells):] {
					if c.Count != nil && *c.Count != 0 {
						t.Fatalf("an added combination counts %d", *c.Count)
					}
				}
				full, _ := complete(tb)
				tb = full
			}
			rels = append(rels, r)
			attack(t, &tb, rels...)
			noSmallCells(t, r, p.K)
		}
	}
	t.Logf("%d chains of four tables; %d tables listed their empty combinations", 30/scale, completed)
	if completed == 0 && scale == 1 {
		t.Error("no chain needed the empty combinations: the fallback is untested")
	}
}
