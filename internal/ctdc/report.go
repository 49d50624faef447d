package ctdc

import (
	"encoding/csv"
	"io"
	"strings"
)

// Report says what a file holds and what anonymisation changed: counts
// only, never a value.
type Report struct {
	K              int           `json:"k"`
	Cases          int           `json:"cases"`           // cases read (after the consent rule)
	Excluded       int           `json:"excluded"`        // cases the consent rule leaves out (the store's)
	Written        int           `json:"rows"`            // rows in the file
	RowsSuppressed int           `json:"rows_suppressed"` // rows kept with every QI suppressed
	RowsRemoved    int           `json:"rows_removed"`    // rows left out: too few even together
	Levels         []Level       `json:"levels"`          // the generalisation chosen, per QI
	Columns        []ColumnCount `json:"columns"`         // values changed, per QI
	Loss           float64       `json:"information_loss"`
}

// Level is the generalisation of one QI: 0 is the value itself, Height is
// missing. Code names the level (message id).
type Level struct {
	Column string `json:"column"`
	Level  int    `json:"level"`
	Height int    `json:"height"`
	Code   string `json:"-"`
}

// ColumnCount is how many rows had their value of Column generalised or
// suppressed (values missing at the source are not counted).
type ColumnCount struct {
	Column      string `json:"column"`
	Generalised int    `json:"generalised"`
	Suppressed  int    `json:"suppressed"`
}

// Message codes of the report.
const (
	CodeSummary  = "ctdc.report.summary"
	CodeExcluded = "ctdc.report.excluded"
	CodeQIs      = "ctdc.report.qis"
	CodeLevel    = "ctdc.report.level"
	CodeColumn   = "ctdc.report.column"
	CodeRows     = "ctdc.report.rows"
	CodeLoss     = "ctdc.report.loss"
)

// Translator renders a message code with its parameters in the reader's
// language (the surfaces pass internal/i18n's T).
type Translator func(code string, params map[string]any) string

// Lines is the report as sentences, every one through tr.
func (r Report) Lines(tr Translator) []string {
	out := []string{
		tr(CodeSummary, map[string]any{"cases": r.Cases, "rows": r.Written, "k": r.K}),
		tr(CodeExcluded, map[string]any{"count": r.Excluded}),
		tr(CodeQIs, map[string]any{"columns": strings.Join(QIs, ", ")}),
	}
	for _, l := range r.Levels {
		out = append(out, tr(CodeLevel, map[string]any{"column": l.Column, "level": tr(l.Code, nil)}))
	}
	for _, c := range r.Columns {
		out = append(out, tr(CodeColumn, map[string]any{"column": c.Column, "generalised": c.Generalised,
			"suppressed": c.Suppressed}))
	}
	out = append(out,
		tr(CodeRows, map[string]any{"suppressed": r.RowsSuppressed, "removed": r.RowsRemoved}),
		tr(CodeLoss, map[string]any{"percent": int(r.Loss*100 + 0.5)}))
	return out
}

// Write prints the report's lines.
func (r Report) Write(w io.Writer, tr Translator) error {
	for _, l := range r.Lines(tr) {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// WriteCSV writes the header (Columns) and the rows as CSV (RFC 4180,
// UTF-8, CRLF line ends as CTDC's files).
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
