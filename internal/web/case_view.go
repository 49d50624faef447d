package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// screeningRow is one version in the screening history.
type screeningRow struct {
	Version        int
	Who            string
	At             time.Time
	Catalogue      string
	Recommendation string
	Meets          bool
}

// consentRow is one consent as the case page lists it.
type consentRow struct {
	ID               uuid.UUID
	Purpose, GivenBy string
	Method, Language string
	OrgTypes         []string
	GivenAt          time.Time
	WithdrawnAt      *time.Time
	Active           bool
	RecordedBy       string
}

// planItemView is one plan item with its labels and follow-ups.
type planItemView struct {
	casework.PlanItem
	TypeLabel, StatusLabel string
	FollowUps              []followUpView
	Statuses               []choice
	Errors                 map[string]string
	Form                   planUpdateForm // as typed, when the update failed
}

type followUpView struct {
	At   time.Time
	Who  string
	Note string
}

// planGroup is the items of one outcome domain with their counts.
type planGroup struct {
	Domain string
	Label  string
	Items  []planItemView
	Counts []countView
}

type countView struct {
	Label string
	N     int
}

type noteView struct {
	Body string
	Who  string
	At   time.Time
}

type attachmentView struct {
	ID         uuid.UUID
	Name, Type string
	Size       string
	Who        string
	At         time.Time
}

// caseView shows one case with every section.
func (s *Server) caseView(w http.ResponseWriter, r *http.Request) {
	s.showCase(w, r, http.StatusOK, nil)
}

// showCase renders the case page; extra carries a failed section form back
// (its values and messages) with status 422.
func (s *Server) showCase(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// One scoped, audited read of the whole file.
	file, err := s.db.GetCaseFile(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, screenings, consents := file.Case, file.Screenings, file.Consents
	lang := langOf(r)
	a := actorOf(r)
	names := s.userNames(r)
	// The store stamps withdrawals with the real clock; a server clock set
	// back (tests) must not revive a withdrawn consent.
	now := s.now()
	if t := time.Now(); t.After(now) {
		now = t
	}

	data := map[string]any{
		"Path":          "/cases/" + c.ID.String(), // the language switch returns here after a POST
		"Case":          c,
		"Erased":        c.ErasedAt != nil,
		"Route":         newRouteView(lang, c.Route()),
		"Citizenship":   countryName(lang, c.Citizenship),
		"AgeGroup":      caseLabel(lang, "age_group", c.AgeGroup()),
		"Assigned":      who(lang, names, c.AssignedTo),
		"Labels":        caseLabels(lang, c),
		"Events":        eventViews(lang, c.Events),
		"CanWrite":      a.Can(auth.PermCaseWrite) && c.ErasedAt == nil,
		"CanApprove":    a.Can(auth.PermCaseApprove),
		"IsRequester":   c.ClosureRequestedBy == a.UserID,
		"RequestedBy":   who(lang, names, c.ClosureRequestedBy),
		"Open":          !c.Status.IsClosed(),
		"Screenings":    screeningRows(lang, names, screenings),
		"Consents":      consentRows(lang, names, consents, now),
		"NoStats":       !casework.Allows(consents, casework.PurposeStatistics, "", now),
		"NoReferral":    !casework.AnyActive(consents, casework.PurposeReferral, now),
		"PlanGroups":    planGroups(lang, names, file.Plan, extra),
		"Notes":         noteViews(lang, names, file.Notes),
		"Attachments":   attachmentViews(lang, names, file.Attachments),
		"MaxUpload":     humanSize(lang, maxUpload()),
		"ConsentForm":   consentForm{GivenBy: "person", Method: "oral", Language: lang, GivenAt: now.UTC().Format("2006-01-02")},
		"PlanForm":      planForm{},
		"ClosureForm":   closureForm{To: string(casework.Closed)},
		"OpenStatuses":  caseChoices(lang, "status", []string{string(casework.Active), string(casework.FollowUp)}, []string{string(c.Status)}),
		"CloseStatuses": caseChoices(lang, "status", []string{string(casework.Closed), string(casework.ClosedReferred)}, nil),
	}
	if len(screenings) > 0 {
		last := screenings[len(screenings)-1]
		for _, sc := range screenings {
			if sc.Version > last.Version {
				last = sc
			}
		}
		data["Latest"] = newResultView(lang, last)
	}
	for _, k := range []string{"ConsentErrors", "PlanErrors", "NoteErrors", "AttachErrors", "ClosureErrors"} {
		data[k] = map[string]string{}
	}
	for k, v := range extra {
		data[k] = v
	}
	cf, _ := data["ConsentForm"].(consentForm)
	data["Purposes"] = caseChoices(lang, "purpose", casework.PurposeValues(), []string{cf.Purpose})
	data["Givers"] = caseChoices(lang, "giver", casework.ConsentGivers, []string{cf.GivenBy})
	data["Methods"] = caseChoices(lang, "method", casework.ConsentMethods, []string{cf.Method})
	data["OrgTypes"] = orgTypeChoices(lang, cf.OrgTypes)
	data["InfoLanguages"] = infoLanguages(lang, cf.Language)
	pf, _ := data["PlanForm"].(planForm)
	data["PlanTypes"] = caseChoices(lang, "plan_type", casework.PlanItemTypes, []string{pf.Type})
	data["Domains"] = caseChoices(lang, "domain", casework.Domains, []string{pf.Domain})
	clf, _ := data["ClosureForm"].(closureForm)
	data["CloseStatuses"] = caseChoices(lang, "status", []string{string(casework.Closed), string(casework.ClosedReferred)}, []string{clf.To})
	s.render(w, r, status, "case_view", data)
}

// caseLabels are the translated multi-value facts of a case.
func caseLabels(lang string, c casework.Case) map[string][]string {
	lab := func(kind string, vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = caseLabel(lang, kind, v)
		}
		return out
	}
	return map[string][]string{
		"Exploitation":       lab("exploitation", c.Exploitation),
		"SexExploitation":    lab("sex_exploitation", c.SexExploitation),
		"RecruitmentMethods": lab("recruitment", c.RecruitmentMethods),
		"MethodsOfControl":   lab("control", c.MethodsOfControl),
		"Protection":         lab("protection", c.Justice.ProtectionMeasures),
	}
}

