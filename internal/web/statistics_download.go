package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/store"
)

// The downloads of a table: the same release as the page (a new call of
// store.CaseStatistics, counted and protected again). The CSV is
// for programs: one column per variable with the values' codes, then
// "count" (empty when withheld) and "suppressed"; the Excel file is for
// people: the labels in the reader's language, and the note under the table.

func (s *Server) statsRelease(w http.ResponseWriter, r *http.Request) (store.CaseStats, bool) {
	st, err := s.db.CaseStatistics(r.Context(), statsRequest(r, statsDefaultScope(r)))
	if err != nil {
		if _, ok := asFieldErrors(err); ok {
			s.errorPage(w, r, http.StatusUnprocessableEntity)
			return st, false
		}
		s.fail(w, r, err)
		return st, false
	}
	return st, true
}

func (s *Server) statsCSV(w http.ResponseWriter, r *http.Request) {
	st, ok := s.statsRelease(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(append(append([]string(nil), st.Release.Vars...), "count", "suppressed"))
	for _, c := range st.Release.Cells {
		count := ""
		if c.Count != nil && !c.Suppressed {
			count = strconv.FormatInt(*c.Count, 10)
		}
		cw.Write(append(append([]string(nil), c.Values...), count, strconv.FormatBool(c.Suppressed || c.Count == nil)))
	}
	cw.Flush()
	s.statsSend(w, r, "text/csv; charset=utf-8", "csv", buf.Bytes())
}

func (s *Server) statsXLSX(w http.ResponseWriter, r *http.Request) {
	st, ok := s.statsRelease(w, r)
	if !ok {
		return
	}
	v := s.statsViewOf(r, st)
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	put := func(row int, values ...any) {
		for i, x := range values {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellValue(sheet, cell, x)
		}
	}
	head := make([]any, 0, len(v.Vars)+1)
	for _, x := range v.Vars {
		head = append(head, x)
	}
	put(1, append(head, v.Header)...)
	for i, row := range v.Rows {
		vals := make([]any, 0, len(row.Values)+1)
		for _, x := range row.Values {
			vals = append(vals, x)
		}
		if row.Suppressed {
			vals = append(vals, row.Count)
		} else {
			vals = append(vals, row.N)
		}
		put(i+2, vals...)
	}
	n := len(v.Rows) + 3
	put(n, v.Note.Method)
	put(n+1, v.Note.Rule+" "+v.Note.Excluded)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	s.statsSend(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", buf.Bytes())
}

func (s *Server) statsSend(w http.ResponseWriter, r *http.Request, ct, ext string, body []byte) {
	name := "passerelle-statistics-" + s.now().UTC().Format("20060102") + "." + ext
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if _, err := w.Write(body); err != nil {
		s.log.Error("statistics download", "request_id", requestID(r), "err", err.Error())
	}
}
