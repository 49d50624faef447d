package demo

import (
	"fmt"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Invented names (West Africa – Central Europe – France corridors) for
// demonstrations and tests; no real person.
var (
	sampleGiven  = []string{"Aïssata", "Mariama", "Blessing", "Oumou", "Hadiza", "Fatoumata", "Chiamaka", "Ramatou", "Adama", "Ibrahim", "Souleymane", "Ioana", "Élodie", "Kadiatou"}
	sampleFamily = []string{"Maïga", "Ouédraogo", "Osagie", "Traoré", "Abdoulaye", "Kouyaté", "Nwankwo", "Issoufou", "Diakité", "Popescu", "Sangaré", "Hamani", "Coulibaly"}
)

// Sample variants of a person as another organisation may have written it.
const (
	Exact   = 0 // as written first
	Swapped = 1 // given and family names swapped, accents dropped
	Typo    = 2 // one letter of the family name mistyped
)

// Person returns invented person i (0 <= i < 182) as a case, written
// in variant v. Distinct i are distinct people; the same i in two variants
// is the same person.
func Person(i, v int) casework.Case {
	given, family := sampleGiven[i%14], sampleFamily[(i/14+i)%13]
	switch v {
	case Swapped:
		given, family = stripAccents(family), stripAccents(given)
	case Typo:
		r := []rune(family)
		k := len(r) / 2
		if r[k] == 'a' {
			r[k] = 'e'
		} else {
			r[k] = 'a'
		}
		family = string(r)
	}
	gender := "Feminine"
	if i%3 == 2 {
		gender = "Masculine"
	}
	age := 14 + i%27
	expl := "SexualExploitation"
	if i%2 == 1 {
		expl = "ForcedLabour"
	}
	return casework.Case{
		Person: casework.Person{GivenName: given, FamilyName: family,
			BirthDate: fmt.Sprintf("%04d-%02d-%02d", 1975+i%31, 1+i%12, 1+(i*7)%28)},
		Gender: gender, Citizenship: []string{"NGA", "NER", "MLI", "ROU"}[i%4], AgeWhenTrafficked: &age,
		Exploitation: []string{expl},
		Events:       []casework.Event{{Kind: "recruitment", Country: "NGA", Date: fmt.Sprintf("%d-%02d", 2024+i%2, 1+i%12)}},
	}
}

func stripAccents(s string) string {
	out := []rune{}
	for _, r := range s {
		switch r {
		case 'ï', 'î':
			r = 'i'
		case 'é', 'è', 'ê':
			r = 'e'
		case 'É':
			r = 'E'
		}
		out = append(out, r)
	}
	return string(out)
}

// Case is a case of the sample network and whether the person agreed
// to statistics.
type Case struct {
	Case    casework.Case
	Consent bool
}

// Network is three organisations' invented cases: people 0-19 only in
// the first, 20-24 in the first two, 25-29 in all three, 30-44 only in the
// second, 45-49 in the last two, 50-69 only in the third; person 70 is in the
// first two but refused statistics in the first. The second writes names
// swapped without accents, the third with a typo in some family names.
// Counts are the overlap counts a correct linkage finds.
func Network() [3][]Case {
	var out [3][]Case
	add := func(org, from, to, variant int) {
		for i := from; i <= to; i++ {
			v := variant
			if variant == Typo && i%2 == 0 {
				v = Exact
			}
			out[org] = append(out[org], Case{Case: Person(i, v), Consent: true})
		}
	}
	add(0, 0, 29, Exact)
	add(1, 20, 49, Swapped)
	add(2, 25, 29, Typo)
	add(2, 45, 69, Typo)
	out[0] = append(out[0], Case{Case: Person(70, Exact)})
	out[1] = append(out[1], Case{Case: Person(70, Swapped), Consent: true})
	return out
}

// Counts are the true overlap counts of Network.
var Counts = map[string]int{"100": 20, "110": 5, "111": 5, "010": 16, "011": 5, "001": 20}
