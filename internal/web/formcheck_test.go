package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestFormTextRefused: a form value that is not valid UTF-8 or holds control
// characters is refused on any page, naming the field and the rule in the
// reader's language, and nothing is saved; line breaks and tabs are text.
func TestFormTextRefused(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"NUL byte", cwWith(cwForm(), "given_name", "Bless\x00ing"), "given_name holds invisible control characters"},
		{"invalid UTF-8", cwWith(cwForm(), "family_name", "Osa\xffgie"), "family_name is not valid text (UTF-8)"},
		{"escape sequence", cwWith(cwForm(), "narrative", "a\x1b[2Jb"), "narrative holds invisible control characters"},
	} {
		r := cw.post("/cases", c.form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", c.name, r.Code)
			continue
		}
		cwHas(t, c.name, r.Body, c.want)
	}
	if n := e.cwCount(); n != 0 {
		t.Fatalf("%d cases created from bad text", n)
	}
	fr := e.signedIn("caseworker")
	fr.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	r := fr.post("/cases", cwWith(cwForm(), "given_name", "Joy\x07"))
	cwHas(t, "French", r.Body, "Le champ « given_name » contient des caractères de contrôle invisibles")
	if r := cw.post("/cases", cwWith(cwForm(), "narrative", "Recrutée à Benin City.\r\n\tPuis Agadez.")); r.Code != http.StatusSeeOther {
		t.Errorf("line breaks and a tab refused: %d", r.Code)
	}
}
