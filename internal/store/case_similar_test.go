package store

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// similarByScan is the duplicate check as it was first written: every case
// born that day, probed for a name token. It is the reference the indexed
// check must agree with.
func similarByScan(t testing.TB, db *DB, org uuid.UUID, c casework.Case) []uuid.UUID {
	t.Helper()
	ctx := context.Background()
	tokens, full := nameTokens(c.Person)
	args := []any{org}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var parts []string
	if full != "" {
		h, err := db.keys.BlindIndex(ctx, org, "name", full)
		must(t, err)
		parts = append(parts, `SELECT case_id FROM case_name_index WHERE organisation_id = $1 AND hash = `+arg(h))
	}
	birth, err := db.birthHash(ctx, org, c.Person.BirthDate)
	must(t, err)
	if birth != nil && len(tokens) > 0 {
		in := ""
		for i, tok := range tokens {
			h, err := db.keys.BlindIndex(ctx, org, "name", tok)
			must(t, err)
			if i > 0 {
				in += ", "
			}
			in += arg(h)
		}
		parts = append(parts, `SELECT c.id FROM cases c WHERE c.organisation_id = $1 AND c.birth_hash = `+arg(birth)+
			` AND EXISTS (SELECT 1 FROM case_name_index n WHERE n.organisation_id = $1 AND n.case_id = c.id AND n.hash IN (`+in+`))`)
	}
	if len(parts) == 0 {
		return nil
	}
	query := parts[0]
	if len(parts) == 2 {
		query += " UNION " + parts[1]
	}
	query = `SELECT c.id FROM cases c WHERE c.id IN (` + query + `) AND c.id <> ` + arg(c.ID) + ` ORDER BY c.id DESC LIMIT 20`
	ids, err := scanIDs(db.r.QueryContext(ctx, query, args...))
	must(t, err)
	return ids
}

func summaryIDs(s []CaseSummary) []uuid.UUID {
	out := make([]uuid.UUID, len(s))
	for i, c := range s {
		out[i] = c.ID
	}
	return out
}

// redoBirthNameMigration undoes and reapplies migration 10, as an upgrade
// from a register written without case_birth_name_index does.
func redoBirthNameMigration(t testing.TB, db *DB) {
	t.Helper()
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect)
	must(t, err)
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.w, sub)
	must(t, err)
	ctx := context.Background()
	if _, err := p.ApplyVersion(ctx, 10, false); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "case_name_index"); n == 0 {
		t.Fatal("no name index to rebuild from: the backfill would prove nothing")
	}
	if _, err := p.ApplyVersion(ctx, 10, true); err != nil {
		t.Fatal(err)
	}
}

