package planexport

import (
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// IATIVersion is the version of the activity standard written.
const IATIVersion = "2.03"

// SectorCode is the OECD DAC 5-digit purpose code of every activity (see
// the package comment for the choice).
const SectorCode = "15160"

// The IATI codes used (codelists ActivityStatus, ActivityDateType,
// OrganisationRole, RelatedActivityType, SectorVocabulary).
const (
	statusPipeline       = "1"
	statusImplementation = "2"
	statusFinalisation   = "3"
	statusClosed         = "4"
	datePlannedStart     = "1"
	datePlannedEnd       = "3"
	roleFunding          = "1"
	roleImplementing     = "4"
	relatedParent        = "1"
	relatedChild         = "2"
	vocabularyDAC5       = "1"
)

// orgTypes maps an organisation's type to IATI's OrganisationType code:
// 10 government, 11 local government, 22 national NGO, 40 multilateral,
// 70 private sector, 80 academic, 90 other.
var orgTypes = map[account.OrgType]string{
	account.CentralGovernmentOrganisation: "10", account.LawEnforcement: "10", account.ImmigrationService: "10",
	account.LabourInspectorate: "10", account.Judiciary: "10", account.LocalGovernmentOrganisation: "11",
	account.NGO: "22", account.Shelter: "22", account.FaithBased: "22", account.InternationalOrganisation: "40",
	account.CorporateBusiness: "70", account.SchoolOrCollege: "80",
}

type narrative struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type narratives struct {
	Narrative []narrative `xml:"narrative"`
}

type orgRef struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr,omitempty"`
	ActivityID string      `xml:"activity-id,attr,omitempty"`
	Narrative  []narrative `xml:"narrative"`
}

type reportingOrg struct {
	Ref       string      `xml:"ref,attr"`
	Type      string      `xml:"type,attr"`
	Narrative []narrative `xml:"narrative"`
}

type codeAttr struct {
	Code string `xml:"code,attr"`
}

type activityDate struct {
	Type    string `xml:"type,attr"`
	ISODate string `xml:"iso-date,attr"`
}

type sector struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
}

type isoDate struct {
	ISODate string `xml:"iso-date,attr"`
}

type money struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Value     string `xml:",chardata"`
}

type budget struct {
	Type        string  `xml:"type,attr"`
	Status      string  `xml:"status,attr"`
	PeriodStart isoDate `xml:"period-start"`
	PeriodEnd   isoDate `xml:"period-end"`
	Value       money   `xml:"value"`
}

type description struct {
	Type      string      `xml:"type,attr"`
	Narrative []narrative `xml:"narrative"`
}

type relatedActivity struct {
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
}

type activity struct {
	XMLName          xml.Name          `xml:"iati-activity"`
	LastUpdated      string            `xml:"last-updated-datetime,attr"`
	Lang             string            `xml:"xml:lang,attr"`
	DefaultCurrency  string            `xml:"default-currency,attr,omitempty"`
	Hierarchy        int               `xml:"hierarchy,attr"`
	Identifier       string            `xml:"iati-identifier"`
	ReportingOrg     reportingOrg      `xml:"reporting-org"`
	Title            narratives        `xml:"title"`
	Description      []description     `xml:"description"`
	ParticipatingOrg []orgRef          `xml:"participating-org"`
	Status           codeAttr          `xml:"activity-status"`
	Dates            []activityDate    `xml:"activity-date"`
	RecipientCountry *codeAttr         `xml:"recipient-country"`
	Sector           sector            `xml:"sector"`
	Budget           []budget          `xml:"budget"`
	Related          []relatedActivity `xml:"related-activity"`
}

type activities struct {
	XMLName   xml.Name   `xml:"iati-activities"`
	Version   string     `xml:"version,attr"`
	Generated string     `xml:"generated-datetime,attr"`
	Activity  []activity `xml:"iati-activity"`
}

// ReportingRef is the reporting organisation's IATI identifier: the plan's,
// or the unregistered placeholder derived from the organisation's id.
func ReportingRef(d plan.Detail) string {
	if d.Plan.IATIOrgRef != "" {
		return d.Plan.IATIOrgRef
	}
	return "XI-PASSERELLE-" + d.Plan.OrgID.String()
}

