package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// genCase is a generated case and what a person reading it would count it
// as, written down when it is drawn (not derived by the code under test).
type genCase struct {
	c        casework.Case
	orgB     bool
	consent  string // "", "given", "withdrawn"
	services []string
	want     map[string][]string // variable -> values it counts under
}

// genCases draws n cases over two organisations (A in Niger, B in France).
func genCases(n int, seed uint64) []*genCase {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	bands := []struct {
		group    string
		min, max int
	}{{"0-8", 0, 8}, {"9-17", 9, 17}, {"18-29", 18, 29}, {"30-47", 30, 47}, {"48+", 48, 70}}
	var out []*genCase
	for i := range n {
		g := &genCase{orgB: r.IntN(2) == 1, want: map[string][]string{}}
		c := &g.c
		c.Person = casework.Person{GivenName: fmt.Sprintf("Personne %d", i)}
		c.CreatedAt = time.Date(2022+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 10, 0, 0, 0, time.UTC)
		g.want[casestats.Year] = []string{fmt.Sprint(c.CreatedAt.Year())}
		c.Gender = pick("Feminine", "Masculine", "")
		g.want[casestats.Sex] = []string{or(c.Gender)}
		if r.IntN(6) == 0 {
			g.want[casestats.AgeGroup] = []string{"unknown"}
		} else {
			b := bands[r.IntN(len(bands))]
			age := b.min + r.IntN(b.max-b.min+1)
			c.AgeWhenTrafficked = &age
			g.want[casestats.AgeGroup] = []string{b.group}
		}
		c.Citizenship = pick("NGA", "NER", "MLI")
		g.want[casestats.Citizenship] = []string{c.Citizenship}
		for _, x := range []string{"ForcedLabour", "SexualExploitation", "ForcedBegging"} {
			if r.IntN(3) == 0 {
				c.Exploitation = append(c.Exploitation, x)
			}
		}
		g.want[casestats.Exploitation] = orList(c.Exploitation)
		origin, transit, dest := pick("", "NGA", "NER"), pick("", "", "LBY"), pick("", "NER", "FRA")
		for _, e := range []struct{ kind, country string }{{"recruitment", origin}, {"transit", transit}, {"exploitation", dest}} {
			if e.country != "" {
				c.Events = append(c.Events, casework.Event{Kind: e.kind, Country: e.country, Place: "lieu", Date: "2021-05-02"})
			}
		}
		switch {
		case origin == "" || dest == "":
			g.want[casestats.RouteScope] = []string{"unknown"}
			g.want[casestats.Route] = []string{casestats.NotRecorded}
		case origin == dest && transit == "":
			g.want[casestats.RouteScope] = []string{"domestic"}
			g.want[casestats.Route] = []string{origin + ">" + dest}
		default:
			g.want[casestats.RouteScope] = []string{"international"}
			g.want[casestats.Route] = []string{origin + ">" + dest}
		}
		g.want[casestats.ExploitationCountry] = []string{or(dest)}
		c.Justice.Investigation = pick("", "open", "charged")
		g.want[casestats.Investigation] = []string{or(c.Justice.Investigation)}
		g.consent = pick("", "given", "given", "withdrawn")
		if r.IntN(2) == 0 {
			g.services = []string{"shelter"}
		}
		g.want[casestats.Services] = orList(g.services)
		out = append(out, g)
	}
	return out
}

func or(v string) string {
	if v == "" {
		return casestats.NotRecorded
	}
	return v
}

func orList(vs []string) []string {
	if len(vs) == 0 {
		return []string{casestats.NotRecorded}
	}
	return slices.Clone(vs)
}

// record writes the generated cases through the store's own use cases.
func record(t *testing.T, w *world, gs []*genCase) {
	t.Helper()
	for _, b := range []bool{false, true} {
		ctx := w.asCaseA()
		if b {
			ctx = w.asCaseB()
		}
		var cs []*casework.Case
		var mine []*genCase
		for _, g := range gs {
			if g.orgB == b {
				cs, mine = append(cs, &g.c), append(mine, g)
			}
		}
		must(t, w.db.CreateCases(ctx, cs))
		for _, g := range mine {
			if g.consent != "" {
				k := casework.Consent{CaseID: g.c.ID, Purpose: casework.PurposeStatistics, GivenBy: "person", Method: "oral"}
				must(t, w.db.AddConsent(ctx, &k))
				if g.consent == "withdrawn" {
					must(t, w.db.WithdrawConsent(ctx, g.c.ID, k.ID))
				}
			}
			for _, s := range g.services {
				must(t, w.db.AddPlanItem(ctx, &casework.PlanItem{CaseID: g.c.ID, Objective: "Hébergement", Type: s, Status: "done"}))
			}
			// A planned item is not a service delivered.
			must(t, w.db.AddPlanItem(ctx, &casework.PlanItem{CaseID: g.c.ID, Objective: "Soins", Type: "health", Status: "planned"}))
		}
	}
}

