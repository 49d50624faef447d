package web

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// datasetList lists the datasets.
func (s *Server) datasetList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.Datasets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dataset_list", map[string]any{"Title": s.t(r, "dataset.page.list_title", nil), "Datasets": list})
}

// datasetForm is the dataset page's form as typed (a GET form: the page's
// address is the table's, to bookmark and share).
type datasetForm struct {
	By      [dataset.MaxBy]string
	Method  string // suppression, public, differential
	K       string
	Epsilon string
	Split   bool
}

// query is the form's query string, for the download links.
func (f datasetForm) query() string {
	v := url.Values{}
	for _, b := range f.By {
		if b != "" {
			v.Add("by", b)
		}
	}
	v.Set("method", f.Method)
	v.Set("k", f.K)
	v.Set("epsilon", f.Epsilon)
	if f.Split {
		v.Set("split", "1")
	}
	return v.Encode()
}

// readDatasetForm reads the form: the columns chosen, and the policy by
// dataset.PolicyOf. A number that does not read is the policy's own rule
// broken (k at least 2, epsilon above 0).
func readDatasetForm(r *http.Request) (datasetForm, store.DatasetQuery, valid.Errors) {
	q := r.URL.Query()
	f := datasetForm{Method: q.Get("method"), K: strings.TrimSpace(q.Get("k")), Epsilon: strings.TrimSpace(q.Get("epsilon")),
		Split: q.Get("split") != ""}
	if f.K == "" {
		f.K = strconv.Itoa(disclosure.DefaultK)
	}
	var by []string
	for i, b := range q["by"] {
		if i < dataset.MaxBy {
			f.By[i] = b
		}
		by = append(by, dataset.SplitBy(b)...)
	}
	var errs valid.Errors
	var k *int
	var eps *float64
	switch f.Method {
	case "public":
		zero := 0
		k = &zero
	case "differential":
		e, err := strconv.ParseFloat(strings.Replace(f.Epsilon, ",", ".", 1), 64)
		if err != nil {
			errs = append(errs, valid.New("epsilon", disclosure.RuleEpsilon, nil))
		}
		eps = &e
	default:
		f.Method = "suppression"
		n, err := strconv.Atoi(f.K)
		if err != nil {
			errs = append(errs, valid.New("k", disclosure.RuleKMin, map[string]any{"min": 2}))
		}
		k = &n
	}
	return f, store.DatasetQuery{By: by, Split: f.Split, Policy: dataset.PolicyOf(k, eps, nil)}, errs
}

// datasetCell is a released cell as the page shows it.
type datasetCell struct {
	Labels     []string
	Count      string
	Suppressed bool
}

