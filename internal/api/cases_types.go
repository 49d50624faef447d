package api

import (
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// The length limits repeat casework's and account's constants (tags must be
// literals); TestCaseSchemaLimitsMatchDomain checks that they agree.

// CasePerson is the personal data of a case: encrypted at rest under the
// person's own key, shown only to roles that may read cases, gone once the
// case is erased.
type CasePerson struct {
	GivenName      string `json:"given_name,omitempty"`
	FamilyName     string `json:"family_name,omitempty"`
	OtherNames     string `json:"other_names,omitempty" doc:"Aliases and other spellings; searched like the names."`
	BirthDate      string `json:"birth_date,omitempty" doc:"YYYY-MM-DD, or YYYY-MM or YYYY when only that is known."`
	Phone          string `json:"phone,omitempty"`
	Email          string `json:"email,omitempty"`
	Address        string `json:"address,omitempty"`
	IdentityNumber string `json:"identity_number,omitempty"`
	Narrative      string `json:"narrative,omitempty" doc:"The person's account, in their words."`
}

// casePersonPatch changes only the personal fields sent; "" clears one.
type casePersonPatch struct {
	GivenName      *string `json:"given_name,omitempty"`
	FamilyName     *string `json:"family_name,omitempty"`
	OtherNames     *string `json:"other_names,omitempty"`
	BirthDate      *string `json:"birth_date,omitempty" doc:"YYYY-MM-DD, or YYYY-MM or YYYY."`
	Phone          *string `json:"phone,omitempty"`
	Email          *string `json:"email,omitempty"`
	Address        *string `json:"address,omitempty"`
	IdentityNumber *string `json:"identity_number,omitempty"`
	Narrative      *string `json:"narrative,omitempty"`
}

// CaseEvent is one stage of the journey; the route is derived from them.
type CaseEvent struct {
	Kind    EventKind `json:"kind"`
	Country string    `json:"country" doc:"ISO 3166-1 alpha-3 code, e.g. NGA, NER, FRA."`
	Place   string    `json:"place,omitempty"`
	Date    string    `json:"date,omitempty" doc:"YYYY-MM-DD, YYYY-MM or YYYY."`
}

// CaseJustice is the criminal-justice track.
type CaseJustice struct {
	ComplaintFiled       bool                `json:"complaint_filed,omitempty"`
	ComplaintDate        string              `json:"complaint_date,omitempty" doc:"YYYY-MM-DD."`
	Investigation        ProceedingStatus    `json:"investigation,omitempty"`
	Prosecution          ProceedingStatus    `json:"prosecution,omitempty"`
	Role                 JusticeRole         `json:"role,omitempty"`
	ProtectionMeasures   []ProtectionMeasure `json:"protection_measures,omitempty"`
	NonPunishmentApplied bool                `json:"non_punishment_applied,omitempty" doc:"Non-punishment for offences the person was compelled to commit (CoE Art. 26)."`
	CompensationClaimed  int64               `json:"compensation_claimed,omitempty" minimum:"0" doc:"In minor units of currency."`
	CompensationReceived int64               `json:"compensation_received,omitempty" minimum:"0" doc:"In minor units of currency."`
	Currency             string              `json:"currency,omitempty" doc:"ISO 4217, e.g. XOF, EUR."`
}

// CaseFacts are the HTCDS victim fields: de-identified facts that survive
// erasure for statistics (places excepted: they are encrypted).
type CaseFacts struct {
	Gender             Gender                `json:"gender,omitempty"`
	Citizenship        string                `json:"citizenship,omitempty" doc:"ISO 3166-1 alpha-3 code."`
	AgeWhenTrafficked  *int                  `json:"age_when_trafficked,omitempty" minimum:"0" maximum:"120"`
	PresumedMinor      bool                  `json:"presumed_minor,omitempty" doc:"Age uncertain, with reasons to believe a child (CoE Art. 10(3))."`
	TraffickingStatus  TraffickingStatus     `json:"trafficking_status,omitempty"`
	StatusDecidedBy    DecisionOrg           `json:"status_decided_by,omitempty"`
	Relationship       Relationship          `json:"relationship,omitempty"`
	RecruitmentMethods []RecruitmentMethod   `json:"recruitment_methods,omitempty"`
	RecruitmentPlace   string                `json:"recruitment_place,omitempty"`
	MethodsOfControl   []ControlMethod       `json:"methods_of_control,omitempty"`
	Exploitation       []ExploitationType    `json:"exploitation,omitempty"`
	LabourIndustry     LabourIndustry        `json:"labour_industry,omitempty"`
	SexExploitation    []SexExploitationType `json:"sex_exploitation,omitempty"`
	Events             []CaseEvent           `json:"events,omitempty"`
	Justice            *CaseJustice          `json:"justice,omitempty"`
}

// CaseRoute is the journey derived from the events.
type CaseRoute struct {
	Origin        []string   `json:"origin" doc:"Countries of recruitment, in event order."`
	Transit       []string   `json:"transit"`
	Destination   []string   `json:"destination" doc:"Countries of exploitation."`
	Scope         RouteScope `json:"scope"`
	International bool       `json:"international" doc:"The scope is international."`
	Domestic      bool       `json:"domestic" doc:"The scope is domestic."`
}

// CaseClosure is a pending request to close the case.
type CaseClosure struct {
	Status      ClosureStatus `json:"status"`
	Reason      string        `json:"reason"`
	RequestedBy uuid.UUID     `json:"requested_by" format:"uuid"`
}

// Case is one person's case.
type Case struct {
	ID         uuid.UUID   `json:"id" format:"uuid"`
	Code       string      `json:"code" doc:"Pseudonymous case code, shown instead of the name."`
	Status     CaseStatus  `json:"status"`
	AssignedTo uuid.UUID   `json:"assigned_to" format:"uuid" doc:"The caseworker."`
	Person     *CasePerson `json:"person,omitempty" doc:"Personal data; absent once the case is erased."`
	CaseFacts
	AgeGroup  AgeGroup     `json:"age_group"`
	Route     CaseRoute    `json:"route"`
	Closure   *CaseClosure `json:"closure_request,omitempty" doc:"A closure waiting for a supervisor's approval."`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at" doc:"Send it back in PATCH to refuse overwriting someone else's change."`
	ClosedAt  *time.Time   `json:"closed_at,omitempty"`
	ErasedAt  *time.Time   `json:"erased_at,omitempty" doc:"When the personal data was crypto-shredded."`
}

// CaseSummary is one line of the case list: no personal data but the name.
type CaseSummary struct {
	ID               uuid.UUID          `json:"id" format:"uuid"`
	Code             string             `json:"code"`
	Status           CaseStatus         `json:"status"`
	ClosureRequested bool               `json:"closure_requested"`
	AssignedTo       uuid.UUID          `json:"assigned_to" format:"uuid"`
	Gender           string             `json:"gender"`
	AgeGroup         AgeGroup           `json:"age_group"`
	Citizenship      string             `json:"citizenship"`
	Exploitation     []ExploitationType `json:"exploitation"`
	Route            CaseRoute          `json:"route"`
	DisplayName      string             `json:"display_name" doc:"Given and family name; empty once erased."`
	UpdatedAt        time.Time          `json:"updated_at"`
	Erased           bool               `json:"erased"`
}

func personIn(p CasePerson) casework.Person {
	return casework.Person{GivenName: p.GivenName, FamilyName: p.FamilyName, OtherNames: p.OtherNames,
		BirthDate: p.BirthDate, Phone: p.Phone, Email: p.Email, Address: p.Address,
		IdentityNumber: p.IdentityNumber, Narrative: p.Narrative}
}

func personOut(p casework.Person) *CasePerson {
	return &CasePerson{GivenName: p.GivenName, FamilyName: p.FamilyName, OtherNames: p.OtherNames,
		BirthDate: p.BirthDate, Phone: p.Phone, Email: p.Email, Address: p.Address,
		IdentityNumber: p.IdentityNumber, Narrative: p.Narrative}
}

func (p *casePersonPatch) apply(dst *casework.Person) {
	if p == nil {
		return
	}
	set(&dst.GivenName, p.GivenName)
	set(&dst.FamilyName, p.FamilyName)
	set(&dst.OtherNames, p.OtherNames)
	set(&dst.BirthDate, p.BirthDate)
	set(&dst.Phone, p.Phone)
	set(&dst.Email, p.Email)
	set(&dst.Address, p.Address)
	set(&dst.IdentityNumber, p.IdentityNumber)
	set(&dst.Narrative, p.Narrative)
}

func eventsIn(evs []CaseEvent) []casework.Event {
	if evs == nil {
		return nil
	}
	out := make([]casework.Event, len(evs))
	for i, e := range evs {
		out[i] = casework.Event{Kind: string(e.Kind), Country: e.Country, Place: e.Place, Date: e.Date}
	}
	return out
}

func justiceIn(j *CaseJustice) casework.Justice {
	if j == nil {
		return casework.Justice{}
	}
	return casework.Justice{ComplaintFiled: j.ComplaintFiled, ComplaintDate: j.ComplaintDate,
		Investigation: string(j.Investigation), Prosecution: string(j.Prosecution), Role: string(j.Role),
		ProtectionMeasures: strs(j.ProtectionMeasures), NonPunishmentApplied: j.NonPunishmentApplied,
		CompensationClaimed: j.CompensationClaimed, CompensationReceived: j.CompensationReceived, Currency: j.Currency}
}

// applyFacts copies the facts onto c.
func (f CaseFacts) applyTo(c *casework.Case) {
	c.Gender, c.Citizenship, c.AgeWhenTrafficked, c.PresumedMinor = string(f.Gender), f.Citizenship, f.AgeWhenTrafficked, f.PresumedMinor
	c.TraffickingStatus, c.StatusDecidedBy, c.Relationship = string(f.TraffickingStatus), string(f.StatusDecidedBy), string(f.Relationship)
	c.RecruitmentMethods, c.RecruitmentPlace = strs(f.RecruitmentMethods), f.RecruitmentPlace
	c.MethodsOfControl, c.Exploitation = strs(f.MethodsOfControl), strs(f.Exploitation)
	c.LabourIndustry, c.SexExploitation = string(f.LabourIndustry), strs(f.SexExploitation)
	c.Events, c.Justice = eventsIn(f.Events), justiceIn(f.Justice)
}

func factsOut(c casework.Case) CaseFacts {
	f := CaseFacts{Gender: Gender(c.Gender), Citizenship: c.Citizenship, AgeWhenTrafficked: c.AgeWhenTrafficked,
		PresumedMinor: c.PresumedMinor, TraffickingStatus: TraffickingStatus(c.TraffickingStatus),
		StatusDecidedBy: DecisionOrg(c.StatusDecidedBy), Relationship: Relationship(c.Relationship),
		RecruitmentMethods: enums[RecruitmentMethod](c.RecruitmentMethods), RecruitmentPlace: c.RecruitmentPlace,
		MethodsOfControl: enums[ControlMethod](c.MethodsOfControl), Exploitation: enums[ExploitationType](c.Exploitation),
		LabourIndustry: LabourIndustry(c.LabourIndustry), SexExploitation: enums[SexExploitationType](c.SexExploitation)}
	f.Events = make([]CaseEvent, len(c.Events))
	for i, e := range c.Events {
		f.Events[i] = CaseEvent{Kind: EventKind(e.Kind), Country: e.Country, Place: e.Place, Date: e.Date}
	}
	j := c.Justice
	f.Justice = &CaseJustice{ComplaintFiled: j.ComplaintFiled, ComplaintDate: j.ComplaintDate,
		Investigation: ProceedingStatus(j.Investigation), Prosecution: ProceedingStatus(j.Prosecution),
		Role: JusticeRole(j.Role), ProtectionMeasures: enums[ProtectionMeasure](j.ProtectionMeasures),
		NonPunishmentApplied: j.NonPunishmentApplied, CompensationClaimed: j.CompensationClaimed,
		CompensationReceived: j.CompensationReceived, Currency: j.Currency}
	return f
}

func routeOut(r casework.Route) CaseRoute {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return CaseRoute{Origin: nonNil(r.Origin), Transit: nonNil(r.Transit), Destination: nonNil(r.Destination),
		Scope: RouteScope(r.Scope), International: r.International, Domestic: r.Domestic}
}

// caseOut shows a case; the person only while it has not been erased.
func caseOut(c casework.Case) Case {
	out := Case{ID: c.ID, Code: c.Code, Status: CaseStatus(c.Status), AssignedTo: c.AssignedTo,
		CaseFacts: factsOut(c), AgeGroup: AgeGroup(c.AgeGroup()), Route: routeOut(c.Route()),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, ClosedAt: c.ClosedAt, ErasedAt: c.ErasedAt}
	if c.ErasedAt == nil {
		out.Person = personOut(c.Person)
	}
	if c.ClosureRequested {
		out.Closure = &CaseClosure{Status: ClosureStatus(c.ClosureStatus), Reason: c.ClosureReason,
			RequestedBy: c.ClosureRequestedBy}
	}
	return out
}

func summaryOut(s store.CaseSummary) CaseSummary {
	return CaseSummary{ID: s.ID, Code: s.Code, Status: CaseStatus(s.Status), ClosureRequested: s.ClosureRequested,
		AssignedTo: s.AssignedTo, Gender: s.Gender, AgeGroup: AgeGroup(s.AgeGroup), Citizenship: s.Citizenship,
		Exploitation: enums[ExploitationType](s.Exploitation), Route: routeOut(s.Route), DisplayName: s.DisplayName,
		UpdatedAt: s.UpdatedAt, Erased: s.Erased}
}

// personFields are the casework field names that live under "person" in the
// API's bodies.
var personFields = map[string]bool{"given_name": true, "family_name": true, "other_names": true,
	"birth_date": true, "phone": true, "email": true, "address": true, "identity_number": true, "narrative": true}

// caseLocation is where a casework validation field is in a case body.
func caseLocation(field string) string {
	if personFields[field] {
		return "body.person." + field
	}
	return "body." + field
}
