package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/store"
)

// The demo's trainings, campaign and justice figures: the national
// coordination trains police, border guards, labour inspectors and
// magistrates in Niamey and Agadez; the Edo foundation trains police and
// social workers in Benin City; the Agadez shelter runs a radio campaign in
// Hausa and French across the Agadez region; the coordination enters the
// justice figures of Niger. Every person is invented.

type demoTraining struct {
	org          string
	t            training.Training
	participants []string // name|profession|sex|employer
}

var demoTrainings = []demoTraining{
	{"niamey", training.Training{Topic: "victim_identification", Country: "NER", Place: "Niamey, École nationale de police",
		StartsOn: "2025-02-17", EndsOn: "2025-02-19", Trainers: "Mariama Djibo, Abdoulaye Sani"}, []string{
		"Ibrahim Moussa|police|male|Police nationale, Niamey", "Fatouma Seydou|police|female|Police nationale, Niamey",
		"Abdou Hamani|border_guard|male|Poste frontière de Makalondi", "Rakia Boubacar|border_guard|female|Poste frontière de Gaya",
		"Issoufou Garba|labour_inspector|male|Inspection du travail, Niamey", "Hadiza Oumarou|social_worker|female|Direction de la protection de l'enfant",
		"Souley Mahamadou|police|male|Brigade des mineurs", "Aïchatou Kané|prosecutor|female|Tribunal de grande instance de Niamey",
		"Moctar Ali|judge|male|Tribunal de grande instance de Niamey", "Balkissa Idrissa|health_worker|female|Hôpital national de Niamey",
		"Harouna Adamou|consular_staff|male|Ministère des affaires étrangères", "Zalika Abdou|ngo_staff|female|Association des femmes juristes",
	}},
	{"niamey", training.Training{Topic: "labour_exploitation", Country: "NER", Place: "Agadez, Gouvernorat",
		StartsOn: "2025-05-06", EndsOn: "2025-05-08", Trainers: "Abdoulaye Sani"}, []string{
		"Alhassane Rhissa|labour_inspector|male|Inspection du travail, Agadez", "Tanko Mamane|police|male|Commissariat central d'Agadez",
		"Mariama Adamou|border_guard|female|Poste d'Assamaka", "Ousmane Attaher|police|male|Commissariat d'Arlit",
		"Nafissa Ghali|social_worker|female|Action sociale, Agadez", "Bachir Ibrahim|prosecutor|male|Tribunal d'Agadez",
		"Fati Mohamed|teacher|female|CEG 1 Agadez", "Ahmed Alkassoum|ngo_staff|male|Refuge Sahel Agadez",
	}},
	{"edo", training.Training{Topic: "victim_centred_interviewing", Country: "NGA", Place: "Benin City",
		StartsOn: "2025-03-24", EndsOn: "2025-03-26", Trainers: "Osaro Ehigiator, Ngozi Adeyemi"}, []string{
		"Efosa Omoregie|police|male|Nigeria Police Force, Edo Command", "Blessing Osagie|police|female|Nigeria Police Force, Edo Command",
		"Uyi Iyamu|lawyer|male|Legal Aid Council, Benin", "Osas Ekhator|social_worker|female|Edo State Task Force",
		"Ivie Okundaye|ngo_staff|female|Fondation Lumière d'Edo", "Nosa Aigbe|border_guard|male|Nigeria Immigration Service",
		"Eghosa Uwaifo|prosecutor|male|Ministry of Justice, Edo", "Omono Idehen|health_worker|female|University of Benin Teaching Hospital",
		"Ehi Osunde|teacher|female|Government Girls' Secondary School",
	}},
}

