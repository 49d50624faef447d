package casework

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func intp(i int) *int { return &i }

func goodCase() Case {
	return Case{
		Person: Person{GivenName: "Blessing", FamilyName: "Osagie", BirthDate: "2004-03-11", Email: "b.osagie@example.org",
			Narrative: "Recruited in Benin City with a promise of hairdressing work in Italy."},
		Gender: "Feminine", Citizenship: "NGA", AgeWhenTrafficked: intp(17),
		TraffickingStatus: "PossibleVictimOfTrafficking", StatusDecidedBy: "NGO", Relationship: "Acquainted",
		RecruitmentMethods: []string{"ThroughFriendsOrSocialEvents"}, MethodsOfControl: []string{"DebtBondage", "WithholdsDocuments"},
		Exploitation: []string{"SexualExploitation"}, SexExploitation: []string{"Prostitution"},
		Events: []Event{
			{Kind: "recruitment", Country: "NGA", Place: "Benin City", Date: "2021-06"},
			{Kind: "transit", Country: "NER", Place: "Agadez", Date: "2021-07-02"},
			{Kind: "transit", Country: "LBY", Place: "Sabha"},
			{Kind: "exploitation", Country: "FRA", Place: "Lyon", Date: "2022"},
		},
		Justice: Justice{ComplaintFiled: true, ComplaintDate: "2023-01-15", Role: "witness", ProtectionMeasures: []string{"anonymity"}},
	}
}

func TestValidCase(t *testing.T) {
	if es := goodCase().Validate(today); len(es) != 0 {
		t.Fatalf("valid case refused: %v", es)
	}
}

func TestCaseValidationNamesFieldAndRule(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Case)
		field  string
		rule   string
	}{
		{"no name at all", func(c *Case) { c.Person.GivenName, c.Person.FamilyName = "", "" }, "given_name", valid.RuleRequired},
		{"overlong name", func(c *Case) { c.Person.FamilyName = strings.Repeat("a", MaxName+1) }, "family_name", valid.RuleTooLong},
		{"bad e-mail", func(c *Case) { c.Person.Email = "osagie@" }, "email", valid.RuleEmail},
		{"bad birth date", func(c *Case) { c.Person.BirthDate = "11/03/2004" }, "birth_date", RuleDate},
		{"future birth date", func(c *Case) { c.Person.BirthDate = "2027-01-01" }, "birth_date", RuleFutureDate},
		{"unknown gender", func(c *Case) { c.Gender = "F" }, "gender", valid.RuleOneOf},
		{"unknown country", func(c *Case) { c.Citizenship = "XXX" }, "citizenship", "country"},
		{"age out of range", func(c *Case) { c.AgeWhenTrafficked = intp(130) }, "age_when_trafficked", "range"},
		{"unknown exploitation", func(c *Case) { c.Exploitation = []string{"Smuggling"} }, "exploitation", valid.RuleOneOf},
		{"duplicate control", func(c *Case) { c.MethodsOfControl = []string{"DebtBondage", "DebtBondage"} }, "methods_of_control", RuleDuplicate},
		{"event without country", func(c *Case) { c.Events[1].Country = "" }, "events[1].country", valid.RuleRequired},
		{"event kind", func(c *Case) { c.Events[0].Kind = "arrival" }, "events[0].kind", valid.RuleOneOf},
		{"justice role", func(c *Case) { c.Justice.Role = "judge" }, "justice.role", valid.RuleOneOf},
		{"compensation without currency", func(c *Case) { c.Justice.CompensationClaimed = 500000 }, "justice.currency", valid.RuleRequired},
		{"unknown status", func(c *Case) { c.Status = "Open" }, "status", valid.RuleOneOf},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := goodCase()
			tc.mutate(&c)
			es := c.Validate(today)
			if !es.Has(tc.field, tc.rule) {
				t.Fatalf("want %s/%s, got %v", tc.field, tc.rule, es)
			}
			for _, e := range es {
				if strings.Contains(e.Error(), "Osagie") || strings.Contains(e.Error(), "osagie@") {
					t.Fatalf("error echoes personal data: %v", e)
				}
			}
		})
	}
}

func TestRoute(t *testing.T) {
	r := goodCase().Route()
	if !slices.Equal(r.Origin, []string{"NGA"}) || !slices.Equal(r.Transit, []string{"NER", "LBY"}) ||
		!slices.Equal(r.Destination, []string{"FRA"}) || !r.International || r.Domestic {
		t.Fatalf("route %+v", r)
	}
	domestic := Case{Events: []Event{{Kind: "recruitment", Country: "FRA"}, {Kind: "exploitation", Country: "FRA"}}}
	if r := domestic.Route(); !r.Domestic || r.International {
		t.Fatalf("domestic route %+v", r)
	}
	if r := (Case{}).Route(); r.Domestic || r.International {
		t.Fatalf("empty route %+v", r)
	}
}

func TestAgeGroupAndChild(t *testing.T) {
	for _, tc := range []struct {
		age      *int
		presumed bool
		group    string
		child    bool
	}{
		{intp(7), false, "0-8", true}, {intp(17), false, "9-17", true}, {intp(18), false, "18-29", false},
		{intp(47), false, "30-47", false}, {intp(48), false, "48+", false},
		{nil, true, "minor_presumed", true}, {nil, false, "unknown", false},
		{intp(25), true, "18-29", false}, // a known age overrides the presumption
	} {
		c := Case{AgeWhenTrafficked: tc.age, PresumedMinor: tc.presumed}
		if c.AgeGroup() != tc.group || c.Child() != tc.child {
			t.Errorf("age %v presumed %v: %s %v", tc.age, tc.presumed, c.AgeGroup(), c.Child())
		}
	}
}

