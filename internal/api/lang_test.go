package api

import "testing"

// TestRequestLang: Accept-Language when it names a catalogue language, else
// the user's saved language, else the default.
func TestRequestLang(t *testing.T) {
	for _, c := range []struct{ accept, saved, want string }{
		{"fr-SN,fr;q=0.9", "en", "fr"},
		{"en-GB", "fr", "en"},
		{"ha-NG", "fr", "fr"}, // Hausa is not offered: the saved choice, not CLDR's English
		{"", "fr", "fr"},
		{"de-DE", "xx", "en"},
		{";;;", "", "en"},
	} {
		if got := requestLang(c.accept, c.saved); got != c.want {
			t.Errorf("requestLang(%q, %q) = %q, want %q", c.accept, c.saved, got, c.want)
		}
	}
}
