package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/secure"
)

func TestCaseErase(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		ids := seedRecords(t, db, ctx, c.ID)
		_, err := db.RecordScreening(ctx, c.ID, identify.Facts{})
		must(t, err)
		sealed := sealedPerson(t, db, c)
		must(t, db.EraseCase(w.asAdminA(), c.ID))
		must(t, db.EraseCase(w.asAdminA(), c.ID)) // again: no error

		got, err := db.GetCase(ctx, c.ID)
		must(t, err)
		if got.Person != (casework.Person{}) || got.ErasedAt == nil || got.RecruitmentPlace != "" || got.Events[0].Place != "" {
			t.Fatalf("personal data survived: %+v", got)
		}
		if got.Code != c.Code || got.Gender != "Feminine" || got.Citizenship != "NGA" || *got.AgeWhenTrafficked != 17 ||
			len(got.Events) != 3 || got.Events[1].Country != "NER" || got.Exploitation[0] != "SexualExploitation" ||
			got.TraffickingStatus != "PossibleVictimOfTrafficking" || got.Status != casework.Active {
			t.Fatalf("de-identified facts lost: %+v", got)
		}
		if _, err := db.Keys().OpenSubject(ctx, c.OrgID, c.ID, sealed, aadFor("cases.person", c.ID)); !errors.Is(err, secure.ErrKeyShredded) {
			t.Fatalf("old ciphertext still opens: %v", err)
		}
		p, err := db.ListCases(ctx, CaseFilter{Name: "Osagie"})
		must(t, err)
		if len(p.Items) != 0 || count(t, db, "case_name_index") != 0 {
			t.Fatalf("name index survived: %+v", p)
		}
		p, err = db.ListCases(ctx, CaseFilter{Code: c.Code})
		must(t, err)
		if len(p.Items) != 1 || !p.Items[0].Erased || p.Items[0].DisplayName != "" {
			t.Fatalf("erased case in lists: %+v", p)
		}
		if sim, _ := db.SimilarCases(ctx, blessing()); len(sim) != 0 {
			t.Fatalf("erased case still similar: %+v", sim)
		}
		notes, err := db.ListNotes(ctx, c.ID)
		must(t, err)
		plan, err := db.ListPlan(ctx, c.ID)
		must(t, err)
		att, data, err := db.GetAttachment(ctx, ids.attachment)
		must(t, err)
		if len(notes) != 1 || notes[0].Body != "" || plan[0].Objective != "" || plan[0].Type != "vocational_training" ||
			att.Name != "" || data != nil || att.Size == 0 {
			t.Fatalf("records after erasure: %+v %+v %+v %q", notes, plan, att, data)
		}
		if cs, _ := db.ListConsents(ctx, c.ID); len(cs) != 1 {
			t.Fatal("consents are de-identified facts and stay")
		}
		if sc, _ := db.ListScreenings(ctx, c.ID); len(sc) != 1 {
			t.Fatal("screenings stay")
		}
		upd := got
		upd.Person.GivenName = "Blessing"
		wantErr(t, db.UpdateCase(ctx, upd), ErrConflict)
		wantErr(t, db.AddNote(ctx, &casework.Note{CaseID: c.ID, Body: "more"}), ErrConflict)
		wantErr(t, db.ReopenCase(w.asSuperA(), c.ID), ErrConflict) // not closed, and erased
		acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n")
		if !strings.Contains(acts, "case.erase") || !strings.Contains(acts, "subject.shred") {
			t.Fatalf("erasure not in the audit trail: %s", acts)
		}
		verifyAudit(t, db)
	})
}

func sealedPerson(t testing.TB, db *DB, c casework.Case) []byte {
	t.Helper()
	var b []byte
	must(t, db.r.QueryRow(`SELECT person FROM cases WHERE id = $1`, c.ID).Scan(&b))
	if len(b) == 0 {
		t.Fatal("no sealed person")
	}
	return b
}

func TestCaseRetention(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		open := createCase(t, db, ctx, blessing())
		done := createCase(t, db, ctx, moussa())
		must(t, db.RequestClosure(ctx, done.ID, casework.Closed, "Back with his family in Tahoua"))
		must(t, db.ApproveClosure(w.asSuperA(), done.ID))
		other := createCase(t, db, w.asCaseB(), blessing()) // organisation B keeps everything (0 days)

		closed, erased, err := db.ApplyRetention(w.sys, time.Now())
		must(t, err)
		if closed != 0 || erased != 0 {
			t.Fatalf("nothing is old yet: %d %d", closed, erased)
		}
		later := time.Now().AddDate(0, 0, w.orgA.RetentionDays+1)
		closed, erased, err = db.ApplyRetention(w.sys, later)
		must(t, err)
		if closed != 1 || erased != 1 {
			t.Fatalf("closed %d erased %d", closed, erased)
		}
		got, err := db.GetCase(ctx, done.ID)
		must(t, err)
		if got.ErasedAt == nil || got.Person.GivenName != "" || got.Status != casework.Closed {
			t.Fatalf("closed case not erased: %+v", got)
		}
		got, err = db.GetCase(ctx, open.ID)
		must(t, err)
		if got.Status != casework.Closed || got.ClosedAt == nil || got.ErasedAt != nil || got.Person.GivenName != "Blessing" {
			t.Fatalf("stale open case not closed: %+v", got)
		}
		if got, err := db.GetCase(w.asCaseB(), other.ID); err != nil || got.ErasedAt != nil || got.Status != casework.Active {
			t.Fatalf("organisation without retention touched: %+v %v", got, err)
		}
		acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n")
		if !strings.Contains(acts, "case.close reason=retention") || !strings.Contains(acts, "case.erase reason=retention") {
			t.Fatalf("retention audit: %s", acts)
		}
		verifyAudit(t, db)
	})
}

