// Package i18n translates the interface into the supported languages. The
// catalogues are TOML files embedded in the binary, one per area and language
// (locales/<area>.<lang>.toml); a test checks that every message exists in
// every language, so a missing translation fails the build, not a user.
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

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var files embed.FS

// Languages are the interface languages, the default first.
var Languages = []string{"en", "fr"}

// Default is the language used when nothing better is known.
const Default = "en"

var (
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	ids        map[string]map[string]bool // lang -> message ids
	matcher    language.Matcher
	warned     sync.Map // "lang|id" already logged, so a missing key warns once

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
	b, byLang, err := load(files)
	if err != nil {
		// The catalogues are embedded: a malformed one is a build defect that
		// the package tests catch before release.
		panic(err)
	}
	bundle, ids = b, byLang
	localizers = make(map[string]*goi18n.Localizer, len(Languages))
	tags := make([]language.Tag, 0, len(Languages))
	for _, l := range Languages {
		localizers[l] = goi18n.NewLocalizer(bundle, l)
		tags = append(tags, language.Make(l))
	}
	matcher = language.NewMatcher(tags)
}

// load parses every locales/*.<lang>.toml file of fsys.
func load(fsys fs.FS) (*goi18n.Bundle, map[string]map[string]bool, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	byLang := map[string]map[string]bool{}
	names, err := fs.Glob(fsys, "locales/*.toml")
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		lang := LangOfFile(name)
		if !Supported(lang) {
			return nil, nil, fmt.Errorf("i18n: %s: language %q is not one of %v", name, lang, Languages)
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		mf, err := b.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if byLang[lang] == nil {
			byLang[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			if byLang[lang][m.ID] {
				return nil, nil, fmt.Errorf("i18n: %s: message %q defined twice for %s", name, m.ID, lang)
			}
			byLang[lang][m.ID] = true
		}
	}
	return b, byLang, nil
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
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Has reports whether the catalogue of lang defines id.
func Has(lang, id string) bool { return ids[lang][id] }

// IDs lists the message ids defined for lang, sorted.
func IDs(lang string) []string {
	out := make([]string, 0, len(ids[lang]))
	for id := range ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// T translates id into lang, filling {{.Name}} placeholders from data. An
// unknown language falls back to Default. A missing message returns the id
// itself and logs a warning once: a page shows a key rather than failing.
func T(lang, id string, data map[string]any) string {
	lc, ok := localizers[lang]
	if !ok {
		lang, lc = Default, localizers[Default]
	}
	if !ids[lang][id] {
		warnMissing(lang, id, nil)
		return id
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if data != nil {
		cfg.TemplateData = data
	}
	msg, err := lc.Localize(cfg)
	if err != nil {
		warnMissing(lang, id, err)
		return id
	}
	return msg
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

// Match picks the best supported language for an Accept-Language header
// value; Default when nothing matches or the header is malformed.
func Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(Languages) {
		return Default
	}
	return Languages[i]
}

// Name is a language's own name, for the language switch.
func Name(lang string) string {
	switch lang {
	case "fr":
		return "Français"
	default:
		return "English"
	}
}
