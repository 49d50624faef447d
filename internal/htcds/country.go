package htcds

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/passerelle-org/passerelle/internal/country"
)

// How a country cell was read, for the report.
const (
	countryAlpha3 = iota // already what casework stores
	countryLower         // an alpha-3 code in lower case
	countryAlpha2        // the XLSForm's codes
	countryName          // the validated template's names (or French ones)
)

// nameLanguages are the languages of the country names a file may hold: the
// HTCDS templates are published in English, and French-speaking teams fill
// them in French.
var nameLanguages = []string{"en", "fr"}

// countryNames maps normal(name) to alpha-3 for every code the one country
// list accepts, in the languages of nameLanguages (CLDR names), plus the UN
// names the validated template lists (countryAliases).
var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, code := range country.All() {
		for _, lang := range nameLanguages {
			n := country.Name(lang, code)
			if n == code {
				continue
			}
			for _, k := range []string{countryKey(n), countryKey(strings.Replace(n, "St. ", "Saint ", 1))} {
				if k != "" {
					m[k] = code
				}
			}
		}
	}
	for n, code := range countryAliases {
		m[countryKey(n)] = code
	}
	return m
})

// countryAliases are the UN-style names of the validated template's country
// list (and common variants) that CLDR spells otherwise.
var countryAliases = map[string]string{
	"Bolivia (Plurinational State of)":             "BOL",
	"Bonaire, Sint Eustatius and Saba":             "BES",
	"Cabo Verde":                                   "CPV",
	"Cocos (Keeling) Islands":                      "CCK",
	"Congo":                                        "COG",
	"Congo, Democratic Republic of the":            "COD",
	"Democratic Republic of the Congo":             "COD",
	"Côte d'Ivoire":                                "CIV",
	"Ivory Coast":                                  "CIV",
	"Czechia":                                      "CZE",
	"Czech Republic":                               "CZE",
	"Eswatini":                                     "SWZ",
	"Swaziland":                                    "SWZ",
	"Falkland Islands (Malvinas)":                  "FLK",
	"Heard Island and McDonald Islands":            "HMD",
	"Holy See":                                     "VAT",
	"Iran (Islamic Republic of)":                   "IRN",
	"Korea (Democratic People's Republic of)":      "PRK",
	"Korea, Republic of":                           "KOR",
	"Korea (Republic of)":                          "KOR",
	"Lao People's Democratic Republic":             "LAO",
	"Micronesia (Federated States of)":             "FSM",
	"Moldova, Republic of":                         "MDA",
	"Moldova (Republic of)":                        "MDA",
	"Netherlands, Kingdom of the":                  "NLD",
	"North Macedonia":                              "MKD",
	"Palestine, State of":                          "PSE",
	"Russian Federation":                           "RUS",
	"Saint Helena, Ascension and Tristan da Cunha": "SHN",
	"Saint Martin (French part)":                   "MAF",
	"Sint Maarten (Dutch part)":                    "SXM",
	"South Georgia and the South Sandwich Islands": "SGS",
	"Svalbard and Jan Mayen":                       "SJM",
	"Syrian Arab Republic":                         "SYR",
	"Taiwan, Province of China":                    "TWN",
	"Tanzania, United Republic of":                 "TZA",
	"Türkiye":                                      "TUR",
	"Turkey":                                       "TUR",
	"United Kingdom of Great Britain and Northern Ireland": "GBR",
	"United States of America":                             "USA",
	"United States Minor Outlying Islands":                 "UMI",
	"Venezuela (Bolivarian Republic of)":                   "VEN",
	"Viet Nam":                                             "VNM",
	"Virgin Islands (British)":                             "VGB",
	"Virgin Islands (U.S.)":                                "VIR",
	"Brunei Darussalam":                                    "BRN",
	"Myanmar":                                              "MMR",
	"Åland Islands":                                        "ALA",
	"Réunion":                                              "REU",
	"Curaçao":                                              "CUW",
	"Saint Barthélemy":                                     "BLM",
	"Macao":                                                "MAC",
	"Hong Kong":                                            "HKG",
	"Pitcairn":                                             "PCN",
	"Saint Vincent and the Grenadines":                     "VCT",
	"Gambia":                                               "GMB",
	"Bahamas":                                              "BHS",
}

// resolveCountry reads an alpha-3 or alpha-2 code or a country name and
// returns the alpha-3 code casework stores.
func resolveCountry(s string) (code string, how int, ok bool) {
	switch up := strings.ToUpper(s); {
	case len(s) == 3 && country.Accepted(up):
		if up != s {
			return up, countryLower, true
		}
		return up, countryAlpha3, true
	case len(s) == 2:
		if c, ok := country.FromAlpha2(up); ok {
			return c, countryAlpha2, true
		}
	}
	if c, ok := countryNames()[countryKey(s)]; ok {
		return c, countryName, true
	}
	return "", 0, false
}

// countryKey folds accents, "&" and case: "São Tomé & Príncipe" meets
// "Sao Tome and Principe".
func countryKey(s string) string {
	s = strings.ReplaceAll(s, "&", " and ")
	if isASCII(s) {
		return normal(s)
	}
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err == nil {
		s = folded
	}
	return normal(s)
}

// alpha2 returns the alpha-2 code of an alpha-3 one ("" when unknown).
func alpha2(iso3 string) string { return country.Alpha2(iso3) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
