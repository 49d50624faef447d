package pseudo

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// Use loads the pseudo-locale generated from the embedded catalogues for
// the test t, and goes back to the embedded catalogues alone when t ends.
// Tests that prove a new language needs no Go change start with it.
func Use(t testing.TB) {
	t.Helper()
	p, err := Catalogues(i18n.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if err := i18n.Load(p); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := i18n.Load(); err != nil {
			t.Error(err)
		}
	})
}
