package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/passerelle-org/passerelle/internal/identify"
)

func init() {
	register("assess", "screen the facts of a case against the trafficking definition (JSON in, JSON out)", runAssess)
}

// runAssess reads one JSON object of facts from FILE or stdin and prints one
// JSON object: the Palermo elements, the recommendation and the reasons.
func runAssess(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("assess", flag.ContinueOnError)
	fs.SetOutput(stderr)
	envLang := defaultLang(os.Getenv("LANG"))
	langFlag := fs.String("lang", envLang, "language of reasons and messages: en or fr / langue des motifs et messages")
	fs.Usage = func() { fmt.Fprint(stderr, assessUsage[envLang]); fs.PrintDefaults() }
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	lang, ok := identify.ParseLang(*langFlag)
	if !ok {
		fmt.Fprintf(stderr, "passerelle assess: --lang: must be en or fr / doit valoir en ou fr\n")
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	in := stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "passerelle assess: %s\n", openMessage(lang))
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
			if err := enc.Encode(res.Report(lang)); err != nil {
				return 1
			}
			return 0
		}
	}
	var fe *identify.FieldError
	if errors.As(err, &fe) {
		fmt.Fprintf(stderr, "passerelle assess: %s\n", fe.Message(lang))
		return 2
	}
	fmt.Fprintf(stderr, "passerelle assess: %v\n", err)
	return 1
}

// defaultLang is French when the environment's LANG is French.
func defaultLang(env string) string {
	if strings.HasPrefix(strings.ToLower(env), "fr") {
		return "fr"
	}
	return "en"
}

var assessUsage = map[string]string{
	"en": `usage: passerelle assess [--lang en|fr] [FILE|-]

Reads ONE JSON object of facts (from FILE, or stdin when FILE is absent or -)
and prints ONE JSON object: child, act, means (met|not_met|not_required),
purpose, meets_definition, recommendation, recommendation_text, reasons, and
an "ilo" section when indicators are given. A screening, not a legal finding.

Input fields: age_at_recruitment (whole years or null), presumed_minor,
acts, means, purposes (arrays of identifiers), consented, crossed_border,
exploitation_occurred, indicators {"catalogue": ID, "present": [IDs]}.
Recommendations: refer_child_protection, refer_for_formal_identification,
refer_labour_inspection, continue_assessment.
Exit status: 0 result printed, 2 bad input (the message names the field).

`,
	"fr": `usage : passerelle assess [--lang en|fr] [FICHIER|-]

Lit UN objet JSON de faits (depuis FICHIER, ou l'entrée standard si FICHIER
est absent ou vaut -) et affiche UN objet JSON : child, act, means
(met|not_met|not_required), purpose, meets_definition, recommendation,
recommendation_text, reasons, et une section "ilo" si des indicateurs sont
donnés. Un dépistage, pas une décision juridique.

Champs : age_at_recruitment (années entières ou null), presumed_minor,
acts, means, purposes (tableaux d'identifiants), consented, crossed_border,
exploitation_occurred, indicators {"catalogue": ID, "present": [IDs]}.
Recommandations : refer_child_protection, refer_for_formal_identification,
refer_labour_inspection, continue_assessment.
Code de sortie : 0 résultat affiché, 2 entrée invalide (le message nomme le champ).

`,
}

func openMessage(l identify.Lang) string {
	if l == identify.FR {
		return "FILE : le fichier ne peut pas être ouvert"
	}
	return "FILE: the file cannot be opened"
}
