package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCaseBadInput: every form answers bad input with 422, a message under
// the field in the reader's language, and no change.
func TestCaseBadInput(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")

	// New case.
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no name", cwWith(cwWith(cwForm(), "given_name"), "family_name"), "Given name is required."},
		{"bad birth date", cwWith(cwForm(), "birth_date", "31/02/1999"), "Date of birth must be a date such as"},
		{"future birth date", cwWith(cwForm(), "birth_date", "2999-01-01"), "Date of birth cannot be in the future."},
		{"unknown country", cwWith(cwForm(), "citizenship", "ZZZ"), "Citizenship must be a country from the list."},
		{"age out of range", cwWith(cwForm(), "age_when_trafficked", "300"), "Age when trafficked must be between 0 and 120."},
		{"age not a number", cwWith(cwForm(), "age_when_trafficked", "vingt"), "Age when trafficked must be between 0 and 120."},
		{"bad e-mail", cwWith(cwForm(), "email", "pas une adresse"), "E-mail address must be a valid e-mail address"},
		{"event without country", cwWith(cwForm(), "event_country", "SEN", "", "NER"), "Country (row 2) is required."},
		{"event in the future", cwWith(cwForm(), "event_date", "2022-01", "2999-02", ""), "Date (row 2) cannot be in the future."},
		{"unknown gender", cwWith(cwForm(), "gender", "Robot"), "Gender: choose a value from the list."},
		{"duplicate exploitation", cwWith(cwForm(), "exploitation", "ForcedLabour", "ForcedLabour"), "Types of exploitation lists the same value twice."},
		{"negative compensation", cwWith(cwForm(), "justice.compensation_claimed", "-5"), "Compensation claimed must be a whole number"},
		{"compensation without currency", cwWith(cwForm(), "justice.compensation_claimed", "50000"), "Currency (ISO code) is required."},
	} {
		r := cw.post("/cases", c.form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", c.name, r.Code)
			continue
		}
		cwHas(t, c.name, r.Body, c.want, "Nothing was saved.")
	}
	if n := e.cwCount(); n != 0 {
		t.Fatalf("%d cases created from bad input", n)
	}
	// In French.
	fr := e.signedIn("caseworker")
	fr.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	r := fr.post("/cases", cwWith(cwForm(), "birth_date", "2999-01-01"))
	cwHas(t, "French message", r.Body, "Date de naissance ne peut pas être dans le futur.", "Rien n'a été enregistré.")
	fr.post("/language", url.Values{"lang": {"en"}, "return": {"/"}}) // the choice is the user's, for every session

	// Edit, consent, plan, note, closure, screening: nothing changes.
	c := e.cwSeed("caseworker", "Coumba", "Sy", 31)
	base := "/cases/" + c.ID.String()
	before := e.cwCase(c.ID)
	edit := formValues(formOfCase(before))
	edit.Set("citizenship", "XXX")
	edit.Set("family_name", "Changé")
	if r := cw.post(base, edit); r.Code != http.StatusUnprocessableEntity || e.cwCase(c.ID).Person.FamilyName != "Sy" {
		t.Errorf("bad edit: %d", r.Code)
	}
	for _, a := range []struct {
		name, path string
		form       url.Values
		want       string
	}{
		{"referral without types", "/consents", url.Values{"purpose": {"referral"}, "given_by": {"person"}, "method": {"oral"}, "language": {"fr"}}, "Types of organisation (referral) is required."},
		{"unknown purpose", "/consents", url.Values{"purpose": {"marketing"}, "given_by": {"person"}, "method": {"oral"}}, "Purpose: choose a value from the list."},
		{"consent in the future", "/consents", url.Values{"purpose": {"statistics"}, "given_by": {"person"}, "method": {"oral"}, "given_at": {"2999-01-01"}}, "Date given cannot be in the future."},
		{"plan without objective", "/plan", url.Values{"type": {"shelter"}}, "Objective is required."},
		{"plan ends before it starts", "/plan", url.Values{"objective": {"Foyer"}, "type": {"shelter"}, "planned_start": {"2026-05-01"}, "planned_end": {"2026-01-01"}}, "Planned end cannot be before the start."},
		{"empty note", "/notes", url.Values{"body": {"  "}}, "Note is required."},
		{"closure without reason", "/closure", url.Values{"closure_status": {"Closed"}}, "Reason for closing is required."},
		{"closure to an open status", "/closure", url.Values{"closure_status": {"Active"}, "closure_reason": {"x"}}, "Close as: choose a value from the list."},
	} {
		r := cw.post(base+a.path, a.form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", a.name, r.Code)
			continue
		}
		cwHas(t, a.name, r.Body, a.want)
	}
	ctx := e.cwActor("caseworker")
	cs, _ := e.db.ListConsents(ctx, c.ID)
	items, _ := e.db.ListPlan(ctx, c.ID)
	notes, _ := e.db.ListNotes(ctx, c.ID)
	after := e.cwCase(c.ID)
	if len(cs)+len(items)+len(notes) != 0 || after.ClosureRequested || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("bad input changed the case: %d consents, %d items, %d notes, closure %v", len(cs), len(items), len(notes), after.ClosureRequested)
	}
	// Plan item update with a bad status and a future actual date.
	cw.post(base+"/plan", url.Values{"objective": {"Foyer"}, "type": {"shelter"}})
	items, _ = e.db.ListPlan(ctx, c.ID)
	r = cw.post(base+"/plan/"+items[0].ID.String(), url.Values{"status": {"finished"}, "actual_start": {"2999-01-01"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad plan update: %d", r.Code)
	}
	cwHas(t, "bad plan update", r.Body, "Status: choose a value from the list.")
	items, _ = e.db.ListPlan(ctx, c.ID)
	if items[0].Status != "planned" || items[0].ActualStart != "" {
		t.Errorf("bad plan update changed the item: %+v", items[0])
	}
	// Screening: an age out of range and a tampered identifier stay on the step.
	for _, f := range []url.Values{
		{"step": {"1"}, "age": {"200"}},
		{"step": {"2"}, "act": {"kidnapping-by-aliens"}},
		{"step": {"7"}, "catalogue": {"no_such_list"}},
	} {
		r := cw.post(base+"/screening", f)
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "field-error") {
			t.Errorf("screening %v: %d", f, r.Code)
		}
	}
	if ss, _ := e.db.ListScreenings(ctx, c.ID); len(ss) != 0 {
		t.Errorf("%d screenings recorded from bad input", len(ss))
	}
	cwNoMissing(t)
}
