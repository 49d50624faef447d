// Package i18n translates the interface into the supported languages. The
// catalogues are TOML files embedded in the binary, one per area and language
// (locales/<area>.<lang>.toml, lang a BCP 47 tag); the languages are the ones
// the files name, so adding a language is adding its files. A test checks
// that every message exists in every language, so a missing translation fails
// the build, not a user.
//
// A language is a plain string holding a BCP 47 tag ("en", "fr", "pt-BR"):
// the one language type of the program. Domain packages never word anything:
// they return message codes (ids of these catalogues) with parameters, and
// the pages, the API and the commands translate them here (T, Text,
// ErrorText). Nothing in Go branches on a language (a test scans for it).
//
// Adding a language is adding locales/<area>.<tag>.toml for every area: the
// language menu, Accept-Language matching (Match), the command line's LANG
// (FromEnv), user settings and the API's enumeration all read Languages.
// Per language, the catalogue also gives its own name (language.name) and
// its date layout (format.datetime, a Go time layout); numbers follow CLDR
// (Number). Load adds catalogue files at start-up; internal/i18n/pseudo
// generates a pseudo-locale with which the tests render every page, API
// problem and command message.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var files embed.FS

// Default is the language used when nothing better is known; its catalogue
// is the reference every other language is checked against.
const Default = "en"

// Languages are the interface languages, the default first and then the
// others in tag order: the languages of the catalogue files. Load resets it.
var Languages []string

// catalogue is one loaded set of message files; Load swaps it whole.
type catalogue struct {
	langs      []string
	ids        map[string]map[string]bool // lang -> message ids
	localizers map[string]*goi18n.Localizer
	// The matcher knows the public languages; a private-use region (a
	// pseudo-locale such as en-XA) is given only to who asks for it by name,
	// or the matcher would offer it to en-GB readers as "non-US English".
	matcher language.Matcher
	public  []string
	private []string
}

var (
	cur    atomic.Pointer[catalogue]
	warned sync.Map // "lang|id" already logged, so a missing key warns once

	missMu sync.Mutex
	misses []string // "lang|id" asked for but missing, in order, for tests
)

// Missing lists the "lang|id" pairs asked for since start-up that the
// catalogues lack (each once). Tests of the pages check it stays empty.
func Missing() []string {
	missMu.Lock()
	defer missMu.Unlock()
	return append([]string(nil), misses...)
}

func init() {
	if err := Load(); err != nil {
		// The catalogues are embedded: a malformed one is a build defect that
		// the package tests catch before release.
		panic(err)
	}
}

// Load rebuilds the catalogues from the embedded files plus the
// locales/*.toml files of each extra file system (more areas, or whole new
// languages). Load() goes back to the embedded files alone. It is meant for
// start-up and tests: Languages is a plain variable, so Load must not run
// while requests are being answered.
func Load(extra ...fs.FS) error {
	c, err := load(append([]fs.FS{files}, extra...))
	if err != nil {
		return err
	}
	cur.Store(c)
	Languages = c.langs
	return nil
}

// load parses every locales/*.<lang>.toml file of the file systems.
func load(sources []fs.FS) (*catalogue, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	byLang := map[string]map[string]bool{}
	for _, fsys := range sources {
		names, err := fs.Glob(fsys, "locales/*.toml")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			lang := LangOfFile(name)
			tag, err := language.Parse(lang)
			if err != nil || tag.String() != lang {
				return nil, fmt.Errorf("i18n: %s: %q is not a canonical BCP 47 language tag", name, lang)
			}
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			mf, err := b.ParseMessageFileBytes(buf, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			if byLang[lang] == nil {
				byLang[lang] = map[string]bool{}
			}
			for _, m := range mf.Messages {
				if byLang[lang][m.ID] {
					return nil, fmt.Errorf("i18n: %s: message %q defined twice for %s", name, m.ID, lang)
				}
				byLang[lang][m.ID] = true
			}
		}
	}
	if byLang[Default] == nil {
		return nil, fmt.Errorf("i18n: no catalogue for the default language %s", Default)
	}
	c := &catalogue{ids: byLang, localizers: map[string]*goi18n.Localizer{}}
	for l := range byLang {
		if l != Default {
			c.langs = append(c.langs, l)
		}
	}
	sort.Strings(c.langs)
	c.langs = append([]string{Default}, c.langs...)
	var tags []language.Tag
	for _, l := range c.langs {
		c.localizers[l] = goi18n.NewLocalizer(b, l)
		t := language.Make(l)
		if r, conf := t.Region(); conf == language.Exact && r.IsPrivateUse() {
			c.private = append(c.private, l)
			continue
		}
		tags = append(tags, t)
		c.public = append(c.public, l)
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// LangOfFile returns the language part of a catalogue name such as
// "locales/core.fr.toml".
func LangOfFile(name string) string {
	base := strings.TrimSuffix(path.Base(name), ".toml")
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return base[i+1:]
	}
	return ""
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	_, ok := cur.Load().ids[lang]
	return ok
}

// Has reports whether the catalogue of lang defines id.
func Has(lang, id string) bool { return cur.Load().ids[lang][id] }

// IDs lists the message ids defined for lang, sorted.
func IDs(lang string) []string {
	ids := cur.Load().ids[lang]
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// T translates id into lang, filling {{.Name}} placeholders from data. A
// parameter that is itself a message (a Coded value: a nested error or
// label) is worded in the same language first. An unknown language falls
// back to Default. A missing message returns the id itself and logs a
// warning once: a page shows a key rather than failing.
func T(lang, id string, data map[string]any) string {
	c := cur.Load()
	lc, ok := c.localizers[lang]
	if !ok {
		lang, lc = Default, c.localizers[Default]
	}
	if !c.ids[lang][id] {
		warnMissing(lang, id, nil)
		return id
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if data != nil {
		cfg.TemplateData = words(lang, data)
	}
	msg, err := lc.Localize(cfg)
	if err != nil {
		warnMissing(lang, id, err)
		return id
	}
	return msg
}

// words returns data with its Coded values translated into lang and its
// floating-point numbers written with lang's decimal mark (shortest form, no
// grouping: parameters are thresholds and probabilities, not amounts).
// Integers are left as they are: they are line numbers, years and counts
// that people copy back.
func words(lang string, data map[string]any) map[string]any {
	var out map[string]any
	set := func(k string, v any) {
		if out == nil {
			out = make(map[string]any, len(data))
			for k, v := range data {
				out[k] = v
			}
		}
		out[k] = v
	}
	for k, v := range data {
		switch x := v.(type) {
		case Coded:
			set(k, Text(lang, x))
		case float64:
			set(k, decimal(lang, x))
		case float32:
			set(k, decimal(lang, float64(x)))
		}
	}
	if out == nil {
		return data
	}
	return out
}

func warnMissing(lang, id string, err error) {
	if _, seen := warned.LoadOrStore(lang+"|"+id, true); seen {
		return
	}
	missMu.Lock()
	misses = append(misses, lang+"|"+id)
	missMu.Unlock()
	args := []any{"lang", lang, "id", id}
	if err != nil {
		args = append(args, "err", err.Error())
	}
	slog.Warn("i18n: missing translation", args...)
}

// Name is a language's own name ("Français"), for the language switch: the
// message language.name of its catalogue.
func Name(lang string) string {
	if !Supported(lang) {
		return lang
	}
	return T(lang, "language.name", nil)
}

// Embedded is the file system of the catalogues built into the program
// (locales/*.toml), for tools that derive catalogues from them.
func Embedded() fs.FS { return files }