func TestClosureNeedsASecondPerson(t *testing.T) {
	worker, supervisor := uuid.New(), uuid.New()
	c := goodCase()
	c.Status = Active
	if err := c.SetStatus(FollowUp); err != nil || c.Status != FollowUp {
		t.Fatal(err)
	}
	if err := c.SetStatus(Closed); err == nil {
		t.Fatal("SetStatus closed a case without approval")
	}
	if err := c.ApproveClosure(supervisor); err == nil {
		t.Fatal("approved a closure nobody asked for")
	}
	if err := c.RequestClosure(worker, Active, "x"); err == nil {
		t.Fatal("accepted a closure to Active")
	}
	if err := c.RequestClosure(worker, ClosedReferred, ""); err == nil {
		t.Fatal("accepted a closure without reason")
	}
	if err := c.RequestClosure(worker, ClosedReferred, "Referred to a shelter in Marseille"); err != nil {
		t.Fatal(err)
	}
	if err := c.RequestClosure(worker, Closed, "again"); err == nil {
		t.Fatal("accepted a second request")
	}
	if err := c.ApproveClosure(worker); err == nil {
		t.Fatal("the requester approved their own closure")
	}
	if err := c.ApproveClosure(supervisor); err != nil || c.Status != ClosedReferred {
		t.Fatalf("approval: %v %s", err, c.Status)
	}
	if err := c.SetStatus(Active); err == nil {
		t.Fatal("SetStatus reopened a closed case")
	}
	if err := c.Reopen(); err != nil || c.Status != Active {
		t.Fatal("reopen failed")
	}
	if err := c.RequestClosure(worker, Closed, "done"); err != nil {
		t.Fatal(err)
	}
	if err := c.RejectClosure(); err != nil || c.ClosureRequested || c.Status != Active {
		t.Fatal("reject did not clear the request")
	}
}

func TestConsent(t *testing.T) {
	given := today.Add(-48 * time.Hour)
	cs := []Consent{
		{Purpose: "assistance", GivenBy: "person", Method: "oral_with_interpreter", GivenAt: given},
		{Purpose: "referral", OrgTypes: []string{"NGO"}, GivenBy: "person", Method: "written", GivenAt: given},
	}
	for _, c := range cs {
		if es := c.Validate(today); len(es) != 0 {
			t.Fatalf("%s: %v", c.Purpose, es)
		}
	}
	if !Allows(cs, "referral", "NGO", today) || Allows(cs, "referral", "LawEnforcement", today) {
		t.Fatal("referral consent not limited to the agreed organisation types")
	}
	if Allows(cs, "statistics", "", today) {
		t.Fatal("statistics allowed without consent")
	}
	w := today.Add(-time.Hour)
	cs[1].WithdrawnAt = &w
	if Allows(cs, "referral", "NGO", today) {
		t.Fatal("withdrawn consent still allows referral")
	}
	if !Allows(cs, "referral", "NGO", today.Add(-2*time.Hour)) {
		t.Fatal("consent before its withdrawal should hold")
	}
	bad := Consent{Purpose: "referral", GivenBy: "uncle", Method: "oral", GivenAt: given}
	es := bad.Validate(today)
	if !es.Has("given_by", valid.RuleOneOf) || !es.Has("org_types", valid.RuleRequired) {
		t.Fatalf("bad consent: %v", es)
	}
}

func TestPlanItem(t *testing.T) {
	p := PlanItem{Objective: "CAP coiffure", Type: "vocational_training", PlannedStart: "2027-01-10", PlannedEnd: "2027-06-30"}
	if es := p.Validate(today); len(es) != 0 {
		t.Fatal(es)
	}
	if p.Domain != "professional" || p.Status != "planned" {
		t.Fatalf("defaults: %s %s", p.Domain, p.Status)
	}
	q := PlanItem{Objective: "x", Type: "shelter", ActualStart: "2026-05-01", ActualEnd: "2026-04-01", Status: "done"}
	if es := q.Validate(today); !es.Has("actual_end", RuleDateOrder) {
		t.Fatalf("date order: %v", es)
	}
	r := PlanItem{Objective: "x", Type: "shelter", ActualStart: "2027-05-01"}
	if es := r.Validate(today); !es.Has("actual_start", RuleFutureDate) {
		t.Fatalf("future actual date: %v", es)
	}
	out := Outcomes([]PlanItem{p, {Domain: "social", Status: "done"}, {Domain: "social", Status: "done"}})
	if out["professional"]["planned"] != 1 || out["social"]["done"] != 2 || out["personal"]["done"] != 0 {
		t.Fatalf("outcomes %v", out)
	}
}

func TestCodeIsPseudonymous(t *testing.T) {
	re := regexp.MustCompile(`^FRA-26-[2-9A-HJKMNP-Z]{6}$`)
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode("fra", today)
		if !re.MatchString(c) {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 999 {
		t.Fatalf("codes repeat: %d distinct of 1000", len(seen))
	}
}
