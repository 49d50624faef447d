package linkage

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// letterFolds maps letters that NFKD does not decompose to their plain Latin
// form: Hausa hooked letters, Nordic and Polish letters, ligatures.
var letterFolds = map[rune]string{
	'ɓ': "b", 'ɗ': "d", 'ƙ': "k", 'ƴ': "y", 'ŋ': "n", 'ɛ': "e", 'ɔ': "o",
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
	'ı': "i", 'ß': "ss", 'ħ': "h",
}

var folder = cases.Fold()

// Normalise prepares a value for tokenisation: Unicode NFKD, accents
// removed, case folded, apostrophes dropped (N'Diaye = Ndiaye), other
// punctuation and symbols turned into spaces, whitespace collapsed.
func Normalise(s string) string {
	s = folder.String(norm.NFKD.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r):
			continue
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`' || r == '´':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if f, ok := letterFolds[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return b.String()
}

// Bigrams returns the character bigrams of s padded with '_' at both ends
// ("ada" -> _a ad da a_). An empty s has no bigrams.
func Bigrams(s string) []string {
	if s == "" {
		return nil
	}
	r := []rune("_" + s + "_")
	out := make([]string, 0, len(r)-1)
	for i := 0; i+1 < len(r); i++ {
		out = append(out, string(r[i:i+2]))
	}
	return out
}

// NormaliseSex maps the usual English and French spellings to "m" or "f";
// other values are kept normalised.
func NormaliseSex(s string) string {
	n := Normalise(s)
	switch n {
	case "m", "male", "man", "masculin", "homme", "h", "garcon", "boy":
		return "m"
	case "f", "female", "woman", "feminin", "femme", "fille", "girl":
		return "f"
	}
	return n
}
