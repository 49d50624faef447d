package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestLegislationAssessment: a coordinator assesses a country's law, records
// findings (a second finding on the same requirement replaces the first),
// every step is audited with codes only; the gaps and the comparison follow.
func TestLegislationAssessment(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		first, err := db.CreateLegislationAssessment(coord, legislation.Draft{Country: " ner ", AssessedOn: "2023-05-10", Title: "Revue 2023"})
		must(t, err)
		if first.Country != "NER" || first.AssessorID != w.adminA.ID || first.OrgID != w.orgA.ID {
			t.Fatalf("created %+v", first)
		}
		set := func(id uuid.UUID, req, status, provision string) {
			t.Helper()
			if _, err := db.SetLegislationItem(coord, id, legislation.ItemInput{RequirementID: req, Status: status,
				Provision: provision, Evidence: "Texte lu au Journal officiel."}); err != nil {
				t.Fatal(err)
			}
		}
		set(first.ID, "palermo-3-definition", "partly", "Ordonnance n° 2010-86, art. 10")
		set(first.ID, "coe-13-reflection", "not_in_line", "")
		set(first.ID, "coe-13-reflection", "partly", "Décret 2012, art. 4") // replaces

		got, err := db.GetLegislationAssessment(w.as(w.superA, w.orgA.ID, auth.Analyst), first.ID)
		must(t, err)
		if len(got.Items) != 2 || got.AssessorName != w.adminA.DisplayName {
			t.Fatalf("items %+v assessor %q", got.Items, got.AssessorName)
		}
		if it, _ := got.Item("coe-13-reflection"); it.Status != legislation.Partly || it.Provision != "Décret 2012, art. 4" {
			t.Fatalf("reflection item %+v", it)
		}
		if n := legislation.GapCount(got.Gaps()); n != len(legislation.Requirements()) {
			t.Fatalf("gaps %d: nothing is in line yet", n)
		}

		second, err := db.CreateLegislationAssessment(coord, legislation.Draft{Country: "NER", AssessedOn: "2025-11-02"})
		must(t, err)
		set(second.ID, "palermo-3-definition", "in_line", "Loi n° 2024-12, art. 2")
		set(second.ID, "coe-13-reflection", "not_in_line", "")
		c, err := db.CompareLegislationAssessments(coord, second.ID, first.ID)
		must(t, err)
		if c.Earlier.ID != first.ID || c.Count(legislation.Improved) != 1 || c.Count(legislation.Regressed) != 1 {
			t.Fatalf("comparison: earlier %v improved %d regressed %d", c.Earlier.ID, c.Count(legislation.Improved), c.Count(legislation.Regressed))
		}
		list, err := db.ListLegislationAssessments(coord)
		must(t, err)
		if len(list) != 2 || list[0].ID != second.ID || len(list[0].Items) != 2 || list[1].Tally()[legislation.Partly] != 2 {
			t.Fatalf("list %+v", list)
		}

		actions := auditActions(t, db, w.orgA.ID)
		if strings.Count(strings.Join(actions, " "), "legislation.item") != 5 ||
			strings.Count(strings.Join(actions, " "), "legislation.assess") != 2 {
			t.Fatalf("audit %v", actions)
		}
		var detail string
		must(t, db.w.QueryRow(`SELECT detail FROM audit_log WHERE action = 'legislation.item' ORDER BY seq DESC LIMIT 1`).Scan(&detail))
		if detail != "requirement=coe-13-reflection status=not_in_line" {
			t.Fatalf("audit detail %q", detail)
		}
	})
}

