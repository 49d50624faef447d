package main

import (
	"context"
	"fmt"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoDirectoryOrgs are organisations that appear in the demo's directory of
// services only (no users): the rest of the corridor a caseworker may refer
// to. Every name is invented.
var demoDirectoryOrgs = []demoOrg{
	{"tisserandes", account.Organisation{Name: "Foyer Les Tisserandes", Type: account.Shelter, Country: "FRA", City: "Lyon",
		Phone: "+33 4 78 55 02 40", Email: "admission@tisserandes.example.org"}},
	{"ctoa", account.Organisation{Name: "Centre de transit et d'orientation d'Agadez", Type: account.InternationalOrganisation,
		Country: "NER", City: "Agadez", Phone: "+227 20 44 03 15", Email: "ctoa@transit-sahel.example.org"}},
	{"inspection", account.Organisation{Name: "Inspection du travail du Rhône, unité traite (démo)", Type: account.LabourInspectorate,
		Country: "FRA", City: "Lyon", Phone: "+33 4 72 55 09 90", Email: "unite-traite@inspection-rhone.example.org"}},
	{"police", account.Organisation{Name: "Brigade de lutte contre la traite, Lyon (démo)", Type: account.LawEnforcement,
		Country: "FRA", City: "Lyon", Phone: "+33 4 72 55 17 17"}},
}

func places(n int) *int { return &n }

// demoProfiles are the directory entries of the demo corridor, by key of
// demoOrgs or demoDirectoryOrgs.
var demoProfiles = map[string]directory.Profile{
	"edo": {
		Services: []directory.Offer{
			{Service: directory.ReturnReintegration, Populations: []directory.Population{directory.Women, directory.Children, directory.Families}},
			{Service: directory.Psychosocial, Populations: []directory.Population{directory.Women, directory.Children}},
			{Service: directory.FamilyTracing},
			{Service: directory.Livelihood, Populations: []directory.Population{directory.Women}},
			{Service: directory.VocationalTraining, Populations: []directory.Population{directory.Women, directory.Men}},
		},
		Countries:        []directory.Operation{{Country: "NGA", Roles: []directory.Role{directory.Source}}},
		Languages:        []string{"en", "bin", "pcm", "yo"},
		Hours:            weekdays("08:30", "17:00"),
		AcceptsReferrals: true,
	},
	"agadez": {
		Services: []directory.Offer{
			{Service: directory.Shelter, Populations: []directory.Population{directory.Women, directory.Children, directory.UnaccompaniedMinors}},
			{Service: directory.Health, Populations: []directory.Population{directory.Women, directory.Children}},
			{Service: directory.Psychosocial},
		},
		Countries:        []directory.Operation{{Country: "NER", Roles: []directory.Role{directory.Transit}}},
		Languages:        []string{"fr", "ha", "tmh", "en"},
		Hours:            everyDay("00:00", "24:00"),
		Capacity:         directory.Capacity{Places: places(30), Available: places(4)},
		AcceptsReferrals: true,
	},
	"niamey": {
		Services: []directory.Offer{
			{Service: directory.Hotline},
			{Service: directory.InformationCentre},
			{Service: directory.ChildProtection, Populations: []directory.Population{directory.Children, directory.UnaccompaniedMinors}},
		},
		Countries:        []directory.Operation{{Country: "NER", Roles: []directory.Role{directory.Source, directory.Transit}}},
		Languages:        []string{"fr", "ha", "dje"},
		Hours:            weekdays("08:00", "17:30"),
		AcceptsReferrals: true,
	},
	"lyon": {
		Services: []directory.Offer{
			{Service: directory.LegalAssistance},
			{Service: directory.ResidenceAsylumAdvice},
			{Service: directory.Psychosocial, Populations: []directory.Population{directory.Women, directory.Men, directory.LGBTQI}},
			{Service: directory.Interpretation},
		},
		Countries:        []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
		Languages:        []string{"fr", "en", "pcm", "it"},
		Hours:            weekdays("09:30", "18:00"),
		AcceptsReferrals: true,
	},
	"tisserandes": {
		Services: []directory.Offer{
			{Service: directory.Shelter, Populations: []directory.Population{directory.Women, directory.Children}},
			{Service: directory.Psychosocial, Populations: []directory.Population{directory.Women}},
			{Service: directory.Health, Populations: []directory.Population{directory.Women}},
		},
		Countries:        []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
		Languages:        []string{"fr", "en"},
		Hours:            everyDay("00:00", "24:00"),
		Capacity:         directory.Capacity{Places: places(18), Available: places(2)},
		AcceptsReferrals: true,
	},
	"ctoa": {
		Services: []directory.Offer{
			{Service: directory.Shelter, Populations: []directory.Population{directory.Men, directory.Women, directory.Families}},
			{Service: directory.ReturnReintegration},
			{Service: directory.Health},
			{Service: directory.InformationCentre},
		},
		Countries: []directory.Operation{
			{Country: "NER", Roles: []directory.Role{directory.Transit}},
			{Country: "NGA", Roles: []directory.Role{directory.Source}},
		},
		Languages: []string{"fr", "en", "ha", "ar"},
		Hours:     weekdays("08:00", "18:00"),
		Capacity:  directory.Capacity{Places: places(400), Available: places(0)},
		// Full this week: the demo shows an organisation that takes no referrals now.
		AcceptsReferrals: false,
	},
	"inspection": {
		Services:         []directory.Offer{{Service: directory.LabourInspection}},
		Countries:        []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
		Languages:        []string{"fr"},
		Hours:            weekdays("09:00", "16:30"),
		AcceptsReferrals: true,
	},
	"police": {
		Services: []directory.Offer{
			{Service: directory.LawEnforcement},
			{Service: directory.Hotline},
		},
		Countries:        []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
		Languages:        []string{"fr", "en"},
		Hours:            everyDay("00:00", "24:00"),
		AcceptsReferrals: true,
	},
}

func weekdays(opens, closes string) []directory.Opening {
	var out []directory.Opening
	for _, d := range directory.Days[:5] {
		out = append(out, directory.Opening{Day: d, Opens: opens, Closes: closes})
	}
	return out
}

func everyDay(opens, closes string) []directory.Opening {
	var out []directory.Opening
	for _, d := range directory.Days {
		out = append(out, directory.Opening{Day: d, Opens: opens, Closes: closes})
	}
	return out
}

// seedDemoDirectory creates the directory-only organisations and writes
// every demo profile (an unchanged profile writes nothing).
func seedDemoDirectory(ctx context.Context, db *store.DB, ids map[string]account.Organisation) error {
	existing, err := db.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	for _, d := range demoDirectoryOrgs {
		for _, o := range existing {
			if o.Name == d.org.Name {
				ids[d.key] = o
			}
		}
		if _, ok := ids[d.key]; ok {
			continue
		}
		o := d.org
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation %q: %w", d.org.Name, err)
		}
		ids[d.key] = o
	}
	for key, p := range demoProfiles {
		p.OrgID = ids[key].ID
		if err := db.UpdateDirectoryProfile(ctx, p); err != nil {
			return fmt.Errorf("directory profile %s: %w", key, err)
		}
	}
	return nil
}
