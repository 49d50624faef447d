package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// upload posts a .clk file as c.
func (c *coreClient) upload(path string, data []byte) coreResp {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("clk", "foyer.clk")
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.e.h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return coreResp{Code: rec.Code, Header: rec.Header(), Body: string(b)}
}

// TestNetworkUploadFromAnotherDeployment: the third organisation's cases
// live elsewhere; it uploads encodings made with the same fields and secret.
func TestLinkrunUploadFromAnotherDeployment(t *testing.T) {
	e := newNetEnv(t)
	coord, admin1, admin3 := e.signedIn("coordinator"), e.signedIn("org_admin"), e.signedIn("admin3")
	secret := "un secret convenu par téléphone entre les deux"
	run := e.propose(coord, "Déploiement séparé", "20", e.org, e.org3)
	s, err := linkrun.Settings()
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := linkage.NewEncoder(s, []byte(secret))
	var ids []string
	var vals [][]string
	for i, sc := range demo.Network()[2] {
		ids, vals = append(ids, fmt.Sprintf("rec-%03d", i)), append(vals, linkrun.RecordValues(sc.Case))
	}
	encs, err := linkage.EncodeRecords(enc, "", ids, vals, nil)
	if err != nil {
		t.Fatal(err)
	}
	var clk bytes.Buffer
	if err := linkage.WriteCLK(&clk, encs); err != nil {
		t.Fatal(err)
	}
	wantIn(t, admin3.upload(run+"/upload", []byte("PSLNKCLK but not really")), http.StatusUnprocessableEntity,
		"is not a .clk file made with this run")
	wantIn(t, admin3.upload(run+"/upload", clk.Bytes()), http.StatusOK, "Cases encoded: 30.")
	wantIn(t, admin1.post(run+"/approve", url.Values{"secret": {secret}}), http.StatusOK, "Cases encoded: 30.")
	if r := coord.post(run+"/match", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("match: %d", r.Code)
	}
	wantIn(t, admin3.get(run+"/results"), http.StatusOK, "rec-000", "rec-004")
	wantIn(t, coord.get(run+"/results"), http.StatusOK, `data-pattern="11"><td>✓</td><td>✓</td><td>5</td>`)
}