// distinctive values that must never reach the database in clear.
var secrets = []string{"Chidinma", "Nwachukwu-Obiora", "1998-07-23", "+234 809 777 4412", "chidinma.n@example.org",
	"A09912345", "Ozoro junction", "the madam in Marseille took my passport", "Obalende motor park",
	"Kept in a flat above the bakery", "cni-nwachukwu.txt", "Fled the flat on a Sunday"}

func secretCase() casework.Case {
	c := blessing()
	c.Person = casework.Person{GivenName: secrets[0], FamilyName: secrets[1], BirthDate: secrets[2], Phone: secrets[3],
		Email: secrets[4], IdentityNumber: secrets[5], Address: secrets[6], Narrative: "She said " + secrets[7] + "."}
	c.Events[0].Place = secrets[8]
	return c
}

func storeSecrets(t testing.TB, db *DB, w *world) {
	t.Helper()
	ctx := w.asCaseA()
	c := createCase(t, db, ctx, secretCase())
	must(t, db.AddNote(ctx, &casework.Note{CaseID: c.ID, Body: secrets[9]}))
	must(t, db.AddAttachment(ctx, &casework.Attachment{CaseID: c.ID, Name: secrets[10]}, []byte(secrets[11])))
	must(t, db.RequestClosure(ctx, c.ID, casework.Closed, "Moved in with "+secrets[0]+"'s aunt"))
	if _, err := db.ListCases(ctx, CaseFilter{Name: secrets[0] + " " + secrets[1]}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
}

// TestCaseNoPlaintextSQLite reads the database files as bytes.
func TestCaseNoPlaintextSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := Open(t.Context(), Config{DataDir: dir}, testMaster)
	must(t, err)
	w := newWorld(t, db)
	storeSecrets(t, db, w)
	// Read the WAL before closing (closing checkpoints it away), then both files after.
	var files [][]byte
	read := func() {
		for _, name := range []string{FileName, FileName + "-wal"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err == nil {
				files = append(files, b)
			}
		}
	}
	read()
	must(t, db.Close())
	read()
	if len(files) < 2 {
		t.Fatalf("read %d files", len(files))
	}
	for _, b := range files {
		for _, s := range secrets {
			for _, form := range []string{s, strings.ToLower(s)} {
				if bytes.Contains(b, []byte(form)) {
					t.Errorf("%q is in the database file in clear", form)
				}
			}
		}
	}
	// The check can fail: the organisation's name is stored in clear.
	if !bytes.Contains(files[len(files)-1], []byte(w.orgA.Name)) {
		t.Fatal("the scan does not see clear text at all")
	}
}

// TestCaseNoPlaintextPostgres dumps every column of every table as text.
func TestCaseNoPlaintextPostgres(t *testing.T) {
	t.Parallel()
	db := openTestPostgres(t)
	w := newWorld(t, db)
	storeSecrets(t, db, w)
	rows, err := db.r.Query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`)
	must(t, err)
	type col struct{ table, column string }
	var cols []col
	for rows.Next() {
		var c col
		must(t, rows.Scan(&c.table, &c.column))
		cols = append(cols, c)
	}
	rows.Close()
	var all strings.Builder
	for _, c := range cols {
		// bytea as escaped text shows printable bytes as themselves.
		rs, err := db.r.Query(`SELECT COALESCE(encode(convert_to("` + c.column + `"::text, 'UTF8'), 'escape'), '') FROM "` + c.table + `"`)
		must(t, err)
		for rs.Next() {
			var s string
			must(t, rs.Scan(&s))
			all.WriteString(s + "\n")
		}
		rs.Close()
		rs, err = db.r.Query(`SELECT COALESCE(encode("` + c.column + `", 'escape'), '') FROM "` + c.table + `"`)
		if err == nil { // bytea columns only
			for rs.Next() {
				var s string
				must(t, rs.Scan(&s))
				all.WriteString(s + "\n")
			}
			rs.Close()
		}
	}
	dump := all.String()
	for _, s := range secrets {
		if strings.Contains(dump, s) || strings.Contains(strings.ToLower(dump), strings.ToLower(s)) {
			t.Errorf("%q is in the database in clear", s)
		}
	}
	if !strings.Contains(dump, w.orgA.Name) {
		t.Fatal("the dump does not see clear text at all")
	}
}

// TestCaseEraseLeavesNoKeyInFile: after erasure the person's wrapped key is
// not left in free pages or the WAL of the SQLite file (secure_delete), so
// the master key cannot bring the ciphertext back.
func TestCaseEraseLeavesNoKeyInFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := Open(t.Context(), Config{DataDir: dir}, testMaster)
	must(t, err)
	w := newWorld(t, db)
	c := createCase(t, db, w.asCaseA(), secretCase())
	var wrapped, person []byte
	must(t, db.r.QueryRow(`SELECT wrapped FROM subject_keys WHERE subject_id = $1`, c.ID).Scan(&wrapped))
	person = sealedPerson(t, db, c)
	// The scan can fail: before erasure the key is in the file.
	_, err = db.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	must(t, err)
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	must(t, err)
	if !bytes.Contains(b, wrapped[8:40]) || !bytes.Contains(b, person[20:60]) {
		t.Fatal("the scan does not find the key before erasure")
	}
	must(t, db.EraseCase(w.asAdminA(), c.ID))
	must(t, db.Close())
	for _, name := range []string{FileName, FileName + "-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		if bytes.Contains(b, wrapped[8:40]) {
			t.Errorf("%s still holds the shredded key", name)
		}
		if bytes.Contains(b, person[20:60]) {
			t.Errorf("%s still holds the erased ciphertext", name)
		}
	}
}
