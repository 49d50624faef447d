package store

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// Values that could locate or endanger a person and that earlier versions
// kept in clear: none may reach the database in clear.
var (
	factProvider  = "Foyer Sainte-Bakhita, rue des Tanneurs"
	factDates     = []string{"2019-03-14", "2019-05-27", "2021-11-02"} // two events, the complaint
	factJustice   = []string{"witness", "relocation", "screened_testimony", "1250000", "XOF"}
	factScreening = []string{"abuse_of_vulnerability", "payments_to_controller", "d1_deceived_contract", "d1_deceived_housing"}
)

func factSecrets() []string {
	return slices.Concat([]string{factProvider}, factDates, factJustice, factScreening)
}

// aminata is an invented woman recruited in Niger for sexual exploitation in
// France, a witness under protection.
func aminata() casework.Case {
	c := blessing()
	c.Person.GivenName, c.Person.FamilyName = "Aminata", "Souley"
	c.Citizenship = "NER"
	c.Events = []casework.Event{
		{Kind: "recruitment", Country: "NER", Place: "Maradi", Date: factDates[0]},
		{Kind: "exploitation", Country: "FRA", Place: "Marseille", Date: factDates[1]},
	}
	c.Justice = casework.Justice{ComplaintFiled: true, ComplaintDate: factDates[2], Investigation: "open",
		Prosecution: "charged", Role: "witness", ProtectionMeasures: []string{"relocation", "screened_testimony"},
		NonPunishmentApplied: true, CompensationClaimed: 1250000, Currency: "XOF"}
	return c
}

func aminataFacts() identify.Facts {
	return identify.Facts{AgeAtRecruitment: intp(23), Acts: []string{"recruitment"},
		Means:    []string{"abuse_of_vulnerability", "payments_to_controller"},
		Purposes: []string{"sexual_exploitation"}, ExploitationOccurred: true,
		Indicators: &identify.IndicatorFacts{Catalogue: "adult_sexual",
			Present: []string{"d1_deceived_contract", "d1_deceived_housing"}}}
}

// storeFacts records a case with every such fact and returns it.
func storeFacts(t testing.TB, db *DB, w *world) casework.Case {
	t.Helper()
	ctx := w.asCaseA()
	c := createCase(t, db, ctx, aminata())
	item := casework.PlanItem{CaseID: c.ID, Objective: "A safe place to stay", Type: "shelter", Provider: factProvider,
		PlannedStart: "2026-01-10", Status: "in_progress"}
	must(t, db.AddPlanItem(ctx, &item))
	_, err := db.RecordScreening(ctx, c.ID, aminataFacts())
	must(t, err)
	return c
}

// checkFacts reads the case back whole: sealing loses nothing.
func checkFacts(t testing.TB, db *DB, ctx context.Context, c casework.Case) {
	t.Helper()
	f, err := db.GetCaseFile(ctx, c.ID)
	must(t, err)
	want := aminata()
	if !slices.Equal(f.Case.Events, want.Events) {
		t.Errorf("events %+v, want %+v", f.Case.Events, want.Events)
	}
	if !sameJustice(f.Case.Justice, want.Justice) {
		t.Errorf("justice %+v, want %+v", f.Case.Justice, want.Justice)
	}
	if len(f.Plan) != 1 || f.Plan[0].Provider != factProvider {
		t.Errorf("plan %+v", f.Plan)
	}
	if len(f.Screenings) != 1 {
		t.Fatalf("screenings %+v", f.Screenings)
	}
	sc := f.Screenings[0]
	if !slices.Equal(sc.Facts.Means, aminataFacts().Means) || sc.Facts.Indicators == nil ||
		!slices.Equal(sc.Facts.Indicators.Present, aminataFacts().Indicators.Present) || *sc.Facts.AgeAtRecruitment != 23 {
		t.Errorf("screening facts %+v", sc.Facts)
	}
	if len(sc.Result.Reasons) == 0 || sc.Result.ILO == nil || len(sc.Result.ILO.Dimensions) == 0 || !sc.Result.MeetsDefinition {
		t.Errorf("screening result %+v", sc.Result)
	}
}

