package store

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// TestCaseNameSearchPages: a name search over tokens many cases share,
// alone and with other conditions, pages through exactly the cases having
// every token, newest first, with the capped total, in its own
// organisation only.
func TestCaseNameSearchPages(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asSuperA()
		r := rand.New(rand.NewPCG(11, 12))
		invent := func() *casework.Case {
			c := benchCase(r)
			c.Person.GivenName = pick(r, []string{"Aminata", "Fatima", "Moussa"})
			c.Person.FamilyName = pick(r, []string{"Diallo", "Traoré", "Maïga"})
			c.Person.OtherNames = "Mama" // every case: more than one batch of candidates
			return &c
		}
		var cases []casework.Case
		for range 2 {
			batch := make([]*casework.Case, 160)
			for i := range batch {
				batch[i] = invent()
			}
			must(t, db.CreateCases(ctx, batch))
			for _, c := range batch {
				cases = append(cases, *c)
			}
		}
		must(t, db.CreateCases(w.asCaseB(), []*casework.Case{invent(), invent()}))

		for _, f := range []CaseFilter{
			{Name: "mama"},
			{Name: "Aminata"},
			{Name: "traore aminata"},
			{Name: "Mama Fatima Maïga"},
			{Name: "Mama", Exploitation: "ForcedLabour"},
			{Name: "Moussa", Status: []casework.Status{casework.Active, casework.FollowUp}},
			{Name: "Diallo Mama", Country: "NER", Status: []casework.Status{casework.Closed}},
			{Name: "Aminata Ousmane"},
		} {
			var want []uuid.UUID
			search := strings.Fields(secure.Normalize(f.Name))
			for _, c := range cases {
				tokens, _ := nameTokens(c.Person)
				ok := !slices.ContainsFunc(search, func(s string) bool { return !slices.Contains(tokens, s) })
				ok = ok && (f.Exploitation == "" || slices.Contains(c.Exploitation, f.Exploitation))
				ok = ok && (len(f.Status) == 0 || slices.Contains(f.Status, c.Status))
				ok = ok && (f.Country == "" || c.Citizenship == f.Country ||
					slices.ContainsFunc(c.Events, func(e casework.Event) bool { return e.Country == f.Country }))
				if ok {
					want = append(want, c.ID)
				}
			}
			slices.SortFunc(want, func(a, b uuid.UUID) int { return bytes.Compare(b[:], a[:]) })
			if len(want) == 0 && f.Name != "Aminata Ousmane" {
				t.Fatalf("%+v matches nothing: the check would prove little", f)
			}
			var got []uuid.UUID
			f.Limit = 7
			for pages := 0; ; pages++ {
				p, err := db.ListCases(ctx, f)
				must(t, err)
				if p.Total != min(len(want), CaseTotalCap) {
					t.Fatalf("%+v: total %d, want %d", f, p.Total, len(want))
				}
				for _, s := range p.Items {
					got = append(got, s.ID)
				}
				if p.Next == "" || pages > 100 {
					break
				}
				f.Cursor = p.Next
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%+v: pages hold %d cases, want %d (or another order)", f, len(got), len(want))
			}
		}
	})
}
