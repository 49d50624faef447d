package htcds

import (
	"io"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Options tune Import.
type Options struct {
	// SkipBad imports the good rows and reports the bad ones as skipped;
	// without it one bad row means no case at all.
	SkipBad bool
	// Today is the date dates may not pass (zero: now).
	Today time.Time
}

// Import reads an HTCDS file (CSV or the v2.0 Excel template) into cases,
// ready for the store (no ID, code or organisation yet). With any bad row
// and !opts.SkipBad it returns no case, an *Error with ID ErrBadRows, and a
// report of every bad row. A file it cannot read at all gives an *Error and
// the report so far.
func Import(r io.Reader, format Format, opts Options) (cases []*casework.Case, rep Report, err error) {
	rep.Format = format
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	var ns notices
	defer func() { rep.Notices = ns.list() }()

	data, err := readAll(r)
	if err != nil {
		return nil, rep, asError(err, format)
	}
	var src source
	switch format {
	case CSV:
		src, err = openCSV(data, &ns)
	case XLSX:
		var x *xlsxSource
		x, rep.Sheet, err = openXLSX(data, &ns)
		if x != nil {
			src = x
		}
	default:
		return nil, rep, newError(ErrFormat, nil, nil)
	}
	if err != nil {
		return nil, rep, err
	}
	defer src.close()

	row1, err := nextRow(src)
	if err != nil {
		return nil, rep, err
	}
	row2, err := nextRow(src)
	if err != nil {
		return nil, rep, err
	}
	h, labelRow, err := parseHeader(row1.cells, row2.cells, &ns)
	if err != nil {
		return nil, rep, err
	}
	var pending []rawRow
	if !labelRow && row2.ok {
		pending = append(pending, row2)
	}
	cells, raw := len(row1.cells)+len(row2.cells), 2

	for {
		var rr rawRow
		if len(pending) > 0 {
			rr, pending = pending[0], pending[1:]
		} else {
			if rr, err = nextRow(src); err != nil {
				return nil, rep, err
			}
			cells += len(rr.cells)
			raw++
		}
		if !rr.ok {
			break
		}
		if cells > MaxCells {
			return nil, rep, newError(ErrTooManyCells, map[string]any{"max": MaxCells}, nil)
		}
		if raw > maxRawRows {
			return nil, rep, newError(ErrTooManyRows, map[string]any{"max": MaxRows}, nil)
		}
		if blank(h, rr.cells) {
			continue
		}
		rep.Rows++
		if rep.Rows > MaxRows {
			return nil, rep, newError(ErrTooManyRows, map[string]any{"max": MaxRows}, nil)
		}
		reader := &rowReader{h: h, ns: &ns, row: rr.row, cells: rr.cells}
		c := reader.readCase()
		reader.validationProblems(c, c.Validate(today))
		if len(reader.problems) > 0 {
			rep.BadRows = append(rep.BadRows, BadRow{Row: rr.row, Skipped: opts.SkipBad, Problems: reader.problems})
			continue
		}
		cases = append(cases, c)
	}
	sortBadRows(rep.BadRows)
	if len(rep.BadRows) > 0 && !opts.SkipBad {
		return nil, rep, newError(ErrBadRows, map[string]any{"count": len(rep.BadRows)}, nil)
	}
	rep.Imported = len(cases)
	return cases, rep, nil
}

type rawRow struct {
	row   int
	cells []string
	ok    bool
}

func nextRow(src source) (rawRow, error) {
	n, cells, ok, err := src.next()
	return rawRow{row: n, cells: cells, ok: ok}, err
}

// blank says whether a row holds nothing Passerelle reads: the template's
// 1,000 numbered empty rows are not cases.
func blank(h *header, cells []string) bool {
	for i, c := range cells {
		if i < len(h.field) && h.field[i] != nil && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func asError(err error, format Format) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return newError(ErrUnreadable, map[string]any{"format": strings.ToUpper(string(format))}, err)
}