// seedDemoOutreach records the demo's trainings, campaign and justice
// figures for each organisation that has none yet.
func seedDemoOutreach(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	as := func(key string) context.Context {
		a := auth.SystemActor()
		a.OrgID = orgs[key].ID
		return auth.WithActor(ctx, a)
	}
	done := map[string]bool{}
	for i, d := range demoTrainings {
		if _, ok := done[d.org]; !ok {
			list, err := db.ListTrainings(as(d.org))
			if err != nil {
				return err
			}
			done[d.org] = len(list) > 0
		}
		if done[d.org] {
			continue
		}
		t := d.t
		t.OrgID = orgs[d.org].ID
		if err := db.CreateTraining(as(d.org), &t); err != nil {
			return fmt.Errorf("demo training: %w", err)
		}
		ps := make([]training.Participant, len(d.participants))
		for j, line := range d.participants {
			f := strings.SplitN(line, "|", 4)
			pre, post := 35+(i*7+j*11)%30, 60+(i*5+j*13)%35
			ps[j] = training.Participant{Name: f[0], Profession: f[1], Sex: f[2], Organisation: f[3],
				Attended: j%9 != 8, PreScore: &pre, PostScore: &post}
		}
		if _, err := db.AddParticipants(as(d.org), t.ID, ps); err != nil {
			return fmt.Errorf("demo participants: %w", err)
		}
	}
	if list, err := db.ListCampaigns(as("agadez")); err != nil {
		return err
	} else if len(list) == 0 {
		hb, ha, rb, ra := int64(14), int64(37), int64(3), int64(9)
		c := campaign.Campaign{OrgID: orgs["agadez"].ID, Title: "Radio Sahara : attention aux faux recruteurs",
			Level: "media", TargetGroups: []string{"rural_populations", "migrants", "young_people"},
			Channels: []string{"radio", "community_meetings"}, Languages: []string{"ha", "fr"}, Countries: []string{"NER"},
			Places: "Région d'Agadez : Agadez, Arlit, Bilma, Ingall", StartsOn: "2025-06-15", EndsOn: "2025-08-31",
			Budget: 4_500_000, Currency: "XOF", Reach: 120_000, ReachKind: "estimated",
			HotlineBefore: &hb, HotlineAfter: &ha, ReferralsBefore: &rb, ReferralsAfter: &ra}
		if err := db.CreateCampaign(as("agadez"), &c); err != nil {
			return fmt.Errorf("demo campaign: %w", err)
		}
		script := "Emission Radio Sahara, juin 2025 (haoussa et français).\n" +
			"Un emploi promis en Libye ou en Europe sans contrat écrit est un danger.\n" +
			"Avant de partir, appelez la ligne verte ou passez au Refuge Sahel Agadez.\n"
		m := campaign.Material{Name: "texte-radio-sahara.txt"}
		if err := db.AddMaterial(as("agadez"), c.ID, &m, []byte(script)); err != nil {
			return fmt.Errorf("demo material: %w", err)
		}
	}
	figures := []justicefig.Figure{
		{Year: 2023, Form: "ForcedLabour", Stage: "investigation", Count: 41},
		{Year: 2023, Form: "ForcedLabour", Stage: "prosecution", Count: 17},
		{Year: 2023, Form: "ForcedLabour", Stage: "conviction", Count: 6},
		{Year: 2023, Form: "SexualExploitation", Stage: "investigation", Count: 28},
		{Year: 2023, Form: "SexualExploitation", Stage: "prosecution", Count: 12},
		{Year: 2023, Form: "SexualExploitation", Stage: "conviction", Count: 5},
		{Year: 2024, Form: "ForcedLabour", Stage: "investigation", Count: 52},
		{Year: 2024, Form: "ForcedLabour", Stage: "prosecution", Count: 21},
		{Year: 2024, Form: "ForcedLabour", Stage: "conviction", Count: 9},
		{Year: 2024, Form: "ForcedBegging", Stage: "investigation", Count: 19},
		{Year: 2024, Form: "ForcedBegging", Stage: "prosecution", Count: 7},
	}
	lines, err := db.JusticeFigures(as("niamey"), "NER")
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.Entered != nil {
			return nil
		}
	}
	for _, f := range figures {
		f.OrgID, f.Country = orgs["niamey"].ID, "NER"
		f.Source = fmt.Sprintf("Ministère de la Justice, annuaire des statistiques judiciaires %d (démo)", f.Year)
		if err := db.EnterJusticeFigure(as("niamey"), &f); err != nil {
			return fmt.Errorf("demo justice figure: %w", err)
		}
	}
	return nil
}
