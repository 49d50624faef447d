package web

import (
	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/country"
)

// option is one entry of a select.
type option struct {
	Value, Label string
}

// countryOptions lists the countries for a select, sorted by name in lang
// (the one list: package country).
func countryOptions(lang string) []option {
	list := country.Options(lang)
	out := make([]option, len(list))
	for i, c := range list {
		out[i] = option{Value: c.Code, Label: c.Name}
	}
	return out
}

// countryName is the name of an alpha-3 code in lang; the code itself when
// unknown (e.g. a withdrawn code stored before).
func countryName(lang, code string) string { return country.Name(lang, code) }

// orgTypeOptions lists the organisation types with their labels in lang.
func orgTypeOptions(lang string) []option {
	out := make([]option, len(account.OrgTypes))
	for i, t := range account.OrgTypes {
		out[i] = option{Value: string(t), Label: orgTypeLabel(lang, string(t))}
	}
	return out
}
