package api

import (
	"context"
	"errors"
	"maps"
	"math"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// The results of a matched run. The coordinator's side gets overlap counts
// only, through disclosure control as in the web (linkrun.Protect), and, with the
// estimate permission, the multiple-systems estimates with their caveats in
// the caller's language. A party's administrator gets which of its own
// cases are known elsewhere (how many others know them, never which), when
// the run agreed to it.

// LinkageCell is one combination of parties and how many people were seen
// by exactly those.
type LinkageCell struct {
	Pattern    string   `json:"pattern" doc:"One character per party in the run's order: 1 seen by it, 0 not. 101 = the first and third only."`
	Parties    []string `json:"parties" doc:"The names of the parties of the pattern."`
	Count      *int     `json:"count,omitempty" doc:"People; absent when withheld by disclosure control."`
	Suppressed bool     `json:"suppressed" doc:"Withheld: under k, or a complement so that no withheld count can be worked out from the totals."`
	Shown      string   `json:"shown" doc:"The count as it may be published: [c] when withheld."`
}

// LinkageStratum is the counts of one value of a dimension.
type LinkageStratum struct {
	Dimension string        `json:"dimension"`
	Value     string        `json:"value" doc:"The value (unknown when not recorded or for uploaded encodings)."`
	Total     string        `json:"total" doc:"People, withheld ([c]) as the cells may be."`
	Cells     []LinkageCell `json:"cells"`
}

// LinkageEstimate is the estimate of the population over everyone or one
// stratum, or why there is none.
type LinkageEstimate struct {
	Dimension string   `json:"dimension,omitempty" doc:"Absent for everyone."`
	Value     string   `json:"value,omitempty"`
	Observed  string   `json:"observed" doc:"People seen, as the stratum's total is shown ([c] when withheld)."`
	NotEnough bool     `json:"not_enough" doc:"Fewer than 20 people seen, or fewer than two parties with people: no estimate."`
	Error     string   `json:"error,omitempty" doc:"Why the estimate failed, in your language."`
	Estimate  *float64 `json:"estimate,omitempty" doc:"Estimated number of people, seen or not, rounded."`
	Lower     *float64 `json:"lower,omitempty"`
	Upper     *float64 `json:"upper,omitempty" doc:"Absent when the interval is unbounded."`
	Model     string   `json:"model,omitempty"`
	Method    string   `json:"method,omitempty"`
	Interval  string   `json:"interval,omitempty"`
	Caveats   []string `json:"caveats,omitempty" doc:"What to keep in mind when reading the figure, in your language."`
}

// LinkageSharedCase is one of the caller's cases known to other parties.
type LinkageSharedCase struct {
	CaseID    *uuid.UUID `json:"case_id,omitempty" format:"uuid" doc:"Absent for records of uploaded encodings."`
	Code      string     `json:"code" doc:"The case code, or the record id of uploaded encodings."`
	OtherOrgs int        `json:"other_orgs" doc:"How many other parties know this person."`
}

// LinkageResults is the coordinator's view (overall, strata, estimates) or a
// party's (shared), as view says.
type LinkageResults struct {
	RunID     uuid.UUID           `json:"run_id" format:"uuid"`
	View      string              `json:"view" enum:"coordinator,party"`
	Parties   []string            `json:"parties" doc:"The parties' names in pattern order."`
	Matched   *int                `json:"matched,omitempty" doc:"Coordinator: groups of two or more records."`
	Total     string              `json:"total,omitempty" doc:"Coordinator: people seen, withheld ([c]) as the cells may be."`
	Method    string              `json:"method,omitempty" enum:"suppression,differential_privacy,none" doc:"Coordinator: the disclosure control of the counts."`
	K         int                 `json:"k,omitempty" doc:"Coordinator: counts from 1 to k-1 are withheld, with complements."`
	Note      string              `json:"note,omitempty" doc:"Coordinator: the disclosure control in words, in your language."`
	Overall   []LinkageCell       `json:"overall,omitempty" doc:"Coordinator: the non-empty combinations, most parties first."`
	Strata    []LinkageStratum    `json:"strata,omitempty" doc:"Coordinator: the same by year, gender, age group and form of exploitation."`
	Estimates []LinkageEstimate   `json:"estimates,omitempty" doc:"Coordinator with the estimate permission: everyone first, then by stratum."`
	Shared    []LinkageSharedCase `json:"shared,omitempty" doc:"Party: its cases known elsewhere, by code."`
	Threshold *LinkageThreshold   `json:"threshold,omitempty" doc:"Coordinator: how the Dice threshold was set; absent for runs matched before it was kept."`
}

// LinkageThreshold is the run's Dice threshold: chosen from the scores, or
// the fixed default when the scores could not tell matches apart.
type LinkageThreshold struct {
	Threshold float64  `json:"threshold" doc:"Pairs scoring at least this were taken to be the same person."`
	Auto      bool     `json:"auto" doc:"True when chosen from the scores of the run (a two-component mixture fitted to them)."`
	Precision *float64 `json:"estimated_precision,omitempty" doc:"With auto: estimated share of the pairs taken that are the same person."`
	Recall    *float64 `json:"estimated_recall,omitempty" doc:"With auto: estimated share of the people known to several parties that were found."`
	Reason    string   `json:"fallback_reason,omitempty" enum:"few,flat,onecomponent,fixed" doc:"Without auto, why: too few pairs, all scores equal, scores not in two groups, or a fixed threshold asked."`
	Scores    int      `json:"scores" doc:"Pairs whose scores were looked at."`
	From      float64  `json:"histogram_from" doc:"Lower edge of the first bin of histogram."`
	Step      float64  `json:"histogram_step" doc:"Width of each bin."`
	Histogram []int    `json:"histogram" doc:"Pairs matched by score, in bins of histogram_step from histogram_from (empty without auto)."`
}

func thresholdOut(c *linkrun.ThresholdChoice) *LinkageThreshold {
	if c == nil {
		return nil
	}
	out := &LinkageThreshold{Threshold: c.Threshold, Auto: c.Auto, Reason: c.Reason, Scores: c.Scores,
		From: c.Histogram.From, Step: c.Histogram.Step, Histogram: c.Histogram.Counts}
	if out.Histogram == nil {
		out.Histogram = []int{}
	}
	if c.Auto {
		p, r := c.Precision, c.Recall
		out.Precision, out.Recall = &p, &r
	}
	return out
}

type linkageResultsOutput struct{ Body LinkageResults }

func (s *server) registerLinkageResults(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "get-linkage-results", Method: http.MethodGet, Path: "/linkage/runs/{id}/results",
		Tags: linkageTags, Security: secured, Summary: "The results of a matched run",
		Description: "The coordinator's side: overlap counts (1 to 4 withheld, with complements so that none can be worked out) and, for roles with the estimate " +
			"permission, the estimates. A party's administrator: its own cases known elsewhere, if the run agreed " +
			"to share that (409 otherwise, and before the match). Recorded in the audit trail.",
		Errors: []int{401, 403, 404, 409, 422, 429},
	}, s.linkageResults)
}

