package i18n

import "testing"

func TestParseNumberInReadersConvention(t *testing.T) {
	for _, c := range []struct {
		lang, in, want string
		ok             bool
	}{
		{"fr", "12 500,50", "12500.50", true},
		{"fr", "12\u00a0500,50", "12500.50", true},
		{"fr", "12\u202f500,5", "12500.5", true},
		{"fr", Number("fr", 1234567.25, 2), "1234567.25", true},
		{"fr", "12500", "12500", true},
		{"fr", "-0,25", "-0.25", true},
		{"fr", "12.500,50", "", false}, // a German thousands mark: not guessed
		{"fr", "12500.50", "", false},
		{"fr", "12,500.50", "", false},
		{"fr", "1 25,5", "", false},
		{"en", "12,500.50", "12500.50", true},
		{"en", Number("en", 1234567.25, 2), "1234567.25", true},
		{"en", "12 500.50", "12500.50", true},
		{"en", "1,5", "", false}, // groups come in threes
		{"en", "1,50,000", "", false},
		{"en", "1234,567", "", false},
		{"en", "12500,", "", false},
		{"en", "12.", "", false},
		{"en", "", "", false},
		{"en", "abc", "", false},
		{"en", "1.2.3", "", false},
		{"en", "−7", "-7", true},
	} {
		got, ok := ParseNumber(c.lang, c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseNumber(%s, %q) = %q %v, want %q %v", c.lang, c.in, got, ok, c.want, c.ok)
		}
	}
}
