package api

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage"
)

// TestLinkageSecretAsShown: the API reads a secret by the rule of the web
// form and of "passerelle link encode" when no encoding is named, so the
// text a generated secret is shown as (here with the newline of a pasted
// file) and the same key named as hex approve under one key, and encodings
// made from the same key elsewhere are accepted beside them.
func TestLinkageSecretAsShown(t *testing.T) {
	e := newLinkEnv(t)
	run := e.propose("Corridor Maradi–Kano–Lyon", true, "{orgA}", "{orgB}", "{orgC}")
	path := "/linkage/runs/" + run.ID.String()
	text, _ := json.Marshal(linkage.FormatSecret(linkSecret) + "\n")
	e.call(request{token: "adminA", method: "POST", path: path + "/approve", body: `{"secret":` + string(text) + `}`},
		http.StatusOK)
	// The text form named as hex is not hex: refused on its field.
	e.call(request{token: "adminB", method: "POST", path: path + "/approve",
		body: `{"secret":` + string(text) + `,"secret_encoding":"hex"}`}, http.StatusUnprocessableEntity)
	e.call(request{token: "adminB", method: "POST", path: path + "/approve",
		body: `{"secret":"` + hex.EncodeToString(linkSecret) + `","secret_encoding":"hex"}`}, http.StatusOK)
	if w := e.upload("adminC", run.ID.String(), e.clk(linkSecret), "application/octet-stream"); w.Code != http.StatusOK {
		t.Fatalf("upload under the same key: %d %s", w.Code, w.Body)
	}
	e.call(request{token: "coord", method: "POST", path: path + "/match"}, http.StatusOK)
}
