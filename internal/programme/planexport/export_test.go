package planexport

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

var today = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

// sample is a Niger plan with a late activity, a done one, a flagged one, a
// cancelled one, an indicator behind, and two projects (one whose identifier
// is the donor's, one with the reporting organisation's prefix).
func sample() (plan.Detail, account.Organisation) {
	org := account.Organisation{ID: uuid.MustParse("01900000-0000-7000-8000-000000000001"), Name: "Coordination nationale & <démo>",
		Type: account.CentralGovernmentOrganisation, Country: "NER"}
	p := plan.Plan{ID: uuid.MustParse("01900000-0000-7000-8000-0000000000aa"), OrgID: org.ID, Country: "NER",
		Title: "Plan d'action national 2025-2027", StartsOn: "2025-01-01", EndsOn: "2027-12-31", IATIOrgRef: "NE-GOV-CNCLTP"}
	obj := plan.Objective{ID: uuid.New(), PlanID: p.ID, Title: "Protéger les victimes"}
	eu := plan.Project{ID: uuid.New(), PlanID: p.ID, Donor: "Union européenne", DonorRef: "XI-IATI-EC_INTPA",
		Title: "Appui au PAN", Budget: 150000000, Currency: "EUR", IATIIdentifier: "XI-IATI-EC_INTPA-2025-NER-01",
		StartsOn: "2025-04-01", EndsOn: "2026-12-31"}
	own := plan.Project{ID: uuid.New(), PlanID: p.ID, Donor: "Fonds Corridor Solidaire", Title: "Retours sûrs",
		Budget: 2500000000, Currency: "XOF", IATIIdentifier: "NE-GOV-CNCLTP-RS-2025", StartsOn: "2025-01-01", EndsOn: "2025-12-31"}
	d := plan.Detail{Plan: p, Objectives: []plan.Objective{obj}, Projects: []plan.Project{eu, own},
		Activities: []plan.Activity{
			{ID: uuid.New(), ObjectiveID: obj.ID, ProjectID: eu.ID, Title: "=Former 200 agents", Responsible: "Ministère de la Justice",
				Budget: 1250050, Currency: "XOF", StartsOn: "2025-01-15", DueOn: "2025-06-30", Status: plan.InProgress},
			{ID: uuid.New(), Title: "Adopter le décret", Responsible: "CNCLTP", StartsOn: "2025-01-01", DueOn: "2025-03-31", Status: plan.Done},
			{ID: uuid.New(), ProjectID: own.ID, Title: "Campagne radio", Responsible: "ONG Tassaght", Budget: 300000000, Currency: "XOF",
				StartsOn: "2026-02-01", DueOn: "2026-12-31", Status: plan.Planned, AtRisk: true},
			{ID: uuid.New(), Title: "Étude abandonnée", Responsible: "INS", Budget: 100, Currency: "EUR", StartsOn: "2025-02-01",
				DueOn: "2025-05-01", Status: plan.Cancelled},
		},
		Indicators: []plan.Indicator{{ID: uuid.New(), ObjectiveID: obj.ID, Name: "Victimes orientées", Unit: "personnes",
			Baseline: 12000, Target: 60000, Values: []plan.Value{{Period: "2025", Value: 15000}}}},
	}
	return d, org
}

