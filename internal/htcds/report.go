package htcds

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Report says what Import did: every bad row and why, and every repair.
// It never holds a cell's value.
type Report struct {
	Format   Format `json:"format"`
	Sheet    string `json:"sheet,omitempty"` // the xlsx sheet read
	Rows     int    `json:"rows"`            // data rows read (blank rows not counted)
	Imported int    `json:"imported"`        // cases returned
	// BadRows lists every row that failed, in file order. With SkipBad they
	// are skipped (Skipped true); without it nothing is imported.
	BadRows []BadRow `json:"bad_rows,omitempty"`
	Notices []Notice `json:"notices,omitempty"`
}

// BadRow is one refused row.
type BadRow struct {
	Row      int       `json:"row"` // as the spreadsheet numbers it (header = 1)
	Skipped  bool      `json:"skipped"`
	Problems []Problem `json:"problems"`
}

// Problem is one broken rule in one cell.
type Problem struct {
	Column string         `json:"column"` // the column's field name as the file has it (or its letter when unnamed)
	Field  string         `json:"field"`  // the casework field, e.g. "birth_date"
	Rule   string         `json:"rule"`   // rule id from valid, account, casework or this package
	Code   string         `json:"code"`   // i18n id of the message
	Params map[string]any `json:"params"` // the message's parameters
}

// Notice is one kind of repair or omission in one column, counted over rows.
type Notice struct {
	ID     string         `json:"id"`
	Column string         `json:"column,omitempty"`
	Count  int            `json:"count"`          // rows concerned (1 for file-level notices)
	Rows   []int          `json:"rows,omitempty"` // the first rows concerned (at most maxNoticeRows)
	Code   string         `json:"code"`           // i18n id of the message
	Params map[string]any `json:"params"`         // the message's parameters ("column", "count" and its own)
}

const maxNoticeRows = 10

// Skipped returns the number of bad rows skipped.
func (r Report) Skipped() int {
	n := 0
	for _, b := range r.BadRows {
		if b.Skipped {
			n++
		}
	}
	return n
}

// Notice returns the notice with id in column, if any.
func (r Report) Notice(id, column string) (Notice, bool) {
	for _, n := range r.Notices {
		if n.ID == id && n.Column == column {
			return n, true
		}
	}
	return Notice{}, false
}

// Translator renders a message code with its parameters in the reader's
// language (the surfaces pass internal/i18n's T).
type Translator func(code string, params map[string]any) string

// Write prints the report for a person at a terminal, every sentence
// through tr.
func (r Report) Write(w io.Writer, tr Translator) error {
	line := tr(CodeReportSummary, map[string]any{"rows": r.Rows, "imported": r.Imported, "bad": len(r.BadRows)})
	if s := r.Skipped(); s > 0 {
		line += tr(CodeReportSkipped, map[string]any{"skipped": s})
	}
	if _, err := fmt.Fprintln(w, line); err != nil {
		return err
	}
	for _, b := range r.BadRows {
		for _, p := range b.Problems {
			fmt.Fprintln(w, tr(CodeReportProblem, map[string]any{"row": b.Row, "column": p.Column,
				"message": tr(p.Code, p.Params), "rule": p.Rule}))
		}
	}
	for _, n := range r.Notices {
		rows := ""
		if len(n.Rows) > 0 {
			rows = fmt.Sprint(n.Rows)
		}
		fmt.Fprintln(w, tr(CodeReportNotice, map[string]any{"message": tr(n.Code, n.Params), "rows": rows}))
	}
	_, err := fmt.Fprint(w)
	return err
}

// notices collects repairs per (id, column) while rows are read.
type notices struct {
	byKey map[[2]string]*Notice
	last  map[[2]string]int // last row counted, so a row counts once
	order [][2]string
}

func (ns *notices) add(id, column string, row int, params map[string]any) {
	if ns.byKey == nil {
		ns.byKey, ns.last = map[[2]string]*Notice{}, map[[2]string]int{}
	}
	k := [2]string{id, column}
	n, ok := ns.byKey[k]
	if !ok {
		n = &Notice{ID: id, Column: column, Code: noticePrefix + id, Params: withColumn(params, column)}
		ns.byKey[k] = n
		ns.order = append(ns.order, k)
	}
	if row > 0 && ns.last[k] == row {
		return
	}
	ns.last[k] = row
	n.Count++
	if row > 0 && len(n.Rows) < maxNoticeRows {
		n.Rows = append(n.Rows, row)
	}
}

// withColumn copies p with the column; a list parameter becomes one text.
func withColumn(p map[string]any, column string) map[string]any {
	q := map[string]any{"column": column}
	for k, v := range p {
		if list, ok := v.([]string); ok {
			v = strings.Join(list, ", ")
		}
		q[k] = v
	}
	return q
}

// list returns the notices in the order first seen, counts in their
// parameters.
func (ns *notices) list() []Notice {
	out := make([]Notice, 0, len(ns.order))
	for _, k := range ns.order {
		n := *ns.byKey[k]
		n.Params["count"] = n.Count
		out = append(out, n)
	}
	return out
}

// sortBadRows keeps the report in file order.
func sortBadRows(bs []BadRow) {
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Row < bs[j].Row })
}
