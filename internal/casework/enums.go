package casework

// Status is cas_Status.
type Status string

const (
	Active         Status = "Active"
	FollowUp       Status = "FollowUp"
	Closed         Status = "Closed"
	ClosedReferred Status = "ClosedReferred"
)

// Statuses in workflow order.
var Statuses = []string{string(Active), string(FollowUp), string(Closed), string(ClosedReferred)}

// IsClosed reports whether s ends the case.
func (s Status) IsClosed() bool { return s == Closed || s == ClosedReferred }

// TraffickingStatuses is vic_TraffickingStatus.
var TraffickingStatuses = []string{"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"}

// DecisionMakingOrgs is vic_TraffickingStatusDecisionMakingOrg.
var DecisionMakingOrgs = []string{"Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization", "Other"}

// Genders is prs_Gender.
var Genders = []string{"Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming", "NonSpecifiedUnknown"}

// Relationships is vic_RelationshipToTrafficker (HTCDS spells Unaquainted).
var Relationships = []string{"Familial", "Acquainted", "Unaquainted"}

// RecruitmentMethods is vic_MethodOfRecruitment.
var RecruitmentMethods = []string{"AtAPlaceOfBusiness", "AtAnEducationalInstitution", "AtWork", "ThroughOnlineSocialNetworks",
	"ThroughAnOnlineAdvertisement", "ThroughATelevisionAdvert", "ThroughANewspaperAdvert", "ThroughFamilyOrFamilyEvents",
	"ThroughFriendsOrSocialEvents", "Other"}

// MethodsOfControl is vic_MethodsOfControl (HTCDS's XLSForm has a trailing
// space after DebtBondage: importers trim it).
var MethodsOfControl = []string{"PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily", "DebtBondage",
	"FalsePromises", "PhysicalAbuse", "SexualAbuse", "TakesEarnings", "RestrictsFinancialAccess", "RestrictsMedicalCare",
	"WithholdsNecessities", "PsychologicalAbuse", "PsychoactiveSubstance", "ExcessiveWorkingHours", "WithholdsDocuments", "Other"}

// ExploitationTypes is vic_TypeOfExploitation plus ForcedCriminality, which
// practitioners record and HTCDS 2.0 lacks (exported as Other).
var ExploitationTypes = []string{"ForcedLabour", "SexualExploitation", "ChildLabour", "ForcedMarriage", "Servitude",
	"ForcedMilitaryByNonStateActors", "OrganRemoval", "ForcedBegging", "ForcedAdoption", "Surrogacy", "ForcedCriminality", "Other"}

// LabourIndustries is vic_ForcedLabourIndustry: ISIC rev. 4 sections.
var LabourIndustries = []string{"A_AgricultureForestryAndFishing", "B_MiningAndQuarrying", "C_Manufacturing",
	"D_ElectricityGasSteamAndAirConditioningSupply", "E_WaterSupplySewerageWasteManagement", "F_Construction",
	"G_WholesaleAndRetailTradeRepairOfMotorVehicles", "H_TransportationAndStorage", "I_AccommodationAndFoodServiceActivities",
	"J_InformationAndCommunication", "K_FinancialAndInsuranceActivities", "L_RealEstateActivities",
	"M_ProfessionalScientificAndTechnicalActivities", "N_AdministrativeAndSupportServiceActivities",
	"O_PublicAdministrationAndDefence", "P_Education", "Q_HumanHealthAndSocialWorkActivities",
	"R_ArtsEntertainmentAndRecreation", "S_OtherServiceActivities", "T_ActivitiesOfHouseholdsAsEmployers",
	"U_ActivitiesOfExtraterritorialOrganisations"}

// SexExploitationTypes is vic_TypeOfSexExploitation.
var SexExploitationTypes = []string{"Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"}

// EventKinds are the stages of a trafficking journey.
var EventKinds = []string{"recruitment", "transit", "exploitation"}

// ConsentGivers: the person, or a guardian for a child or a person without capacity.
var ConsentGivers = []string{"person", "guardian"}

// ConsentMethods say how the person was informed.
var ConsentMethods = []string{"oral", "written", "oral_with_interpreter", "written_with_interpreter"}

// PlanItemTypes are the HTCDS support plan's kinds of help.
var PlanItemTypes = []string{"legal_assistance", "shelter", "health", "psychosocial", "education", "vocational_training",
	"livelihood", "family_tracing", "return_repatriation", "residence_permit"}

// Domains group reintegration outcomes.
var Domains = []string{"professional", "social", "personal"}

// PlanItemStatuses is the life of one plan item.
var PlanItemStatuses = []string{"planned", "in_progress", "done", "cancelled"}

// JusticeRoles is the person's part in proceedings.
var JusticeRoles = []string{"none", "witness", "civil_party", "complainant"}

// ProceedingStatuses is the state of an investigation or a prosecution.
var ProceedingStatuses = []string{"none", "open", "closed_no_action", "charged", "convicted", "acquitted"}

// ProtectionMeasures available to victims and witnesses.
var ProtectionMeasures = []string{"anonymity", "screened_testimony", "video_testimony", "relocation", "police_protection", "recovery_reflection_period"}

// defaultDomain is where an item's outcome counts unless the caseworker says otherwise.
var defaultDomain = map[string]string{
	"legal_assistance": "personal", "shelter": "social", "health": "personal", "psychosocial": "personal",
	"education": "professional", "vocational_training": "professional", "livelihood": "professional",
	"family_tracing": "social", "return_repatriation": "social", "residence_permit": "social",
}

// DefaultDomain returns the outcome group of a plan item type.
func DefaultDomain(itemType string) string { return defaultDomain[itemType] }
