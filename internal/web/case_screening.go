package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// The guided screening interview: small steps that work on a phone, each a
// form posting to the next, carrying the answers so far in hidden fields.
// Answers are identifiers and yes/no only, never personal data.
//
//	1 age and presumed minority   2 acts   3 means (skipped for a child)
//	4 purposes   5 circumstances (consent, border, exploitation)
//	6 ILO indicators (optional): 6 chooses the catalogue, 7 lists it
const (
	stepAge = iota + 1
	stepActs
	stepMeans
	stepPurposes
	stepCircumstances
	stepCatalogue
	stepIndicators
)

// screeningAnswers are the interview's answers so far.
type screeningAnswers struct {
	Age                          string
	Presumed                     bool
	Acts, Means, Purposes        []string
	Consented, Border, Exploited bool
	Catalogue                    string
	Indicators                   []string
	// cats are the catalogues of the acting organisation (its own loaded
	// ones replacing or completing the embedded ones).
	cats *identify.CatalogueSet
}

// names of the form fields of each step (the others travel hidden).
var stepFields = map[int][]string{
	stepAge: {"age", "presumed_minor"}, stepActs: {"act"}, stepMeans: {"means"}, stepPurposes: {"purpose"},
	stepCircumstances: {"consented", "crossed_border", "exploitation_occurred"},
	stepCatalogue:     {"catalogue"}, stepIndicators: {"indicator"},
}

func parseAnswers(r *http.Request) screeningAnswers {
	_ = r.ParseForm()
	yes := func(k string) bool { return r.PostFormValue(k) == "1" }
	return screeningAnswers{
		Age: strings.TrimSpace(r.PostFormValue("age")), Presumed: yes("presumed_minor"),
		Acts: nonEmpty(r.PostForm["act"]), Means: nonEmpty(r.PostForm["means"]), Purposes: nonEmpty(r.PostForm["purpose"]),
		Consented: yes("consented"), Border: yes("crossed_border"), Exploited: yes("exploitation_occurred"),
		Catalogue: strings.TrimSpace(r.PostFormValue("catalogue")), Indicators: nonEmpty(r.PostForm["indicator"]),
	}
}

// age is the recorded age, nil when unknown or not a number.
func (a screeningAnswers) age() *int {
	n, err := strconv.Atoi(a.Age)
	if err != nil {
		return nil
	}
	return &n
}

// child is the engine's child rule on the answers so far.
func (a screeningAnswers) child() bool { return identify.IsChild(a.age(), a.Presumed) }

// facts turns the answers into the engine's input.
func (a screeningAnswers) facts() identify.Facts {
	f := identify.Facts{AgeAtRecruitment: a.age(), PresumedMinor: a.Presumed, Acts: a.Acts, Means: a.Means,
		Purposes: a.Purposes, Consented: a.Consented, CrossedBorder: a.Border, ExploitationOccurred: a.Exploited}
	if a.Catalogue != "" {
		f.Indicators = &identify.IndicatorFacts{Catalogue: a.Catalogue, Present: a.Indicators}
	}
	return f
}

// check validates the answers as the engine will when they are recorded (a
// tampered form is refused, never silently cleaned), with the error under
// the form field it concerns. The one rule of the medium itself: the age
// typed is a whole number.
func (a screeningAnswers) check(w identify.Words) map[string]string {
	if a.Age != "" && a.age() == nil {
		return map[string]string{"age": w.Say(identify.Message{Code: "err_not_integer"})}
	}
	var fe *identify.FieldError
	if err := a.facts().Validate(a.cats); errors.As(err, &fe) {
		return factsErrors(w, fe)
	}
	return nil
}

// formFields maps the engine's fields to the interview's form fields.
var formFields = map[string]string{"age_at_recruitment": "age", "acts": "act", "means": "means", "purposes": "purpose",
	"indicators.catalogue": "catalogue", "indicators.present": "indicator"}

// factsErrors puts the engine's error under its form field ("step" when the
// field is none of the interview's).
func factsErrors(w identify.Words, fe *identify.FieldError) map[string]string {
	field := fe.Field
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	name, ok := formFields[field]
	if !ok {
		name = "step"
	}
	return map[string]string{name: w.T(w.Lang, identify.MessageID(fe.Code()), fe.Params)}
}

// screeningWords word the engine's codes in lang.
func screeningWords(lang string) identify.Words { return identify.Words{Lang: lang, T: i18n.T} }