// TestSimilarCasesBirthNameIndex: the duplicate check answers exactly as
// the scan of every case born that day did, for cases written before the
// pair index existed (backfilled by the migration) and after, after updates
// and erasure, and never across organisations.
func TestSimilarCasesBirthNameIndex(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx, ctxB := w.asCaseA(), w.asCaseB()
		r := rand.New(rand.NewPCG(7, 8))
		invent := func() casework.Case {
			c := benchCase(r)
			c.Status = ""
			c.Person.BirthDate = pick(r, []string{sharedBirthDate, sharedBirthDate, sharedBirthDate, "1998-07-14", ""})
			return c
		}
		// Fatima, born on the shared date, is in more than 20 cases: the
		// check keeps the 20 newest.
		fatima := func() casework.Case {
			c := invent()
			c.Person.GivenName, c.Person.BirthDate = "Fatima", sharedBirthDate
			return c
		}
		var cases []casework.Case
		add := func(c casework.Case) casework.Case {
			c = createCase(t, db, ctx, c)
			cases = append(cases, c)
			return c
		}
		// Written before the pair index: the migration must index them.
		old := add(casework.Case{Person: casework.Person{GivenName: "Aminata", FamilyName: "Traoré",
			OtherNames: "Mata", BirthDate: sharedBirthDate}, Citizenship: "MLI"})
		for i := range 40 {
			if i%3 == 0 {
				add(fatima())
			} else {
				add(invent())
			}
		}
		moved := add(casework.Case{Person: casework.Person{GivenName: "Rakia", FamilyName: "Issoufou",
			BirthDate: sharedBirthDate}, Citizenship: "NER"})
		moved.Person.BirthDate = "2001-05-09"
		must(t, db.UpdateCase(ctx, moved))
		erased := add(casework.Case{Person: casework.Person{GivenName: "Haoua", FamilyName: "Saidou",
			BirthDate: sharedBirthDate}, Citizenship: "NER"})
		must(t, db.EraseCase(w.asAdminA(), erased.ID))
		defer func() {
			var n int
			must(t, db.r.QueryRow(`SELECT COUNT(*) FROM case_birth_name_index WHERE case_id = $1`, erased.ID).Scan(&n))
			if n != 0 {
				t.Errorf("the erased case keeps %d birth and name index rows", n)
			}
		}()
		// Organisation B holds the same person as A's first case.
		createCase(t, db, ctxB, casework.Case{Person: old.Person, Citizenship: "MLI"})

		redoBirthNameMigration(t, db)
		var pairs, joined int
		must(t, db.r.QueryRow(`SELECT COUNT(*) FROM case_birth_name_index`).Scan(&pairs))
		must(t, db.r.QueryRow(`SELECT COUNT(*) FROM cases c JOIN case_name_index n ON n.case_id = c.id
			WHERE c.birth_hash IS NOT NULL`).Scan(&joined))
		if pairs == 0 || pairs != joined {
			t.Fatalf("backfill wrote %d pairs, want %d", pairs, joined)
		}

		// Written after.
		for i := range 30 {
			if i%3 == 0 {
				add(fatima())
			} else {
				add(invent())
			}
		}
		fresh := add(casework.Case{Person: casework.Person{GivenName: "Ousmane", FamilyName: "Maïga",
			BirthDate: sharedBirthDate}, Citizenship: "NER"})

		found := func(ctx context.Context, p casework.Person) []uuid.UUID {
			t.Helper()
			s, err := db.SimilarCases(ctx, casework.Case{Person: p})
			must(t, err)
			return summaryIDs(s)
		}
		// What each way of matching finds, by name.
		for _, tc := range []struct {
			name string
			p    casework.Person
			want uuid.UUID
		}{
			{"backfilled, same name and birth", casework.Person{GivenName: "Aminata", FamilyName: "Traoré", BirthDate: sharedBirthDate}, old.ID},
			{"backfilled, full name only", casework.Person{GivenName: "AMINATA", FamilyName: "traore", BirthDate: "1990-02-02"}, old.ID},
			{"backfilled, other name and birth", casework.Person{GivenName: "Mata", FamilyName: "Keïta", BirthDate: sharedBirthDate}, old.ID},
			{"updated birth date", casework.Person{GivenName: "Rakia", FamilyName: "Moumouni", BirthDate: "2001-05-09"}, moved.ID},
			{"after, token and birth", casework.Person{GivenName: "Ousmane", FamilyName: "Kaboré", BirthDate: sharedBirthDate}, fresh.ID},
		} {
			if got := found(ctx, tc.p); !slices.Contains(got, tc.want) {
				t.Errorf("%s: %v does not hold %v", tc.name, got, tc.want)
			}
		}
		for _, tc := range []struct {
			name string
			p    casework.Person
			not  uuid.UUID
		}{
			{"token, other birth date", casework.Person{GivenName: "Aminata", FamilyName: "Keïta", BirthDate: "1990-02-02"}, old.ID},
			{"old birth date after update", casework.Person{GivenName: "Rakia", FamilyName: "Moumouni", BirthDate: sharedBirthDate}, moved.ID},
			{"erased", casework.Person{GivenName: "Haoua", FamilyName: "Saidou", BirthDate: sharedBirthDate}, erased.ID},
		} {
			if got := found(ctx, tc.p); slices.Contains(got, tc.not) {
				t.Errorf("%s: %v holds %v", tc.name, got, tc.not)
			}
		}
		// Every case, and variants of it, against the scan.
		for _, c := range cases {
			probes := []casework.Case{c,
				{Person: casework.Person{GivenName: c.Person.GivenName, FamilyName: "Keïta", BirthDate: c.Person.BirthDate}},
				{Person: casework.Person{GivenName: "Grace", FamilyName: c.Person.FamilyName, BirthDate: c.Person.BirthDate}},
				{Person: casework.Person{GivenName: c.Person.GivenName, FamilyName: c.Person.FamilyName, BirthDate: "1975-10-10"}},
				{Person: casework.Person{GivenName: "Grace", FamilyName: "Keïta", BirthDate: c.Person.BirthDate}},
			}
			for _, p := range probes {
				s, err := db.SimilarCases(ctx, p)
				must(t, err)
				got, want := summaryIDs(s), similarByScan(t, db, w.orgA.ID, p)
				if !slices.Equal(got, want) {
					t.Fatalf("%+v: found %v, the scan finds %v", p.Person, got, want)
				}
			}
		}
		if n := len(similarByScan(t, db, w.orgA.ID, casework.Case{Person: casework.Person{GivenName: "Fatima",
			FamilyName: "Keïta", BirthDate: sharedBirthDate}})); n != 20 {
			t.Fatalf("the shared date is shared by too few cases to test the cut at 20: %d", n)
		}
		// Organisation B sees its own case only, A none of B's.
		bIDs := found(ctxB, old.Person)
		if len(bIDs) != 1 || slices.Contains(bIDs, old.ID) {
			t.Errorf("organisation B finds %v", bIDs)
		}
		if got := found(ctx, old.Person); slices.ContainsFunc(got, func(id uuid.UUID) bool { return slices.Contains(bIDs, id) }) {
			t.Errorf("organisation A finds B's case: %v", got)
		}
	})
}
