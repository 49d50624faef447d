package app

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
)

// TestCTDCExportStaysInOrganisation: the CTDC routes take no identifier, so
// the walk above only visits them; here both organisations' cases consent
// to statistics, and A's supervisor's file (page and API) counts A's one
// case, never B's.
func TestCTDCExportStaysInOrganisation(t *testing.T) {
	w := newWorld(t)
	add := func(org, caseID, user uuid.UUID) {
		k := casework.Consent{CaseID: caseID, Purpose: "statistics", GivenBy: "person", Method: "oral", GivenAt: time.Now().Add(-time.Hour)}
		if err := w.db.AddConsent(seed.As(user, org, auth.Supervisor), &k); err != nil {
			t.Fatal(err)
		}
	}
	add(w.orgA.ID, w.caseA, w.usersA[auth.Supervisor].ID)
	add(w.orgB.ID, w.caseB, w.userB.ID)

	req, _ := http.NewRequest("GET", w.srv.URL+"/api/v1/cases/export?format=ctdc&k=2", nil)
	req.Header.Set("Authorization", "Bearer "+w.tokensA[auth.Supervisor])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	var rep ctdc.Report
	if err := json.Unmarshal([]byte(resp.Header.Get("X-Ctdc-Report")), &rep); err != nil || resp.StatusCode != 200 || rep.Cases != 1 {
		t.Fatalf("API: %d %+v %v", resp.StatusCode, rep, err)
	}
	c := w.signIn(t, w.usersA[auth.Supervisor])
	page, err := c.Get(w.srv.URL + "/cases/export/ctdc?k=2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "1 cases read") {
		t.Fatalf("page: %d %s", page.StatusCode, body)
	}
}
