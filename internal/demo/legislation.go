package demo

import "github.com/passerelle-org/passerelle/internal/legislation"

// LegislationAssessment is a demonstration assessment of a country's law
// and its findings. The provisions cited are public texts; the statuses and
// the evidence are written for the demonstration, not a legal opinion.
type LegislationAssessment struct {
	Draft legislation.Draft
	Items []legislation.ItemInput
}

func finding(id, status, provision, evidence string) legislation.ItemInput {
	return legislation.ItemInput{RequirementID: id, Status: status, Provision: provision, Evidence: evidence}
}

// Legislation returns the demonstration's assessments, earliest first: Niger
// in 2021 and again in 2025 (so that the comparison shows what moved), and
// France in 2025, for the corridor's destination.
func Legislation() []LegislationAssessment {
	const ner = "Ordonnance n° 2010-86 du 16 décembre 2010 relative à la lutte contre la traite des personnes"
	return []LegislationAssessment{
		{
			Draft: legislation.Draft{Country: "NER", AssessedOn: "2021-09-15", Title: "Revue initiale (démo)"},
			Items: []legislation.ItemInput{
				finding("palermo-3-definition", "in_line", ner+", art. 10", "Démo : les trois éléments (acte, moyen, but) figurent dans la définition."),
				finding("palermo-3-consent", "in_line", ner+", art. 10", "Démo : le consentement est déclaré indifférent dès qu'un moyen est employé."),
				finding("palermo-3-child", "partly", ner+", art. 10", "Démo : la règle de l'enfant existe, mais l'âge n'est pas défini dans le même texte."),
				finding("palermo-5-offence", "in_line", ner+", art. 10 et 11", ""),
				finding("palermo-5-attempt", "in_line", ner+", art. 11", ""),
				finding("palermo-6-housing", "not_in_line", "", "Démo : aucun dispositif d'hébergement prévu par la loi ; accueil assuré par des ONG sans cadre."),
				finding("palermo-6-compensation", "partly", ner+", art. 32", "Démo : réparation possible devant le juge pénal, sans fonds d'indemnisation."),
				finding("palermo-7-residence", "not_in_line", "", "Démo : pays d'origine et de transit ; pas de titre de séjour propre aux victimes."),
				finding("palermo-8-repatriation", "partly", ner+", art. 33", "Démo : le retour est prévu, la délivrance des documents de voyage n'est pas encadrée."),
				finding("palermo-10-training", "partly", "", "Démo : formations ponctuelles des forces de défense et de sécurité, sans programme national."),
				finding("coe-13-reflection", "not_in_line", "", "Démo : aucun délai de rétablissement et de réflexion."),
				finding("coe-26-non-punishment", "not_in_line", "", "Démo : aucune clause de non-sanction."),
			},
		},
		{
			Draft: legislation.Draft{Country: "NER", AssessedOn: "2025-06-30", Title: "Revue à mi-parcours du plan d'action (démo)"},
			Items: []legislation.ItemInput{
				finding("palermo-3-definition", "in_line", ner+", art. 10", "Démo : inchangé."),
				finding("palermo-3-consent", "in_line", ner+", art. 10", ""),
				finding("palermo-3-child", "in_line", ner+", art. 2 et 10", "Démo : l'âge de 18 ans figure désormais dans les définitions."),
				finding("palermo-5-offence", "in_line", ner+", art. 10 et 11", ""),
				finding("palermo-5-attempt", "in_line", ner+", art. 11", ""),
				finding("palermo-5-organising", "in_line", ner+", art. 12", ""),
				finding("palermo-6-housing", "partly", "Arrêté sur les centres d'accueil (démo)", "Démo : deux centres reconnus, capacité insuffisante hors de Niamey."),
				finding("palermo-6-compensation", "partly", ner+", art. 32", "Démo : pas encore de fonds d'indemnisation."),
				finding("palermo-7-residence", "not_in_line", "", ""),
				finding("palermo-8-repatriation", "partly", ner+", art. 33", ""),
				finding("palermo-10-training", "in_line", "Plan d'action national 2023-2027, axe 3 (démo)", "Démo : module national pour magistrats et policiers."),
				finding("coe-13-reflection", "not_in_line", "", ""),
				finding("coe-26-non-punishment", "partly", ner+", art. 21", "Démo : non-sanction limitée à l'entrée et au séjour irréguliers."),
			},
		},
		{
			Draft: legislation.Draft{Country: "FRA", AssessedOn: "2025-03-10", Title: "Corridor : pays de destination (démo)"},
			Items: []legislation.ItemInput{
				finding("palermo-3-definition", "in_line", "Code pénal, art. 225-4-1", ""),
				finding("palermo-3-child", "in_line", "Code pénal, art. 225-4-1, II", "Démo : pour un mineur, l'infraction est constituée sans aucun moyen."),
				finding("palermo-5-offence", "in_line", "Code pénal, art. 225-4-1", ""),
				finding("palermo-5-attempt", "in_line", "Code pénal, art. 225-4-7", ""),
				finding("palermo-6-housing", "partly", "Code de l'action sociale et des familles, art. L345-1", "Démo : accueil sécurisé possible, places insuffisantes."),
				finding("coe-13-reflection", "in_line", "CESEDA, art. R425-1", "Démo : délai de réflexion de 30 jours."),
				finding("coe-14-residence", "partly", "CESEDA, art. L425-1", "Démo : titre de séjour lié à la plainte ou au témoignage."),
				finding("coe-15-compensation", "in_line", "Code de procédure pénale, art. 706-3", "Démo : indemnisation par la CIVI."),
				finding("coe-26-non-punishment", "partly", "", "Démo : pas de clause générale ; appréciation au cas par cas par le parquet."),
			},
		},
	}
}
