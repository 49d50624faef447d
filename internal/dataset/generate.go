package dataset

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
)

// GeneratedColumns are the columns Generate writes: the shape of CTDC's
// global dataset (its terms-of-use column first, two-letter country codes,
// -99 for missing, ";" between several values).
var GeneratedColumns = []string{
	"By using this data you agree to the Terms of Use: https://www.ctdatacollaborative.org/terms-use",
	"yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "citizenship",
	"CountryOfExploitation", "isForcedLabour", "isSexualExploit", "typeOfLabourConcatenated",
	"meansOfControlConcatenated",
}

var (
	genSources   = []string{"Case Management", "Hotline", "Shelter intake"}
	genGender    = []string{"Female", "Male", "-99"}
	genAge       = []string{"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "-99"}
	genMajority  = []string{"Adult", "Minor", "-99"}
	genCountries = []string{"NE", "NG", "ML", "BF", "SN", "CI", "GH", "TD", "LY", "DZ", "MA", "FR", "IT", "ES", "DE", "AT", "HU", "RO", "BG", "00"}
	genFlags     = []string{"0", "1", "-99"}
	genLabour    = []string{"Agriculture", "Construction", "Domestic work", "Begging", "Hospitality", "Agriculture;Construction", "-99"}
	genControl   = []string{"Debt bondage", "Threats", "Withholds documents", "Threats;Withholds documents", "Physical abuse;Threats", "-99"}
)

// Generate writes rows invented rows in the shape of CTDC's global dataset
// (GeneratedColumns), the same for the same seed: fixtures and benchmarks,
// never anyone's data.
func Generate(w io.Writer, rows int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := bufio.NewWriterSize(w, 1<<16)
	for i, c := range GeneratedColumns {
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteString(c)
	}
	out.WriteByte('\n')
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	for range rows {
		out.WriteByte(',')
		out.WriteString(strconv.Itoa(2002 + r.IntN(22)))
		for _, list := range [][]string{genSources, genGender, genAge, genMajority, genCountries, genCountries,
			genFlags, genFlags, genLabour, genControl} {
			out.WriteByte(',')
			out.WriteString(pick(list)) // no value needs quoting
		}
		out.WriteByte('\n')
	}
	return out.Flush()
}