// TestLegislationScopeAndRoles: another organisation's assessment is read
// by every holder of programme.view (a public-policy document) and written
// by none (not found); a caseworker of another organisation finds nothing;
// in the own organisation analysts read and cannot write, caseworkers and
// the platform administrator have nothing.
func TestLegislationScopeAndRoles(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coordB := w.as(w.adminB, w.orgB.ID, auth.Coordinator)
		b, err := db.CreateLegislationAssessment(coordB, legislation.Draft{Country: "FRA", AssessedOn: "2024-01-15"})
		must(t, err)
		for _, role := range []auth.Role{auth.Coordinator, auth.Analyst, auth.Supervisor, auth.OrgAdmin, auth.Caseworker} {
			ctx := w.as(w.adminA, w.orgA.ID, role)
			var read error // what reading B's assessment gives this role
			if !auth.Allowed(role, auth.PermProgrammeView) {
				read = ErrNotFound
			}
			if _, err := db.GetLegislationAssessment(ctx, b.ID); !errors.Is(err, read) {
				t.Errorf("%s of A reads B's assessment: %v, want %v", role, err, read)
			}
			if _, err := db.SetLegislationItem(ctx, b.ID, legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "in_line"}); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s of A writes B's assessment: %v", role, err)
			}
			if _, err := db.LegislationAssessmentToEdit(ctx, b.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s of A opens B's assessment to edit: %v", role, err)
			}
			if db.MayEditPolicy(ctx, b.OrgID) {
				t.Errorf("%s of A may edit B's assessment", role)
			}
			if _, err := db.CompareLegislationAssessments(ctx, b.ID, b.ID); !errors.Is(err, read) {
				t.Errorf("%s of A compares B's assessments: %v, want %v", role, err, read)
			}
		}
		analystB := w.as(w.caseB, w.orgB.ID, auth.Analyst)
		if _, err := db.GetLegislationAssessment(analystB, b.ID); err != nil {
			t.Fatalf("analyst of B reads: %v", err)
		}
		before := count(t, db, "legislation_items")
		if _, err := db.SetLegislationItem(analystB, b.ID, legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "in_line"}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("analyst writes: %v", err)
		}
		if _, err := db.CreateLegislationAssessment(analystB, legislation.Draft{Country: "FRA", AssessedOn: "2024-01-15"}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("analyst creates: %v", err)
		}
		if _, err := db.ListLegislationAssessments(w.asCaseB()); !errors.Is(err, ErrForbidden) {
			t.Fatalf("caseworker lists: %v", err)
		}
		if _, err := db.GetLegislationAssessment(w.asPlatform(), b.ID); !errors.Is(err, ErrForbidden) {
			t.Fatalf("platform administrator reads: %v", err)
		}
		if count(t, db, "legislation_items") != before {
			t.Fatal("a refused write changed the items")
		}
	})
}

// TestLegislationBadInput: each bad field is refused naming it, and nothing
// is written (no assessment, no item, no audit entry).
func TestLegislationBadInput(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		ok, err := db.CreateLegislationAssessment(coord, legislation.Draft{Country: "NER", AssessedOn: "2024-06-01"})
		must(t, err)
		tomorrow := time.Now().UTC().AddDate(0, 0, 2).Format(legislation.DateLayout)
		drafts := []struct {
			d           legislation.Draft
			field, rule string
		}{
			{legislation.Draft{Country: "", AssessedOn: "2024-06-01"}, "country", valid.RuleRequired},
			{legislation.Draft{Country: "XYZ", AssessedOn: "2024-06-01"}, "country", legislation.RuleCountry},
			{legislation.Draft{Country: "NER", AssessedOn: "01/06/2024"}, "assessed_on", legislation.RuleDate},
			{legislation.Draft{Country: "NER", AssessedOn: tomorrow}, "assessed_on", legislation.RuleFutureDate},
			{legislation.Draft{Country: "NER", AssessedOn: ""}, "assessed_on", valid.RuleRequired},
			{legislation.Draft{Country: "NER", AssessedOn: "2024-06-01", Title: strings.Repeat("t", legislation.MaxTitle+1)}, "title", valid.RuleTooLong},
		}
		items := []struct {
			in          legislation.ItemInput
			field, rule string
		}{
			{legislation.ItemInput{RequirementID: "palermo-99", Status: "in_line"}, "requirement_id", legislation.RuleRequirement},
			{legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "compliant"}, "status", valid.RuleOneOf},
			{legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: ""}, "status", valid.RuleRequired},
			{legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "partly", Provision: strings.Repeat("p", legislation.MaxProvision+1)}, "provision", valid.RuleTooLong},
			{legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "partly", Evidence: strings.Repeat("é", legislation.MaxEvidence+1)}, "evidence", valid.RuleTooLong},
		}
		tables := []string{"legislation_assessments", "legislation_items", "audit_log"}
		before := fixture.RowCounts(t, db.w, tables...)
		for _, c := range drafts {
			_, err := db.CreateLegislationAssessment(coord, c.d)
			es, isValid := err.(valid.Errors)
			if !isValid || !es.Has(c.field, c.rule) {
				t.Errorf("draft %+v: %v, want %s/%s", c.d, err, c.field, c.rule)
			}
		}
		for _, c := range items {
			_, err := db.SetLegislationItem(coord, ok.ID, c.in)
			es, isValid := err.(valid.Errors)
			if !isValid || !es.Has(c.field, c.rule) {
				t.Errorf("item %s/%s: %v, want %s/%s", c.in.RequirementID, c.in.Status, err, c.field, c.rule)
			}
		}
		fixture.SameRowCounts(t, before, fixture.RowCounts(t, db.w, tables...))
		if _, err := db.SetLegislationItem(coord, uuid.Must(uuid.NewV7()), legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "partly"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown assessment: %v", err)
		}
	})
}
