package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// datasetOperations is the number of dataset operations in the document.
const datasetOperations = 3

// TestDatasetOperations: an analyst lists the datasets and counts one with
// the Public method and with suppression; the cells carry one member per
// variable, count and suppressed; a case role gets 403, an unknown column
// 422 naming the query parameter, an unknown dataset 404.
func TestDatasetOperations(t *testing.T) {
	e := newEnv(t)
	analyst := account.User{Email: "halima.bako@espoir-niamey.example", DisplayName: "Halima Bako", Lang: "en"}
	world.User(t, e.db, &analyst, world.In(e.orgA, auth.Analyst))
	e.users["analystA"] = analyst
	e.addToken("analystA", "analystA", e.orgA.ID, nil)
	var buf strings.Builder
	if err := dataset.Generate(&buf, 400, 11); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ImportDataset(world.System(), "corridor", strings.NewReader(buf.String()), dataset.ReadOptions{}); err != nil {
		t.Fatal(err)
	}

	w := e.do(request{token: "analystA", method: http.MethodGet, path: "/datasets"})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"name":"corridor"`) {
		t.Fatalf("list: %d %s", w.Code, w.Body)
	}
	w = e.do(request{token: "analystA", method: http.MethodGet, path: "/datasets/corridor/tabulate?by=gender,isForcedLabour&k=0"})
	var tb DatasetTable
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &tb) != nil {
		t.Fatalf("tabulate: %d %s", w.Code, w.Body)
	}
	if tb.Method != "none" || tb.K == nil || *tb.K != 0 || tb.Excluded == nil || len(tb.Cells) != 4 {
		t.Fatalf("public table %s", w.Body)
	}
	sum := *tb.Excluded
	for _, c := range tb.Cells {
		if c["suppressed"] != false || c["gender"] == nil || c["isForcedLabour"] == nil {
			t.Errorf("cell %v", c)
		}
		sum += int64(c["count"].(float64))
	}
	if sum != 400 {
		t.Errorf("cells and excluded sum to %d", sum)
	}
	w = e.do(request{token: "analystA", method: http.MethodGet, path: "/datasets/corridor/tabulate?by=gender,ageBroad"})
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &tb) != nil || tb.Method != "suppression" || *tb.K != 11 {
		t.Fatalf("suppressed table: %d %s", w.Code, w.Body)
	}
	withheld := 0
	for _, c := range tb.Cells {
		if c["suppressed"] == true {
			withheld++
			if c["count"] != nil {
				t.Errorf("withheld cell with a count: %v", c)
			}
		} else if n := c["count"].(float64); n > 0 && n < 11 {
			t.Errorf("released cell below k: %v", c)
		}
	}
	if withheld == 0 {
		t.Errorf("400 rows by 2 genders and 10 ages: no cell withheld")
	}

	for _, c := range []struct {
		token, path string
		status      int
		want        string
	}{
		{"caseA", "/datasets", 403, ""},
		{"caseA", "/datasets/corridor/tabulate?by=gender", 403, ""},
		{"analystA", "/datasets/corridor/tabulate?by=nosuch", 422, "nosuch"},
		{"analystA", "/datasets/corridor/tabulate?by=gender&k=1", 422, "query.k"},
		{"analystA", "/datasets/nosuch/tabulate?by=gender", 404, ""},
		{"analystA", "/datasets/nosuch", 404, ""},
	} {
		w := e.do(request{token: c.token, method: http.MethodGet, path: c.path})
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s %s: %d %s", c.token, c.path, w.Code, w.Body)
		}
	}
}
