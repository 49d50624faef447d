package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
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
	fs.SetOutput(flagErrors{name, stderr})
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
		text := strings.ReplaceAll(f.Usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			text += " " + tr("cli.flag_default", map[string]any{"Value": f.DefValue})
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, text)
	})
}

// flagErrors is the output of a flag set: the flag package writes there, in
// English, the one line that says why the arguments do not parse; it is
// worded again in the command-line language (cli.flag.*).
type flagErrors struct {
	cmd string
	w   io.Writer
}

// flagError matches the flag package's refusals: unknown flag, missing
// value, bad value, bad syntax.
var flagError = regexp.MustCompile(`^(?:flag provided but not defined: (-\S+)|flag needs an argument: (-\S+)|invalid (?:boolean )?value "(?s:.*)" for (?:flag )?(-[^:\s]+): .*|bad flag syntax: (.*))\n?$`)

func (o flagErrors) Write(p []byte) (int, error) {
	m := flagError.FindStringSubmatch(string(p))
	if m == nil {
		return o.w.Write(p)
	}
	var id, flagName string
	switch {
	case m[1] != "":
		id, flagName = "cli.flag.unknown", m[1]
	case m[2] != "":
		id, flagName = "cli.flag.needs_value", m[2]
	case m[3] != "":
		id, flagName = "cli.flag.bad_value", m[3]
	default:
		id, flagName = "cli.flag.bad_syntax", m[4]
	}
	fmt.Fprintf(o.w, "passerelle %s: %s\n", o.cmd, tr(id, map[string]any{"Flag": flagName}))
	return len(p), nil
}
