// Package country is the program's one list of countries: the current ISO
// 3166-1 alpha-3 codes, their alpha-2 forms, and their names in any language
// golang.org/x/text knows (CLDR), so a new interface language needs no change
// here. Organisations, cases, the pages, the API and the HTCDS files all read
// it; nothing else lists countries.
//
// The codes are written out rather than derived from x/text, whose region
// table also holds exceptionally reserved and withdrawn codes (ASC, XKK, YUG,
// ...) that are not ISO 3166-1 countries: those are Accepted, for records and
// files that carry them, but never Offered.
package country

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CodeLen is the length of an alpha-3 code.
const CodeLen = 3

// Codes are the 249 current ISO 3166-1 alpha-3 codes, sorted.
var Codes = strings.Fields(`
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

// Offered reports whether code is a current ISO 3166-1 alpha-3 code: what
// a person may pick for a new record.
func Offered(code string) bool {
	_, ok := slices.BinarySearch(Codes, code)
	return ok
}

// Accepted reports whether code may be stored: a current code, or an alpha-3
// code the CLDR region table still knows as a country (withdrawn, such as YUG
// and ANT, or exceptionally reserved, such as ASC and XKK) that older records
// and other systems' files carry.
func Accepted(code string) bool {
	if Offered(code) {
		return true
	}
	r, err := language.ParseRegion(code)
	return len(code) == 3 && err == nil && r.IsCountry() && r.ISO3() == code
}

// FromAlpha2 returns the alpha-3 code of a current country's alpha-2 code
// ("NE" gives "NER").
func FromAlpha2(a2 string) (string, bool) {
	if len(a2) != 2 {
		return "", false
	}
	r, err := language.ParseRegion(a2)
	if err != nil || r.String() != a2 || !Offered(r.ISO3()) {
		return "", false
	}
	return r.ISO3(), true
}

// Alpha2 returns the alpha-2 code of an accepted alpha-3 code, "" when it has
// none.
func Alpha2(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil || r.ISO3() != code || !Accepted(code) {
		return ""
	}
	return r.String()
}

// Name is the name of code in the language lang (a BCP 47 tag such as "fr"),
// from CLDR; the code itself when CLDR has no name for it.
func Name(lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil || r.ISO3() != code {
		return code
	}
	if n := display.Regions(language.Make(lang)).Name(r); n != "" {
		return n
	}
	return code
}

// Option is a country offered in a list: its code and its name.
type Option struct {
	Code, Name string
}

var options sync.Map // lang -> []Option

// Options lists the offered countries with their names in lang, sorted as
// lang sorts (the slice is shared: do not change it).
func Options(lang string) []Option {
	if v, ok := options.Load(lang); ok {
		return v.([]Option)
	}
	tag := language.Make(lang)
	out := make([]Option, len(Codes))
	for i, c := range Codes {
		out[i] = Option{Code: c, Name: Name(lang, c)}
	}
	col := collate.New(tag, collate.IgnoreCase)
	slices.SortStableFunc(out, func(a, b Option) int { return col.CompareString(a.Name, b.Name) })
	v, _ := options.LoadOrStore(lang, out)
	return v.([]Option)
}

// All lists every accepted code: the offered ones, then those CLDR still
// knows as countries, sorted (for reading names and codes in files).
func All() []string {
	out := slices.Clone(Codes)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) || r.Canonicalize() != r {
				continue
			}
			if c := r.ISO3(); c != "" && c != "ZZZ" && Accepted(c) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}
