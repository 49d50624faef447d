package htcds

import (
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

// Limits on what Import reads: an export of a large organisation fits, a
// zip bomb or a runaway file does not.
const (
	MaxFileBytes = 64 << 20
	MaxRows      = 100_000
	maxUnzipped  = 512 << 20
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
	return &csvSource{r: r}, nil
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
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20,
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
