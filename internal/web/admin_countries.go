package web

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// countryCodes are the 249 current ISO 3166-1 alpha-3 codes. The country
// select offers only these: account.Country also accepts withdrawn codes
// (YUG, ANT, ...) that nobody should pick for a new record. Names come from
// the CLDR data in golang.org/x/text, in the user's language.
var countryCodes = strings.Fields(`
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM
GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT
NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB
VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE`)

// option is one entry of a select.
type option struct {
	Value, Label string
}

var (
	countryOnce  sync.Once
	countryLists map[string][]option // lang -> options sorted by localised name
	countryNames map[string]map[string]string
)

func loadCountries() {
	countryLists = map[string][]option{}
	countryNames = map[string]map[string]string{}
	for _, lang := range i18n.Languages {
		tag := language.Make(lang)
		namer := display.Regions(tag)
		names := make(map[string]string, len(countryCodes))
		opts := make([]option, 0, len(countryCodes))
		for _, code := range countryCodes {
			name := code
			if r, err := language.ParseRegion(code); err == nil {
				if n := namer.Name(r); n != "" {
					name = n
				}
			}
			names[code] = name
			opts = append(opts, option{Value: code, Label: name})
		}
		col := collate.New(tag, collate.IgnoreCase)
		sort.SliceStable(opts, func(i, j int) bool { return col.CompareString(opts[i].Label, opts[j].Label) < 0 })
		countryLists[lang] = opts
		countryNames[lang] = names
	}
}

// countryOptions lists the countries for a select, sorted by name in lang.
func countryOptions(lang string) []option {
	countryOnce.Do(loadCountries)
	if l, ok := countryLists[lang]; ok {
		return l
	}
	return countryLists[i18n.Default]
}

// countryName is the name of an alpha-3 code in lang; the code itself when
// unknown (e.g. a withdrawn code stored before).
func countryName(lang, code string) string {
	countryOnce.Do(loadCountries)
	names, ok := countryNames[lang]
	if !ok {
		names = countryNames[i18n.Default]
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// orgTypeOptions lists the organisation types with their labels in lang.
func orgTypeOptions(lang string) []option {
	out := make([]option, len(account.OrgTypes))
	for i, t := range account.OrgTypes {
		out[i] = option{Value: string(t), Label: orgTypeLabel(lang, string(t))}
	}
	return out
}
