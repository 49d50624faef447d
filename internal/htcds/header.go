package htcds

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// header is what rows 1 (and 2) say about the columns.
type header struct {
	field   []*field       // per column index; nil: not read
	show    []string       // per column index: the name to report (file's name, or letter)
	index   map[string]int // canonical field name -> column index
	labels  bool           // row 2 is a label row
	skipped []bool         // per column: unnamed or unknown (data there is ignored)
}

// letter is a column's spreadsheet letter (0 -> "A").
func letter(i int) string {
	s, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return "?"
	}
	return s
}

// parseHeader reads the field names of row 1 and, when row 2 is a label
// row, its labels. It reports aliases, the template's unnamed column, label
// mismatches and unknown columns once each.
func parseHeader(row1, row2 []string, ns *notices) (*header, bool, error) {
	h := &header{index: map[string]int{}}
	n := max(len(row1), len(row2))
	names := make([]*field, n)
	known := 0
	for i, c := range row1 {
		if f := lookupName(c); f != nil {
			names[i] = f
			known++
		}
	}
	byLabel := false
	if known == 0 {
		// Some tools write only the labels: accept them as the header.
		for i, c := range row1 {
			if f, ok := fieldByLabel[normal(c)]; ok && strings.TrimSpace(c) != "" {
				names[i] = f
				known++
			}
		}
		if known == 0 {
			return nil, false, newError(ErrNoHeader, nil, nil)
		}
		byLabel = true
		ns.add(NoticeHeaderByLabel, "", 0, map[string]any{})
	}
	if !byLabel {
		h.labels = isLabelRow(row2)
		if !h.labels && len(row2) > 0 {
			ns.add(NoticeNoLabelRow, "", 0, map[string]any{})
		}
	}
	h.field, h.show, h.skipped = make([]*field, n), make([]string, n), make([]bool, n)
	var mismatched []string
	for i := 0; i < n; i++ {
		name, lab := cell(row1, i), ""
		if h.labels {
			lab = cell(row2, i)
		}
		f := names[i]
		h.show[i] = name
		switch {
		case f != nil:
			if !byLabel && name != f.Name {
				ns.add(NoticeAliasField, name, 0, map[string]any{"field": f.Name})
			}
			if lab != "" && normal(lab) != normal(f.Label) && fieldByLabel[normal(lab)] != f {
				mismatched = append(mismatched, name)
			}
		case name == "" && lab != "":
			if lf, ok := fieldByLabel[normal(lab)]; ok {
				f = lf
				h.show[i] = letter(i)
				ns.add(NoticeNameFromLabel, letter(i), 0, map[string]any{"field": f.Name})
			}
		}
		if f == nil {
			h.skipped[i] = true
			if name == "" {
				h.show[i] = letter(i)
			}
			// Column A of the template (row numbers) and blank columns say
			// nothing; a named column Passerelle does not know is reported.
			if name != "" || lab != "" {
				ns.add(NoticeUnknownColumn, h.show[i], 0, map[string]any{})
			}
			continue
		}
		if _, dup := h.index[f.Name]; dup {
			return nil, false, newError(ErrDuplicateColumn, map[string]any{"column": f.Name}, nil)
		}
		h.index[f.Name] = i
		h.field[i] = f
	}
	if len(mismatched) > 0 {
		ns.add(NoticeLabelMismatch, "", 0, map[string]any{"columns": mismatched})
	}
	return h, h.labels, nil
}

// lookupName finds a field by its name or an alias, forgiving case and
// underscores ("prs_first_name"); "" is no field.
func lookupName(s string) *field {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if f, ok := fieldByName[s]; ok {
		return f
	}
	return fieldByKey[normal(s)]
}

// isLabelRow says whether most non-empty cells of row are HTCDS labels.
func isLabelRow(row []string) bool {
	filled, labels := 0, 0
	for _, c := range row {
		if strings.TrimSpace(c) == "" {
			continue
		}
		filled++
		if _, ok := fieldByLabel[normal(c)]; ok {
			labels++
		}
	}
	return labels > 0 && labels*2 >= filled
}

func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}