// hidden lists the answers that are not the fields of step, as hidden
// inputs.
func (a screeningAnswers) hidden(step int) []hiddenField {
	own := stepFields[step]
	var out []hiddenField
	add := func(name string, vs ...string) {
		if slices.Contains(own, name) {
			return
		}
		for _, v := range vs {
			out = append(out, hiddenField{name, v})
		}
	}
	flag := func(name string, b bool) {
		if b {
			add(name, "1")
		}
	}
	if a.Age != "" {
		add("age", a.Age)
	}
	flag("presumed_minor", a.Presumed)
	add("act", a.Acts...)
	add("means", a.Means...)
	add("purpose", a.Purposes...)
	flag("consented", a.Consented)
	flag("crossed_border", a.Border)
	flag("exploitation_occurred", a.Exploited)
	if a.Catalogue != "" {
		add("catalogue", a.Catalogue)
	}
	add("indicator", a.Indicators...)
	return out
}

type hiddenField struct{ Name, Value string }

// next is the step after step (back: before), skipping the means for a
// child and the indicator list when no catalogue was chosen; 0 = finish.
func (a screeningAnswers) next(step int, back bool) int {
	if back {
		step--
		if step == stepMeans && a.child() {
			step--
		}
		return max(step, stepAge)
	}
	step++
	if step == stepMeans && a.child() {
		step++
	}
	if step == stepIndicators && a.Catalogue == "" {
		return 0
	}
	if step > stepIndicators {
		return 0
	}
	return step
}

