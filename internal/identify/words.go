package identify

import (
	"regexp"
	"sort"
	"strings"
)

// The engine speaks no language: a result carries message codes and their
// parameters, and its words live in the i18n catalogues
// (internal/i18n/locales/identify.<lang>.toml, ids "identify.<code>"). The
// only words it holds are data: the labels of a catalogue, by language code.

// MessagePrefix turns a code into its message id in the i18n catalogues.
const MessagePrefix = "identify."

// FallbackLang is the language a label is shown in when it lacks the
// reader's: every catalogue has it.
const FallbackLang = "en"

// MessageID is the i18n id of a code.
func MessageID(code string) string { return MessagePrefix + code }

// Labels are words that come with data (a catalogue's title, an indicator),
// keyed by language code ("en", "fr", ...). Adding a language to a catalogue
// is adding a key.
type Labels map[string]string

// In returns the label in lang, else in FallbackLang, else in the first
// language it has (sorted), so a reader always sees words.
func (l Labels) In(lang string) string {
	if s := strings.TrimSpace(l[lang]); s != "" {
		return l[lang]
	}
	if s := strings.TrimSpace(l[FallbackLang]); s != "" {
		return l[FallbackLang]
	}
	for _, k := range l.langs() {
		if strings.TrimSpace(l[k]) != "" {
			return l[k]
		}
	}
	return ""
}

func (l Labels) langs() []string {
	out := make([]string, 0, len(l))
	for k := range l {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// langCode is a key of an object that names a language (BCP 47 shape: "fr",
// "pt-BR"), as opposed to a field name.
var langCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Words turn codes into sentences for one reader: Lang chooses data labels
// and T translates message ids (internal/i18n.T has this signature).
type Words struct {
	Lang string
	T    func(lang, id string, params map[string]any) string
}

// Message is a code with its parameters: a sentence still to be worded.
type Message struct {
	Code   string `json:"code"`
	Params Params `json:"params,omitempty"`
}

// Params fill a message's named placeholders ({{.Age}}).
type Params map[string]Arg

// Arg is one placeholder's value: Value shown as it is (a number, an
// identifier, a version), or words joined with the separator message Sep:
// messages to translate (Msgs) or labels from data (Labels).
type Arg struct {
	Value  any       `json:"value,omitempty"`
	Msgs   []Message `json:"msgs,omitempty"`
	Labels []Labels  `json:"labels,omitempty"`
	Sep    string    `json:"sep,omitempty"` // a code; SepList when empty
}

// Separators of lists, as codes (their spacing differs by language).
const (
	SepList      = "sep_list"
	SepSemicolon = "sep_semicolon"
	SepPlus      = "sep_plus"
)

// val is an Arg shown as it is.
func val(v any) Arg { return Arg{Value: v} }

// words is an Arg of messages joined by sep.
func words(sep string, ms ...Message) Arg { return Arg{Msgs: ms, Sep: sep} }

// code is an Arg of one message without parameters.
func code(c string) Arg { return Arg{Msgs: []Message{{Code: c}}} }

// Say words the message for w's reader.
func (w Words) Say(m Message) string {
	return w.T(w.Lang, MessageID(m.Code), w.data(m.Params))
}

func (w Words) data(ps Params) map[string]any {
	if len(ps) == 0 {
		return nil
	}
	out := make(map[string]any, len(ps))
	for k, a := range ps {
		out[k] = w.arg(a)
	}
	return out
}

func (w Words) arg(a Arg) any {
	if a.Msgs == nil && a.Labels == nil {
		if f, ok := a.Value.(float64); ok && f == float64(int64(f)) {
			return int64(f) // a number read back from JSON prints as it was written
		}
		return a.Value
	}
	var parts []string
	for _, m := range a.Msgs {
		parts = append(parts, w.Say(m))
	}
	for _, l := range a.Labels {
		parts = append(parts, l.In(w.Lang))
	}
	sep := a.Sep
	if sep == "" {
		sep = SepList
	}
	return strings.Join(parts, w.T(w.Lang, MessageID(sep), nil))
}
