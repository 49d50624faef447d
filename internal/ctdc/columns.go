package ctdc

import (
	"slices"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Columns are the Global Synthetic Dataset's 27 variables, in the
// codebook's order (version 2, February 2024).
var Columns = []string{
	ColYear, ColGender, ColAge, ColCitizenship, ColExploitationCountry,
	"traffickMonths",
	"meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises",
	"meansDrugsAlcohol", "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs",
	"isForcedLabour", "isSexualExploit", "isOtherExploit",
	"typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
	"typeOfSexProstitution", "typeOfSexPornography",
	"recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther",
}

// The quasi-identifiers' columns.
const (
	ColYear                = "yearOfRegistration"
	ColGender              = "gender"
	ColAge                 = "ageBroad"
	ColCitizenship         = "citizenship"
	ColExploitationCountry = "CountryOfExploitation"
)

// QIs are the quasi-identifiers, in the order of Columns (they are its first
// five columns).
var QIs = []string{ColYear, ColGender, ColAge, ColCitizenship, ColExploitationCountry}

// Gender values.
const (
	Woman = "Woman"
	Man   = "Man"
	Trans = "Trans/Transgender/NonConforming"
)

var genders = map[string]string{
	"Feminine": Woman, "Masculine": Man,
	"TransgenderFeminine": Trans, "TransgenderMasculine": Trans, "NonConforming": Trans,
}

// AgeBands are CTDC's age bands (ageBroad), youngest first, with the
// youngest age of each.
var AgeBands = []struct {
	Band string
	From int
}{
	{"0--8", 0}, {"9--17", 9}, {"18--20", 18}, {"21--23", 21}, {"24--26", 24}, {"27--29", 27},
	{"30--38", 30}, {"39--47", 39}, {"48+", 48},
}

// ageBand is the CTDC band of age, or missing.
func ageBand(age *int) string {
	if age == nil || *age < 0 {
		return ""
	}
	band := ""
	for _, b := range AgeBands {
		if *age >= b.From {
			band = b.Band
		}
	}
	return band
}

// flags maps each flag column to the HTCDS values that set it, per case
// field. Every value of casework's lists that has a CTDC counterpart is here
// (TestEveryHTCDSValueMapped).
var (
	meansOf = map[string][]string{
		"meansDebtBondageEarnings": {"DebtBondage", "TakesEarnings"},
		"meansThreats":             {"PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily"},
		"meansAbusePsyPhySex":      {"PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse"},
		"meansFalsePromises":       {"FalsePromises"},
		"meansDrugsAlcohol":        {"PsychoactiveSubstance"},
		"meansDenyBasicNeeds":      {"RestrictsFinancialAccess", "RestrictsMedicalCare", "WithholdsNecessities"},
		"meansExcessiveWorkHours":  {"ExcessiveWorkingHours"},
		"meansWithholdDocs":        {"WithholdsDocuments"},
	}
	exploitationOf = map[string][]string{
		"isForcedLabour":  {"ForcedLabour", "ChildLabour", "ForcedBegging", "ForcedCriminality"},
		"isSexualExploit": {"SexualExploitation"},
		"isOtherExploit": {"ForcedMarriage", "Servitude", "ForcedMilitaryByNonStateActors", "OrganRemoval",
			"ForcedAdoption", "Surrogacy", "Other"},
	}
	labourOf = map[string][]string{
		"typeOfLabourAgriculture":  {"A_AgricultureForestryAndFishing"},
		"typeOfLabourConstruction": {"F_Construction"},
		"typeOfLabourDomesticWork": {"T_ActivitiesOfHouseholdsAsEmployers"},
		"typeOfLabourHospitality":  {"I_AccommodationAndFoodServiceActivities"},
	}
	sexOf = map[string][]string{
		"typeOfSexProstitution": {"Prostitution"},
		"typeOfSexPornography":  {"Pornography"},
	}
	recruiterOf = map[string][]string{
		"recruiterRelationFriend": {"Acquainted"},
		"recruiterRelationFamily": {"Familial"},
		"recruiterRelationOther":  {"Unaquainted"},
	}
)

// Row is one victim's values in the order of Columns ("" is missing).
type Row []string

var colIndex = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c] = i
	}
	return m
}()

// FromCase is the row of one case, before anonymisation. It reads only the
// de-identified facts of the case (never Person, Code, ID, places or dates
// other than the registration year).
func FromCase(c casework.Case) Row {
	r := make(Row, len(Columns))
	if !c.CreatedAt.IsZero() {
		r[0] = strconv.Itoa(c.CreatedAt.UTC().Year())
	}
	r[1] = genders[c.Gender]
	r[2] = ageBand(c.AgeWhenTrafficked)
	r[3] = c.Citizenship
	for _, e := range c.Events {
		if e.Kind == "exploitation" && e.Country != "" {
			r[4] = e.Country
		}
	}
	set := func(groups map[string][]string, has func(string) bool) {
		for col, values := range groups {
			if slices.ContainsFunc(values, has) {
				r[colIndex[col]] = "1"
			}
		}
	}
	in := func(list []string) func(string) bool {
		return func(v string) bool { return slices.Contains(list, v) }
	}
	is := func(s string) func(string) bool { return func(v string) bool { return v == s } }
	set(meansOf, in(c.MethodsOfControl))
	set(exploitationOf, in(c.Exploitation))
	set(labourOf, is(c.LabourIndustry))
	set(sexOf, in(c.SexExploitation))
	set(recruiterOf, is(c.Relationship))
	return r
}