// caseScreeningStart opens the interview at step 1, with the age and the
// presumption of minority already recorded on the case.
func (s *Server) caseScreeningStart(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCase(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cats, err := s.db.Catalogues(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := screeningAnswers{Presumed: c.PresumedMinor, cats: cats}
	if c.AgeWhenTrafficked != nil {
		a.Age = strconv.Itoa(*c.AgeWhenTrafficked)
	}
	for _, e := range c.Exploitation { // a head start on the purposes, from the case's facts
		if p := purposeOf[e]; p != "" && !slices.Contains(a.Purposes, p) {
			a.Purposes = append(a.Purposes, p)
		}
	}
	a.Border = c.Route().CrossesBorder
	s.renderStep(w, r, http.StatusOK, id, c.Code, stepAge, a, nil)
}

// purposeOf maps the case's exploitation types to the Palermo purposes.
var purposeOf = map[string]string{
	"ForcedLabour": "forced_labour", "SexualExploitation": "sexual_exploitation", "ChildLabour": "forced_labour",
	"ForcedMarriage": "forced_marriage", "Servitude": "servitude", "ForcedMilitaryByNonStateActors": "child_soldiering",
	"OrganRemoval": "organ_removal", "ForcedBegging": "forced_begging", "ForcedAdoption": "illegal_adoption",
	"Surrogacy": "surrogacy_exploitation", "ForcedCriminality": "forced_criminality",
}

// caseScreeningStep takes one step's answers and shows the next step, or
// on the last one runs the screening, records it and shows the result.
func (s *Server) caseScreeningStep(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// One audited read per step: the store answers not found for another
	// organisation's case, and the heading shows the case's own code.
	f, err := s.db.ReadCaseFile(r.Context(), id, store.PartCase)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := f.Case.Code
	a := parseAnswers(r)
	if a.cats, err = s.db.Catalogues(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	step, _ := strconv.Atoi(r.PostFormValue("step"))
	if step < stepAge || step > stepIndicators {
		step = stepAge
	}
	words := screeningWords(langOf(r))
	if errs := a.check(words); len(errs) > 0 {
		s.renderStep(w, r, http.StatusUnprocessableEntity, id, code, step, a, errs)
		return
	}
	if step == stepCatalogue && r.PostFormValue("go") == "next" && a.Catalogue == "" {
		a.Indicators = nil
	}
	next := a.next(step, r.PostFormValue("go") == "back")
	if r.PostFormValue("go") == "finish" {
		next = 0
	}
	if next != 0 {
		s.renderStep(w, r, http.StatusOK, id, code, next, a, nil)
		return
	}
	sc, err := s.db.RecordScreening(r.Context(), id, a.facts())
	var fe *identify.FieldError
	if errors.As(err, &fe) { // the catalogues changed since the step was checked: keep the person on the step
		s.renderStep(w, r, http.StatusUnprocessableEntity, id, code, step, a, factsErrors(words, fe))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "case.flash.screened")
	s.redirect(w, r, "/cases/"+id.String()+"/screenings/"+strconv.Itoa(sc.Version))
}

// stepTitle is the message id of a step's title.
func stepTitle(n int) string { return "case.screening.step" + strconv.Itoa(n) }

// stepView is one entry of the progress list.
type stepView struct {
	N     int
	Label string
	State string // done, current, todo, skipped
}

// renderStep shows step of the interview.
func (s *Server) renderStep(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, code string, step int, a screeningAnswers, errs map[string]string) {
	lang := langOf(r)
	shown := min(step, stepCatalogue)
	var progress []stepView
	for n := stepAge; n <= stepCatalogue; n++ {
		st := "todo"
		switch {
		case n == stepMeans && a.child():
			st = "skipped"
		case n < shown:
			st = "done"
		case n == shown:
			st = "current"
		}
		progress = append(progress, stepView{N: n, Label: s.t(r, stepTitle(n), nil), State: st})
	}
	data := map[string]any{
		"Path": "/cases/" + id.String() + "/screening",
		"ID":   id, "Code": code, "Step": step, "Shown": shown, "Total": stepCatalogue, "Progress": progress,
		"A": a, "Hidden": a.hidden(step), "Errors": errs, "Child": a.child(),
		"StepTitle": s.t(r, stepTitle(shown), nil),
	}
	switch step {
	case stepActs:
		data["Terms"] = termChoices(lang, identify.ActTerms, a.Acts)
	case stepMeans:
		data["Terms"] = termChoices(lang, identify.MeansTerms, a.Means)
	case stepPurposes:
		data["Terms"] = termChoices(lang, identify.PurposeTerms, a.Purposes)
	case stepCatalogue:
		data["Catalogues"], data["Suggested"] = catalogueChoices(a, lang)
	case stepIndicators:
		c, _ := a.cats.Get(a.Catalogue)
		data["Catalogue"] = catalogueTitle(c, lang)
		data["Dimensions"] = dimensionViews(lang, c, a.Indicators)
	}
	s.render(w, r, status, "case_screening", data)
}

func termChoices(lang string, terms []identify.Term, selected []string) []choice {
	w := screeningWords(lang)
	out := make([]choice, len(terms))
	for i, t := range terms {
		out[i] = choice{Value: t.ID, Label: w.Say(identify.Message{Code: t.Code()}), Checked: slices.Contains(selected, t.ID)}
	}
	return out
}

// catalogueView is one ILO catalogue to choose.
type catalogueView struct {
	ID, Title, Status string
	Checked           bool
}

func catalogueTitle(c *identify.Catalogue, lang string) catalogueView {
	if c == nil {
		return catalogueView{}
	}
	return catalogueView{ID: c.ID, Title: c.Title.In(lang), Status: c.Status.Labels.In(lang)}
}

// catalogueChoices lists the catalogues, suggesting the one for the
// person's population (adult or child) and the purpose (sexual or labour).
func catalogueChoices(a screeningAnswers, lang string) ([]catalogueView, string) {
	pop, kind := "adult", "labour"
	if a.child() {
		pop = "child"
	}
	if slices.Contains(a.Purposes, "sexual_exploitation") {
		kind = "sexual"
	}
	suggested := pop + "_" + kind
	var out []catalogueView
	for _, id := range a.cats.IDs() {
		c, _ := a.cats.Get(id)
		v := catalogueTitle(c, lang)
		v.Checked = a.Catalogue == id
		out = append(out, v)
	}
	return out, suggested
}

// dimensionView groups a catalogue's indicators by dimension.
type dimensionView struct {
	N          int
	Name       string
	Ticked     bool // some indicator of the dimension is ticked (shown open)
	Indicators []indicatorView
}

type indicatorView struct {
	ID, Label, Strength, StrengthLabel string
	Checked                            bool
}

func dimensionViews(lang string, c *identify.Catalogue, present []string) []dimensionView {
	if c == nil {
		return nil
	}
	w := screeningWords(lang)
	out := make([]dimensionView, 6)
	for d := range out {
		out[d] = dimensionView{N: d + 1, Name: w.Say(identify.Message{Code: identify.DimensionCode(d + 1)})}
	}
	for _, ind := range c.Indicators {
		v := indicatorView{ID: ind.ID, Label: ind.Labels.In(lang), Strength: string(ind.Strength),
			StrengthLabel: caseLabel(lang, "strength", string(ind.Strength)), Checked: slices.Contains(present, ind.ID)}
		out[ind.Dimension-1].Indicators = append(out[ind.Dimension-1].Indicators, v)
		out[ind.Dimension-1].Ticked = out[ind.Dimension-1].Ticked || v.Checked
	}
	return out
}

// caseScreeningResult shows one screening version with its reasons in the
// reader's language.
func (s *Server) caseScreeningResult(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		s.fail(w, r, store.ErrNotFound)
		return
	}
	f, err := s.db.ReadCaseFile(r.Context(), id, store.PartCase|store.PartScreenings)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, ss := f.Case, f.Screenings
	i := slices.IndexFunc(ss, func(sc casework.Screening) bool { return sc.Version == version })
	if i < 0 {
		s.fail(w, r, store.ErrNotFound)
		return
	}
	lang := langOf(r)
	v := newResultView(lang, ss[i])
	v.Who = who(lang, s.userNames(r), ss[i].ScreenedBy)
	s.render(w, r, http.StatusOK, "case_result", map[string]any{
		"Case": c, "Result": v, "Latest": version == ss[len(ss)-1].Version,
	})
}
