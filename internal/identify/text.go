package identify

import (
	"fmt"
	"strings"
)

// Lang is a language the screening speaks. Every user-facing string exists in
// each of Langs.
type Lang string

// The languages of every reason, recommendation and error message.
const (
	EN Lang = "en"
	FR Lang = "fr"
)

// Langs lists the supported languages.
var Langs = []Lang{EN, FR}

// ParseLang accepts "en" or "fr" (any case, with an optional region or
// encoding suffix such as "fr_FR.UTF-8").
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."):
		return EN, true
	case s == "fr" || strings.HasPrefix(s, "fr_") || strings.HasPrefix(s, "fr-") || strings.HasPrefix(s, "fr."):
		return FR, true
	}
	return "", false
}

// Text is one user-facing string in every supported language.
type Text struct {
	EN string `json:"en"`
	FR string `json:"fr"`
}

// In returns the text in l (English for an unknown language).
func (t Text) In(l Lang) string {
	if l == FR {
		return t.FR
	}
	return t.EN
}

// join concatenates texts language by language.
func join(sep Text, parts []Text) Text {
	en := make([]string, len(parts))
	fr := make([]string, len(parts))
	for i, p := range parts {
		en[i], fr[i] = p.EN, p.FR
	}
	return Text{EN: strings.Join(en, sep.EN), FR: strings.Join(fr, sep.FR)}
}

// plain is a Text that reads the same in every language (numbers, identifiers).
func plain(s string) Text { return Text{EN: s, FR: s} }

// format fills a message in each language; Text arguments are taken in the
// same language, others are formatted as they are.
func format(m Text, args ...any) Text {
	return Text{EN: formatIn(EN, m.EN, args), FR: formatIn(FR, m.FR, args)}
}

func formatIn(l Lang, f string, args []any) string {
	a := make([]any, len(args))
	for i, x := range args {
		if t, ok := x.(Text); ok {
			a[i] = t.In(l)
		} else {
			a[i] = x
		}
	}
	return fmt.Sprintf(f, a...)
}
