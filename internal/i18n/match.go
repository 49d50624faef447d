package i18n

import (
	"os"
	"strings"

	"golang.org/x/text/language"
)

// Match picks the best supported language for a language preference: an
// Accept-Language header value or a single tag ("fr-SN"). Default when
// nothing matches or the value is malformed.
func Match(pref string) string {
	lang, _ := Lookup(pref)
	return lang
}

// Lookup is Match that also reports whether a supported language matched
// (false gives Default), for callers with a fallback of their own.
func Lookup(pref string) (string, bool) {
	tags, _, err := language.ParseAcceptLanguage(pref)
	if err != nil || len(tags) == 0 {
		return Default, false
	}
	c := cur.Load()
	for _, t := range tags {
		for _, l := range c.private {
			if t.String() == l {
				return l, true
			}
		}
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(c.public) {
		return Default, false
	}
	// CLDR offers English to readers of some languages it has no data
	// for ("ha-NG" gets "en" with high confidence); only a language the
	// reader named (in any region or script) counts as a match, so that a
	// caller's own fallback, such as a saved choice, comes first.
	base, _ := language.Make(c.public[i]).Base()
	for _, t := range tags {
		if b, _ := t.Base(); b == base {
			return c.public[i], true
		}
	}
	return Default, false
}

// FromEnv is the language of command-line messages: the first of LC_ALL,
// LC_MESSAGES and LANG that is set, as a POSIX locale ("fr_FR.UTF-8",
// "pt_BR@euro"), matched against the catalogue languages. "C", "POSIX" or
// nothing set gives Default.
func FromEnv() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return Match(posixTag(s))
		}
	}
	return Default
}

// posixTag turns a POSIX locale name into a BCP 47 tag: "fr_FR.UTF-8" is
// "fr-FR"; "C" and "POSIX" are no language.
func posixTag(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if s == "C" || s == "POSIX" {
		return ""
	}
	return strings.ReplaceAll(s, "_", "-")
}

// Canonical writes a language tag the way the catalogues name it ("en-xa"
// and "EN_XA" are "en-XA"), so that a tag typed in any case compares equal;
// a value that is not a tag is returned trimmed, for validation to refuse.
func Canonical(tag string) string {
	tag = strings.TrimSpace(tag)
	t, err := language.Parse(strings.ReplaceAll(tag, "_", "-"))
	if err != nil {
		return tag
	}
	return t.String()
}