// TestExcelReadsBack writes the ministry's workbook in French and reads it
// back with excelize: sheets, the progress counts, each activity with its
// status and progress, the indicator behind, the projects, amounts as
// numbers.
func TestExcelReadsBack(t *testing.T) {
	d, org := sample()
	var buf bytes.Buffer
	if err := Excel(&buf, "fr", d, org, today); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), "|"), "Plan|Activités|Indicateurs|Projets"; got != want {
		t.Fatalf("sheets %s, want %s", got, want)
	}
	rows, err := f.GetRows("Plan")
	if err != nil {
		t.Fatal(err)
	}
	summary := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			summary[r[0]] = r[1]
		}
	}
	for k, v := range map[string]string{"Intitulé": d.Plan.Title, "Pays": "Niger", "Réalisées": "1", "En retard": "1",
		"À risque": "1", "Dans les temps": "0", "Annulées": "1", "Suivi par": org.Name} {
		if summary[k] != v {
			t.Errorf("Plan sheet %q = %q, want %q (%v)", k, summary[k], v, summary)
		}
	}
	acts, err := f.GetRows("Activités")
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 5 || acts[0][0] != "Intitulé" || acts[0][7] != "État" || acts[0][8] != "Avancement" {
		t.Fatalf("activities sheet: %q", acts)
	}
	first := acts[1]
	if first[0] != "=Former 200 agents" || first[1] != "Protéger les victimes" || first[7] != "En cours" || first[8] != "En retard" ||
		first[10] != "Appui au PAN" {
		t.Errorf("late activity row: %q", first)
	}
	if formula, _ := f.GetCellFormula("Activités", "A2"); formula != "" {
		t.Errorf("a typed title became a formula: %q", formula)
	}
	if v, _ := f.GetCellValue("Activités", "D2", excelize.Options{RawCellValue: true}); v != "12500.5" {
		t.Errorf("budget cell raw value %q, want the number 12500.5", v)
	}
	if typ, _ := f.GetCellType("Activités", "D2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("budget stored as text")
	}
	if acts[3][8] != "À risque" || acts[4][8] != "Annulées" || acts[2][7] != "Réalisée" {
		t.Errorf("states: %q %q %q", acts[2], acts[3], acts[4])
	}
	inds, err := f.GetRows("Indicateurs")
	if err != nil {
		t.Fatal(err)
	}
	// 2025 ends 364 days into a 1095-day plan: 120 + 480*364/1095 = 279.56.
	if len(inds) != 2 || inds[1][0] != "Victimes orientées" || inds[1][5] != "2025" || inds[1][6] != "150" || inds[1][8] != "Oui" {
		t.Errorf("indicators: %q", inds)
	}
	projs, err := f.GetRows("Projets")
	if err != nil || len(projs) != 3 || projs[1][1] != "Union européenne" || projs[1][6] != "XI-IATI-EC_INTPA-2025-NER-01" {
		t.Errorf("projects: %q %v", projs, err)
	}
}

// TestCSVActivities checks the machine-readable CSV: stable header, codes,
// exact amounts, and a typed text that looks like a formula neutralised.
func TestCSVActivities(t *testing.T) {
	d, _ := sample()
	var buf bytes.Buffer
	if err := CSV(&buf, d, today); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") || len(recs) != 5 {
		t.Fatalf("csv: %q", recs)
	}
	r := recs[1]
	if r[3] != "'=Former 200 agents" || r[6] != "12500.50" || r[7] != "XOF" || r[10] != "in_progress" || r[11] != "late" ||
		r[14] != "XI-IATI-EC_INTPA-2025-NER-01" {
		t.Errorf("late activity: %q", r)
	}
	if recs[2][6] != "" || recs[2][11] != "done" || recs[3][11] != "at_risk" || recs[3][12] != "true" || recs[4][11] != "cancelled" {
		t.Errorf("other activities: %q", recs[2:])
	}
}

