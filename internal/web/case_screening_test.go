package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// answerFields are the only hidden fields the interview may carry: the step,
// the case code and the answers, all identifiers or numbers, never a name.
var (
	answerFields = map[string]bool{"step": true, "code": true, "age": true, "presumed_minor": true, "act": true,
		"means": true, "purpose": true, "consented": true, "crossed_border": true, "exploitation_occurred": true,
		"catalogue": true, "indicator": true}
	identifierRe = regexp.MustCompile(`^[A-Za-z0-9_.-]*$`)
)

var hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// interview walks the guided screening over HTTP like a browser: at each
// step it keeps the hidden fields the page carries, adds the step's answers
// (step number -> form values) and presses "next" (or the final button). It
// returns the steps shown, in order, and the last response.
func interview(t *testing.T, c *coreClient, caseID string, answers map[int]url.Values) ([]int, coreResp) {
	t.Helper()
	base := "/cases/" + caseID + "/screening"
	r := c.get(base)
	var shown []int
	for i := 0; i < 10; i++ {
		if r.Code != http.StatusOK {
			t.Fatalf("step page: %d %.2000s", r.Code, r.Body)
		}
		form := url.Values{}
		body := r.Body // the step's form only (the page also has the language switch)
		if i := strings.Index(body, `action="`+base+`"`); i >= 0 {
			body = body[i:]
			body = body[:strings.Index(body, "</form>")]
		}
		for _, m := range hiddenRe.FindAllStringSubmatch(body, -1) {
			name, value := html.UnescapeString(m[1]), html.UnescapeString(m[2])
			if !answerFields[name] || !identifierRe.MatchString(value) {
				t.Errorf("hidden field %s=%q: the interview carries answers (identifiers) only", name, value)
			}
			form.Add(name, value)
		}
		step, _ := strconv.Atoi(form.Get("step"))
		shown = append(shown, step)
		for _, name := range stepFields[step] { // the page's own inputs: what the person ticks now
			form.Del(name)
		}
		for k, vs := range answers[step] {
			form[k] = vs
		}
		switch {
		case step == stepIndicators:
			form.Set("go", "finish")
		default:
			form.Set("go", "next")
		}
		r = c.post(base, form)
		if r.Code == http.StatusSeeOther {
			return shown, r
		}
	}
	t.Fatalf("interview did not finish; steps %v", shown)
	return nil, r
}

