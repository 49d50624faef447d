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
	langFlag := fs.String("lang", defaultLang(os.Getenv("LANG")), "language of reasons and messages: en or fr")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: passerelle assess [--lang en|fr] [FILE|-]")
		fmt.Fprintln(stderr, "Reads one JSON object of facts (default: stdin) and prints one JSON object.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
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

func openMessage(l identify.Lang) string {
	if l == identify.FR {
		return "FILE : le fichier ne peut pas être ouvert"
	}
	return "FILE: the file cannot be opened"
}