// expect counts the generated cases by the variables, the way a person
// would: every combination of the values each case counts under.
func expect(gs []*genCase, by []string, in func(*genCase) bool) (cells map[string]int64, counted, excluded int64) {
	cells = map[string]int64{}
	for _, g := range gs {
		if !in(g) {
			continue
		}
		if g.consent != "given" {
			excluded++
			continue
		}
		counted++
		keys := []string{""}
		for i, v := range by {
			var next []string
			for _, k := range keys {
				for _, x := range g.want[v] {
					if i > 0 {
						next = append(next, k+"|"+x)
					} else {
						next = append(next, x)
					}
				}
			}
			keys = next
		}
		for _, k := range keys {
			cells[k]++
		}
	}
	return cells, counted, excluded
}

// TestCaseStatisticsCount counts generated cases by several variables in
// each scope and compares every cell with the count made from what the
// generator drew. SQLite reads the rows every way: packed or not, on one
// connection or several.
func TestCaseStatisticsCount(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		gs := genCases(120, 2026)
		record(t, w, gs)
		coord := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		ways := []struct {
			name           string
			pack, parallel int64
		}{{"packed", 1 << packBits, 100000}, {"columns", 0, 100000}, {"parallel", 1 << packBits, 0}}
		if db.dialect == Postgres {
			ways = ways[:1]
		}
		for _, way := range ways {
			for _, tc := range []struct {
				by    []string
				scope string
				cc    string
				ctx   context.Context
				in    func(*genCase) bool
			}{
				{[]string{"sex", "age_group", "exploitation"}, "network", "", coord, func(*genCase) bool { return true }},
				{[]string{"route_scope", "route"}, "network", "", coord, func(*genCase) bool { return true }},
				{[]string{"year", "services", "investigation"}, "country", "FRA", coord, func(g *genCase) bool { return g.orgB }},
				{[]string{"exploitation_country", "citizenship"}, "organisation", "", w.asSuperA(), func(g *genCase) bool { return !g.orgB }},
			} {
				t.Run(way.name+"/"+strings.Join(tc.by, ","), func(t *testing.T) {
					packLimit.Store(way.pack)
					parallelFrom.Store(way.parallel)
					defer func() { packLimit.Store(1 << packBits); parallelFrom.Store(100000) }()
					req := casestats.Request{By: tc.by, Scope: tc.scope, Country: tc.cc}
					if es := req.Normalise(); len(es) > 0 {
						t.Fatal(es)
					}
					a, _ := auth.ActorFrom(tc.ctx)
					got, err := db.tabulateCases(tc.ctx, a, req)
					must(t, err)
					want, counted, excluded := expect(gs, tc.by, tc.in)
					if got.Counted != counted || got.Excluded != excluded {
						t.Errorf("counted %d excluded %d, want %d and %d", got.Counted, got.Excluded, counted, excluded)
					}
					gotCells := map[string]int64{}
					for _, c := range got.Cells {
						gotCells[strings.Join(c.Values, "|")] = c.Count
					}
					for k, n := range want {
						if gotCells[k] != n {
							t.Errorf("cell %s: %d, want %d", k, gotCells[k], n)
						}
					}
					if len(gotCells) != len(want) {
						t.Errorf("%d cells, want %d: %v", len(gotCells), len(want), gotCells)
					}
				})
			}
		}
	})
}

