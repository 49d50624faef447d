package ctdc

import (
	"fmt"
	"sync"

	"golang.org/x/text/language"

	"github.com/passerelle-org/passerelle/internal/country"
)

// SubRegions are the UN M49 intermediate regions CTDC's region table uses
// (its "UN sub-region": Western Africa, not Sub-Saharan Africa), by M49 code.
var SubRegions = []int{
	11, 14, 17, 18, 15, // Africa: Western, Eastern, Middle, Southern, Northern
	29, 13, 5, 21, // Americas: Caribbean, Central America, South America, Northern America
	143, 30, 35, 34, 145, // Asia: Central, Eastern, South-eastern, Southern, Western
	151, 154, 39, 155, // Europe: Eastern, Northern, Southern, Western
	53, 54, 57, 61, // Oceania: Australia and New Zealand, Melanesia, Micronesia, Polynesia
}

// Regions are the UN M49 regions: Africa, Americas, Asia, Europe, Oceania.
var Regions = []int{2, 19, 142, 150, 9}

// regionTable maps every alpha-3 code the country package knows to its M49
// sub-region and region, written as three digits ("011", "002"). The
// containment is CLDR's (golang.org/x/text), which follows M49.
var regionTable = sync.OnceValue(func() map[string][2]string {
	subs := m49(SubRegions)
	regs := m49(Regions)
	out := map[string][2]string{}
	for _, code := range country.All() {
		r, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		var v [2]string
		for i, s := range subs {
			if s.Contains(r) {
				v[0] = fmt.Sprintf("%03d", SubRegions[i])
			}
		}
		for i, g := range regs {
			if g.Contains(r) {
				v[1] = fmt.Sprintf("%03d", Regions[i])
			}
		}
		if o, ok := outlying[code]; ok {
			v = o
		}
		if v[0] == "" {
			v[1] = "" // Antarctica: M49 gives it no region (CLDR's Outlying Oceania)
		}
		out[code] = v
	}
	return out
})

// outlying are the territories CLDR puts in its own "Outlying Oceania" (QO)
// rather than where M49 lists them.
var outlying = map[string][2]string{
	"ATF": {"014", "002"}, "IOT": {"014", "002"}, // Eastern Africa
	"BVT": {"005", "019"}, "SGS": {"005", "019"}, // South America
	"CCK": {"053", "009"}, "CXR": {"053", "009"}, "HMD": {"053", "009"}, // Australia and New Zealand
	"UMI": {"057", "009"}, // Micronesia
}

func m49(codes []int) []language.Region {
	out := make([]language.Region, len(codes))
	for i, c := range codes {
		r, err := language.EncodeM49(c)
		if err != nil {
			panic("ctdc: M49 code " + fmt.Sprint(c) + ": " + err.Error())
		}
		out[i] = r
	}
	return out
}

// SubRegion is the M49 sub-region of an alpha-3 country code ("011" for
// NER), or "" when it has none (Antarctica) or is unknown.
func SubRegion(code string) string { return regionTable()[code][0] }

// Region is the M49 region of an alpha-3 country code ("002" for NER).
func Region(code string) string { return regionTable()[code][1] }
