package directory

import "slices"

// Service is one kind of help an organisation offers, from a fixed list.
type Service string

// The services, in the order forms list them.
const (
	LegalAssistance       Service = "legal_assistance"
	Shelter               Service = "shelter"
	Health                Service = "health"
	Psychosocial          Service = "psychosocial"
	InformationCentre     Service = "information_centre"
	VocationalTraining    Service = "vocational_training"
	Education             Service = "education"
	Livelihood            Service = "livelihood"
	Interpretation        Service = "interpretation"
	FamilyTracing         Service = "family_tracing"
	ReturnReintegration   Service = "return_reintegration"
	ResidenceAsylumAdvice Service = "residence_asylum_advice"
	Hotline               Service = "hotline"
	ChildProtection       Service = "child_protection"
	LabourInspection      Service = "labour_inspection"
	LawEnforcement        Service = "law_enforcement"
)

// Services lists every service.
var Services = []Service{
	LegalAssistance, Shelter, Health, Psychosocial, InformationCentre, VocationalTraining, Education, Livelihood,
	Interpretation, FamilyTracing, ReturnReintegration, ResidenceAsylumAdvice, Hotline, ChildProtection,
	LabourInspection, LawEnforcement,
}

// Known reports whether s is in the vocabulary.
func (s Service) Known() bool { return slices.Contains(Services, s) }

// Population is a group of people a service is for.
type Population string

// The populations.
const (
	Women               Population = "women"
	Men                 Population = "men"
	Children            Population = "children"
	UnaccompaniedMinors Population = "unaccompanied_minors"
	Families            Population = "families"
	LGBTQI              Population = "lgbtqi"
)

// Populations lists every population.
var Populations = []Population{Women, Men, Children, UnaccompaniedMinors, Families, LGBTQI}

// Known reports whether p is in the vocabulary.
func (p Population) Known() bool { return slices.Contains(Populations, p) }

// Role is what an organisation is for a journey in one country.
type Role string

// The roles.
const (
	Source      Role = "source"
	Transit     Role = "transit"
	Destination Role = "destination"
)

// Roles lists every role.
var Roles = []Role{Source, Transit, Destination}

// Known reports whether r is in the vocabulary.
func (r Role) Known() bool { return slices.Contains(Roles, r) }

// Day is a day of the week, as iCalendar (and HSDS schedules) write it.
type Day string

// The days, Monday first.
const (
	Monday    Day = "MO"
	Tuesday   Day = "TU"
	Wednesday Day = "WE"
	Thursday  Day = "TH"
	Friday    Day = "FR"
	Saturday  Day = "SA"
	Sunday    Day = "SU"
)

// Days lists the days of the week, Monday first.
var Days = []Day{Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday}

// Known reports whether d is a day.
func (d Day) Known() bool { return slices.Contains(Days, d) }

// CommonLanguages are the languages forms offer as boxes to tick along the
// corridors the network works in (ISO 639-1 where there is one, else 639-3);
// any other ISO 639 code is accepted too.
var CommonLanguages = []string{
	"en", "fr", "ha", "yo", "ig", "pcm", "bin", "ff", "kr", "dje", "tmh", "ar", "wo", "tw", "ti", "so", "am",
	"es", "it", "de", "pt", "ru", "uk", "ro", "bg", "vi", "zh",
}

func codes[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// ServiceCodes, PopulationCodes, RoleCodes and DayCodes list the vocabulary
// as strings (for "one_of" rules and the API's enums).
func ServiceCodes() []string    { return codes(Services) }
func PopulationCodes() []string { return codes(Populations) }
func RoleCodes() []string       { return codes(Roles) }
func DayCodes() []string        { return codes(Days) }
