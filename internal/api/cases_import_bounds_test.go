package api

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"strings"
	"testing"
)

// TestImportZipBombRefused: an Excel file of a few megabytes whose sheet
// unpacks to 500 MiB is answered 413 naming the body and the limit, and
// the server's allocations while answering stay far below what unpacking
// would take.
func TestImportZipBombRefused(t *testing.T) {
	ce := newCaseEnv(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, `<?xml version="1.0"?><x/>`)
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := strings.Repeat(`<row><c t="inlineStr"><is><t>prs_FirstName</t></is></c></row>`, 1024)
	for n := 0; n < 500<<20; n += len(chunk) {
		io.WriteString(w, chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("bomb: %d KB", buf.Len()>>10)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rec := ce.do(request{token: "caseA", method: "POST", path: "/cases/import?format=xlsx", body: buf.String(), contentType: xlsxType})
	runtime.ReadMemStats(&after)
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), `"location":"body"`) ||
		!strings.Contains(rec.Body.String(), "unpacks to more than 48 MB") {
		t.Fatalf("zip bomb: %d %s", rec.Code, rec.Body)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Fatalf("answering the bomb allocated %d MB", alloc>>20)
	} else {
		t.Logf("refused, %d MB allocated while answering", alloc>>20)
	}
}
