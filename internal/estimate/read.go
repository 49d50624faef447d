package estimate

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// countNames are the accepted names of the count column, compared without
// case. "n" and "frequency" are what published MSE data sets use.
var countNames = map[string]bool{"count": true, "n": true, "freq": true, "frequency": true}

// ReadTable reads a CSV table with one 0/1 column per list and a count column
// (named count, n, freq or frequency) giving the number of people seen on
// exactly that combination of lists. Combinations not listed have count 0.
// Row numbers in messages are line numbers in the file (the header is row 1).
// A row for the all-zero combination, duplicate combinations, values other
// than 0/1 in list columns and counts that are not whole numbers >= 0 are
// refused.
func ReadTable(r io.Reader) (*Table, error) {
	br := bufio.NewReader(r)
	// A spreadsheet's byte-order mark would hide the quotes of the first name.
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // checked here, to name the row
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, inputErr("empty", nil)
	}
	if err != nil {
		return nil, csvErr(err)
	}
	countCol := -1
	var lists []string
	var listCols []int
	for i, h := range header {
		h = strings.TrimSpace(h)
		if countNames[strings.ToLower(h)] {
			if countCol >= 0 {
				return nil, inputErr("dup_count", kv{"First": strings.TrimSpace(header[countCol]), "Second": h})
			}
			countCol = i
			continue
		}
		if h == "" {
			return nil, inputErr("empty_column", kv{"Column": i + 1})
		}
		lists = append(lists, h)
		listCols = append(listCols, i)
	}
	if countCol < 0 {
		return nil, inputErr("missing_count", nil)
	}
	if err := checkListNames(lists); err != nil {
		return nil, err
	}
	countName := strings.TrimSpace(header[countCol])

	var cells []Cell
	var rows []int
	seen := map[int]int{} // mask -> line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line with only spaces
		}
		if len(rec) != len(header) {
			return nil, inputErr("field_count", kv{"Row": line, "Fields": len(rec), "Header": len(header)})
		}
		c := Cell{Pattern: make([]bool, len(lists))}
		mask := 0
		for k, col := range listCols {
			switch v := strings.TrimSpace(rec[col]); v {
			case "0":
			case "1":
				c.Pattern[k] = true
				mask |= 1 << k
			default:
				return nil, inputErr("not_binary", kv{"Row": line, "Column": lists[k], "Value": v})
			}
		}
		if mask == 0 {
			return nil, inputErr("unseen_row", kv{"Row": line})
		}
		// Refuse repeats as they come, which also bounds memory to one row
		// per combination.
		if prev, dup := seen[mask]; dup {
			t := Table{lists: lists}
			return nil, inputErr("duplicate_pattern", kv{"Row": line, "First": prev, "Pattern": t.patternName(mask)})
		}
		seen[mask] = line
		n, err := parseCount(strings.TrimSpace(rec[countCol]), line, countName)
		if err != nil {
			return nil, err
		}
		c.Count = n
		cells = append(cells, c)
		rows = append(rows, line)
	}
	if len(cells) == 0 {
		return nil, inputErr("no_rows", nil)
	}
	return newTable(lists, cells, rows)
}

// parseCount accepts whole numbers, also written as 12.0 or 1e3 by
// spreadsheets and R, and refuses anything else.
func parseCount(s string, line int, col string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return 0, inputErr("count_negative", kv{"Row": line, "Column": col, "Value": s})
		}
		if n > MaxCount {
			return 0, inputErr("count_too_large", kv{"Row": line, "Column": col, "Value": s, "Max": MaxCount})
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange), math.IsNaN(f), math.IsInf(f, 0) && err == nil:
		return 0, inputErr("count_not_integer", kv{"Row": line, "Column": col, "Value": s})
	case f < 0:
		return 0, inputErr("count_negative", kv{"Row": line, "Column": col, "Value": s})
	case f > MaxCount:
		return 0, inputErr("count_too_large", kv{"Row": line, "Column": col, "Value": s, "Max": MaxCount})
	case f != math.Trunc(f):
		return 0, inputErr("count_not_integer", kv{"Row": line, "Column": col, "Value": s})
	}
	return int64(f), nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return inputErr("bad_csv", kv{"Line": pe.Line})
	}
	return inputErr("bad_csv", kv{"Line": 0})
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