type eventView struct {
	Kind, Country, Place, Date string
}

func eventViews(lang string, evs []casework.Event) []eventView {
	out := make([]eventView, len(evs))
	for i, e := range evs {
		out[i] = eventView{Kind: caseLabel(lang, "event", e.Kind), Country: countryName(lang, e.Country), Place: e.Place, Date: e.Date}
	}
	return out
}

func screeningRows(lang string, names map[uuid.UUID]string, ss []casework.Screening) []screeningRow {
	out := make([]screeningRow, 0, len(ss))
	for i := len(ss) - 1; i >= 0; i-- { // newest first
		sc := ss[i]
		out = append(out, screeningRow{
			Version: sc.Version, Who: who(lang, names, sc.ScreenedBy), At: sc.At, Catalogue: sc.CatalogueVersion,
			Recommendation: caseLabel(lang, "recommendation", string(sc.Result.Recommendation)),
			Meets:          sc.Result.MeetsDefinition,
		})
	}
	return out
}

func consentRows(lang string, names map[uuid.UUID]string, cs []casework.Consent, now time.Time) []consentRow {
	out := make([]consentRow, len(cs))
	for i, c := range cs {
		types := make([]string, len(c.OrgTypes))
		for j, t := range c.OrgTypes {
			types[j] = orgTypeLabel(lang, t)
		}
		out[i] = consentRow{
			ID: c.ID, Purpose: caseLabel(lang, "purpose", string(c.Purpose)), GivenBy: caseLabel(lang, "giver", c.GivenBy),
			Method: caseLabel(lang, "method", c.Method), Language: displayLanguage(lang, c.Language), OrgTypes: types,
			GivenAt: c.GivenAt, WithdrawnAt: c.WithdrawnAt, Active: c.Active(now), RecordedBy: who(lang, names, c.RecordedBy),
		}
	}
	return out
}

// planGroups groups the plan by outcome domain (professional, social,
// personal) with the counts by status.
func planGroups(lang string, names map[uuid.UUID]string, items []casework.PlanItem, extra map[string]any) []planGroup {
	itemErrs, _ := extra["PlanItemErrors"].(map[uuid.UUID]map[string]string)
	itemForms, _ := extra["PlanItemForms"].(map[uuid.UUID]planUpdateForm)
	counts := casework.Outcomes(items)
	out := make([]planGroup, 0, len(casework.Domains))
	for _, d := range casework.Domains {
		g := planGroup{Domain: d, Label: caseLabel(lang, "domain", d)}
		for _, st := range casework.PlanItemStatuses {
			if n := counts[d][st]; n > 0 {
				g.Counts = append(g.Counts, countView{Label: caseLabel(lang, "plan_status", st), N: n})
			}
		}
		for _, it := range items {
			if it.Domain != d {
				continue
			}
			v := planItemView{
				PlanItem: it, TypeLabel: caseLabel(lang, "plan_type", it.Type), StatusLabel: caseLabel(lang, "plan_status", it.Status),
				Errors: map[string]string{},
				Form:   planUpdateForm{Status: it.Status, ActualStart: it.ActualStart, ActualEnd: it.ActualEnd, Outcome: it.Outcome},
			}
			if es, ok := itemErrs[it.ID]; ok {
				v.Errors = es
			}
			if f, ok := itemForms[it.ID]; ok {
				v.Form = f
			}
			v.Statuses = caseChoices(lang, "plan_status", casework.PlanItemStatuses, []string{v.Form.Status})
			for _, fu := range it.FollowUps {
				v.FollowUps = append(v.FollowUps, followUpView{At: fu.At, Who: who(lang, names, fu.By), Note: fu.Note})
			}
			g.Items = append(g.Items, v)
		}
		out = append(out, g)
	}
	return out
}

