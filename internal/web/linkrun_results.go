package web

import (
	"errors"
	"maps"
	"math"
	"net/http"
	"slices"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// stratumRow is one value of a dimension with its counts table.
type stratumRow struct {
	Label string
	Cells []linkrun.Cell
	Total string
}

// runResults shows the coordinator's side the overlap counts as
// disclosure control releases them (linkrun.Protect), with its note, and a
// party's administrator which of its own cases are known elsewhere (when
// the run agreed to it).
func (s *Server) runResults(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	run, res, err := s.db.LinkageResults(r.Context(), id)
	if errors.Is(err, store.ErrForbidden) {
		s.membership(w, r, run)
		return
	}
	if err != nil {
		s.resultsRefused(w, r, run, err)
		return
	}
	shown, err := res.Protect()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	var strata []map[string]any
	for _, d := range linkrun.Dimensions {
		var rows []stratumRow
		for _, v := range slices.Sorted(maps.Keys(shown.Strata[d])) {
			c := shown.Strata[d][v]
			rows = append(rows, stratumRow{Label: stratumLabel(lang, d, v), Cells: c.Cells, Total: c.Total})
		}
		strata = append(strata, map[string]any{"Dimension": s.t(r, "network.dim."+d, nil), "Rows": rows})
	}
	s.render(w, r, http.StatusOK, "linkrun_results", map[string]any{
		"Title": s.t(r, "network.results.title", nil), "Run": run, "Cells": shown.Overall.Cells,
		"Total": shown.Overall.Total, "Strata": strata, "Note": i18n.Text(lang, shown.Release),
		"Threshold": s.runThreshold(r, res.Threshold),
	})
}

// membership is the party's view of a matched run.
func (s *Server) membership(w http.ResponseWriter, r *http.Request, run linkrun.Run) {
	shared, err := s.db.LinkageMembership(r.Context(), run.ID)
	if err != nil {
		s.resultsRefused(w, r, run, err)
		return
	}
	s.render(w, r, http.StatusOK, "linkrun_membership", map[string]any{
		"Title": s.t(r, "network.membership.title", nil), "Run": run, "Shared": shared,
	})
}

// resultsRefused explains why there are no results (not matched yet, or
// membership not agreed) on the run page.
func (s *Server) resultsRefused(w http.ResponseWriter, r *http.Request, run linkrun.Run, err error) {
	es, ok := asFieldErrors(err)
	if !ok || run.ID == uuid.Nil {
		s.fail(w, r, err)
		return
	}
	s.runRefused(w, r, run, es, linkrun.Filter{})
}

// estimateRow is one estimate as the page shows it.
type estimateRow struct {
	Label     string
	Observed  string // as disclosure control releases it
	NotEnough bool
	Error     string
	Estimate  string
	Lower     string
	Upper     string
	Model     string
	Method    string
	Interval  string
	Caveats   []string
}

// runEstimate shows the multiple-systems estimate over everyone and
// by stratum, with the caveats beside it, in the visitor's language.
func (s *Server) runEstimate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	run, res, err := s.db.LinkageResults(r.Context(), id)
	if err != nil {
		s.resultsRefused(w, r, run, err)
		return
	}
	shown, err := res.Protect()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	var rows []estimateRow
	for _, e := range linkrun.EstimateAll(run.PartyNames(), res) {
		t := e.Text(lang)
		row := estimateRow{Label: s.t(r, "network.estimate.everyone", nil), Observed: shown.Observed(e.Dimension, e.Value), NotEnough: e.NotEnough,
			Error: t.Error, Model: t.Model, Method: t.Method, Interval: t.Interval, Caveats: t.Caveats}
		if e.Dimension != "" {
			row.Label = s.t(r, "network.dim."+e.Dimension, nil) + " · " + stratumLabel(lang, e.Dimension, e.Value)
		}
		if t.Failed {
			row.Error = s.t(r, "network.estimate.failed", nil)
		}
		if x := e.Result; x != nil && e.Err == nil && !e.NotEnough {
			row.Estimate, row.Lower, row.Upper = estimateFigure(lang, x.Estimate), estimateFigure(lang, x.Interval.Lower), estimateFigure(lang, x.Interval.Upper)
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "linkrun_estimate", map[string]any{
		"Title": s.t(r, "network.estimate.title", nil), "Run": run, "Rows": rows, "MinSeen": linkrun.MinEstimateSeen,
		"Note": i18n.Text(lang, shown.Release),
	})
}

// estimateFigure rounds a figure for display, grouped in the reader's
// convention; an unbounded end is "∞".
func estimateFigure(lang string, v float64) string {
	if math.IsInf(v, 1) {
		return "∞"
	}
	return i18n.Number(lang, math.Round(v), 0)
}
