package htcds

// French labels of HTCDS values, accepted on import (a French-speaking team
// types "Exploitation sexuelle", not SexualExploitation) and reported as
// converted labels. The wording follows the French texts of the Palermo
// Protocol and the Council of Europe Convention where they name the thing.
var frenchLabels = []struct {
	list   *picklist
	labels map[string]string // label -> value
}{
	{genders, map[string]string{"Féminin": "Feminine", "Masculin": "Masculine", "Transgenre féminin": "TransgenderFeminine",
		"Transgenre masculin": "TransgenderMasculine", "Non conforme": "NonConforming", "Non précisé/Inconnu": "NonSpecifiedUnknown",
		"Inconnu": "NonSpecifiedUnknown"}},
	{traffickingStatuses, map[string]string{"Victime potentielle de la traite": "PossibleVictimOfTrafficking",
		"Victime présumée de la traite": "PossibleVictimOfTrafficking", "Victime avérée de la traite": "ActualVictimOfTrafficking",
		"Victime identifiée de la traite": "ActualVictimOfTrafficking", "Pas victime de la traite": "NotAVictimOfTrafficking"}},
	{decisionOrgs, map[string]string{"ONG": "NGO", "Tribunal ou parquet": "CourtOrProsecution",
		"Organisme public autre que la police": "NonPoliceGovernmentalOrganization", "Autre": "Other"}},
	{relationships, map[string]string{"Famille": "Familial", "Connaissance": "Acquainted", "Inconnu": "Unaquainted"}},
	{recruitmentMethods, map[string]string{"Sur un lieu commercial": "AtAPlaceOfBusiness", "Dans un établissement d'enseignement": "AtAnEducationalInstitution",
		"Au travail": "AtWork", "Par les réseaux sociaux en ligne": "ThroughOnlineSocialNetworks",
		"Par une annonce en ligne": "ThroughAnOnlineAdvertisement", "Par une publicité télévisée": "ThroughATelevisionAdvert",
		"Par une annonce dans un journal": "ThroughANewspaperAdvert", "Par la famille ou des événements familiaux": "ThroughFamilyOrFamilyEvents",
		"Par des amis ou des événements sociaux": "ThroughFriendsOrSocialEvents", "Autre": "Other"}},
	{controlMethods, map[string]string{"Menaces physiques": "PhysicalThreats", "Menaces de dénonciation aux autorités": "ThreatsLawEnforcement",
		"Menaces envers les enfants ou la famille": "ThreatensChildrenFamily", "Servitude pour dettes": "DebtBondage",
		"Fausses promesses": "FalsePromises", "Violences physiques": "PhysicalAbuse", "Violences sexuelles": "SexualAbuse",
		"Confiscation des gains": "TakesEarnings", "Restriction de l'accès à l'argent": "RestrictsFinancialAccess",
		"Restriction de l'accès aux soins": "RestrictsMedicalCare", "Privation du nécessaire": "WithholdsNecessities",
		"Violences psychologiques": "PsychologicalAbuse", "Substances psychoactives": "PsychoactiveSubstance",
		"Horaires de travail excessifs": "ExcessiveWorkingHours", "Confiscation des documents": "WithholdsDocuments", "Autre": "Other"}},
	{exploitationTypes, map[string]string{"Travail forcé": "ForcedLabour", "Exploitation sexuelle": "SexualExploitation",
		"Travail des enfants": "ChildLabour", "Mariage forcé": "ForcedMarriage", "Servitude": "Servitude",
		"Enrôlement forcé par des acteurs non étatiques": "ForcedMilitaryByNonStateActors", "Prélèvement d'organes": "OrganRemoval",
		"Mendicité forcée": "ForcedBegging", "Adoption forcée": "ForcedAdoption", "Gestation pour autrui": "Surrogacy",
		"Criminalité forcée": "ForcedCriminality", "Autre": "Other"}},
	{sexExploitationTypes, map[string]string{"Prostitution": "Prostitution", "Pornographie": "Pornography",
		"Services interactifs à distance": "RemoteInteractiveServices", "Services sexuels privés": "PrivateSexualServices"}},
	{caseStatuses, map[string]string{"Actif": "Active", "Ouvert": "Active", "Suivi": "FollowUp", "Clos": "Closed", "Clôturé": "Closed",
		"Clos et orienté": "ClosedReferred", "Clôturé avec orientation": "ClosedReferred"}},
	{eventKinds, map[string]string{"Recrutement": "recruitment", "Transit": "transit", "Exploitation": "exploitation"}},
}

func init() {
	for _, fl := range frenchLabels {
		for label, v := range fl.labels {
			if _, taken := fl.list.index[normal(label)]; !taken {
				fl.list.index[normal(label)] = v
			}
		}
	}
}
