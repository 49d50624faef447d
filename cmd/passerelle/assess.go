package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
)

func init() {
	register("assess", "cli.summary.assess", runAssess)
}

// runAssess reads one JSON object of facts from FILE or stdin and prints one
// JSON object: the Palermo elements, the recommendation and the reasons,
// worded in the language of --lang (default: the environment's).
func runAssess(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("assess", flag.ContinueOnError)
	fs.SetOutput(flagErrors{"assess", stderr})
	envLang, ok := assessLang(os.Getenv("LANG"))
	if !ok {
		envLang = i18n.Default
	}
	langs := map[string]any{"Languages": strings.Join(i18n.Languages, "|")}
	langFlag := fs.String("lang", envLang, i18n.T(envLang, "cli.help.assess_lang", map[string]any{"Languages": strings.Join(i18n.Languages, ", ")}))
	fs.Usage = func() { fmt.Fprint(stderr, i18n.T(envLang, "cli.assess.usage", langs)); printFlags(stderr, fs) }
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	lang, ok := assessLang(*langFlag)
	if !ok {
		fmt.Fprintf(stderr, "passerelle assess: %s\n", i18n.T(envLang, "cli.assess.bad_lang", langs))
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	words := identify.Words{Lang: lang, T: i18n.T}
	in := stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "passerelle assess: %s\n", i18n.T(lang, "cli.assess.open_failed", nil))
			return 2
		}
		defer f.Close()
		in = f
	}
	facts, err := identify.ParseFacts(in)
	if err == nil {
		var res identify.Result
		if res, err = identify.Assess(facts); err == nil {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(res.Report(words)); err != nil {
				return 1
			}
			return 0
		}
	}
	var fe *identify.FieldError
	if errors.As(err, &fe) {
		fmt.Fprintf(stderr, "passerelle assess: %s\n", fe.Text(words))
		return 2
	}
	fmt.Fprintf(stderr, "passerelle assess: %s\n", i18n.T(lang, "cli.error.failed", map[string]any{"Cause": err.Error()}))
	return 1
}

// assessLang reads a language as --lang or the environment give it ("fr",
// "fr_FR.UTF-8", "pt-BR"): the supported language it names, the full tag
// first and then its base.
func assessLang(s string) (string, bool) {
	s, _, _ = strings.Cut(strings.TrimSpace(s), ".")
	s = strings.ReplaceAll(s, "_", "-")
	for _, cand := range []string{s, strings.ToLower(s)} {
		if i18n.Supported(cand) {
			return cand, true
		}
	}
	base, _, _ := strings.Cut(strings.ToLower(s), "-")
	return base, base != "" && i18n.Supported(base)
}
