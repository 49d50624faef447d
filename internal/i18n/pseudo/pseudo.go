// Package pseudo derives a pseudo-locale from the English catalogues: every
// message accented and bracketed ("Sign in" becomes "⟦Šîĝñ îñ⟧"), its
// {{.Placeholders}} kept intact. Loaded with i18n.Load, it proves that a new
// language is only catalogue files, and shows on a rendered page any text
// that did not come from a catalogue (it has no brackets).
//
// Tag is the pseudo-locale's language tag. "en-XA" is the pseudo-locale
// convention of Android and Chromium (XA is a private-use region of ISO
// 3166, so no real reader asks for it); golang.org/x/text accepts it, and
// i18n.Match gives a private-use region only to who names it exactly, so
// "en" and "en-GB" readers still get English; and go-i18n, which needs
// plural rules for a catalogue's language, finds them under its base
// language "en". A private-use language ("qps-ploc") would have no plural
// rules; a real one ("eo") would claim to be a language people read.
package pseudo

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/BurntSushi/toml"
)

// Tag is the pseudo-locale's language.
const Tag = "en-XA"

// Open and Close mark every pseudo-translated message.
const (
	Open  = "⟦"
	Close = "⟧"
)

// Kept are the id prefixes of messages that are formats, not sentences (a Go
// time layout): they are copied as they are.
var Kept = []string{"format."}

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

var accents = map[rune]rune{
	'a': 'á', 'b': 'ƀ', 'c': 'ç', 'd': 'ď', 'e': 'é', 'g': 'ĝ', 'h': 'ĥ', 'i': 'î', 'k': 'ķ', 'l': 'ļ', 'n': 'ñ',
	'o': 'ö', 'r': 'ŕ', 's': 'š', 't': 'ţ', 'u': 'ü', 'w': 'ŵ', 'y': 'ý', 'z': 'ž',
	'A': 'Å', 'C': 'Ç', 'D': 'Ď', 'E': 'É', 'G': 'Ĝ', 'H': 'Ĥ', 'I': 'Î', 'L': 'Ļ', 'N': 'Ñ', 'O': 'Ö',
	'R': 'Ŕ', 'S': 'Š', 'T': 'Ţ', 'U': 'Ü', 'W': 'Ŵ', 'Y': 'Ý', 'Z': 'Ž',
}

// Word pseudo-translates one message: letters accented outside the
// placeholders, the whole bracketed.
func Word(s string) string {
	var b strings.Builder
	b.WriteString(Open)
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(s, -1) {
		accent(&b, s[last:loc[0]])
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	accent(&b, s[last:])
	b.WriteString(Close)
	return b.String()
}

func accent(b *strings.Builder, s string) {
	for _, r := range s {
		if a, ok := accents[r]; ok {
			r = a
		}
		b.WriteRune(r)
	}
}

// Catalogues reads the English catalogues (locales/<area>.en.toml) of src
// and returns their pseudo-translations as locales/<area>.<Tag>.toml.
func Catalogues(src fs.FS) (fs.FS, error) {
	names, err := fs.Glob(src, "locales/*.en.toml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("pseudo: no English catalogue")
	}
	out := fstest.MapFS{}
	for _, name := range names {
		buf, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, err
		}
		var raw map[string]any
		if err := toml.Unmarshal(buf, &raw); err != nil {
			return nil, fmt.Errorf("pseudo: %s: %w", name, err)
		}
		msgs := map[string]string{}
		if err := flatten("", raw, msgs); err != nil {
			return nil, fmt.Errorf("pseudo: %s: %w", name, err)
		}
		ids := make([]string, 0, len(msgs))
		for id := range msgs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var b strings.Builder
		for _, id := range ids {
			text := msgs[id]
			if !kept(id) {
				text = Word(text)
			}
			fmt.Fprintf(&b, "%s = %s\n", strconv.Quote(id), strconv.Quote(text))
		}
		area := strings.TrimSuffix(path.Base(name), ".en.toml")
		out["locales/"+area+"."+Tag+".toml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return out, nil
}

func kept(id string) bool {
	for _, p := range Kept {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

func flatten(prefix string, v any, out map[string]string) error {
	switch x := v.(type) {
	case string:
		out[prefix] = x
	case map[string]any:
		for k, v := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			if err := flatten(p, v, out); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: value of type %T, want text", prefix, v)
	}
	return nil
}