// TestSealedFactsNoPlaintextSQLite reads the SQLite files as bytes after a
// case with a plan provider, justice facts, a screening and dated events.
func TestSealedFactsNoPlaintextSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := Open(t.Context(), Config{DataDir: dir}, testMaster)
	must(t, err)
	w := newWorld(t, db)
	c := storeFacts(t, db, w)
	checkFacts(t, db, w.asCaseA(), c)
	files := readSQLiteFiles(t, dir)
	must(t, db.Close())
	files = append(files, readSQLiteFiles(t, dir)...)
	noneInFiles(t, files, factSecrets())
	// The scan can fail: the de-identified year and the proceedings' state stay in clear.
	if !bytes.Contains(files[len(files)-1], []byte(`"y":"2019"`)) || !bytes.Contains(files[len(files)-1], []byte(`"charged"`)) {
		t.Fatal("the scan does not see the clear facts at all")
	}
}

// TestSealedFactsNoPlaintextPostgres dumps every column of every table.
func TestSealedFactsNoPlaintextPostgres(t *testing.T) {
	t.Parallel()
	db := openTestPostgres(t)
	w := newWorld(t, db)
	c := storeFacts(t, db, w)
	checkFacts(t, db, w.asCaseA(), c)
	dump := pgDump(t, db)
	for _, s := range factSecrets() {
		if strings.Contains(dump, s) {
			t.Errorf("%q is in the database in clear", s)
		}
	}
	if !strings.Contains(dump, `"y":"2019"`) || !strings.Contains(dump, `"charged"`) {
		t.Fatal("the dump does not see the clear facts at all")
	}
}

// TestSealedFactsErased: erasing the person leaves only the de-identified
// part of the facts: years and countries, the proceedings, the screening's
// verdict.
func TestSealedFactsErased(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := storeFacts(t, db, w)
		must(t, db.EraseCase(w.asAdminA(), c.ID))
		f, err := db.GetCaseFile(w.asCaseA(), c.ID)
		must(t, err)
		if len(f.Case.Events) != 2 || f.Case.Events[0].Date != "2019" || f.Case.Events[1].Country != "FRA" || f.Case.Events[0].Place != "" {
			t.Errorf("events after erasure %+v", f.Case.Events)
		}
		if j := f.Case.Justice; j.Role != "" || j.ProtectionMeasures != nil || j.ComplaintDate != "" || j.Prosecution != "charged" {
			t.Errorf("justice after erasure %+v", j)
		}
		if len(f.Plan) != 1 || f.Plan[0].Provider != "" || f.Plan[0].Type != "shelter" {
			t.Fatalf("plan after erasure %+v", f.Plan)
		}
		if len(f.Screenings) != 1 {
			t.Fatalf("screenings after erasure %+v", f.Screenings)
		}
		sc := f.Screenings[0]
		if sc.Facts.Acts != nil || sc.Result.Reasons != nil || !sc.Result.MeetsDefinition || sc.Result.ILO == nil || sc.Result.ILO.Dimensions != nil {
			t.Errorf("screening after erasure %+v", sc)
		}
	})
}

