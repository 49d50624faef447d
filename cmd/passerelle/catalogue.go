package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
)

func init() {
	register("catalogue", "cli.summary.catalogue", runCatalogue)
}

func runCatalogue(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "load" && args[0] != "reset") {
		fmt.Fprintln(stderr, i18n.T(cliLang(), "cli.catalogue.usage", nil))
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("catalogue "+sub, stderr)
	orgRef := fs.String("org", "", help("org", nil))
	// Flags may stand before or after the FILE or ID.
	pos, ok, st := parseInterleaved(fs, args[1:])
	if !ok {
		return st
	}
	if *orgRef == "" || (sub != "list" && len(pos) != 1) {
		return refuse(stderr, "catalogue", "cli.catalogue.needs", nil)
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, "catalogue", err)
	}
	defer db.Close()
	org, err := findOrg(ctx, db, *orgRef)
	if err != nil {
		return report(stderr, "catalogue", err)
	}
	// The system acts for the named organisation; the audit trail says so.
	octx := auth.WithActor(context.Background(), auth.Actor{System: true, Role: auth.Admin, OrgID: org.ID, IP: "local"})
	switch sub {
	case "load":
		body, err := os.ReadFile(pos[0])
		if err != nil {
			return report(stderr, "catalogue", err)
		}
		cat, err := db.LoadCatalogue(octx, body)
		var ce *identify.CatalogueError
		if errors.As(err, &ce) {
			fmt.Fprintf(stderr, "passerelle catalogue: %s\n", ce.Text(identify.Words{Lang: cliLang(), T: i18n.T}))
			return 2
		}
		if err != nil {
			return report(stderr, "catalogue", err)
		}
		fmt.Fprintln(stdout, i18n.T(cliLang(), "cli.catalogue.loaded", map[string]any{"ID": cat.ID, "Version": cat.Version, "Org": org.Name}))
	case "reset":
		if err := db.ResetCatalogue(octx, pos[0]); err != nil {
			return report(stderr, "catalogue", err)
		}
		fmt.Fprintln(stdout, i18n.T(cliLang(), "cli.catalogue.removed", map[string]any{"ID": pos[0], "Org": org.Name}))
	case "list":
		set, err := db.Catalogues(octx)
		if err != nil {
			return report(stderr, "catalogue", err)
		}
		tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, i18n.T(cliLang(), "cli.catalogue.header", nil))
		for _, id := range set.IDs() {
			cat, _ := set.Get(id)
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", cat.ID, cat.Version, len(cat.Indicators), cat.Status.Code)
		}
		tw.Flush()
	}
	return 0
}
