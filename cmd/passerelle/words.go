package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// The commands' words live in the catalogues (internal/i18n/locales,
// cli.* ids): these helpers word them in the command-line language.

// tr is message id in the command-line language.
func tr(id string, params map[string]any) string { return i18n.T(cliLang(), id, params) }

// tell prints message id on a line of its own.
func tell(w io.Writer, id string, params map[string]any) {
	fmt.Fprintln(w, tr(id, params))
}

// refuse prints message id as the refusal of command cmd and returns the
// exit status of a usage error.
func refuse(w io.Writer, cmd, id string, params map[string]any) int {
	fmt.Fprintf(w, "passerelle %s: %s\n", cmd, tr(id, params))
	return 2
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }

// usageOf answers a command called without a known subcommand with its usage
// line (message id): on stdout with status 0 when help was asked for, else
// on stderr as a usage error.
func usageOf(args []string, stdout, stderr io.Writer, id string) int {
	if len(args) > 0 && isHelp(args[0]) {
		tell(stdout, id, nil)
		return 0
	}
	tell(stderr, id, nil)
	return 2
}

// help is the help of a flag (cli.help.<id>).
func help(id string, params map[string]any) string { return tr("cli.help."+id, params) }

// failure is err given message code, whose {{.Cause}} is err's own text (the
// system's words for what went wrong); its kind stays err's.
func failure(code string, params map[string]any, err error) error {
	p := map[string]any{"Cause": err.Error()}
	for name, v := range params {
		p[name] = v
	}
	return &fault.Error{Kind: fault.KindOf(err), Code: code, Params: p, Err: err}
}

// newFlags is the flag set of command name; its help (-h) is the command's
// usage line and its flags, in the command-line language.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		tell(stderr, "cli.flags_usage", map[string]any{"Name": name})
		printFlags(stderr, fs)
	}
	return fs
}

// printFlags lists the flags of fs with their help and default value: what
// flag.PrintDefaults prints, with its own words in the command-line language.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		line := "  -" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			line += " " + tr("cli.flag_value", nil)
		}
		help := strings.ReplaceAll(f.Usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			help += " " + tr("cli.flag_default", map[string]any{"Value": f.DefValue})
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, help)
	})
}
