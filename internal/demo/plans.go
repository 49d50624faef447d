package demo

import "github.com/passerelle-org/passerelle/internal/programme/plan"

// ActionPlan is an invented national action plan with its content; the
// activities and indicators name their objective and project by index in
// Objectives and Projects (-1: none).
type ActionPlan struct {
	Plan       plan.Plan
	Objectives []string
	Projects   []plan.Project
	Activities []PlanActivity
	Indicators []PlanIndicator
}

// PlanActivity is an activity with the index of its objective and project.
type PlanActivity struct {
	plan.Activity
	Objective, Project int
}

// PlanIndicator is an indicator with the index of its objective.
type PlanIndicator struct {
	plan.Indicator
	Objective int
}

func amount(units int64) plan.Decimal { return plan.Decimal(units * 100) }

// NigerActionPlan is a national action plan of Niger for 2025-2027, kept by
// the demo's national coordination: activities done, in progress past their
// due date (late), flagged at risk, at risk through an indicator behind its
// target, on track and cancelled, and a donor-funded project. The agencies
// are institutions; no person is named.
func NigerActionPlan() ActionPlan {
	act := func(obj, proj int, title, resp string, budget plan.Decimal, cur, start, due string, st plan.Status, risk bool) PlanActivity {
		return PlanActivity{Activity: plan.Activity{Title: title, Responsible: resp, Budget: budget, Currency: cur,
			StartsOn: start, DueOn: due, Status: st, AtRisk: risk}, Objective: obj, Project: proj}
	}
	const (
		agency  = "Agence nationale de lutte contre la traite des personnes"
		justice = "Ministère de la Justice"
	)
	return ActionPlan{
		Plan: plan.Plan{Country: "NER", Title: "Plan d'action national de lutte contre la traite des personnes 2025-2027",
			StartsOn: "2025-01-01", EndsOn: "2027-12-31", IATIOrgRef: "XI-DEMO-CNCLT"},
		Objectives: []string{
			"Prévenir la traite dans les régions de départ et de transit",
			"Identifier, protéger et accompagner les victimes",
			"Poursuivre et juger les auteurs",
			"Coordonner l'action nationale et la coopération régionale",
		},
		Projects: []plan.Project{{Donor: "Fonds Corridor Solidaire", DonorRef: "XI-DEMO-FCS",
			Title: "Protection des victimes sur l'axe Agadez-Niamey", Budget: amount(650_000), Currency: "EUR",
			IATIIdentifier: "XI-DEMO-FCS-2025-NER-01", StartsOn: "2025-03-01", EndsOn: "2026-12-31"}},
		Activities: []PlanActivity{
			act(0, -1, "Campagnes radio en haoussa et en zarma dans les régions de Tahoua et Zinder", agency,
				amount(18_500_000), "XOF", "2025-02-01", "2025-11-30", plan.Done, false),
			act(0, -1, "Former 300 enseignants au repérage des enfants exposés à la traite", "Ministère de l'Éducation nationale",
				amount(9_750_000), "XOF", "2025-09-01", "2026-06-30", plan.InProgress, false),
			act(1, -1, "Adopter les procédures opérationnelles d'identification et d'orientation des victimes", agency,
				0, "", "2025-01-15", "2025-06-30", plan.Done, false),
			act(1, 0, "Ouvrir un centre d'accueil de 30 places à Agadez", "Ministère de la Promotion de la femme et de la Protection de l'enfant",
				amount(180_000), "EUR", "2025-03-01", "2026-12-31", plan.InProgress, true),
			act(1, 0, "Former 150 agents de la police des frontières à l'identification des victimes",
				"Direction de la surveillance du territoire", 4_250_050, "EUR", "2026-01-15", "2027-03-31", plan.Planned, false),
			act(2, -1, "Former 80 magistrats et officiers de police judiciaire à l'ordonnance 2010-86", justice,
				amount(21_000_000), "XOF", "2025-04-01", "2026-03-31", plan.InProgress, false),
			act(2, -1, "Créer un registre national des procédures pour traite", justice,
				amount(35_000), "EUR", "2026-06-01", "2027-06-30", plan.Planned, false),
			act(3, -1, "Étude nationale sur la prévalence de la traite", "Institut national de la statistique",
				amount(60_000), "EUR", "2025-05-01", "2025-12-31", plan.Cancelled, false),
			act(3, -1, "Réunir le comité national de coordination chaque trimestre", agency,
				0, "", "2025-01-01", "2027-12-31", plan.InProgress, false),
		},
		Indicators: []PlanIndicator{
			{Indicator: plan.Indicator{Name: "Victimes identifiées et orientées vers une prise en charge", Unit: "personnes",
				Baseline: amount(120), Target: amount(600), Values: []plan.Value{{Period: "2025", Value: amount(310)}}}, Objective: 1},
			{Indicator: plan.Indicator{Name: "Poursuites engagées pour traite des personnes", Unit: "procédures",
				Baseline: amount(12), Target: amount(60),
				Values: []plan.Value{{Period: "2025", Value: amount(14)}, {Period: "2026-06", Value: amount(19)}}}, Objective: 2},
			{Indicator: plan.Indicator{Name: "Délai moyen entre l'identification et l'hébergement", Unit: "jours",
				Baseline: amount(21), Target: amount(7), Values: []plan.Value{{Period: "2025", Value: amount(15)}}}, Objective: -1},
		},
	}
}