// TestSealPendingUpgrade: a database written by the version before, with
// these facts in clear, is sealed at the next Open: values intact, nothing in
// clear left, seal_pending gone, the sealing audited. An erased case keeps
// only the de-identified part.
func TestSealPendingUpgrade(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := storeFacts(t, db, w)
		erased := createCase(t, db, w.asCaseA(), moussa())
		must(t, db.EraseCase(w.asAdminA(), erased.ID))
		f, err := db.GetCaseFile(w.asCaseA(), c.ID)
		must(t, err)
		legacy := legacyRows(t, db, f)
		runMigration(t, db, sealedFactsMigration, "Down")
		for _, q := range legacy {
			_, err := db.w.Exec(q.query, q.args...)
			must(t, err)
		}
		_, err = db.w.Exec(`UPDATE cases SET events = $1, justice = $2 WHERE id = $3`,
			`[{"k":"exploitation","c":"NER","d":"2018-08-09"}]`, `{"Role":"witness","Prosecution":"convicted"}`, erased.ID)
		must(t, err)
		runMigration(t, db, sealedFactsMigration, "Up")

		must(t, db.Close())
		db = reopen(t, db)
		checkFacts(t, db, w.asCaseA(), c)
		got, err := db.GetCase(w.asCaseA(), erased.ID)
		must(t, err)
		if len(got.Events) != 1 || got.Events[0].Date != "2018" || got.Justice.Role != "" || got.Justice.Prosecution != "convicted" {
			t.Errorf("erased case after sealing: %+v %+v", got.Events, got.Justice)
		}
		if ok, err := db.tableExists(t.Context(), "seal_pending"); err != nil || ok {
			t.Errorf("seal_pending left: %v %v", ok, err)
		}
		if acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n"); !strings.Contains(acts, "data.seal") {
			t.Errorf("sealing not audited: %s", acts)
		}
		verifyAudit(t, db)
		secrets := append(factSecrets(), "2018-08-09")
		if db.dialect == Postgres {
			dump := pgDump(t, db)
			for _, s := range secrets {
				if strings.Contains(dump, s) {
					t.Errorf("%q is in the database in clear", s)
				}
			}
			return
		}
		must(t, db.Close())
		noneInFiles(t, readSQLiteFiles(t, filepath.Dir(db.path)), secrets)
	})
}

// sealedFactsMigration moved the clear values into seal_pending.
const sealedFactsMigration = "00011_sealed_facts.sql"

type legacyRow struct {
	query string
	args  []any
}

// legacyRows are the writes that put f back as the version before stored it:
// facts in clear, a person column without dates or justice.
func legacyRows(t testing.TB, db *DB, f casework.CaseFile) []legacyRow {
	t.Helper()
	c := f.Case
	var evs []legacyEvent
	for _, e := range c.Events {
		evs = append(evs, legacyEvent{Kind: e.Kind, Country: e.Country, Date: e.Date})
	}
	events, _ := json.Marshal(evs)
	justice, _ := json.Marshal(c.Justice)
	facts, _ := json.Marshal(f.Screenings[0].Facts)
	result, _ := json.Marshal(f.Screenings[0].Result)
	s := db.subject(c.OrgID, c.ID)
	plain, err := s.open(t.Context(), "cases.person", c.ID, sealedPerson(t, db, c))
	must(t, err)
	var p private
	must(t, json.Unmarshal(plain, &p))
	if len(p.Dates) != 2 || p.Justice == nil {
		t.Fatalf("the person column does not hold the dates and justice: %s", plain)
	}
	p.Dates, p.Justice = nil, nil
	plain, _ = json.Marshal(p)
	person, err := s.seal(t.Context(), "cases.person", c.ID, plain)
	must(t, err)
	return []legacyRow{
		{`UPDATE cases SET events = $1, justice = $2, person = $3 WHERE id = $4`, []any{string(events), string(justice), person, c.ID}},
		{`UPDATE case_plan_items SET provider = $1 WHERE id = $2`, []any{factProvider, f.Plan[0].ID}},
		{`UPDATE case_screenings SET facts = $1, result = $2 WHERE id = $3`, []any{string(facts), string(result), f.Screenings[0].ID}},
	}
}

// runMigration runs the Up or Down part of one migration file as it is, so
// that a test can step one migration back and forth whatever follows it.
func runMigration(t testing.TB, db *DB, file, part string) {
	t.Helper()
	src, err := migrations.ReadFile("migrations/" + db.dialect + "/" + file)
	must(t, err)
	up, down, ok := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
	if !ok {
		t.Fatalf("%s has no Down part", file)
	}
	sql := up
	if part == "Down" {
		sql = down
	}
	_, err = db.w.Exec(sql)
	must(t, err)
}

