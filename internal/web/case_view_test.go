package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// caseData matches a statement on a case's data (the case, its records, the
// person's key).
var caseData = regexp.MustCompile(`\b(cases|case_[a-z_]+|subject_keys)\b`)

// TestCasePageQueries: the case page, served by the real handler on SQLite,
// reads a case with every kind of record in at most four queries on case
// data, and audits the read once.
func TestCasePageQueries(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Hadiza", "Moussa", 22)
	base := "/cases/" + c.ID.String()
	cw := e.signedIn("caseworker")
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/consents", url.Values{"purpose": {"statistics"}, "given_by": {"person"}, "method": {"oral"}, "language": {"ha"}}},
		{"/consents", url.Values{"purpose": {"referral"}, "org_types": {"Shelter"}, "given_by": {"person"}, "method": {"written"}, "language": {"fr"}}},
		{"/notes", url.Values{"body": {"Appel de Hadiza depuis Zinder : elle est en sécurité."}}},
		{"/notes", url.Values{"body": {"Rendez-vous au tribunal de Niamey le 12 mars."}}},
		{"/plan", url.Values{"objective": {"Formation en couture à Maradi"}, "type": {"vocational_training"}}},
		{"/plan", url.Values{"objective": {"Hébergement à Niamey"}, "type": {"shelter"}}},
	} {
		if r := cw.post(base+step.path, step.form); r.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %.800s", step.path, r.Code, r.Body)
		}
	}
	file, err := e.db.GetCaseFile(e.cwActor("caseworker"), c.ID)
	if err != nil || len(file.Plan) != 2 || len(file.Notes) != 2 || len(file.Consents) != 2 {
		t.Fatalf("seeded file: %+v %v", file, err)
	}
	ctx := e.cwActor("caseworker")
	for _, it := range file.Plan {
		if err := e.db.AddFollowUp(ctx, it.ID, casework.PlanFollowUp{Note: "Suivi : présente cette semaine."}); err != nil {
			t.Fatal(err)
		}
	}
	att := casework.Attachment{CaseID: c.ID, Name: "attestation-hadiza.txt"}
	if err := e.db.AddAttachment(ctx, &att, []byte("Attestation de prise en charge.\n")); err != nil {
		t.Fatal(err)
	}

	req := httptest.NewRequest("GET", base, nil)
	req.RemoteAddr = "192.0.2.10:40000"
	for _, ck := range cw.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	lctx, log := store.WithStatementLog(req.Context())
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req.WithContext(lctx))
	if rec.Code != http.StatusOK {
		t.Fatalf("case page: %d %.800s", rec.Code, rec.Body)
	}
	cwHas(t, "case page", rec.Body.String(), "Hadiza", "Rendez-vous au tribunal de Niamey", "Formation en couture à Maradi",
		"Suivi : présente cette semaine.", "attestation-hadiza.txt")

	var caseQueries, reads []string
	for _, s := range log.Statements() {
		if strings.HasPrefix(s.SQL, "INSERT INTO audit_log") {
			reads = append(reads, s.SQL)
		}
		if caseData.MatchString(s.SQL) {
			caseQueries = append(caseQueries, s.SQL)
		}
	}
	t.Logf("case page: %d queries on case data, %d statements in all (session, users, audit included)",
		len(caseQueries), len(log.Statements()))
	if len(caseQueries) > 4 {
		t.Errorf("the case page ran %d queries on case data, want at most 4:\n%s", len(caseQueries), strings.Join(caseQueries, "\n"))
	}
	if len(reads) != 1 {
		t.Errorf("the case page wrote %d audit entries, want 1", len(reads))
	}
}

// TestCaseConsentPageNormalised: a statistics consent given through the page
// with organisation types ticked is stored without them (the domain's
// normalisation, the same as the API's).
func TestCaseConsentPageNormalised(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Fatouma", "Issoufou", 27)
	cw := e.signedIn("caseworker")
	r := cw.post("/cases/"+c.ID.String()+"/consents", url.Values{"purpose": {"statistics"}, "org_types": {"Shelter", "LawEnforcement"},
		"given_by": {"person"}, "method": {"oral_with_interpreter"}, "language": {"ha"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("consent: %d %.800s", r.Code, r.Body)
	}
	cs, err := e.db.ListConsents(e.cwActor("caseworker"), c.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("consents: %+v %v", cs, err)
	}
	if cs[0].Purpose != casework.PurposeStatistics || len(cs[0].OrgTypes) != 0 {
		t.Fatalf("statistics consent stored as %+v, want no organisation types", cs[0])
	}
}
