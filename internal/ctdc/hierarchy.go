package ctdc

import (
	"strconv"
	"strings"
)

// A hierarchy generalises one quasi-identifier: level 0 is the value itself,
// each level above is coarser, and the top (Height) is missing.
type hierarchy struct {
	column string
	height int
	gen    func(level int, v string) string
}

// hierarchies are the QIs' generalisation hierarchies, in the order of QIs.
var hierarchies = []hierarchy{
	{ColYear, 3, genYear},
	{ColGender, 1, func(int, string) string { return "" }},
	{ColAge, 3, genAge},
	{ColCitizenship, 3, genCountry},
	{ColExploitationCountry, 3, genCountry},
}

// Heights are the hierarchies' heights, in the order of QIs: the level at
// which a QI is suppressed.
func Heights() []int {
	out := make([]int, len(hierarchies))
	for i, h := range hierarchies {
		out[i] = h.height
	}
	return out
}

// genYear: the year, a two-year band (even first year), a four-year band
// (first year a multiple of four), missing. The bands nest.
func genYear(level int, v string) string {
	y, err := strconv.Atoi(v)
	if err != nil || level >= 3 {
		return ""
	}
	switch level {
	case 1:
		return band(y-mod(y, 2), 2)
	case 2:
		return band(y-mod(y, 4), 4)
	}
	return v
}

func mod(a, b int) int { return ((a % b) + b) % b }

func band(from, width int) string {
	return strconv.Itoa(from) + "-" + strconv.Itoa(from+width-1)
}

// genAge: CTDC's band, then 0--17 / 18--29 / 30--47 / 48+, then 0--17 / 18+,
// then missing.
func genAge(level int, v string) string {
	switch {
	case level >= 3:
		return ""
	case level == 0 || v == "":
		return v
	}
	from := -1
	for _, b := range AgeBands {
		if b.Band == v {
			from = b.From
		}
	}
	switch {
	case from < 0:
		return ""
	case from < 18:
		return "0--17"
	case level == 2:
		return "18+"
	case from < 30:
		return "18--29"
	case from < 48:
		return "30--47"
	}
	return "48+"
}

// genCountry: the alpha-3 code, its M49 sub-region, its M49 region,
// missing.
func genCountry(level int, v string) string {
	switch level {
	case 0:
		return v
	case 1:
		return SubRegion(strings.ToUpper(v))
	case 2:
		return Region(strings.ToUpper(v))
	}
	return ""
}
