package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// Limits of what Read accepts.
const (
	MaxNameLen   = 64  // a dataset's name
	MaxColumns   = 500 // columns of a file
	MaxHeaderLen = 200 // characters of a column's name
)

// Data is a file read into columns.
type Data struct {
	Rows         int64
	Columns      []*Column
	TermsSkipped bool // the first column held CTDC's terms of use and was left out
}

// Column returns the column named name, or nil.
func (d *Data) Column(name string) *Column {
	for _, c := range d.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ReadOptions tune Read.
type ReadOptions struct {
	// Progress, when set, is called with the bytes read so far every
	// ChunkRows rows and once at the end.
	Progress func(bytes int64)
}

// namePattern is a dataset's name: it stands in addresses and commands.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// CheckName refuses a name that is empty, too long, or holds other than
// letters, digits, "-", "_" and "." (starting with a letter or a digit).
func CheckName(name string) error {
	switch {
	case name == "":
		return fault.New(fault.Invalid, "dataset.name_required", nil)
	case len(name) > MaxNameLen:
		return fault.New(fault.Invalid, "dataset.name_too_long", map[string]any{"Max": MaxNameLen})
	case !namePattern.MatchString(name):
		return fault.New(fault.Invalid, "dataset.name_chars", nil)
	}
	return nil
}

// termsHeader matches the header of the CTDC global dataset's first column.
var termsHeader = regexp.MustCompile(`(?i)terms[ -]of[ -]use`)

// invalid is a refusal of the file with message code dataset.<code>.
func invalid(code string, params map[string]any) error {
	return fault.New(fault.Invalid, "dataset."+code, params)
}

// Read reads a CSV file with a header line into columns. The whole file is
// refused (nothing is returned) at its first fault: a line with another
// number of fields than the header, bad quoting, text that is not UTF-8, a
// header with an empty or repeated name.
func Read(r io.Reader, opts ReadOptions) (*Data, error) {
	cr := &countingReader{r: r}
	in := csv.NewReader(bufio.NewReaderSize(cr, 1<<20))
	in.ReuseRecord = true
	header, err := in.Read()
	if err == io.EOF {
		return nil, invalid("empty", nil)
	}
	if err != nil {
		return nil, csvError(err)
	}
	header = append([]string(nil), header...)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	d := &Data{}
	first := 0
	if len(header) > 1 && termsHeader.MatchString(header[0]) {
		d.TermsSkipped, first = true, 1
	}
	if len(header)-first > MaxColumns {
		return nil, invalid("too_many_columns", map[string]any{"Columns": len(header) - first, "Max": MaxColumns})
	}
	seen := map[string]bool{}
	for i, h := range header[first:] {
		h = strings.TrimSpace(h)
		switch {
		case !utf8.ValidString(h):
			return nil, invalid("encoding", map[string]any{"Line": 1})
		case h == "":
			return nil, invalid("empty_column", map[string]any{"Column": i + 1 + first})
		case utf8.RuneCountInString(h) > MaxHeaderLen:
			return nil, invalid("long_column", map[string]any{"Column": i + 1 + first, "Max": MaxHeaderLen})
		case seen[h]:
			return nil, invalid("dup_column", map[string]any{"Name": h})
		}
		seen[h] = true
		d.Columns = append(d.Columns, &Column{Name: h})
	}
	n := len(d.Columns)
	dicts := make([]map[string]uint32, n)
	codes := make([][]uint32, n)
	for i := range dicts {
		dicts[i] = map[string]uint32{}
		codes[i] = make([]uint32, 0, ChunkRows)
	}
	flush := func() {
		for i, c := range d.Columns {
			if len(codes[i]) > 0 {
				c.Chunks = append(c.Chunks, encodeChunk(codes[i]))
				codes[i] = codes[i][:0]
			}
		}
		if opts.Progress != nil {
			opts.Progress(cr.n)
		}
	}
	for {
		rec, err := in.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		for i, v := range rec[first:] {
			c := d.Columns[i]
			if Missing(v) {
				codes[i] = append(codes[i], 0)
				c.Missing++
				continue
			}
			code, ok := dicts[i][v]
			if !ok {
				if !utf8.ValidString(v) {
					line, _ := in.FieldPos(i + first)
					return nil, invalid("encoding", map[string]any{"Line": line})
				}
				v = strings.Clone(v) // not the whole line the reader allocated
				c.Values = append(c.Values, v)
				code = uint32(len(c.Values))
				dicts[i][v] = code
			}
			codes[i] = append(codes[i], code)
		}
		d.Rows++
		if d.Rows%ChunkRows == 0 {
			flush()
		}
	}
	if d.Rows == 0 {
		return nil, invalid("no_rows", nil)
	}
	flush()
	for _, c := range d.Columns {
		c.Kind = kindOf(c.Values)
	}
	return d, nil
}

// csvError words a fault of the CSV reader with its line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return invalid("field_count", map[string]any{"Line": pe.Line})
		}
		return invalid("bad_csv", map[string]any{"Line": pe.Line})
	}
	return fault.Wrap(fault.Internal, "dataset.read_failed", err)
}

// countingReader counts the bytes read, for the progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