func (s *server) linkageResults(ctx context.Context, in *IDParam) (*linkageResultsOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	a, _ := auth.ActorFrom(ctx)
	run, res, err := s.db.LinkageResults(ctx, id)
	if errors.Is(err, store.ErrForbidden) {
		return s.linkageMembership(ctx, run)
	}
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	shown, err := res.Protect()
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	names := run.PartyNames()
	matched := res.Matched
	out := LinkageResults{RunID: id, View: "coordinator", Parties: names, Matched: &matched,
		Total: shown.Overall.Total, Overall: cellsOut(names, shown.Overall),
		Method: string(shown.Release.Policy.Method), K: shown.Release.Policy.K, Note: i18n.Text(langOf(ctx), shown.Release),
		Threshold: thresholdOut(res.Threshold)}
	for _, d := range linkrun.Dimensions {
		for _, v := range slices.Sorted(maps.Keys(shown.Strata[d])) {
			c := shown.Strata[d][v]
			out.Strata = append(out.Strata, LinkageStratum{Dimension: d, Value: v, Total: c.Total,
				Cells: cellsOut(names, c)})
		}
	}
	if linkrun.SeesEstimates(store.LinkageViewer(a), &run) {
		out.Estimates = estimatesOut(langOf(ctx), names, res, shown)
	}
	return &linkageResultsOutput{Body: out}, nil
}

// linkageMembership is the party's view of run.
func (s *server) linkageMembership(ctx context.Context, run linkrun.Run) (*linkageResultsOutput, error) {
	shared, err := s.db.LinkageMembership(ctx, run.ID)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	names := run.PartyNames()
	out := LinkageResults{RunID: run.ID, View: "party", Parties: names, Shared: make([]LinkageSharedCase, 0, len(shared))}
	for _, c := range shared {
		sc := LinkageSharedCase{Code: c.Code, OtherOrgs: c.OtherOrgs}
		if c.CaseID != uuid.Nil {
			id := c.CaseID
			sc.CaseID = &id
		}
		out.Shared = append(out.Shared, sc)
	}
	return &linkageResultsOutput{Body: out}, nil
}

// cellsOut is a released table with the parties named.
func cellsOut(names []string, c linkrun.Shown) []LinkageCell {
	out := make([]LinkageCell, 0, len(c.Cells))
	for _, cell := range c.Cells {
		lc := LinkageCell{Pattern: cell.Pattern, Parties: []string{}, Shown: cell.Shown, Suppressed: cell.Count == nil}
		for i, in := range cell.In {
			if in && i < len(names) {
				lc.Parties = append(lc.Parties, names[i])
			}
		}
		if cell.Count != nil {
			n := int(*cell.Count)
			lc.Count = &n
		}
		out = append(out, lc)
	}
	return out
}

// estimatesOut runs the estimates as the web's estimate page does, with the
// labels and caveats in lang.
func estimatesOut(lang string, names []string, res linkrun.Results, shown linkrun.Protected) []LinkageEstimate {
	var out []LinkageEstimate
	for _, e := range linkrun.EstimateAll(names, res) {
		t := e.Text(lang)
		le := LinkageEstimate{Dimension: e.Dimension, Value: e.Value, Observed: shown.Observed(e.Dimension, e.Value),
			NotEnough: e.NotEnough, Error: t.Error, Model: t.Model, Method: t.Method, Interval: t.Interval,
			Caveats: t.Caveats}
		if t.Failed {
			le.Error = tr(lang, "api.linkage.estimate_failed", nil)
		}
		if x := e.Result; x != nil && e.Err == nil && !e.NotEnough {
			le.Estimate, le.Lower, le.Upper = figure(x.Estimate), figure(x.Interval.Lower), figure(x.Interval.Upper)
		}
		out = append(out, le)
	}
	return out
}

// figure rounds an estimate; an unbounded or undefined one is absent (JSON
// has no infinity).
func figure(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	r := math.Round(v)
	return &r
}
