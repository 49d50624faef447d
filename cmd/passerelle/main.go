// Command passerelle is the whole of Passerelle: the server and its tools.
//
// main only wires things together: each subcommand lives in its own file and
// registers itself in commands, so that the files stay independent.
// Every word printed for people (help, flag help, reports, refusals) comes
// from the cli catalogues (internal/i18n/locales/cli.*.toml, words.go), in
// the language of LC_ALL, LC_MESSAGES or LANG; logs stay English.
//
// Exit status: 0 done; 1 failed (the cause is printed; nothing a person can
// fix in the command); 2 bad input or usage; 3 not found; 4 conflict with
// recorded data; 5 not allowed for the acting user; 6 too large; 7 too many
// attempts; 8 a service the command needs cannot be reached (exitCodes).
package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// command is one subcommand. run receives the arguments after the subcommand's
// name and returns the process exit status. summary is the message id of its
// one-line summary in the help.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

// register adds command name, whose summary in the help is the message
// summaryID (cli.summary.<name>).
func register(name, summaryID string, run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int) {
	if _, dup := commands[name]; dup {
		panic("passerelle: command registered twice: " + name)
	}
	commands[name] = command{summary: summaryID, run: run}
}

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "passerelle: %s\n\n", tr("cli.unknown_command", map[string]any{"Name": args[0]}))
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

// usage is the help: the commands with their summaries, in the
// command-line language.
func usage(w io.Writer) {
	tell(w, "cli.usage", nil)
	fmt.Fprintln(w)
	tell(w, "cli.commands", nil)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, tr(commands[n].summary, nil))
	}
	fmt.Fprintln(w)
	tell(w, "cli.usage_more", nil)
}

// exitCodes is the commands' one status table: the exit status for each kind
// of error (the package comment lists them for scripts).
var exitCodes = map[fault.Kind]int{
	fault.Internal:    1,
	fault.Invalid:     2,
	fault.NotFound:    3,
	fault.Conflict:    4,
	fault.Forbidden:   5,
	fault.TooLarge:    6,
	fault.RateLimited: 7,
	fault.Unavailable: 8,
}

// exitCode is the exit status that answers err: 0 for nil, else by its kind.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if code, ok := exitCodes[fault.KindOf(err)]; ok {
		return code
	}
	return 1
}
