package demo

import (
	"fmt"
	"strings"

	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/programme/training"
)

// Training is a demo session: the key of the demo organisation that ran it,
// the session and its participants, each "name|profession|sex|employer".
type Training struct {
	Org          string
	Session      training.Training
	Participants []string
}

// trainings are the demo's sessions: the national coordination trains
// police, border guards, labour inspectors and magistrates in Niamey and
// Agadez; the Edo foundation trains police and social workers in Benin City.
var trainings = []Training{
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

// Trainings returns the demo sessions with their participants' records:
// scores vary from one person to the next, and every ninth did not attend.
func Trainings() []Training { return trainings }

// ParticipantList turns the lines of session i into participants.
func (d Training) ParticipantList(i int) []training.Participant {
	ps := make([]training.Participant, len(d.Participants))
	for j, line := range d.Participants {
		f := strings.SplitN(line, "|", 4)
		pre, post := 35+(i*7+j*11)%30, 60+(i*5+j*13)%35
		ps[j] = training.Participant{Name: f[0], Profession: f[1], Sex: f[2], Organisation: f[3],
			Attended: j%9 != 8, PreScore: &pre, PostScore: &post}
	}
	return ps
}

// RadioCampaign is the Agadez shelter's radio campaign in Hausa and French
// across the Agadez region, with the hotline calls and referrals it
// counted, and its radio script as a material (name and content).
func RadioCampaign() (campaign.Campaign, string, []byte) {
	hb, ha, rb, ra := int64(14), int64(37), int64(3), int64(9)
	c := campaign.Campaign{Title: "Radio Sahara : attention aux faux recruteurs",
		Level: "media", TargetGroups: []string{"rural_populations", "migrants", "young_people"},
		Channels: []string{"radio", "community_meetings"}, Languages: []string{"ha", "fr"}, Countries: []string{"NER"},
		Places: "Région d'Agadez : Agadez, Arlit, Bilma, Ingall", StartsOn: "2025-06-15", EndsOn: "2025-08-31",
		Budget: 4_500_000, Currency: "XOF", Reach: 120_000, ReachKind: "estimated",
		HotlineBefore: &hb, HotlineAfter: &ha, ReferralsBefore: &rb, ReferralsAfter: &ra}
	script := "Emission Radio Sahara, juin 2025 (haoussa et français).\n" +
		"Un emploi promis en Libye ou en Europe sans contrat écrit est un danger.\n" +
		"Avant de partir, appelez la ligne verte ou passez au Refuge Sahel Agadez.\n"
	return c, "texte-radio-sahara.txt", []byte(script)
}

// JusticeFigures are Niger's invented investigations, prosecutions and
// convictions of 2023 and 2024, as a ministry of justice would publish them.
func JusticeFigures() []justicefig.Figure {
	out := []justicefig.Figure{
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
	for i := range out {
		out[i].Country = "NER"
		out[i].Source = fmt.Sprintf("Ministère de la Justice, annuaire des statistiques judiciaires %d (démo)", out[i].Year)
	}
	return out
}
