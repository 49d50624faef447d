package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// legislationGaps is the gap report: the requirements not in line, grouped
// by instrument and article, as a page made to be printed.
func (s *Server) legislationGaps(w http.ResponseWriter, r *http.Request) {
	a, err := s.legisAssessmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gaps := a.Gaps()
	articles := make([]legisArticleFindings, len(gaps))
	for i, g := range gaps {
		articles[i] = legisArticleFindings{Instrument: g.Instrument, InstrumentID: legislation.InstrumentMessage(g.Instrument),
			Article: g.Article, Findings: g.Findings}
	}
	s.render(w, r, http.StatusOK, "programme_legislation_gaps", map[string]any{
		"Title": s.t(r, "legislation.gaps.title", nil), "Heading": s.legisHeading(r, a), "A": a,
		"Articles": articles, "Count": legislation.GapCount(gaps), "Total": len(legislation.Requirements()),
	})
}

// legisGapTable is the gap report as rows of text in the reader's language: a
// header, then one row per requirement not in line.
func (s *Server) legisGapTable(r *http.Request, a legislation.Assessment) [][]string {
	rows := [][]string{{
		s.t(r, "legislation.col.country", nil), s.t(r, "legislation.col.assessed_on", nil),
		s.t(r, "legislation.col.instrument", nil), s.t(r, "legislation.col.article", nil),
		s.t(r, "legislation.col.requirement", nil), s.t(r, "legislation.col.requirement_id", nil),
		s.t(r, "legislation.col.status", nil), s.t(r, "legislation.col.provision", nil),
		s.t(r, "legislation.col.evidence", nil),
	}}
	for _, g := range a.Gaps() {
		for _, f := range g.Findings {
			req := f.Requirement
			article := req.Article
			if req.Paragraph != "" {
				article += ", " + req.Paragraph
			}
			rows = append(rows, []string{a.Country, a.AssessedOn, s.t(r, req.InstrumentID(), nil), article,
				s.t(r, req.TitleID(), nil), req.ID, s.t(r, legislation.StatusMessage(f.Item.Status), nil),
				f.Item.Provision, f.Item.Evidence})
		}
	}
	return rows
}

// legisGapFileName is the download's name: country and date, no free text.
func legisGapFileName(a legislation.Assessment, ext string) string {
	return "gaps-" + a.Country + "-" + a.AssessedOn + "." + ext
}

// legislationGapsCSV is the gap report as CSV (UTF-8 with a byte order
// mark, so that spreadsheet programs read the accents right).
func (s *Server) legislationGapsCSV(w http.ResponseWriter, r *http.Request) {
	a, err := s.legisAssessmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	for _, row := range s.legisGapTable(r, a) {
		if err := cw.Write(legisCSVSafe(row)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.fail(w, r, err)
		return
	}
	legisDownload(w, "text/csv; charset=utf-8", legisGapFileName(a, "csv"), buf.Bytes())
}

// legisCSVSafe keeps a spreadsheet from reading a cell as a formula: a cell that
// starts with = + - @ (or a tab or carriage return) gets a leading quote.
func legisCSVSafe(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != "" && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' || c[0] == '\r') {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

// legislationGapsXLSX is the gap report as an Excel workbook: one sheet,
// the header row frozen and bold, texts as text (never formulas).
func (s *Server) legislationGapsXLSX(w http.ResponseWriter, r *http.Request) {
	a, err := s.legisAssessmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := legisGapWorkbook(s.t(r, "legislation.gaps.sheet", nil), s.legisGapTable(r, a))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	legisDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", legisGapFileName(a, "xlsx"), b)
}

// legisGapWorkbook writes rows to one sheet named sheet.
func legisGapWorkbook(sheet string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if len([]rune(sheet)) > 31 { // Excel's limit on a sheet's name
		sheet = string([]rune(sheet)[:31])
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	widths := []float64{9, 12, 22, 10, 40, 24, 16, 36, 60}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, row := range rows {
		style := wrap
		if i == 0 {
			style = bold
		}
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = excelize.Cell{StyleID: style, Value: v}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// legisDownload sends b as an attachment named name.
func legisDownload(w http.ResponseWriter, contentType, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// legisChangeGroup is the moves of one kind in a comparison.
type legisChangeGroup struct {
	Change   legislation.Change
	LabelID  string
	Moves    []legislation.Move
	Unlisted bool // unchanged requirements are counted, not listed
}

// legislationCompare sets the assessment beside another of the same
// country (?with=id): what improved, what regressed, what was assessed for
// the first time or no longer. Without "with", or with a bad one, it offers
// the choice of the other assessments.
func (s *Server) legislationCompare(w http.ResponseWriter, r *http.Request) {
	a, err := s.legisAssessmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	others, err := s.legisSameCountry(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Title": s.t(r, "legislation.compare.title", nil), "Heading": s.legisHeading(r, a),
		"A": a, "Others": others, "Errors": map[string]string{}}
	with := r.URL.Query().Get("with")
	if with == "" {
		s.render(w, r, http.StatusOK, "programme_legislation_compare", data)
		return
	}
	other, err := uuid.Parse(with)
	var c legislation.Comparison
	if err != nil {
		err = valid.Errors{valid.New("with", valid.RuleUUID, nil)}
	} else {
		c, err = s.db.CompareLegislationAssessments(r.Context(), a.ID, other)
	}
	if es, ok := asFieldErrors(err); ok {
		msgs := legisFieldMessages(langOf(r), es, "legislation.")
		data["Errors"], data["Summary"] = msgs, legisErrorSummary(msgs, "with")
		s.render(w, r, http.StatusUnprocessableEntity, "programme_legislation_compare", data)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var groups []legisChangeGroup
	for _, ch := range legislation.Changes {
		groups = append(groups, legisChangeGroup{Change: ch, LabelID: legislation.ChangeMessage(ch), Moves: c.Of(ch),
			Unlisted: ch == legislation.Unchanged})
	}
	data["C"], data["Groups"] = c, groups
	s.render(w, r, http.StatusOK, "programme_legislation_compare", data)
}