// datasetView shows a dataset, the form, and once columns are chosen the
// table released under disclosure control with its rule.
func (s *Server) datasetView(w http.ResponseWriter, r *http.Request) {
	d, err := s.db.Dataset(r.Context(), r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, q, errs := readDatasetForm(r)
	data := map[string]any{"Title": d.Name, "Dataset": d, "Form": f, "Kinds": map[string]string{}}
	msgs := map[string]string{}
	if len(errs) > 0 {
		msgs, _ = s.formErrors(r, errs)
	}
	if len(q.By) > 0 && len(errs) == 0 {
		rel, err := s.db.TabulateDataset(r.Context(), d.Name, q)
		switch {
		case err == nil:
			data["Table"] = s.datasetTable(r, rel)
			data["Chart"] = s.datasetChart(r, rel)
			data["Notes"] = s.datasetNotes(r, rel)
			base := "/datasets/" + url.PathEscape(d.Name) + "/table"
			data["CSV"] = template.URL(base + ".csv?" + f.query())
			data["XLSX"] = template.URL(base + ".xlsx?" + f.query())
		case fault.KindOf(err) == fault.Invalid:
			msgs = s.datasetErrors(r, err)
		case fault.KindOf(err) == fault.Conflict && f.Method == "differential":
			// The privacy budget is spent: said at the epsilon field.
			text, _ := i18n.ErrorText(langOf(r), err)
			msgs = map[string]string{"epsilon": text}
		default:
			s.fail(w, r, err)
			return
		}
	}
	status := http.StatusOK
	if len(msgs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	data["Errors"] = msgs
	s.render(w, r, status, "dataset_view", data)
}

// datasetErrors words a refusal by the form's field: the policy's own
// errors name k or epsilon; a refusal of the columns is about "by".
func (s *Server) datasetErrors(r *http.Request, err error) map[string]string {
	if msgs, ok := s.formErrors(r, err); ok {
		return msgs
	}
	text, ok := i18n.ErrorText(langOf(r), err)
	if !ok {
		text = s.t(r, "errpage.invalid.text", nil)
	}
	return map[string]string{"by": text}
}

// datasetTableView is the released table as the page shows it.
type datasetTableView struct {
	Vars  []string
	Cells []datasetCell
	Max   int64
}

func (s *Server) datasetTable(r *http.Request, rel store.DatasetRelease) datasetTableView {
	lang := langOf(r)
	t := datasetTableView{Vars: rel.Vars}
	for _, c := range rel.Cells {
		cell := datasetCell{Suppressed: c.Suppressed}
		for i, v := range c.Values {
			label := rel.Kinds[i].Label(lang, v)
			if label != v {
				label += " (" + v + ")"
			}
			cell.Labels = append(cell.Labels, label)
		}
		if c.Count != nil {
			cell.Count = i18n.Number(lang, float64(*c.Count), 0)
			t.Max = max(t.Max, *c.Count)
		}
		t.Cells = append(t.Cells, cell)
	}
	return t
}

// maxChartBars is the most bars a table's chart draws; a larger table is
// read in its table and its downloads.
const maxChartBars = 60

// datasetChart draws the released table: bars for one variable, bars
// grouped by the first variable's values for two, bars labelled with the
// combination for three. Withheld cells are hatched, never drawn at a
// guessed length.
func (s *Server) datasetChart(r *http.Request, rel store.DatasetRelease) template.HTML {
	if len(rel.Cells) == 0 || len(rel.Cells) > maxChartBars {
		return ""
	}
	lang := langOf(r)
	bar := func(c disclosure.Released, label string) chart.Bar {
		b := chart.Bar{Label: label, Suppressed: c.Suppressed, Display: i18n.T(lang, "dataset.withheld", nil)}
		if c.Count != nil {
			b.Value, b.Display = float64(*c.Count), i18n.Number(lang, float64(*c.Count), 0)
		}
		return b
	}
	label := func(c disclosure.Released, i int) string { return rel.Kinds[i].Label(lang, c.Values[i]) }
	title := s.t(r, "dataset.page.chart", nil)
	desc := s.t(r, "dataset.page.chart_desc", map[string]any{"Vars": strings.Join(rel.Vars, " × ")})
	unit := s.t(r, "dataset.count", nil)
	if len(rel.Vars) == 2 {
		var keys []string
		index := map[string]int{}
		for _, c := range rel.Cells {
			if _, ok := index[c.Values[1]]; !ok {
				index[c.Values[1]] = len(keys)
				keys = append(keys, label(c, 1))
			}
		}
		var groups []chart.Group
		at := map[string]int{}
		for _, c := range rel.Cells {
			g, ok := at[c.Values[0]]
			if !ok {
				g = len(groups)
				at[c.Values[0]] = g
				groups = append(groups, chart.Group{Label: label(c, 0), Bars: make([]chart.Bar, len(keys))})
				for k := range keys {
					groups[g].Bars[k] = chart.Bar{Display: "0"}
				}
			}
			groups[g].Bars[index[c.Values[1]]] = bar(c, "")
		}
		if len(groups)*len(keys) <= maxChartBars {
			return chart.Groups(chart.GroupChart{Title: title, Desc: desc, Keys: keys, Groups: groups, Unit: unit})
		}
	}
	bars := make([]chart.Bar, len(rel.Cells))
	for i, c := range rel.Cells {
		parts := make([]string, len(c.Values))
		for j := range c.Values {
			parts[j] = label(c, j)
		}
		bars[i] = bar(c, strings.Join(parts, " · "))
	}
	return chart.Bars(chart.BarChart{Title: title, Desc: desc, Bars: bars, Unit: unit})
}

// datasetNotes is the rule printed under a table, line by line.
func (s *Server) datasetNotes(r *http.Request, rel store.DatasetRelease) []string {
	lang := langOf(r)
	id, params := rel.Message()
	notes := []string{i18n.T(lang, id, params)}
	if rel.Policy.Method == disclosure.Public {
		notes = append(notes, i18n.T(lang, "dataset.public_note", nil))
	}
	if rel.Excluded != nil {
		notes = append(notes, i18n.T(lang, "dataset.excluded", map[string]any{"Count": i18n.Number(lang, float64(*rel.Excluded), 0)}))
	}
	if rel.Split {
		notes = append(notes, i18n.T(lang, "dataset.split_note", nil))
	}
	return notes
}

// datasetRelease releases the table the query string asks for, for the
// downloads; a refusal is the error page of its kind.
func (s *Server) datasetRelease(w http.ResponseWriter, r *http.Request) (store.DatasetRelease, bool) {
	_, q, errs := readDatasetForm(r)
	if len(errs) > 0 {
		s.fail(w, r, errs)
		return store.DatasetRelease{}, false
	}
	rel, err := s.db.TabulateDataset(r.Context(), r.PathValue("name"), q)
	if err != nil {
		s.fail(w, r, err)
		return rel, false
	}
	return rel, true
}

// datasetRows are the download's rows: one column per variable, then
// count (empty when withheld), then the rule under the table.
func datasetRows(rel store.DatasetRelease) [][]string {
	rows := [][]string{append(append([]string{}, rel.Vars...), "count")}
	for _, c := range rel.Cells {
		n := ""
		if c.Count != nil {
			n = strconv.FormatInt(*c.Count, 10)
		}
		rows = append(rows, append(append([]string{}, c.Values...), n))
	}
	return rows
}

func (s *Server) datasetCSV(w http.ResponseWriter, r *http.Request) {
	rel, ok := s.datasetRelease(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.WriteAll(datasetRows(rel))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rel.Dataset.Name+`.csv"`)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) datasetXLSX(w http.ResponseWriter, r *http.Request) {
	rel, ok := s.datasetRelease(w, r)
	if !ok {
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows := datasetRows(rel)
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if j == len(row)-1 && i > 0 && v != "" {
				n, _ := strconv.ParseInt(v, 10, 64)
				_ = x.SetCellInt(sheet, cell, n)
			} else {
				_ = x.SetCellStr(sheet, cell, v)
			}
		}
	}
	note := len(rows) + 2
	for _, line := range s.datasetNotes(r, rel) {
		cell, _ := excelize.CoordinatesToCellName(1, note)
		_ = x.SetCellStr(sheet, cell, line)
		note++
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rel.Dataset.Name+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}
