package main

import (
	"fmt"
	"io"

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
