package htcds

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// A generous bound on what refusing a hostile file may allocate: the files
// below unpack to hundreds of megabytes.
const maxAllocForRefusal = 200 << 20

// rezip copies a workbook, replacing the part named part by size bytes made
// of head, then body repeated, then tail (a tiny download, a huge unpacked
// part). With lie, the part's header declares only the first kilobyte.
func rezip(t *testing.T, src []byte, part, head, body, tail string, size int, lie bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	replaced := false
	for _, f := range zr.File {
		if f.Name == part {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	// The huge part, compressed by hand so its declared size can lie.
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	n, _ := io.WriteString(w, head)
	chunk := strings.Repeat(body, max(1, (64<<10)/len(body)))
	for n < size-len(tail) {
		k, _ := io.WriteString(w, chunk[:min(len(chunk), size-len(tail)-n)])
		n += k
	}
	k, _ := io.WriteString(w, tail)
	n += k
	fw.Close()
	declared := uint64(n)
	if lie {
		declared = 1 << 10
	}
	hw, err := zw.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	hw.Write(comp.Bytes())
	replaced = true
	if err := zw.Close(); err != nil || !replaced {
		t.Fatal(err)
	}
	return out.Bytes()
}

// importAllocs runs Import and returns its error and the bytes it allocated
// (runtime.MemStats.TotalAlloc: an upper bound of its peak heap growth).
func importAllocs(data []byte, format Format) ([]byte, error, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cases, _, err := Import(bytes.NewReader(data), format, Options{Today: testToday})
	runtime.ReadMemStats(&after)
	_ = cases
	return nil, err, after.TotalAlloc - before.TotalAlloc
}

func wantRefusal(t *testing.T, err error, id string, kind fault.Kind) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.ID != id {
		t.Fatalf("got %v, want %s", err, id)
	}
	if k := fault.KindOf(err); k != kind {
		t.Fatalf("kind %v, want %v", k, kind)
	}
	for _, lang := range i18n.Languages {
		if m := i18n.T(lang, e.Code, e.Params); m == e.Code || strings.Contains(m, "<no value>") {
			t.Fatalf("%s: message %q", lang, m)
		}
	}
}

// An XLSX zip bomb (a few megabytes that unpack to 400 MiB of sheet or
// string table) is refused before anything is unpacked, and a file under
// the size limits whose parts would be costly to parse (one row of
// millions of cells, a million strings) before they are parsed: each with
// TooLarge, and each refusal allocates little.
func TestZipBombIsRefusedEarly(t *testing.T) {
	cases := genCases(3, 7)
	var buf bytes.Buffer
	if err := Export(&buf, XLSX, cases); err != nil {
		t.Fatal(err)
	}
	const size = 400 << 20
	for _, tc := range []struct {
		name, part, head, body, tail string
		size                         int
		id                           string
	}{
		{"sheet", "xl/worksheets/sheet1.xml",
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
			`<row><c t="inlineStr"><is><t>prs_FirstName</t></is></c><c><v>1</v></c><c><v>2</v></c></row>`,
			`</sheetData></worksheet>`, size, ErrUnpackedTooBig},
		{"string table", "xl/sharedStrings.xml",
			`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
			`<si><t>a</t></si>`, `</sst>`, size, ErrUnpackedTooBig},
		// Under the size limits, but costly to parse: counted before.
		{"one wide row", "xl/worksheets/sheet1.xml",
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>`,
			`<c><v>1</v></c>`, `</row></sheetData></worksheet>`, MaxUnpacked - 1<<20, ErrTooManyColumns},
		{"a million strings", "xl/sharedStrings.xml",
			`<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
			`<x:si><x:t>a</x:t></x:si>`, `</x:sst>`, maxSharedString - 1<<10, ErrTooManyCells},
		{"too many cells", "xl/worksheets/sheet1.xml",
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
			`<row><c/><c/><c/><c/><c/><c/><c/><c/></row>`, `</sheetData></worksheet>`, MaxUnpacked - 1<<20, ErrTooManyCells},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bomb := rezip(t, buf.Bytes(), tc.part, tc.head, tc.body, tc.tail, tc.size, false)
			t.Logf("bomb: %d KB unpacking to %d MiB", len(bomb)>>10, tc.size>>20)
			_, err, alloc := importAllocs(bomb, XLSX)
			wantRefusal(t, err, tc.id, fault.TooLarge)
			if alloc > maxAllocForRefusal {
				t.Fatalf("refusing the bomb allocated %d MB", alloc>>20)
			}
			t.Logf("refused, %d KB allocated", alloc>>10)
		})
	}
	// A part that declares a kilobyte and unpacks to 400 MiB is caught by
	// archive/zip as soon as it passes what it declared.
	t.Run("lying sizes", func(t *testing.T) {
		bomb := rezip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", `<worksheet><sheetData>`,
			`<row><c><v>1</v></c></row>`, `</sheetData></worksheet>`, size, true)
		_, err, alloc := importAllocs(bomb, XLSX)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("got %v, want a refusal", err)
		}
		if alloc > maxAllocForRefusal {
			t.Fatalf("refusing the bomb allocated %d MB", alloc>>20)
		}
	})
}

// A CSV of separators (one record of millions of empty cells) is refused
// before encoding/csv builds the record.
func TestWideCSVIsRefusedEarly(t *testing.T) {
	data := []byte("prs_FirstName" + strings.Repeat(",", 20<<20) + "\n")
	_, err, alloc := importAllocs(data, CSV)
	wantRefusal(t, err, ErrTooManyColumns, fault.TooLarge)
	if alloc > maxAllocForRefusal {
		t.Fatalf("refusing the file allocated %d MB", alloc>>20)
	}
	many := []byte("prs_FirstName,prs_SecondName\n" + strings.Repeat("a,b\n", MaxCells/2+10))
	_, err, _ = importAllocs(many, CSV)
	wantRefusal(t, err, ErrTooManyCells, fault.TooLarge)
}

// A file over MaxFileBytes is refused after reading one byte past it.
func TestFileTooLarge(t *testing.T) {
	_, _, err := Import(io.LimitReader(zeroReader{}, MaxFileBytes+10), CSV, Options{})
	wantRefusal(t, err, ErrTooLarge, fault.TooLarge)
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
