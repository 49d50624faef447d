package web

import (
	"bytes"
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// A report's export is a table: a heading row in the reader's language,
// then the lines. The same table is written as CSV (UTF-8 with a byte order
// mark, so spreadsheet programs read accents) or as an Excel workbook whose
// numbers are numbers.

// exportTable is a heading and rows of cells (string, int or float64).
type exportTable struct {
	Sheet string
	Head  []string
	Rows  [][]any
}

func (t exportTable) csv() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	if err := cw.Write(t.Head); err != nil {
		return nil, err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case int:
				rec[i] = strconv.Itoa(x)
			case float64:
				rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
			case string:
				rec[i] = inert(x)
			}
		}
		if err := cw.Write(rec); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

// inert keeps a typed text (a source, a place) from being read as a
// formula by the spreadsheet program that opens the CSV.
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (t exportTable) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return nil, err
	}
	head := make([]any, len(t.Head))
	for i, h := range t.Head {
		head[i] = h
	}
	if err := f.SetSheetRow(t.Sheet, "A1", &head); err != nil {
		return nil, err
	}
	for i, row := range t.Rows {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return nil, err
		}
		r := row
		if err := f.SetSheetRow(t.Sheet, cell, &r); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sendExport writes t as format ("csv" or "xlsx") for download as name.ext.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, t exportTable, name, format string) {
	var data []byte
	var err error
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		data, err = t.xlsx()
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	} else {
		data, err = t.csv()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + "." + format}))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

// trainingReportTable is the training report as a table.
func (s *Server) trainingReportTable(r *http.Request) (exportTable, string, error) {
	by, lines, err := s.trainingReportData(r)
	if err != nil {
		return exportTable{}, by, err
	}
	lang := langOf(r)
	t := exportTable{Sheet: i18n.T(lang, "training.export.sheet", nil), Head: []string{
		i18n.T(lang, "training.by."+by, nil), i18n.T(lang, "training.report.trained", nil),
		i18n.T(lang, "training.report.scored", nil), i18n.T(lang, "training.report.gain", nil)}}
	for _, l := range lines {
		row := []any{l.Label, l.Trained, l.Scored, ""}
		if l.MeanGain != nil {
			row[3] = *l.MeanGain
		}
		t.Rows = append(t.Rows, row)
	}
	return t, by, nil
}

func (s *Server) trainingReportExport(w http.ResponseWriter, r *http.Request, format string) {
	t, by, err := s.trainingReportTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendExport(w, r, t, "trainings-"+by, format)
}

func (s *Server) trainingReportCSV(w http.ResponseWriter, r *http.Request) {
	s.trainingReportExport(w, r, "csv")
}

func (s *Server) trainingReportXLSX(w http.ResponseWriter, r *http.Request) {
	s.trainingReportExport(w, r, "xlsx")
}

// justiceTable is the justice figures as a table: counted figures as
// disclosure control released them (a withheld one as the word for it),
// entered ones as numbers; the release's note is the last row.
func (s *Server) justiceTable(r *http.Request) (exportTable, error) {
	table, err := s.db.JusticeFigures(r.Context(), r.URL.Query().Get("country"))
	if err != nil {
		return exportTable{}, err
	}
	lang := langOf(r)
	tr := func(id string) string { return i18n.T(lang, id, nil) }
	t := exportTable{Sheet: tr("justice_figures.export.sheet"), Head: []string{tr("justice_figures.field.country"),
		tr("justice_figures.field.year"), tr("justice_figures.field.form"), tr("justice_figures.field.stage"),
		tr("justice_figures.counted"), tr("justice_figures.entered"), tr("justice_figures.field.source")}}
	for _, l := range table.Lines {
		var counted any = releasedCount(lang, l.Counted, l.Withheld)
		if l.Counted != nil {
			counted = int(*l.Counted)
		}
		row := []any{country.Name(lang, l.Country), l.Year, tr("case.exploitation." + l.Form),
			tr("justice_figures.stage." + l.Stage), counted, "", ""}
		if l.Entered != nil {
			row[5] = *l.Entered
		}
		for i, src := range l.Sources {
			if i > 0 {
				src = row[6].(string) + "; " + src
			}
			row[6] = src
		}
		t.Rows = append(t.Rows, row)
	}
	t.Rows = append(t.Rows, []any{tr("justice_figures.disclosure") + " " + i18n.T(lang, table.Note, table.NoteParams)})
	return t, nil
}

func (s *Server) justiceExport(w http.ResponseWriter, r *http.Request, format string) {
	t, err := s.justiceTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendExport(w, r, t, "justice-figures", format)
}

func (s *Server) justiceCSV(w http.ResponseWriter, r *http.Request)  { s.justiceExport(w, r, "csv") }
func (s *Server) justiceXLSX(w http.ResponseWriter, r *http.Request) { s.justiceExport(w, r, "xlsx") }
