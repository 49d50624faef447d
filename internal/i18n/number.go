package i18n

import (
	"strings"
	"unicode"
)

// ParseNumber reads a number as a reader of lang writes it, with the digit
// grouping and decimal mark Number uses for lang ("12 500,50" in French,
// "12,500.50" in English), and returns it in the plain form programs read:
// ASCII digits, "-" and "." ("12500.50"). Spaces of any kind also group
// digits in every language. Grouped digits must come in threes; a mark the
// language does not use ("." in French, where it could be a German
// thousands mark) refuses the number rather than guess.
func ParseNumber(lang, s string) (string, bool) {
	dec := decimalMark(lang)
	group := strings.Trim(Number(lang, 1000, 0), "01")
	s = strings.TrimSpace(s)
	neg := false
	if r := []rune(s); len(r) > 0 && (r[0] == '-' || r[0] == '\u2212') {
		neg, s = true, strings.TrimSpace(string(r[1:]))
	}
	units, frac, hasDec := strings.Cut(s, dec)
	if units == "" || (hasDec && frac == "") || !allDigits(frac) {
		return "", false
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	groups := 0
	run := 0 // digits since the last group mark
	first := true
	for _, r := range units {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			run++
		case string(r) == group || unicode.IsSpace(r) || r == '\u202f':
			if run == 0 || (first && run > 3) || (!first && run != 3) {
				return "", false
			}
			first, run = false, 0
			groups++
		default:
			return "", false
		}
	}
	if run == 0 || (groups > 0 && run != 3) {
		return "", false
	}
	if hasDec {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