// TestCaseScreeningInterview runs the interview end to end over HTTP for
// (a) an adult with act, means and purpose, (b) a child without means, (c)
// smuggling-like facts, and (d) an adult with ILO indicators; each result is
// recorded as a new version and shown with its reasons.
func TestCaseScreeningInterview(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	for _, c := range []struct {
		name      string
		age       int
		answers   map[int]url.Values
		steps     []int
		meets     bool
		means     identify.MeansStatus
		rec       identify.Recommendation
		pattern   identify.Pattern
		catalogue string
		pageWants []string
		pageLacks []string
	}{
		{
			name: "adult with act, means and purpose", age: 29,
			answers: map[int]url.Values{
				stepAge: {"age": {"29"}}, stepActs: {"act": {"recruitment", "transportation"}},
				stepMeans: {"means": {"deception", "abuse_of_vulnerability"}}, stepPurposes: {"purpose": {"forced_labour"}},
				stepCircumstances: {"consented": {"1"}, "crossed_border": {"1"}, "exploitation_occurred": {"1"}},
				stepCatalogue:     {"catalogue": {""}},
			},
			steps: []int{1, 2, 3, 4, 5, 6}, meets: true, means: identify.MeansMet,
			rec: identify.RecReferFormalIdentification, pattern: identify.PatternTrafficking,
			pageWants: []string{"The recorded facts support every element", "Refer", "deception", "Act", "Means", "met"},
		},
		{
			name: "child without means", age: 15,
			answers: map[int]url.Values{
				stepAge: {"age": {"15"}}, stepActs: {"act": {"harbouring"}}, stepPurposes: {"purpose": {"forced_begging"}},
				stepCircumstances: {}, stepCatalogue: {"catalogue": {""}},
			},
			steps: []int{1, 2, 4, 5, 6}, meets: true, means: identify.MeansNotRequired,
			rec: identify.RecReferChildProtection, pattern: identify.PatternTrafficking,
			pageWants: []string{"not required for a child", "child protection"},
		},
		{
			name: "smuggling-like facts", age: 31,
			answers: map[int]url.Values{
				stepAge: {"age": {"31"}}, stepActs: {"act": {"transportation"}}, stepMeans: {}, stepPurposes: {},
				stepCircumstances: {"consented": {"1"}, "crossed_border": {"1"}}, stepCatalogue: {"catalogue": {""}},
			},
			steps: []int{1, 2, 3, 4, 5, 6}, meets: false, means: identify.MeansNotMet,
			rec: identify.RecContinueAssessment, pattern: identify.PatternSmuggling,
			pageWants: []string{"do not support every element", "smuggling", "not met"},
		},
		{
			name: "adult with ILO indicators", age: 35,
			answers: map[int]url.Values{
				stepAge: {"age": {"35"}}, stepActs: {"act": {"recruitment"}}, stepMeans: {"means": {"fraud"}},
				stepPurposes: {"purpose": {"forced_labour"}}, stepCircumstances: {"exploitation_occurred": {"1"}},
				stepCatalogue:  {"catalogue": {"adult_labour"}},
				stepIndicators: {"indicator": {"d1_deceived_nature_job", "d1_deceived_wages"}},
			},
			steps: []int{1, 2, 3, 4, 5, 6, 7}, meets: true, means: identify.MeansMet,
			rec: identify.RecReferFormalIdentification, pattern: identify.PatternTrafficking, catalogue: "adult_labour",
			pageWants: []string{"ILO indicators", "adult_labour"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := e.cwSeed("caseworker", "Personne", "Anonyme", c.age)
			steps, r := interview(t, cw, k.ID.String(), c.answers)
			if joinInts(steps) != joinInts(c.steps) {
				t.Errorf("steps shown %v, want %v", steps, c.steps)
			}
			if want := "/cases/" + k.ID.String() + "/screenings/1"; r.location() != want {
				t.Fatalf("after the interview: %q, want %q", r.location(), want)
			}
			ss, err := e.db.ListScreenings(e.cwActor("caseworker"), k.ID)
			if err != nil || len(ss) != 1 {
				t.Fatalf("screenings: %v %d", err, len(ss))
			}
			got := ss[0].Result
			if got.MeetsDefinition != c.meets || got.Means != c.means || got.Recommendation != c.rec || got.Pattern != c.pattern {
				t.Errorf("result: meets %v means %s rec %s pattern %s", got.MeetsDefinition, got.Means, got.Recommendation, got.Pattern)
			}
			if c.catalogue != "" && (got.ILO == nil || !strings.HasPrefix(ss[0].CatalogueVersion, c.catalogue+"@")) {
				t.Errorf("catalogue version %q, ILO %v", ss[0].CatalogueVersion, got.ILO != nil)
			}
			if ss[0].ScreenedBy != e.users["caseworker"].ID || ss[0].Version != 1 {
				t.Errorf("who/version: %v %d", ss[0].ScreenedBy, ss[0].Version)
			}
			// The engine on the same facts gives the same result: the pages
			// pass the answers through unchanged.
			direct, err := identify.Assess(ss[0].Facts)
			if err != nil || direct.MeetsDefinition != got.MeetsDefinition || len(direct.Reasons) != len(got.Reasons) {
				t.Errorf("direct assessment differs: %v", err)
			}
			page := cw.get(r.location())
			if page.Code != http.StatusOK {
				t.Fatalf("result page: %d", page.Code)
			}
			cwHas(t, "result page", page.Body, append(c.pageWants, k.Code, screeningWords("en").Say(identify.Message{Code: got.Recommendation.Code()}))...)
			for _, reason := range got.Report(screeningWords("en")).Reasons {
				cwHas(t, "reason", page.Body, reason)
			}
			cwHas(t, "case page history", cw.get("/cases/"+k.ID.String()).Body, "History", "Aminata Diop")
		})
	}

	// Back goes to the previous step with the answers kept; a second
	// screening is version 2; the result reads in French.
	k := e.cwSeed("caseworker", "Personne", "Anonyme", 40)
	base := "/cases/" + k.ID.String() + "/screening"
	r := cw.post(base, url.Values{"step": {"2"}, "age": {"40"}, "act": {"receipt"}, "go": {"back"}})
	cwHas(t, "back to step 1", r.Body, `name="age" type="number"`, `value="40"`, `name="act" value="receipt"`)
	interview(t, cw, k.ID.String(), map[int]url.Values{stepAge: {"age": {"40"}}, stepCatalogue: {"catalogue": {""}}})
	cw.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	_, r = interview(t, cw, k.ID.String(), map[int]url.Values{stepAge: {"age": {"40"}}, stepActs: {"act": {"recruitment"}},
		stepMeans: {"means": {"threat"}}, stepPurposes: {"purpose": {"sexual_exploitation"}}, stepCatalogue: {"catalogue": {""}}})
	if !strings.HasSuffix(r.location(), "/screenings/2") {
		t.Fatalf("second screening: %q", r.location())
	}
	fr := cw.get(r.location())
	ss, _ := e.db.ListScreenings(e.cwActor("caseworker"), k.ID)
	cwHas(t, "French result", fr.Body, "Les faits enregistrés étayent tous les éléments", ss[1].Result.Report(screeningWords("fr")).RecommendationText)
	for _, reason := range ss[1].Result.Report(screeningWords("fr")).Reasons {
		cwHas(t, "French reason", fr.Body, reason)
	}
	cw.post("/language", url.Values{"lang": {"en"}, "return": {"/"}})
	cwNoMissing(t)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// TestCaseScreeningStepAuditedOnce: one step of the interview reads the case
// once, so it adds exactly one audit entry (a "case.read" of that case), and
// the heading shows the case's own code, not the one the form carries.
func TestCaseScreeningStepAuditedOnce(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Salamatou", "Garba", 24)
	cw := e.signedIn("caseworker")
	entries := func() []audit.Entry {
		t.Helper()
		es, err := e.db.ListAudit(cwSys(), e.org.ID, store.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	before := entries()
	r := cw.post("/cases/"+c.ID.String()+"/screening", url.Values{"step": {"1"}, "code": {"NER-FORGED"},
		"age": {"24"}, "go": {"next"}})
	if r.Code != http.StatusOK || !strings.Contains(r.Body, `name="step" value="2"`) {
		t.Fatalf("step 1: %d %.2000s", r.Code, r.Body)
	}
	if !strings.Contains(r.Body, c.Code) || strings.Contains(r.Body, "NER-FORGED") {
		t.Errorf("the step's heading does not show the case's code %s", c.Code)
	}
	after := entries()
	if len(after) != len(before)+1 {
		t.Fatalf("one step added %d audit entries, want 1", len(after)-len(before))
	}
	if got := after[0]; got.Action != "case.read" || got.RecordID != c.ID.String() {
		t.Errorf("the step's audit entry: %s %s %s, want case.read of %s", got.Action, got.RecordType, got.RecordID, c.ID)
	}

	// The result page too: one view, one entry.
	if _, err := e.db.RecordScreening(e.cwActor("caseworker"), c.ID, identify.Facts{AgeAtRecruitment: c.AgeWhenTrafficked,
		Acts: []string{"recruitment"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"}}); err != nil {
		t.Fatal(err)
	}
	before = entries()
	if r := cw.get("/cases/" + c.ID.String() + "/screenings/1"); r.Code != http.StatusOK || !strings.Contains(r.Body, c.Code) {
		t.Fatalf("result page: %d %.2000s", r.Code, r.Body)
	}
	after = entries()
	if len(after) != len(before)+1 || after[0].Action != "case.read" {
		t.Errorf("the result page added %d audit entries, want 1 case.read", len(after)-len(before))
	}
}