func noteViews(lang string, names map[uuid.UUID]string, ns []casework.Note) []noteView {
	out := make([]noteView, 0, len(ns))
	for i := len(ns) - 1; i >= 0; i-- { // newest first
		out = append(out, noteView{Body: ns[i].Body, Who: who(lang, names, ns[i].By), At: ns[i].At})
	}
	return out
}

func attachmentViews(lang string, names map[uuid.UUID]string, as []casework.Attachment) []attachmentView {
	out := make([]attachmentView, len(as))
	for i, a := range as {
		out[i] = attachmentView{ID: a.ID, Name: a.Name, Type: a.ContentType, Size: humanSize(lang, a.Size),
			Who: who(lang, names, a.By), At: a.At}
	}
	return out
}

// humanSize writes a byte count as KB or MB.
func humanSize(lang string, n int64) string {
	switch {
	case n >= 1<<20:
		return i18n.T(lang, "case.size.mb", map[string]any{"N": strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)})
	case n >= 1<<10:
		return i18n.T(lang, "case.size.kb", map[string]any{"N": strconv.FormatInt((n+1023)>>10, 10)})
	}
	return i18n.T(lang, "case.size.b", map[string]any{"N": strconv.FormatInt(n, 10)})
}

// infoLanguages are the languages a person may have been informed in.
var infoLanguageCodes = []string{"fr", "en", "ar", "ha", "wo", "bm", "ff", "yo", "ig", "tw", "pt", "es", "it", "de", "ro", "bg", "uk", "ru"}

func infoLanguages(lang, selected string) []choice {
	out := make([]choice, len(infoLanguageCodes))
	for i, c := range infoLanguageCodes {
		out[i] = choice{Value: c, Label: displayLanguage(lang, c), Checked: c == selected}
	}
	return out
}

// resultView is a screening result in the reader's language: each element
// met or not, with its reasons (Result.Report), and the recommendation.
type resultView struct {
	Version        int
	At             time.Time
	Who            string
	Catalogue      string
	Report         identify.Report
	Pattern        string
	Elements       []elementView
	Recommendation string
}

type elementView struct {
	Element string // age, act, means, purpose, consent, border, pattern, outcome, ilo
	Label   string
	State   string // met, not_met, not_required, info
	Reasons []string
}

func newResultView(lang string, sc casework.Screening) resultView {
	words := screeningWords(lang)
	rep := sc.Result.Report(words)
	v := resultView{Version: sc.Version, At: sc.At, Catalogue: sc.CatalogueVersion, Report: rep,
		Pattern: caseLabel(lang, "pattern", string(sc.Result.Pattern)), Recommendation: rep.RecommendationText}
	states := map[string]string{
		"age": "info", "act": met(sc.Result.Act), "means": string(sc.Result.Means), "purpose": met(sc.Result.Purpose),
		"consent": "info", "border": "info", "pattern": "info", "outcome": met(sc.Result.MeetsDefinition),
	}
	byElement := map[string]*elementView{}
	for i, reason := range sc.Result.Reasons {
		ev, ok := byElement[reason.Element]
		if !ok {
			ev = &elementView{Element: reason.Element, Label: caseLabel(lang, "element", reason.Element), State: states[reason.Element]}
			if ev.State == "" {
				ev.State = "info"
			}
			byElement[reason.Element] = ev
			v.Elements = append(v.Elements, elementView{}) // placeholder, filled below in order
			v.Elements[len(v.Elements)-1].Element = reason.Element
		}
		text := words.Reason(reason)
		if i < len(rep.Reasons) {
			text = rep.Reasons[i]
		}
		ev.Reasons = append(ev.Reasons, text)
	}
	for i, e := range v.Elements {
		v.Elements[i] = *byElement[e.Element]
	}
	return v
}

func met(b bool) string {
	if b {
		return "met"
	}
	return "not_met"
}
