package app

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestAPICompressed: the API's JSON comes gzipped when asked, plain
// otherwise, the same after decompression.
func TestAPICompressed(t *testing.T) {
	w := newWorld(t)
	get := func(enc string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", w.srv.URL+"/api/v1/cases?limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+w.tokensA[auth.Caseworker])
		req.Header.Set("Accept-Encoding", enc) // set by hand: the client then leaves the body as sent
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		b, _ := io.ReadAll(r)
		return resp, string(b)
	}
	plainResp, plain := get("identity")
	gzResp, unzipped := get("gzip")
	if plainResp.StatusCode != 200 || gzResp.StatusCode != 200 || !strings.Contains(plain, `"items"`) {
		t.Fatalf("%d %d %.200s", plainResp.StatusCode, gzResp.StatusCode, plain)
	}
	if plainResp.Header.Get("Content-Encoding") != "" || gzResp.Header.Get("Content-Encoding") != "gzip" ||
		!strings.Contains(strings.Join(gzResp.Header.Values("Vary"), ","), "Accept-Encoding") {
		t.Fatalf("plain %q, gzip %q, Vary %q", plainResp.Header.Get("Content-Encoding"),
			gzResp.Header.Get("Content-Encoding"), gzResp.Header.Values("Vary"))
	}
	if unzipped != plain {
		t.Fatalf("content differs after decompression")
	}
}
