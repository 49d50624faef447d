package htcds

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// BenchmarkImportXLSX1000 imports the template filled with 1,000 rows.
func BenchmarkImportXLSX1000(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	rows := make([]map[string]any, 1000)
	for i := range rows {
		rows[i] = templateRow(r, i+1, true)
	}
	data := writeTemplateXLSX(b, Template, rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cases, _, err := Import(bytes.NewReader(data), XLSX, Options{Today: testToday})
		if err != nil || len(cases) != 1000 {
			b.Fatal(err, len(cases))
		}
	}
}

// BenchmarkImportCSV1000 is the same rows as CSV from Export.
func BenchmarkImportCSV1000(b *testing.B) {
	var buf bytes.Buffer
	if err := Export(&buf, CSV, genCases(1000, 2)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if cases, _, err := Import(bytes.NewReader(buf.Bytes()), CSV, Options{Today: testToday}); err != nil || len(cases) != 1000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportXLSX10000 writes 10,000 cases with the streaming writer.
func BenchmarkExportXLSX10000(b *testing.B) {
	cases := genCases(10000, 3)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Export(&buf, XLSX, cases); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}
