package htcds

import (
	"strings"
	"unicode"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// picklist is one HTCDS value list: the value names casework stores, the
// English labels the "with validation" template puts in cells instead, and
// other spellings seen upstream.
type picklist struct {
	values  []string
	labels  map[string]string // value -> label
	aliases map[string]string // other spelling -> value
	index   map[string]string // normal(name|label|alias) -> value
}

func newPicklist(values []string, labels, aliases map[string]string) *picklist {
	p := &picklist{values: values, labels: labels, aliases: aliases, index: map[string]string{}}
	for _, v := range values {
		p.index[normal(v)] = v
		// ISIC sections are named "A_Agriculture...": the label lacks the letter.
		if len(v) > 2 && v[1] == '_' {
			p.index[normal(v[2:])] = v
		}
		if l, ok := labels[v]; ok {
			p.index[normal(l)] = v
		}
	}
	for a, v := range aliases {
		p.index[normal(a)] = v
	}
	return p
}

// resolve maps a trimmed cell value to a value name. exact is false when the
// cell held a label, another case or an alias (the caller reports it).
func (p *picklist) resolve(s string) (v string, exact, ok bool) {
	for _, x := range p.values {
		if x == s {
			return x, true, true
		}
	}
	v, ok = p.index[normal(s)]
	return v, false, ok
}

// normal folds case and drops everything but letters and digits, so that
// "Debt bondage ", "DebtBondage" and "debt-bondage" meet.
func normal(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var (
	genders = newPicklist(casework.Genders, map[string]string{
		"TransgenderFeminine": "Transgender Feminine", "TransgenderMasculine": "Transgender Masculine",
		"NonConforming": "Non-Conforming", "NonSpecifiedUnknown": "Not Specified/Unknown",
	}, nil)
	traffickingStatuses = newPicklist(casework.TraffickingStatuses, map[string]string{
		"PossibleVictimOfTrafficking": "Possible victim of trafficking",
		"ActualVictimOfTrafficking":   "Actual victim of trafficking",
		"NotAVictimOfTrafficking":     "Not a victim of trafficking",
	}, nil)
	decisionOrgs = newPicklist(casework.DecisionMakingOrgs, map[string]string{
		"CourtOrProsecution": "Court or prosecution", "NonPoliceGovernmentalOrganization": "Non-police governmental organization",
	}, map[string]string{"NonPoliceGovernmentalOrganisation": "NonPoliceGovernmentalOrganization"})
	relationships = newPicklist(casework.Relationships, nil,
		map[string]string{"Unacquainted": "Unaquainted"}) // the standard's spelling is kept; the right one is accepted
	recruitmentMethods = newPicklist(casework.RecruitmentMethods, map[string]string{
		"AtAPlaceOfBusiness": "At a place of business", "AtAnEducationalInstitution": "At an educational institution",
		"AtWork": "At work", "ThroughOnlineSocialNetworks": "Through online social networks",
		"ThroughAnOnlineAdvertisement": "Through an online advertisement", "ThroughATelevisionAdvert": "Through a television advert",
		"ThroughANewspaperAdvert": "Through a newspaper advert", "ThroughFamilyOrFamilyEvents": "Through family or family events",
		"ThroughFriendsOrSocialEvents": "Through friends or social events",
	}, nil)
	controlMethods = newPicklist(casework.MethodsOfControl, map[string]string{
		"PhysicalThreats": "Physical threats", "ThreatsLawEnforcement": "Threats of law enforcement",
		"ThreatensChildrenFamily": "Threatens children/family", "DebtBondage": "Debt bondage",
		"FalsePromises": "False promises", "PhysicalAbuse": "Physical abuse", "SexualAbuse": "Sexual abuse",
		"TakesEarnings": "Takes earnings", "RestrictsFinancialAccess": "Restricts financial access",
		"RestrictsMedicalCare": "Restricts medical care", "WithholdsNecessities": "Withholds necessities",
		"PsychologicalAbuse": "Psychological abuse", "PsychoactiveSubstance": "Psychoactive substance",
		"ExcessiveWorkingHours": "Excessive working hours", "WithholdsDocuments": "Withholds documents",
	}, nil)
	exploitationTypes = newPicklist(casework.ExploitationTypes, map[string]string{
		"ForcedLabour": "Forced labour", "SexualExploitation": "Sexual exploitation", "ChildLabour": "Child labour",
		"ForcedMarriage": "Forced marriage", "ForcedMilitaryByNonStateActors": "Forced military (by non-state actors)",
		"OrganRemoval": "Organ removal", "ForcedBegging": "Forced begging", "ForcedAdoption": "Forced adoption",
		"ForcedCriminality": "Forced criminality",
	}, map[string]string{"ForcedLabor": "ForcedLabour", "ChildLabor": "ChildLabour"})
	labourIndustries = newPicklist(casework.LabourIndustries, map[string]string{
		"A_AgricultureForestryAndFishing":                "Agriculture, forestry and fishing",
		"D_ElectricityGasSteamAndAirConditioningSupply":  "Electricity, gas, steam and air conditioning supply",
		"E_WaterSupplySewerageWasteManagement":           "Water supply; sewerage, waste management and remediation",
		"G_WholesaleAndRetailTradeRepairOfMotorVehicles": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
		"M_ProfessionalScientificAndTechnicalActivities": "Professional, scientific and technical activities",
		"O_PublicAdministrationAndDefence":               "Public administration and defence; compulsory social security",
		"R_ArtsEntertainmentAndRecreation":               "Arts, entertainment and recreation",
		"T_ActivitiesOfHouseholdsAsEmployers": "Activities of households as employers; undifferentiated goods- and " +
			"services- producing activities of households for own use",
		"U_ActivitiesOfExtraterritorialOrganisations": "Activities of extraterritorial organizations and bodies",
	}, map[string]string{
		// the XLSForm's spelling
		"U_ActivitiesOfExtraterritorialOrganizations": "U_ActivitiesOfExtraterritorialOrganisations",
	})
	sexExploitationTypes = newPicklist(casework.SexExploitationTypes, map[string]string{
		"RemoteInteractiveServices": "Remote Interactive Services", "PrivateSexualServices": "Private Sexual Services",
	}, nil)
	caseStatuses = newPicklist(casework.Statuses, map[string]string{
		"FollowUp": "Follow Up", "ClosedReferred": "Closed Referred",
	}, nil)
	eventKinds = newPicklist(casework.EventKinds, nil, nil) // hte_Type: Recruitment, Transit, Exploitation
)

// exportName is the HTCDS spelling of an event kind (hte_Type).
func eventKindName(kind string) string {
	if kind == "" {
		return ""
	}
	return strings.ToUpper(kind[:1]) + kind[1:]
}
