package linkage

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParseCLK: the .clk reader never panics, and what it accepts writes
// back to the same bytes.
func FuzzParseCLK(f *testing.F) {
	a, _ := encodeAB(f, settingsFor(f, colsA), testSecret(7))
	var buf bytes.Buffer
	WriteCLK(&buf, a)
	f.Add(buf.Bytes())
	f.Add([]byte("PSLNKCLK"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseCLK(data, "fuzz.clk")
		if err != nil {
			if errID(err) == "" {
				t.Fatalf("error without a message id: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := WriteCLK(&out, e); err != nil {
			t.Fatalf("accepted file does not write back: %v", err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatal("accepted file does not round-trip")
		}
	})
}

// FuzzEncodeCSV: the CSV reader and encoder never panic; bad input is refused
// with a message id and without quoting values.
func FuzzEncodeCSV(f *testing.F) {
	f.Add(csvA)
	f.Add("case_id,first,last,born,sex,town\n,,,,,\n")
	f.Add("case_id,first\n1,\"unterminated\n")
	f.Add("\uFEFFcase_id,first,last,born,sex,town\nx,é,ß,31/02/2020,?,-\n")
	s := settingsFor(f, colsA)
	f.Fuzz(func(t *testing.T, data string) {
		enc, err := NewEncoder(s, testSecret(1))
		if err != nil {
			t.Fatal(err)
		}
		e, err := EncodeCSV(strings.NewReader(data), "fuzz.csv", "case_id", enc, "")
		if err != nil {
			if errID(err) == "" {
				t.Fatalf("error without a message id: %v", err)
			}
			return
		}
		if len(e.IDs) == 0 || len(e.Flat) != len(e.IDs)*16 {
			t.Fatalf("%d ids, %d words", len(e.IDs), len(e.Flat))
		}
	})
}
