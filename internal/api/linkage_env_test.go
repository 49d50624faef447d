package api

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// linkEnv is env with the sample network (demo.Network): party 1's
// cases in A, party 2's in B, and party 3's encoded as another deployment
// would (clk) for C, a shelter whose cases live elsewhere. A ministry M has
// the coordinator; A has a coordinator too (another organisation's, for the
// cross-organisation checks). The handler logs into log. newLinkEnv seeds
// the cases; bareLinkEnv leaves them out, for tests refused before any
// case is read (every table is compared before and after each of their
// requests, so fewer rows keep them quick).
type linkEnv struct {
	*env
	orgC, orgM account.Organisation
	log        *bytes.Buffer
}

// linkSecret is the secret the parties agreed on (invented, 40 bytes).
var linkSecret = []byte("Passerelle corridor Kano-Niamey-Lyon 26!")

func newLinkEnv(t *testing.T) *linkEnv {
	t.Helper()
	e := bareLinkEnv(t)
	e.seed()
	return e
}

func bareLinkEnv(t *testing.T) *linkEnv {
	t.Helper()
	e := &linkEnv{env: newEnv(t), log: &bytes.Buffer{}}
	e.h = New(Deps{DB: e.db, Version: "test", Logger: slog.New(slog.NewTextHandler(e.log, nil))})
	e.orgC = account.Organisation{Name: "Foyer Sainte-Marthe", Type: account.Shelter, Country: "FRA", City: "Paris"}
	e.orgM = account.Organisation{Name: "Ministère de la Justice, Niamey", Type: account.CentralGovernmentOrganisation,
		Country: "NER", City: "Niamey"}
	world.Orgs(t, e.db, &e.orgC, &e.orgM)
	e.addUser("adminC", "ioana.lungu@sainte-marthe.example", "Ioana Lungu", e.orgC.ID, auth.OrgAdmin)
	e.addUser("coord", "salifou.adamou@justice-niamey.example", "Salifou Adamou", e.orgM.ID, auth.Coordinator)
	e.addUser("coordA", "hadiza.moussa@espoir-niamey.example", "Hadiza Moussa", e.orgA.ID, auth.Coordinator)
	e.addUser("analystA", "boubacar.sani@espoir-niamey.example", "Boubacar Sani", e.orgA.ID, auth.Analyst)
	return e
}

// seed adds the sample network's cases of parties 1 and 2, with their
// consents to statistics, to A and B.
func (e *linkEnv) seed() {
	t := e.t
	sample := demo.Network()
	for party, worker := range []string{"caseA", "caseB"} {
		ctx := e.actorCtx(worker, []account.Organisation{e.orgA, e.orgB}[party].ID)
		for _, sc := range sample[party] {
			c := sc.Case
			if err := e.db.CreateCase(ctx, &c); err != nil {
				t.Fatal(err)
			}
			if sc.Consent {
				if err := e.db.AddConsent(ctx, &casework.Consent{CaseID: c.ID, Purpose: "statistics",
					GivenBy: "person", Method: "oral", GivenAt: time.Now().Add(-time.Hour)}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// clk encodes party 3's consenting sample cases with secret, as
// "passerelle link encode" would, under opaque record ids.
func (e *linkEnv) clk(secret []byte) []byte {
	e.t.Helper()
	s, err := linkrun.Settings()
	if err != nil {
		e.t.Fatal(err)
	}
	enc, err := linkage.NewEncoder(s, secret)
	if err != nil {
		e.t.Fatal(err)
	}
	var ids []string
	var vals [][]string
	for i, sc := range demo.Network()[2] {
		if sc.Consent {
			ids, vals = append(ids, fmt.Sprintf("sm-%03d", i)), append(vals, linkrun.RecordValues(sc.Case))
		}
	}
	encs, err := linkage.EncodeRecords(enc, "", ids, vals, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	var b bytes.Buffer
	if err := linkage.WriteCLK(&b, encs); err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}

// vars adds {orgC} and {orgM} to env's.
func (e *linkEnv) vars(s string) string {
	return strings.NewReplacer("{orgC}", e.orgC.ID.String(), "{orgM}", e.orgM.ID.String()).Replace(e.env.vars(s))
}

// call does r (with {orgC}, {orgM} filled) and checks the status.
func (e *linkEnv) call(r request, status int) *httptest.ResponseRecorder {
	e.t.Helper()
	r.path, r.body = e.vars(r.path), e.vars(r.body)
	w := e.do(r)
	if w.Code != status {
		e.t.Fatalf("%s %s as %s: status %d, want %d: %s", r.method, r.path, r.token, w.Code, status, w.Body)
	}
	return w
}

// upload sends data as the encodings of run id.
func (e *linkEnv) upload(token, id string, data []byte, contentType string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, Prefix+"/linkage/runs/"+id+"/encodings", bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+e.tokens[token])
	req.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// propose proposes a run over 2024-2025 as the coordinator and returns it.
func (e *linkEnv) propose(name string, share bool, orgs ...string) LinkageRun {
	e.t.Helper()
	body := fmt.Sprintf(`{"name":%q,"period_from":"2024-01-01","period_to":"2025-12-31","min_size":20,`+
		`"share_membership":%t,"parties":["%s"]}`, name, share, strings.Join(orgs, `","`))
	w := e.call(request{token: "coord", method: http.MethodPost, path: "/linkage/runs", body: body}, http.StatusCreated)
	return decode[LinkageRun](e.t.(*testing.T), w.Body.Bytes())
}
