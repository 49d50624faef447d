package htcds

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Format is a file format Import reads and Export writes.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat reads "csv" or "xlsx" (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(s, ".")) {
	case "csv":
		return CSV, nil
	case "xlsx":
		return XLSX, nil
	}
	return "", newError(ErrFormat, nil, nil)
}

// FormatOf guesses the format from a file name's extension ("" when unknown).
func FormatOf(name string) Format {
	f, err := ParseFormat(filepath.Ext(name))
	if err != nil {
		return ""
	}
	return f
}

// Limits on what Import reads, so that memory and time stay bounded
// whatever the input: an export of a large organisation fits, a zip bomb or
// a runaway file is refused before it is unpacked or read through.
// The whole XLSX is unpacked in memory, never to a temporary file (it holds
// personal data in clear); its parts are refused by their declared sizes,
// which archive/zip holds them to while reading.
const (
	MaxFileBytes    = 32 << 20  // the file as uploaded
	MaxRows         = 50_000    // data rows
	MaxCells        = 3_000_000 // cells read, header and blank rows included
	MaxUnpacked     = 48 << 20  // all parts of an XLSX, unpacked
	maxSharedString = 16 << 20  // the XLSX string table, unpacked (it is parsed whole)
	maxZipParts     = 200       // parts of an XLSX (the template has about 20)
	maxStrings      = 500_000   // entries of the XLSX string table
	maxRawRows      = 2 * MaxRows
	MaxColumns      = 1024 // cells of one row (ExportLayout has about 50)
)

// source yields a sheet's rows with their numbers as a spreadsheet shows
// them (row 1 is the first).
type source interface {
	next() (row int, cells []string, ok bool, err error)
	close() error
}

// readAll reads at most MaxFileBytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, newError(ErrTooLarge, map[string]any{"max": MaxFileBytes >> 20}, nil)
	}
	return data, nil
}

// csvSource reads CSV as Excel writes it: UTF-8 with or without BOM or
// Windows-1252, and "," or ";" between columns (French Excel writes ";").
type csvSource struct {
	r   *csv.Reader
	row int
}

func openCSV(data []byte, ns *notices) (*csvSource, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, newError(ErrUnreadable, map[string]any{"format": "CSV"}, nil)
		}
		data = dec
		ns.add(NoticeWindows1252, "", 0, map[string]any{})
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	if sniffDelimiter(data) == ';' {
		r.Comma = ';'
		ns.add(NoticeCSVSemicolon, "", 0, map[string]any{})
	}
	if err := checkCSVShape(data, byte(r.Comma)); err != nil {
		return nil, err
	}
	return &csvSource{r: r}, nil
}

// checkCSVShape counts the cells of every record before encoding/csv
// allocates them, so that a file of separators (one record of millions of
// empty cells) is refused without being read into slices.
func checkCSVShape(data []byte, comma byte) error {
	total, inRecord, quoted := 0, 1, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == comma:
			inRecord++
			if inRecord > MaxColumns {
				return newError(ErrTooManyColumns, map[string]any{"max": MaxColumns}, nil)
			}
		case b == '\n':
			total += inRecord
			inRecord = 1
			if total > MaxCells {
				return newError(ErrTooManyCells, map[string]any{"max": MaxCells}, nil)
			}
		}
	}
	if total+inRecord > MaxCells {
		return newError(ErrTooManyCells, map[string]any{"max": MaxCells}, nil)
	}
	return nil
}

// sniffDelimiter counts separators on the first line, outside quotes.
func sniffDelimiter(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func (s *csvSource) next() (int, []string, bool, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, newError(ErrUnreadable, map[string]any{"format": "CSV"}, err)
	}
	s.row++
	return s.row, rec, true, nil
}

func (s *csvSource) close() error { return nil }

// xlsxSource streams one sheet's rows, raw: a date cell gives its serial
// number (converted by normaliseDate), not a locale-dependent rendering.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

