package main

import (
	"fmt"
	"io"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

func init() {
	register("budget", "cli.summary.budget", runBudget)
}

// runBudget shows, or with --epsilon sets, the privacy budget of
// differentially private releases of a dataset to an audience.
func runBudget(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var c config
	fs := c.dataFlags("budget", stderr)
	dataset := fs.String("dataset", "", help("budget_dataset", nil))
	audience := fs.String("audience", "", help("budget_audience", nil))
	epsilon := fs.Float64("epsilon", 0, help("budget_epsilon", nil))
	delta := fs.Float64("delta", -1, help("budget_delta", nil))
	ctx, db, st := c.openData(fs, args, stderr, "budget")
	if db == nil {
		return st
	}
	defer db.Close()
	if *dataset == "" || *audience == "" {
		return refuse(stderr, "budget", "cli.budget.needs", nil)
	}
	if *epsilon != 0 || *delta != -1 {
		b, err := db.GetPrivacyBudget(ctx, *dataset, *audience)
		if err != nil {
			return report(stderr, "budget", err)
		}
		e, d := b.Epsilon, b.Delta
		if *epsilon != 0 {
			e = *epsilon
		}
		if *delta != -1 {
			d = *delta
		}
		if err := db.SetPrivacyBudget(ctx, *dataset, *audience, e, d); err != nil {
			return report(stderr, "budget", err)
		}
	}
	b, err := db.GetPrivacyBudget(ctx, *dataset, *audience)
	if err != nil {
		return report(stderr, "budget", err)
	}
	lang := cliLang()
	fmt.Fprintln(stdout, i18n.T(lang, "cli.budget.shown", map[string]any{
		"Dataset": b.Dataset, "Audience": b.Audience,
		"Epsilon": b.Epsilon, "EpsilonSpent": b.EpsilonSpent, "Delta": b.Delta, "DeltaSpent": b.DeltaSpent}))
	return 0
}