// PlanIdentifier is the plan's iati-identifier.
func PlanIdentifier(d plan.Detail) string { return ReportingRef(d) + "-NAP-" + d.Plan.ID.String() }

// ProjectIdentifier is a project's iati-identifier and, when its own
// identifier is the donor's, that identifier (for participating-org).
func ProjectIdentifier(d plan.Detail, p plan.Project) (own, donors string) {
	ref := ReportingRef(d)
	if strings.HasPrefix(p.IATIIdentifier, ref+"-") {
		return p.IATIIdentifier, ""
	}
	return ref + "-PRJ-" + p.ID.String(), p.IATIIdentifier
}

// IATI writes the plan and its projects as IATI activities 2.03, generated
// at now, with texts in lang as the default language.
func IATI(w io.Writer, lang string, d plan.Detail, org account.Organisation, now time.Time) error {
	now = now.UTC().Truncate(time.Second)
	stamp := now.Format(time.RFC3339)
	ref := ReportingRef(d)
	orgType := orgTypes[org.Type]
	if orgType == "" {
		orgType = "90"
	}
	reporting := reportingOrg{Ref: ref, Type: orgType, Narrative: []narrative{{Text: org.Name}}}
	self := orgRef{Ref: ref, Type: orgType, Role: roleImplementing, Narrative: []narrative{{Text: org.Name}}}
	var rc *codeAttr
	if a2 := country.Alpha2(d.Plan.Country); a2 != "" {
		rc = &codeAttr{Code: a2}
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	planID := PlanIdentifier(d)
	counts := plan.Assess(d, today)
	doc := activities{Version: IATIVersion, Generated: stamp}

	top := activity{
		LastUpdated: stamp, Lang: lang, Hierarchy: 1, Identifier: planID, ReportingOrg: reporting,
		Title: narratives{Narrative: titles(lang, d.Plan.Title, "plan.iati.plan_title", planData(d))},
		Description: []description{{Type: "1", Narrative: generated("plan.iati.plan_description", merge(planData(d), map[string]any{
			"Activities": len(d.Activities), "Done": counts.Counts[plan.StateDone], "Late": counts.Counts[plan.StateLate]}))}},
		ParticipatingOrg: []orgRef{self},
		Status:           codeAttr{Code: activityStatus(d.Plan.StartsOn, d.Plan.EndsOn, d.Activities, today)},
		Dates:            []activityDate{{datePlannedStart, d.Plan.StartsOn}, {datePlannedEnd, d.Plan.EndsOn}},
		RecipientCountry: rc, Sector: sector{vocabularyDAC5, SectorCode},
		Budget: planBudgets(d),
	}
	for _, p := range d.Projects {
		own, _ := ProjectIdentifier(d, p)
		top.Related = append(top.Related, relatedActivity{Ref: own, Type: relatedChild})
	}
	doc.Activity = append(doc.Activity, top)

	for _, p := range d.Projects {
		own, donors := ProjectIdentifier(d, p)
		var acts []plan.Activity
		for _, a := range d.Activities {
			if a.ProjectID == p.ID {
				acts = append(acts, a)
			}
		}
		data := merge(planData(d), map[string]any{"Donor": p.Donor, "Project": p.Title, "Activities": len(acts)})
		funder := orgRef{Ref: p.DonorRef, Role: roleFunding, ActivityID: donors, Narrative: []narrative{{Text: p.Donor}}}
		doc.Activity = append(doc.Activity, activity{
			LastUpdated: stamp, Lang: lang, DefaultCurrency: p.Currency, Hierarchy: 2, Identifier: own, ReportingOrg: reporting,
			Title:            narratives{Narrative: titles(lang, p.Title, "plan.iati.project_title", data)},
			Description:      []description{{Type: "1", Narrative: generated("plan.iati.project_description", data)}},
			ParticipatingOrg: []orgRef{funder, self},
			Status:           codeAttr{Code: activityStatus(p.StartsOn, p.EndsOn, acts, today)},
			Dates:            []activityDate{{datePlannedStart, p.StartsOn}, {datePlannedEnd, p.EndsOn}},
			RecipientCountry: rc, Sector: sector{vocabularyDAC5, SectorCode},
			Budget:  projectBudgets(p),
			Related: []relatedActivity{{Ref: planID, Type: relatedParent}},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func planData(d plan.Detail) map[string]any {
	return map[string]any{"Title": d.Plan.Title, "Country": d.Plan.Country, "Start": d.Plan.StartsOn, "End": d.Plan.EndsOn}
}

func merge(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// titles is the title as typed (the default language) and a generated one
// in every language of the catalogues.
func titles(lang, typed, id string, data map[string]any) []narrative {
	out := []narrative{{Text: typed}}
	for _, l := range i18n.Languages {
		d := merge(map[string]any{}, data)
		d["Country"] = country.Name(l, strOf(data["Country"]))
		out = append(out, narrative{Lang: l, Text: i18n.T(l, id, d)})
	}
	return out
}

func generated(id string, data map[string]any) []narrative {
	var out []narrative
	for _, l := range i18n.Languages {
		d := merge(map[string]any{}, data)
		d["Country"] = country.Name(l, strOf(data["Country"]))
		out = append(out, narrative{Lang: l, Text: i18n.T(l, id, d)})
	}
	return out
}

func strOf(v any) string {
	s, _ := v.(string)
	return s
}

// activityStatus follows the package comment's rule.
func activityStatus(start, end string, acts []plan.Activity, today time.Time) string {
	s, _ := plan.ParseDay(start)
	e, _ := plan.ParseDay(end)
	switch {
	case today.Before(s):
		return statusPipeline
	case !today.After(e):
		return statusImplementation
	}
	for _, a := range acts {
		if a.Status != plan.Done && a.Status != plan.Cancelled {
			return statusFinalisation
		}
	}
	return statusClosed
}

// yearPeriods cuts [start, end] at calendar years.
func yearPeriods(start, end time.Time) [][2]time.Time {
	var out [][2]time.Time
	for s := start; !s.After(end); {
		e := time.Date(s.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
		if e.After(end) {
			e = end
		}
		out = append(out, [2]time.Time{s, e})
		s = e.AddDate(0, 0, 1)
	}
	return out
}

// projectBudgets spreads the project's budget over its calendar years in
// proportion to their days; the last period takes what rounding left.
func projectBudgets(p plan.Project) []budget {
	s, ok1 := plan.ParseDay(p.StartsOn)
	e, ok2 := plan.ParseDay(p.EndsOn)
	if !ok1 || !ok2 {
		return nil
	}
	periods := yearPeriods(s, e)
	total := int64(e.Sub(s)/(24*time.Hour)) + 1
	var out []budget
	left := int64(p.Budget)
	for i, per := range periods {
		days := int64(per[1].Sub(per[0])/(24*time.Hour)) + 1
		v := int64(p.Budget) * days / total
		if i == len(periods)-1 {
			v = left
		}
		left -= v
		out = append(out, newBudget(per, plan.Decimal(v), p.Currency))
	}
	return out
}

// planBudgets sums the activities' budgets (cancelled ones left out) by the
// calendar year of the plan they start in, one budget per currency.
func planBudgets(d plan.Detail) []budget {
	s, ok1 := plan.ParseDay(d.Plan.StartsOn)
	e, ok2 := plan.ParseDay(d.Plan.EndsOn)
	if !ok1 || !ok2 {
		return nil
	}
	periods := yearPeriods(s, e)
	type key struct {
		period   int
		currency string
	}
	sums := map[key]plan.Decimal{}
	for _, a := range d.Activities {
		if a.Status == plan.Cancelled || a.Budget == 0 || a.Currency == "" {
			continue
		}
		st, _ := plan.ParseDay(a.StartsOn)
		i := 0
		for j, per := range periods {
			if !st.Before(per[0]) {
				i = j
			}
		}
		sums[key{i, a.Currency}] += a.Budget
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].period != keys[j].period {
			return keys[i].period < keys[j].period
		}
		return keys[i].currency < keys[j].currency
	})
	var out []budget
	for _, k := range keys {
		out = append(out, newBudget(periods[k.period], sums[k], k.currency))
	}
	return out
}

func newBudget(per [2]time.Time, v plan.Decimal, currency string) budget {
	start := per[0].Format(plan.DateLayout)
	return budget{Type: "1", Status: "1", PeriodStart: isoDate{start}, PeriodEnd: isoDate{per[1].Format(plan.DateLayout)},
		Value: money{Currency: currency, ValueDate: start, Value: v.Fixed()}}
}