func openXLSX(data []byte, ns *notices) (*xlsxSource, string, error) {
	if err := checkZip(data); err != nil {
		return nil, "", err
	}
	// UnzipXMLSizeLimit equal to UnzipSizeLimit: no part goes to a
	// temporary file.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxUnpacked, UnzipXMLSizeLimit: MaxUnpacked,
	})
	if err != nil {
		return nil, "", newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
	}
	sheet := pickSheet(f)
	if sheet == "" {
		f.Close()
		return nil, "", newError(ErrNoHeader, nil, nil)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, "", newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
	}
	if len(f.GetSheetList()) > 1 {
		ns.add(NoticeSheet, "", 0, map[string]any{"sheet": sheet})
	}
	return &xlsxSource{f: f, rows: rows}, sheet, nil
}

// checkZip refuses an XLSX whose parts declare more than the limits,
// before anything is unpacked. A part that unpacks to more than it declares
// fails in archive/zip while it is read.
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
	}
	tooBig := newError(ErrUnpackedTooBig, map[string]any{"max": MaxUnpacked >> 20}, nil)
	if len(zr.File) > maxZipParts {
		return tooBig
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if size > MaxUnpacked || total > MaxUnpacked {
			return tooBig
		}
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), "xl/sharedStrings.xml") && size > maxSharedString {
			return tooBig
		}
	}
	// The sheets and the string table are counted before excelize parses
	// them (encoding/xml allocates per element): a row of millions of
	// cells, or millions of strings, is refused in one pass over bytes.
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		sheet := strings.HasPrefix(name, "xl/worksheets/")
		if !sheet && name != "xl/sharedstrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
		}
		err = countElements(rc, sheet)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// countElements reads an XML part once, counting its elements by local
// name (any namespace prefix): cells per row and in all for a sheet,
// entries for the string table.
func countElements(r io.Reader, sheet bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var name [8]byte
	cells, rowCells, strs := 0, 0, 0
	for {
		b, err := br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
		}
		if b != '<' {
			continue
		}
		// The element's local name: after an optional "prefix:", up to a
		// space, "/" or ">"; longer names are none of ours.
		n := 0
		for {
			c, err := br.ReadByte()
			if err != nil {
				break
			}
			if c == ':' {
				n = 0
				continue
			}
			if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
				br.UnreadByte()
				break
			}
			if n == len(name) {
				n++ // too long: not an element counted here
				break
			}
			name[n] = c
			n++
		}
		if n > len(name) {
			continue
		}
		switch local := string(name[:n]); {
		case sheet && local == "row":
			rowCells = 0
		case sheet && local == "c":
			cells++
			rowCells++
			if rowCells > MaxColumns {
				return newError(ErrTooManyColumns, map[string]any{"max": MaxColumns}, nil)
			}
			if cells > MaxCells {
				return newError(ErrTooManyCells, map[string]any{"max": MaxCells}, nil)
			}
		case !sheet && local == "si":
			if strs++; strs > maxStrings {
				return newError(ErrTooManyCells, map[string]any{"max": maxStrings}, nil)
			}
		}
	}
}

// pickSheet returns the first sheet whose first row holds an HTCDS field
// name or label (the validated template has "about" and "validation"
// sheets besides "Case Sheet"), else the first sheet.
func pickSheet(f *excelize.File) string {
	list := f.GetSheetList()
	for _, name := range list {
		rows, err := f.Rows(name)
		if err != nil {
			continue
		}
		var first []string
		if rows.Next() {
			first, _ = rows.Columns()
		}
		rows.Close()
		for _, c := range first {
			c = strings.TrimSpace(c)
			if _, ok := fieldByKey[normal(c)]; ok && c != "" {
				return name
			}
			if _, ok := fieldByLabel[normal(c)]; ok && c != "" {
				return name
			}
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return ""
}

func (s *xlsxSource) next() (int, []string, bool, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, false, newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
		}
		return 0, nil, false, nil
	}
	s.row++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, nil, false, newError(ErrUnreadable, map[string]any{"format": "XLSX"}, err)
	}
	return s.row, cells, true, nil
}

func (s *xlsxSource) close() error {
	err := s.rows.Close()
	if e := s.f.Close(); err == nil {
		err = e
	}
	return err
}
