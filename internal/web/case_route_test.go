package web

import (
	"html"
	"net/http"
	"testing"
)

// TestCaseRouteUnknownInFrench: a journey whose destination is not known is
// called unknown, never national, on the case page in French.
func TestCaseRouteUnknownInFrench(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	f := cwForm()
	f["event_kind"] = []string{"recruitment"}
	f["event_country"] = []string{"NGA"}
	f["event_place"] = []string{"Benin City"}
	f["event_date"] = []string{"2023-05"}
	id := cw.cwCreate(f)
	if r := cw.post("/language", form("lang", "fr", "return", "/cases")); r.Code != http.StatusSeeOther {
		t.Fatalf("language switch: %d", r.Code)
	}
	page := cw.get("/cases/" + id.String())
	if page.Code != http.StatusOK {
		t.Fatalf("case page: %d", page.Code)
	}
	body := html.UnescapeString(page.Body)
	cwHas(t, "case page", body, "Nigéria → ?", "inconnu (origine ou destination non connue)")
	cwLacks(t, "case page", body, "national (un seul pays)", "<strong>international")
}
