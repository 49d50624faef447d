package api

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestLinkageFlow is a run end to end through the API, in English: a
// proposal, two approvals (base64 and hex secrets), one upload of
// encodings made elsewhere, the match, and the results for the
// coordinator (counts and estimates) and for each party (its own cases).
func TestLinkageFlow(t *testing.T) {
	e := newLinkEnv(t)
	en := map[string]string{"Accept-Language": "en"}
	run := e.propose("Corridor Kano–Niamey–Lyon", true, "{orgA}", "{orgB}", "{orgC}")
	if run.Status != "proposed" || len(run.Parties) != 3 || run.Parties[2].OrgName != "Foyer Sainte-Marthe" ||
		run.ExpiresAt == nil || !run.ExpiresAt.Equal(run.CreatedAt.Add(linkrun.RunLifetime)) {
		t.Fatalf("proposed run: %+v", run)
	}
	path := "/linkage/runs/" + run.ID.String()

	// Who sees it: the parties' administrators and the coordinator; a
	// party's caseworker gets 404, a role without linkage runs 403.
	for _, who := range []string{"adminA", "adminB", "adminC", "coord"} {
		w := e.call(request{token: who, method: "GET", path: "/linkage/runs"}, http.StatusOK)
		if !strings.Contains(w.Body.String(), run.ID.String()) {
			t.Errorf("%s does not see the run in the list", who)
		}
	}
	e.call(request{token: "caseB", method: "GET", path: path}, http.StatusNotFound)
	e.call(request{token: "caseB", method: "GET", path: "/linkage/runs"}, http.StatusForbidden)

	// Approvals: the same secret written in base64 and in hex.
	w := e.call(request{token: "adminA", method: "POST", path: path + "/approve", header: en,
		body: `{"secret":"` + base64.StdEncoding.EncodeToString(linkSecret) + `"}`}, http.StatusOK)
	if a := decode[LinkageAnswer](t, w.Body.Bytes()); a.Count != 30 { // 31 cases, one without consent
		t.Fatalf("A encoded %d cases, want 30", a.Count)
	}
	w = e.call(request{token: "adminB", method: "POST", path: path + "/approve", header: en,
		body: `{"secret":"` + hex.EncodeToString(linkSecret) + `","secret_encoding":"hex"}`}, http.StatusOK)
	if a := decode[LinkageAnswer](t, w.Body.Bytes()); a.Count != 31 {
		t.Fatalf("B encoded %d cases, want 31", a.Count)
	}
	// B sees its own count, not A's; the coordinator sees both.
	seen := decode[LinkageRun](t, e.call(request{token: "adminB", method: "GET", path: path}, http.StatusOK).Body.Bytes())
	if seen.Parties[0].Count != nil || seen.Parties[1].Count == nil || *seen.Parties[1].Count != 31 {
		t.Errorf("party view: %+v", seen.Parties)
	}
	seen = decode[LinkageRun](t, e.call(request{token: "coord", method: "GET", path: path}, http.StatusOK).Body.Bytes())
	if seen.Parties[0].Count == nil || *seen.Parties[0].Count != 30 || seen.Parties[2].State != "pending" {
		t.Errorf("coordinator view: %+v", seen.Parties)
	}
	// Not every party has answered: no match yet.
	w = e.call(request{token: "coord", method: "POST", path: path + "/match", header: en}, http.StatusConflict)
	wantField(t, w.Body.String(), "run.status", linkrun.RuleState, "Status: does not allow this step now")

	// C's cases live in another deployment: it uploads its encodings.
	w = e.upload("adminC", run.ID.String(), e.clk(linkSecret), "application/octet-stream")
	if w.Code != http.StatusOK {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	if a := decode[LinkageAnswer](t, w.Body.Bytes()); a.Count != 30 {
		t.Fatalf("C uploaded %d records, want 30", a.Count)
	}

	// The match, by the coordinator only.
	e.call(request{token: "adminA", method: "POST", path: path + "/match"}, http.StatusForbidden)
	w = e.call(request{token: "coord", method: "POST", path: path + "/match"}, http.StatusOK)
	if m := decode[LinkageRun](t, w.Body.Bytes()); m.Status != "matched" || m.MatchedAt == nil || m.ExpiresAt != nil {
		t.Fatalf("after the match: %+v", m)
	}

	// The coordinator's results: the overlap counts and the estimates.
	res := decode[LinkageResults](t, e.call(request{token: "coord", method: "GET", path: path + "/results", header: en},
		http.StatusOK).Body.Bytes())
	if res.View != "coordinator" || len(res.Shared) != 0 || len(res.Overall) != len(demo.Counts) {
		t.Fatalf("coordinator results: %+v", res)
	}
	if th := res.Threshold; th == nil || !th.Auto || th.Precision == nil || th.Recall == nil || *th.Precision < 0.9 ||
		th.Threshold < 0.75 || th.Threshold > 0.9 || len(th.Histogram) == 0 || th.Reason != "" {
		t.Errorf("threshold of the demo network not chosen from its scores: %+v", th)
	} else {
		n := 0
		for _, c := range th.Histogram {
			n += c
		}
		if n != th.Scores {
			t.Errorf("histogram holds %d pairs, the choice looked at %d", n, th.Scores)
		}
	}
	for _, c := range res.Overall {
		if c.Count == nil || *c.Count != demo.Counts[c.Pattern] || c.Shown != strconv.Itoa(demo.Counts[c.Pattern]) || c.Suppressed {
			t.Errorf("pattern %s: %v shown %q, want %d", c.Pattern, c.Count, c.Shown, demo.Counts[c.Pattern])
		}
		if want := strings.Count(c.Pattern, "1"); len(c.Parties) != want {
			t.Errorf("pattern %s names %v", c.Pattern, c.Parties)
		}
	}
	if len(res.Strata) == 0 || len(res.Estimates) == 0 || res.Estimates[0].Dimension != "" {
		t.Fatalf("strata %d, estimates %+v", len(res.Strata), res.Estimates)
	}
	all := res.Estimates[0]
	if all.Observed != "71" || all.Estimate == nil || *all.Estimate < 71 || len(all.Caveats) == 0 || all.Model == "" {
		t.Errorf("estimate over everyone: %+v", all)
	}
	for _, s := range res.Strata {
		for _, c := range s.Cells {
			if c.Count != nil && *c.Count > 0 && *c.Count < linkrun.SmallCell || c.Count == nil && (c.Shown != disclosure.Mark || !c.Suppressed) {
				t.Errorf("stratum %s=%s: a small cell is not suppressed: %+v", s.Dimension, s.Value, c)
			}
		}
	}

	// Each party: its own cases known elsewhere, by code, never by whom.
	mine := decode[LinkageResults](t, e.call(request{token: "adminA", method: "GET", path: path + "/results"},
		http.StatusOK).Body.Bytes())
	want := demo.Counts["110"] + demo.Counts["111"]
	if mine.View != "party" || len(mine.Shared) != want || len(mine.Overall) != 0 || mine.Shared[0].CaseID == nil {
		t.Fatalf("A's results: %+v", mine)
	}
	for _, s := range mine.Shared {
		if s.OtherOrgs < 1 || s.OtherOrgs > 2 || !strings.HasPrefix(s.Code, "NER-") {
			t.Errorf("A's shared case %+v", s)
		}
	}
	theirs := decode[LinkageResults](t, e.call(request{token: "adminC", method: "GET", path: path + "/results"},
		http.StatusOK).Body.Bytes())
	if n := demo.Counts["011"] + demo.Counts["111"]; len(theirs.Shared) != n ||
		!strings.HasPrefix(theirs.Shared[0].Code, "sm-") || theirs.Shared[0].CaseID != nil {
		t.Fatalf("C's results: %+v", theirs)
	}

	// An answered run takes no more answers.
	w = e.call(request{token: "adminA", method: "POST", path: path + "/decline", header: en}, http.StatusConflict)
	wantField(t, w.Body.String(), "run.status", linkrun.RuleState, "")

	// The secret is nowhere: not in the database, not in the log.
	e.noSecret(linkSecret)
	audit := e.call(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?action=linkage.&limit=200"}, http.StatusOK).Body.String()
	for _, action := range []string{"linkage.invite", "linkage.encode", "linkage.approve", "linkage.view_membership"} {
		if !strings.Contains(audit, action) {
			t.Errorf("A's audit trail lacks %s", action)
		}
	}
}

// noSecret fails if secret, in any of the forms a client may send it,
// is in the database files or in the log.
func (e *linkEnv) noSecret(secret []byte) {
	e.t.Helper()
	forms := [][]byte{secret, []byte(base64.StdEncoding.EncodeToString(secret)), []byte(hex.EncodeToString(secret)),
		[]byte(base64.RawURLEncoding.EncodeToString(secret))}
	files, _ := filepath.Glob(e.dbPath + "*")
	if len(files) == 0 {
		e.t.Fatal("no database file")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, s := range forms {
			if bytes.Contains(b, s) {
				e.t.Errorf("%s holds the secret", filepath.Base(f))
			}
		}
	}
	for _, s := range forms {
		if bytes.Contains(e.log.Bytes(), s) {
			e.t.Errorf("the log holds the secret")
		}
	}
}

// wantField checks that a problem names location with rule and, if msg is
// not "", that message.
func wantField(t *testing.T, body, location, rule, msg string) {
	t.Helper()
	p := decode[Problem](t, []byte(body))
	for _, f := range p.Errors {
		if f.Location == location && f.Rule == rule && (msg == "" || f.Message == msg) {
			return
		}
	}
	t.Errorf("problem lacks %s/%s %q: %s", location, rule, msg, body)
}

// TestLinkageFlowFrench: a run in French, without membership shared: the
// messages, the estimates' words and the refusal to show membership.
func TestLinkageFlowFrench(t *testing.T) {
	e := newLinkEnv(t)
	fr := map[string]string{"Accept-Language": "fr"}
	run := e.propose("Corridor Niamey–Lyon", false, "{orgA}", "{orgB}")
	path := "/linkage/runs/" + run.ID.String()
	raw := base64.RawURLEncoding.EncodeToString(linkSecret)
	// Only the cases of forced labour: fewer than the minimum.
	w := e.call(request{token: "adminA", method: "POST", path: path + "/approve", header: fr,
		body: `{"secret":"` + raw + `","filter_exploitation":"ForcedLabour"}`}, http.StatusUnprocessableEntity)
	wantField(t, w.Body.String(), "run.cases", linkrun.RuleBelowMinimum,
		"Dossiers : seuls 15 peuvent être encodés, moins que le minimum de 20 de cet appariement")
	e.call(request{token: "adminA", method: "POST", path: path + "/approve", header: fr,
		body: `{"secret":"` + raw + `"}`}, http.StatusOK)
	// Another secret: refused in French, naming the field.
	w = e.call(request{token: "adminB", method: "POST", path: path + "/approve", header: fr,
		body: `{"secret":"une autre phrase secrète, tapée par erreur en 2026","secret_encoding":"text"}`},
		http.StatusUnprocessableEntity)
	wantField(t, w.Body.String(), "body.secret", linkrun.RuleSecretMismatch,
		"Secret partagé : diffère de celui d'une organisation qui a déjà approuvé : vérifiez-le avec elle")
	e.call(request{token: "adminB", method: "POST", path: path + "/approve", header: fr,
		body: `{"secret":"` + hex.EncodeToString(linkSecret) + `","secret_encoding":"hex"}`}, http.StatusOK)
	e.call(request{token: "coord", method: "POST", path: path + "/match", header: fr}, http.StatusOK)

	res := decode[LinkageResults](t, e.call(request{token: "coord", method: "GET", path: path + "/results", header: fr},
		http.StatusOK).Body.Bytes())
	if len(res.Estimates) == 0 || res.Estimates[0].NotEnough || len(res.Estimates[0].Caveats) == 0 {
		t.Fatalf("estimates: %+v", res.Estimates)
	}
	enRes := decode[LinkageResults](t, e.call(request{token: "coord", method: "GET", path: path + "/results",
		header: map[string]string{"Accept-Language": "en"}}, http.StatusOK).Body.Bytes())
	if res.Estimates[0].Caveats[0] == enRes.Estimates[0].Caveats[0] || res.Estimates[0].Model == enRes.Estimates[0].Model {
		t.Errorf("the estimate reads the same in French and English: %q", res.Estimates[0].Caveats[0])
	}
	// Membership was not agreed: a party gets the reason, in French.
	w = e.call(request{token: "adminA", method: "GET", path: path + "/results", header: fr}, http.StatusConflict)
	p := decode[Problem](t, w.Body.Bytes())
	if !strings.Contains(p.Detail, "n'ont pas accepté") {
		t.Errorf("detail %q", p.Detail)
	}
	wantField(t, w.Body.String(), "run.share_membership", linkrun.RuleNotShared, "")
	// The refused approvals left a trace in A's and B's trails.
	for _, who := range []string{"adminA", "adminB"} {
		org := map[string]string{"adminA": "{orgA}", "adminB": "{orgB}"}[who]
		trail := e.call(request{token: who, method: "GET", path: "/organisations/" + org + "/audit?action=linkage.refuse"},
			http.StatusOK).Body.String()
		if !strings.Contains(trail, "linkage.refuse") {
			t.Errorf("%s's trail lacks the refused approval: %s", who, trail)
		}
	}
	// An analyst of a party sees nothing of the run.
	e.call(request{token: "analystA", method: "GET", path: path + "/results"}, http.StatusNotFound)
	e.noSecret(linkSecret)
}
