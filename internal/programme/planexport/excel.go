package planexport

import (
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// Sheet name ids, in the workbook's order.
var sheetIDs = []string{"plan.xlsx.sheet.plan", "plan.xlsx.sheet.activities", "plan.xlsx.sheet.indicators", "plan.xlsx.sheet.projects"}

// SheetNames are the workbook's sheet names in lang.
func SheetNames(lang string) []string {
	out := make([]string, len(sheetIDs))
	for i, id := range sheetIDs {
		out[i] = tr(lang, id, nil)
	}
	return out
}

// Excel writes the workbook of a ministry's report in lang: the plan and
// its progress on the day today, the activities with their status and
// progress, the indicators with their latest value against the line to the
// target, and the donor-funded projects. Amounts and figures are numbers,
// dates ISO text.
func Excel(w io.Writer, lang string, d plan.Detail, org account.Organisation, today time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	names := SheetNames(lang)
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	h := func(id string) string { return tr(lang, id, nil) }
	prog := plan.Assess(d, today)

	// The plan and its progress.
	rows := [][]any{
		{h("plan.field.title"), d.Plan.Title},
		{h("plan.field.country"), countryName(lang, d.Plan.Country)},
		{h("plan.field.starts_on"), d.Plan.StartsOn},
		{h("plan.field.ends_on"), d.Plan.EndsOn},
		{h("plan.xlsx.kept_by"), org.Name},
		{h("plan.xlsx.as_of"), today.Format(plan.DateLayout)},
		{},
		{h("plan.progress.title")},
	}
	for _, s := range plan.States {
		rows = append(rows, []any{StateLabel(lang, plan.State(s)), prog.Counts[plan.State(s)]})
	}
	rows = append(rows, []any{StateLabel(lang, plan.StateCancelled), len(prog.Activities[plan.StateCancelled])})
	if err := writeRows(f, names[0], rows); err != nil {
		return err
	}
	if err := f.SetCellStyle(names[0], "A1", "A20", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(names[0], "A", "A", 28); err != nil {
		return err
	}
	if err := f.SetColWidth(names[0], "B", "B", 60); err != nil {
		return err
	}

	// Activities.
	states := statesOf(d, today)
	objectives := map[uuid.UUID]string{}
	for _, o := range d.Objectives {
		objectives[o.ID] = o.Title
	}
	projects := map[uuid.UUID]string{}
	for _, p := range d.Projects {
		projects[p.ID] = p.Title
	}
	rows = [][]any{{h("plan.field.title"), h("plan.field.objective_id"), h("plan.field.responsible"), h("plan.field.budget"),
		h("plan.field.currency"), h("plan.field.starts_on"), h("plan.field.due_on"), h("plan.field.status"),
		h("plan.xlsx.progress"), h("plan.field.at_risk"), h("plan.field.project_id")}}
	for _, a := range d.Activities {
		var budget any
		if a.Budget != 0 || a.Currency != "" {
			budget = a.Budget.Float()
		}
		rows = append(rows, []any{a.Title, objectives[a.ObjectiveID], a.Responsible, budget, a.Currency, a.StartsOn, a.DueOn,
			StatusLabel(lang, a.Status), StateLabel(lang, states[a.ID]), yesNo(lang, a.AtRisk), projects[a.ProjectID]})
	}
	if err := table(f, names[1], rows, bold, money, "D"); err != nil {
		return err
	}

	// Indicators.
	rows = [][]any{{h("plan.field.name"), h("plan.field.objective_id"), h("plan.field.unit"), h("plan.field.baseline"),
		h("plan.field.target"), h("plan.xlsx.latest_period"), h("plan.xlsx.latest_value"), h("plan.xlsx.expected"),
		h("plan.xlsx.behind")}}
	for _, ip := range prog.Indicators {
		var period, value, expected any
		if ip.Latest != nil {
			period, value, expected = ip.Latest.Period, ip.Latest.Value.Float(), ip.Expected.Float()
		}
		rows = append(rows, []any{ip.Name, objectives[ip.ObjectiveID], ip.Unit, ip.Baseline.Float(), ip.Target.Float(),
			period, value, expected, yesNo(lang, ip.Behind)})
	}
	if err := table(f, names[2], rows, bold, -1, ""); err != nil {
		return err
	}

	// Projects.
	rows = [][]any{{h("plan.field.title"), h("plan.field.donor"), h("plan.field.budget"), h("plan.field.currency"),
		h("plan.field.starts_on"), h("plan.field.ends_on"), h("plan.field.iati_identifier")}}
	for _, p := range d.Projects {
		rows = append(rows, []any{p.Title, p.Donor, p.Budget.Float(), p.Currency, p.StartsOn, p.EndsOn, p.IATIIdentifier})
	}
	if err := table(f, names[3], rows, bold, money, "C"); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func writeRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	return nil
}

// table writes a header row in bold and the rows under it, frozen header,
// moneyCol (a column letter, "" for none) in the money style.
func table(f *excelize.File, sheet string, rows [][]any, bold, money int, moneyCol string) error {
	if err := writeRows(f, sheet, rows); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return err
	}
	if moneyCol != "" && len(rows) > 1 {
		if err := f.SetCellStyle(sheet, moneyCol+"2", moneyCol+itoa(len(rows)), money); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 50); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func itoa(n int) string {
	cell, _ := excelize.CoordinatesToCellName(1, n)
	return cell[1:]
}
