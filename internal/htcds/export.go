package htcds

import (
	"bufio"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// ExportSheet is the sheet name Export writes (the plain template's).
const ExportSheet = "Sheet1"

// Export writes cases in ExportLayout: row 1 field names, row 2 labels,
// then one case a row, column A numbering them as the template does.
// Multi-select values are joined with ";". ForcedCriminality, which HTCDS
// 2.0 lacks, is written as Other with the real type in psl_ExploitationOther.
func Export(w io.Writer, format Format, cases []casework.Case) error {
	switch format {
	case CSV:
		return exportCSV(w, cases)
	case XLSX:
		return exportXLSX(w, cases)
	}
	return newError(ErrFormat, nil, nil)
}

func headerRows() (names, labels []string) {
	for _, c := range ExportLayout {
		names = append(names, c.Name)
		labels = append(labels, c.Label)
	}
	return names, labels
}

func exportCSV(w io.Writer, cases []casework.Case) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\xef\xbb\xbf") // so that Excel reads UTF-8
	cw := csv.NewWriter(bw)
	names, labels := headerRows()
	cw.Write(names)
	cw.Write(labels)
	for i := range cases {
		rec := caseRow(&cases[i], i+1)
		for j, v := range rec {
			rec[j] = guardFormula(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// guardFormula stops a spreadsheet from running a cell as a formula
// ("=HYPERLINK(...)", or "+234..." read as a sum). Import strips the quote.
func guardFormula(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func exportXLSX(w io.Writer, cases []casework.Case) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ExportSheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(ExportSheet)
	if err != nil {
		return err
	}
	names, labels := headerRows()
	// Like the template, row 1 (field names, for programs) is hidden.
	if err := sw.SetRow("A1", anyCells(names), excelize.RowOpts{Hidden: true}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetRow("A2", anyCells(labels), excelize.RowOpts{StyleID: bold}); err != nil {
		return err
	}
	for i := range cases {
		rec := caseRow(&cases[i], i+1)
		cells := anyCells(rec)
		cells[0] = i + 1
		if age := cases[i].AgeWhenTrafficked; age != nil {
			cells[colIndex(fAgeWhenTrafficked)] = *age
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func anyCells(vs []string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if v != "" {
			out[i] = v
		}
	}
	return out
}

var exportIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range ExportLayout {
		if c.Name != "" {
			m[c.Name] = i
		}
	}
	return m
}()

func colIndex(name string) int { return exportIndex[name] }

// caseRow is a case in ExportLayout's columns.
func caseRow(c *casework.Case, n int) []string {
	rec := make([]string, len(ExportLayout))
	set := func(name, v string) { rec[colIndex(name)] = v }
	rec[0] = strconv.Itoa(n)
	p := c.Person
	set(fFirstName, p.GivenName)
	set(fSecondName, p.FamilyName)
	set(fMiddleName, p.OtherNames)
	set(fBirthdate, p.BirthDate)
	set(fEmail, p.Email)
	set(fMobilePhone, p.Phone)
	set(fMailingStreet, p.Address)
	set(fIdentityNumber, p.IdentityNumber)
	set(fGender, c.Gender)
	set(fCitizenship, countryCode(c.Citizenship))
	if c.AgeWhenTrafficked != nil {
		set(fAgeWhenTrafficked, strconv.Itoa(*c.AgeWhenTrafficked))
	}
	if c.PresumedMinor {
		set(fPresumedMinor, "TRUE")
	}
	set(fTraffickingStatus, c.TraffickingStatus)
	set(fDecisionOrg, c.StatusDecidedBy)
	set(fRelationship, c.Relationship)
	set(fRecruitment, strings.Join(c.RecruitmentMethods, ";"))
	set(fControl, strings.Join(c.MethodsOfControl, ";"))
	exploitation, other := htcdsExploitation(c.Exploitation)
	set(fExploitation, strings.Join(exploitation, ";"))
	set(fExploitationOther, strings.Join(other, ";"))
	set(fIndustry, c.LabourIndustry)
	set(fSexExploitation, strings.Join(c.SexExploitation, ";"))
	set(fRecruitmentPlace, c.RecruitmentPlace)
	set(fStatus, string(c.Status))
	if c.Status.IsClosed() {
		set(fClosureReason, c.ClosureReason)
	}
	set(fCaseCode, c.Code)
	if len(c.Events) > 0 {
		var kinds, countries, places, dates, exploited []string
		for _, e := range c.Events {
			place := strings.ReplaceAll(e.Place, ";", ",") // ";" separates events
			kinds = append(kinds, eventKindName(e.Kind))
			countries = append(countries, countryCode(e.Country))
			places = append(places, place)
			dates = append(dates, e.Date)
			if e.Kind == "exploitation" {
				exploited = append(exploited, joinNonEmpty(", ", place, countryCode(e.Country)))
			}
		}
		set(fEventType, strings.Join(kinds, ";"))
		set(fEventCountry, strings.Join(countries, ";"))
		set(fEventCity, strings.Join(places, ";"))
		set(fEventDate, strings.Join(dates, ";"))
		// For people reading the template: where the person was exploited.
		set(fExploitationPlace, strings.Join(exploited, "; "))
	}
	return rec
}

// countryCode writes the alpha-2 code HTCDS's XLSForm uses (alpha-3 when
// the country has none).
func countryCode(iso3 string) string {
	if a2 := alpha2(iso3); a2 != "" {
		return a2
	}
	return iso3
}

// htcdsExploitation replaces types HTCDS 2.0 lacks by one Other, at the
// first place one appeared, and returns what Other stands for.
func htcdsExploitation(vs []string) (out, other []string) {
	if !slices.Contains(vs, "ForcedCriminality") {
		return vs, nil
	}
	placed := false
	for _, v := range vs {
		if v == "ForcedCriminality" || v == "Other" {
			other = append(other, v)
			if !placed {
				out = append(out, "Other")
				placed = true
			}
			continue
		}
		out = append(out, v)
	}
	return out, other
}