// TestIATIFile checks the IATI file's content, then validates it against
// the 2.03 activity schema with xmllint.
func TestIATIFile(t *testing.T) {
	d, org := sample()
	var buf bytes.Buffer
	if err := IATI(&buf, "fr", d, org, time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<iati-activities version="2.03" generated-datetime="2026-03-10T09:30:00Z">`,
		`<iati-identifier>NE-GOV-CNCLTP-NAP-01900000-0000-7000-8000-0000000000aa</iati-identifier>`,
		`<reporting-org ref="NE-GOV-CNCLTP" type="10">`,
		`<narrative>Coordination nationale &amp; &lt;démo&gt;</narrative>`,
		`<recipient-country code="NE">`,
		`<sector vocabulary="1" code="15160">`,
		`<activity-status code="2">`,
		`<activity-date type="1" iso-date="2025-01-01">`,
		`<narrative xml:lang="en">National action plan against trafficking in persons, Niger, 2025-01-01 to 2027-12-31</narrative>`,
		`<narrative xml:lang="fr">Plan d&#39;action national contre la traite des personnes, Niger, du 2025-01-01 au 2027-12-31</narrative>`,
		// The EU's identifier is the donor's: cited as the funder's activity, ours derived.
		`<participating-org ref="XI-IATI-EC_INTPA" role="1" activity-id="XI-IATI-EC_INTPA-2025-NER-01">`,
		`<iati-identifier>NE-GOV-CNCLTP-PRJ-` + d.Projects[0].ID.String() + `</iati-identifier>`,
		// The second project's identifier has our prefix: kept.
		`<iati-identifier>NE-GOV-CNCLTP-RS-2025</iati-identifier>`,
		`<related-activity ref="NE-GOV-CNCLTP-NAP-01900000-0000-7000-8000-0000000000aa" type="1">`,
		// EU 1 500 000 over 2025-04-01..2026-12-31 (640 days): 275 days in 2025.
		`<value currency="EUR" value-date="2025-04-01">644531.25</value>`,
		`<value currency="EUR" value-date="2026-01-01">855468.75</value>`,
		// The plan's own budgets: activities by the year they start, cancelled ones left out.
		`<value currency="XOF" value-date="2025-01-01">12500.50</value>`,
		`<value currency="XOF" value-date="2026-01-01">3000000.00</value>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("IATI file lacks %s", want)
		}
	}
	if strings.Contains(out, `currency="EUR" value-date="2025-01-01">1.00`) {
		t.Error("a cancelled activity's budget is published")
	}
	var doc struct {
		Activities []struct {
			ID string `xml:"iati-identifier"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Activities) != 3 {
		t.Fatalf("parse: %v, %d activities", err, len(doc.Activities))
	}

	validate(t, buf.Bytes())
	// The check can fail: without its activity-status an activity is refused.
	broken := strings.Replace(buf.String(), `<activity-status code="2"></activity-status>`, "", 1)
	if _, msg, err := xmllint(t, []byte(broken)); err == nil {
		t.Fatalf("xmllint accepted an activity without its status: %s", msg)
	}

	// A plan without an IATI organisation identifier nor projects still validates.
	d.Plan.IATIOrgRef, d.Projects = "", nil
	buf.Reset()
	if err := IATI(&buf, "en", d, org, today); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<reporting-org ref="XI-PASSERELLE-`+org.ID.String()+`" type="10">`) {
		t.Error("placeholder reporting-org missing")
	}
	validate(t, buf.Bytes())
}

// TestIATIDemoPlan validates the IATI file of the demo's plan of Niger.
func TestIATIDemoPlan(t *testing.T) {
	s := demo.NigerActionPlan()
	d := plan.Detail{Plan: s.Plan}
	d.Plan.ID, d.Plan.OrgID = uuid.New(), uuid.New()
	var objs, projs []uuid.UUID
	for _, title := range s.Objectives {
		o := plan.Objective{ID: uuid.New(), PlanID: d.Plan.ID, Title: title}
		d.Objectives, objs = append(d.Objectives, o), append(objs, o.ID)
	}
	for _, p := range s.Projects {
		p.ID, p.PlanID = uuid.New(), d.Plan.ID
		d.Projects, projs = append(d.Projects, p), append(projs, p.ID)
	}
	pick := func(ids []uuid.UUID, i int) uuid.UUID {
		if i < 0 {
			return uuid.Nil
		}
		return ids[i]
	}
	for _, a := range s.Activities {
		x := a.Activity
		x.ID, x.PlanID, x.ObjectiveID, x.ProjectID = uuid.New(), d.Plan.ID, pick(objs, a.Objective), pick(projs, a.Project)
		d.Activities = append(d.Activities, x)
	}
	org := account.Organisation{ID: d.Plan.OrgID, Name: "Coordination nationale contre la traite (démo)",
		Type: account.CentralGovernmentOrganisation, Country: "NER"}
	var buf bytes.Buffer
	if err := IATI(&buf, "fr", d, org, time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "<iati-activity "); n != 2 {
		t.Errorf("%d activities, want the plan and its project", n)
	}
	validate(t, buf.Bytes())
}

// validate checks an IATI file against the 2.03 activity schema of
// ../shared/data/iati with xmllint, or skips when either is absent.
func validate(t *testing.T, file []byte) {
	t.Helper()
	schema, msg, err := xmllint(t, file)
	if err != nil {
		t.Fatalf("xmllint --noout --schema %s: %v\n%s", schema, err, msg)
	}
	t.Logf("xmllint --noout --schema %s: %s", schema, msg)
}

// xmllint runs the schema check on file.
func xmllint(t *testing.T, file []byte) (schema, msg string, err error) {
	t.Helper()
	schema = sharedtest.Path(t, "iati/iati-activities-schema.xsd")
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint absent (Debian package libxml2-utils; scripts/test.sh installs it): the schema check is skipped")
	}
	name := filepath.Join(t.TempDir(), "plan-iati.xml")
	if err := os.WriteFile(name, file, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", schema, name).CombinedOutput()
	return schema, strings.TrimSpace(string(out)), err
}