func readSQLiteFiles(t testing.TB, dir string) [][]byte {
	t.Helper()
	var files [][]byte
	for _, name := range []string{FileName, FileName + "-wal"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			files = append(files, b)
		}
	}
	if len(files) == 0 {
		t.Fatal("no database file")
	}
	return files
}

func noneInFiles(t testing.TB, files [][]byte, secrets []string) {
	t.Helper()
	for _, b := range files {
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%q is in the database file in clear", s)
			}
		}
	}
}

// pgDump is every value of every column of every table, as text.
func pgDump(t testing.TB, db *DB) string {
	t.Helper()
	rows, err := db.r.Query(`SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema()`)
	must(t, err)
	type col struct{ table, column, typ string }
	var cols []col
	for rows.Next() {
		var c col
		must(t, rows.Scan(&c.table, &c.column, &c.typ))
		cols = append(cols, c)
	}
	rows.Close()
	var all strings.Builder
	for _, c := range cols {
		expr := `"` + c.column + `"::text`
		if c.typ == "bytea" {
			expr = `encode("` + c.column + `", 'escape')` // printable bytes as themselves
		}
		rs, err := db.r.Query(`SELECT COALESCE(` + expr + `, '') FROM "` + c.table + `"`)
		must(t, err)
		for rs.Next() {
			var s string
			must(t, rs.Scan(&s))
			all.WriteString(s + "\n")
		}
		rs.Close()
	}
	return all.String()
}

// TestSealPendingTwoServers: two servers starting at once on one PostgreSQL
// both open, and every value is sealed once, by one of them.
func TestSealPendingTwoServers(t *testing.T) {
	t.Parallel()
	db := openTestPostgres(t)
	w := newWorld(t, db)
	ctx := w.asCaseA()
	c := createCase(t, db, ctx, aminata())
	const items = 250 // more than one batch
	for i := range items {
		item := casework.PlanItem{CaseID: c.ID, Objective: "Shelter " + strconv.Itoa(i), Type: "shelter", Provider: factProvider, Status: "planned"}
		must(t, db.AddPlanItem(ctx, &item))
	}
	runMigration(t, db, sealedFactsMigration, "Down")
	_, err := db.w.Exec(`UPDATE case_plan_items SET provider = $1`, factProvider)
	must(t, err)
	runMigration(t, db, sealedFactsMigration, "Up")
	must(t, db.Close())
	u, _ := pgURLs.Load(db)
	var dbs [2]*DB
	var errs [2]error
	var wg sync.WaitGroup
	for i := range dbs {
		wg.Go(func() { dbs[i], errs[i] = Open(t.Context(), Config{DatabaseURL: u.(string)}, testMaster) })
	}
	wg.Wait()
	for i, d := range dbs {
		must(t, errs[i])
		t.Cleanup(func() { d.Close() })
	}
	plan, err := dbs[1].ListPlan(ctx, c.ID)
	must(t, err)
	if len(plan) != items {
		t.Fatalf("%d items", len(plan))
	}
	for _, p := range plan {
		if p.Provider != factProvider {
			t.Fatalf("provider %q", p.Provider)
		}
	}
	var sealed int
	must(t, dbs[0].r.QueryRow(`SELECT COALESCE(SUM(CAST(substr(detail, 6) AS INTEGER)), 0) FROM audit_log
		WHERE action = 'data.seal' AND record_type = 'case_plan_items'`).Scan(&sealed))
	if sealed != items {
		t.Errorf("the audit trail says %d items sealed, want %d", sealed, items)
	}
	if strings.Contains(pgDump(t, dbs[0]), factProvider) {
		t.Error("a provider is in the database in clear")
	}
	verifyAudit(t, dbs[0])
}
