package api

import (
	"github.com/danielgtaylor/huma/v2"
	"strings"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// The case register's enumerations. Each takes its values from casework,
// identify or store, so the OpenAPI document states exactly the rule the
// domain enforces, and huma refuses an unknown value (422, rule one_of)
// before anything is read or written.

func enumSchema(desc string, values []string) *huma.Schema {
	s := &huma.Schema{Type: "string", Description: desc}
	for _, v := range values {
		s.Enum = append(s.Enum, v)
	}
	return s
}

func termIDs(terms []identify.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.ID
	}
	return out
}

// CaseStatus is a case's place in the workflow (HTCDS cas_Status).
type CaseStatus string

// Schema lists the statuses.
func (CaseStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Case status (HTCDS cas_Status).", casework.Statuses)
}

// OpenStatus is a status an open case may be set to directly.
type OpenStatus string

// Schema lists Active and FollowUp.
func (OpenStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Status of an open case.", []string{string(casework.Active), string(casework.FollowUp)})
}

// ClosureStatus is how a case may be closed.
type ClosureStatus string

// Schema lists Closed and ClosedReferred.
func (ClosureStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Status the case takes once the closure is approved.",
		[]string{string(casework.Closed), string(casework.ClosedReferred)})
}

// RouteScope says whether the journey stayed in one country; unknown when the
// origin or the destination is not known.
type RouteScope string

// Schema lists the scopes.
func (RouteScope) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Whether the journey stayed in one country: unknown when its origin or destination is not known.",
		casework.RouteScopes)
}

// Gender is prs_Gender.
type Gender string

// Schema lists the genders.
func (Gender) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Gender (HTCDS prs_Gender).", casework.Genders)
}

// TraffickingStatus is vic_TraffickingStatus.
type TraffickingStatus string

// Schema lists the trafficking statuses.
func (TraffickingStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Trafficking status (HTCDS vic_TraffickingStatus).", casework.TraffickingStatuses)
}

// DecisionOrg is vic_TraffickingStatusDecisionMakingOrg.
type DecisionOrg string

// Schema lists the deciding bodies.
func (DecisionOrg) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Who decided the trafficking status.", casework.DecisionMakingOrgs)
}

// Relationship is vic_RelationshipToTrafficker.
type Relationship string

// Schema lists the relationships (HTCDS spells Unaquainted).
func (Relationship) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Relationship to the trafficker.", casework.Relationships)
}

// RecruitmentMethod is vic_MethodOfRecruitment.
type RecruitmentMethod string

// Schema lists the methods of recruitment.
func (RecruitmentMethod) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Method of recruitment.", casework.RecruitmentMethods)
}

// ControlMethod is vic_MethodsOfControl.
type ControlMethod string

// Schema lists the methods of control.
func (ControlMethod) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Method of control.", casework.MethodsOfControl)
}

// ExploitationType is vic_TypeOfExploitation (plus ForcedCriminality).
type ExploitationType string

// Schema lists the types of exploitation.
func (ExploitationType) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Type of exploitation.", casework.ExploitationTypes)
}

// LabourIndustry is vic_ForcedLabourIndustry (ISIC rev. 4 section).
type LabourIndustry string

// Schema lists the industries.
func (LabourIndustry) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Industry of forced labour (ISIC rev. 4 section).", casework.LabourIndustries)
}

// SexExploitationType is vic_TypeOfSexExploitation.
type SexExploitationType string

// Schema lists the types of sexual exploitation.
func (SexExploitationType) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Type of sexual exploitation.", casework.SexExploitationTypes)
}

// EventKind is a stage of the journey.
type EventKind string

// Schema lists the stages.
func (EventKind) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Stage of the journey.", casework.EventKinds)
}

// AgeGroup is the statistics band of the age when trafficked.
type AgeGroup string

// Schema lists the age groups.
func (AgeGroup) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Age group when trafficked.", store.AgeGroups)
}

// ProceedingStatus is the state of an investigation or a prosecution.
type ProceedingStatus string

// Schema lists the proceeding statuses.
func (ProceedingStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("State of the proceedings.", casework.ProceedingStatuses)
}

// JusticeRole is the person's part in proceedings.
type JusticeRole string

// Schema lists the roles in proceedings.
func (JusticeRole) Schema(huma.Registry) *huma.Schema {
	return enumSchema("The person's part in the proceedings.", casework.JusticeRoles)
}

// ProtectionMeasure is a measure protecting a victim or witness.
type ProtectionMeasure string

// Schema lists the protection measures.
func (ProtectionMeasure) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Protection measure.", casework.ProtectionMeasures)
}

// ConsentPurpose is what a person may agree to.
type ConsentPurpose string

// Schema lists the purposes.
func (ConsentPurpose) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Purpose the person agreed to.", casework.PurposeValues())
}

// ConsentGiver is who gave consent.
type ConsentGiver string

// Schema lists who may give consent.
func (ConsentGiver) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Who gave consent: the person, or a guardian.", casework.ConsentGivers)
}

// ConsentMethod is how the person was informed.
type ConsentMethod string

// Schema lists the ways of informing.
func (ConsentMethod) Schema(huma.Registry) *huma.Schema {
	return enumSchema("How the person was informed.", casework.ConsentMethods)
}

// PlanItemType is a kind of help in the reintegration plan.
type PlanItemType string

// Schema lists the kinds of help.
func (PlanItemType) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Kind of help.", casework.PlanItemTypes)
}

// OutcomeDomain groups reintegration outcomes.
type OutcomeDomain string

// Schema lists the outcome groups.
func (OutcomeDomain) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Outcome group; the type's default when absent.", casework.Domains)
}

// PlanItemStatus is the life of a plan item.
type PlanItemStatus string

// Schema lists the plan item statuses.
func (PlanItemStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("State of the plan item.", casework.PlanItemStatuses)
}

// ActTerm is an act of Palermo Art. 3(a).
type ActTerm string

// Schema lists the acts.
func (ActTerm) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Act (Palermo Protocol Art. 3(a)).", termIDs(identify.ActTerms))
}

// MeansTerm is a means of Palermo Art. 3(a).
type MeansTerm string

// Schema lists the means.
func (MeansTerm) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Means (Palermo Protocol Art. 3(a)).", termIDs(identify.MeansTerms))
}

// PurposeTerm is an exploitative purpose.
type PurposeTerm string

// Schema lists the purposes.
func (PurposeTerm) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Exploitative purpose.", termIDs(identify.PurposeTerms))
}

// CatalogueID names an ILO indicator catalogue.
type CatalogueID string

// Schema describes a catalogue id: one of the embedded catalogues or one the
// organisation loaded itself, so the list is not fixed.
func (CatalogueID) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: `^[a-z0-9][a-z0-9_.-]{0,63}$`,
		Description: "Indicator catalogue: " + strings.Join(identify.Catalogues().IDs(), ", ") +
			", or one the organisation loaded."}
}

// strs turns a list of enumeration values into plain strings.
func strs[T ~string](in []T) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// enums turns plain strings into enumeration values, never nil.
func enums[T ~string](in []string) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}