// TestCaseStatisticsFollowsWrites: a withdrawn consent leaves the table and
// a changed case moves cells, in the write's own transaction.
func TestCaseStatisticsFollowsWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := blessing()
		must(t, db.CreateCase(ctx, &c))
		a, _ := auth.ActorFrom(w.asSuperA())
		req := casestats.Request{By: []string{"sex"}, Scope: "organisation"}
		must(t, req.Normalise().OrNil())
		tab := func() casestats.Table {
			t.Helper()
			got, err := db.tabulateCases(w.asSuperA(), a, req)
			must(t, err)
			return got
		}
		if got := tab(); got.Counted != 0 || got.Excluded != 1 || len(got.Cells) != 0 {
			t.Fatalf("without consent: %+v", got)
		}
		k := casework.Consent{CaseID: c.ID, Purpose: casework.PurposeStatistics, GivenBy: "person", Method: "written"}
		must(t, db.AddConsent(ctx, &k))
		if got := tab(); got.Counted != 1 || got.Excluded != 0 || len(got.Cells) != 1 || got.Cells[0].Values[0] != "Feminine" {
			t.Fatalf("with consent: %+v", got)
		}
		c, err := db.GetCase(ctx, c.ID)
		must(t, err)
		c.Gender = "Masculine"
		must(t, db.UpdateCase(ctx, c))
		if got := tab(); len(got.Cells) != 1 || got.Cells[0].Values[0] != "Masculine" {
			t.Fatalf("after the update: %+v", got)
		}
		must(t, db.EraseCase(w.asAdminA(), c.ID))
		if got := tab(); got.Counted != 1 {
			t.Fatalf("the de-identified facts of an erased case stay counted: %+v", got)
		}
		must(t, db.WithdrawConsent(ctx, c.ID, k.ID))
		if got := tab(); got.Counted != 0 || got.Excluded != 1 {
			t.Fatalf("after withdrawal: %+v", got)
		}
	})
}

func TestCaseStatisticsScope(t *testing.T) {
	db := openTestSQLite(t)
	w := newWorld(t, db)
	req := func(scope string) casestats.Request {
		r := casestats.Request{By: []string{"sex"}, Scope: scope, Country: "NER"}
		r.Normalise()
		return r
	}
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		scope string
		want  error
	}{
		{"caseworker", w.asCaseA(), "organisation", ErrForbidden},
		{"org admin", w.asAdminA(), "organisation", ErrForbidden},
		{"supervisor, network", w.asSuperA(), "network", ErrForbidden},
		{"supervisor, country", w.asSuperA(), "country", ErrForbidden},
		{"platform admin", w.asPlatform(), "network", ErrForbidden},
		{"no actor", context.Background(), "network", ErrForbidden},
		{"supervisor", w.asSuperA(), "organisation", nil},
		{"analyst, network", w.as(w.adminB, w.orgB.ID, auth.Analyst), "network", nil},
		{"coordinator, country", w.as(w.adminB, w.orgB.ID, auth.Coordinator), "country", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := auth.ActorFrom(tc.ctx)
			_, err := db.tabulateCases(tc.ctx, a, req(tc.scope))
			if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}

}

// TestCaseStatisticsReleased: tables leave through ReleaseTable with no
// count below k, and a live register that changed since the last release
// to the same organisation still gets its table.
func TestCaseStatisticsReleased(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		gs := genCases(60, 7)
		record(t, w, gs)
		coord := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		req := casestats.Request{By: []string{"sex", "age_group"}, Scope: casestats.ScopeNetwork}
		first, err := db.CaseStatistics(coord, req)
		must(t, err)
		if first.Release.Policy.K != 11 || first.Rule != casestats.CountedRule {
			t.Fatalf("release %+v", first)
		}
		for _, c := range first.Release.Cells {
			if c.Count != nil && *c.Count > 0 && *c.Count < 11 {
				t.Errorf("cell %v released below k: %d", c.Values, *c.Count)
			}
		}
		more := genCases(15, 8)
		record(t, w, more)
		second, err := db.CaseStatistics(coord, req)
		must(t, err)
		_, counted, _ := expect(append(gs, more...), req.By, func(*genCase) bool { return true })
		var released int64
		for _, c := range second.Release.Cells {
			if c.Count != nil {
				released += *c.Count
			}
		}
		if released > counted {
			t.Errorf("released %d cases of %d", released, counted)
		}
		if _, err := db.CaseStatistics(w.asCaseA(), req); !errors.Is(err, ErrForbidden) {
			t.Errorf("a caseworker got a table: %v", err)
		}
	})
}
