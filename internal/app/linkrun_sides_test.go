package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/api"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// sight is what a viewer gets of another party's details on one surface.
type sight string

const (
	hidden  sight = "run hidden"        // 404: the run does not exist for them
	blanked sight = "details blanked"   // the run, without the party's count and filter
	details sight = "details shown"     // the party's count and filter
	unclear sight = "unclear or broken" // anything else: the test fails
)

// TestCoordinatorSideOnEverySurface: who is on the coordinator's side of a
// run, and so sees another party's count and filter, is one answer on every
// surface: the store, the run page and the API agree with
// linkrun.SeesPartyDetails, and with the table written out here. A's
// coordinator proposes a run between A and B; B's administrator approves
// with a filter. A's administrator answers for A as a party and reads no
// statistics, so it sees B's details nowhere.
func TestCoordinatorSideOnEverySurface(t *testing.T) {
	w := newWorld(t)
	sys := seed.System()
	coordA := seed.As(w.usersA[auth.Coordinator].ID, w.orgA.ID, auth.Coordinator)
	adminB := auth.Actor{UserID: w.userB.ID, OrgID: w.orgB.ID, Role: auth.OrgAdmin}

	// B's cases (the sample network's second party), with their consents.
	workerB := seed.As(w.userB.ID, w.orgB.ID, auth.Caseworker)
	for _, sc := range demo.Network()[1] {
		c := sc.Case
		if err := w.db.CreateCase(workerB, &c); err != nil {
			t.Fatal(err)
		}
		if err := w.db.AddConsent(workerB, &casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person",
			Method: "oral"}); err != nil {
			t.Fatal(err)
		}
	}
	run := linkrun.Run{Name: "Lyon–Benin City", From: "2024-01-01", To: "2025-12-31", MinSize: linkrun.FloorMinSize,
		Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
	if err := w.db.ProposeLinkageRun(coordA, &run, false); err != nil {
		t.Fatal(err)
	}
	key, err := linkage.NewSecret(linkage.MinSecret)
	if err != nil {
		t.Fatal(err)
	}
	filter := linkrun.Filter{Status: string(casework.Active)}
	n, err := w.db.ApproveLinkageRun(auth.WithActor(context.Background(), adminB), run.ID,
		linkrun.Approval{Secret: []byte(linkage.FormatSecret(key)), Filter: filter})
	if err != nil || n < linkrun.FloorMinSize {
		t.Fatalf("B approves: %d cases, %v", n, err)
	}
	full, err := w.db.GetLinkageRun(sys, run.ID)
	if err != nil {
		t.Fatal(err)
	}

	type viewer struct {
		name  string
		actor auth.Actor
		user  account.User
		want  sight // of B's details, written out
	}
	viewers := []viewer{{"B's administrator", adminB, w.userB, details}}
	want := map[auth.Role]sight{auth.Caseworker: hidden, auth.Supervisor: hidden, auth.OrgAdmin: blanked,
		auth.Coordinator: details, auth.Analyst: details}
	for _, r := range auth.OrgRoles {
		viewers = append(viewers, viewer{"A's " + string(r), auth.Actor{UserID: w.usersA[r].ID, OrgID: w.orgA.ID, Role: r},
			w.usersA[r], want[r]})
	}
	tokenB := apiToken(t, w.db, adminB)
	for _, v := range viewers {
		// The rule itself.
		rule := hidden
		lv := store.LinkageViewer(v.actor)
		if ok, _ := linkrun.CanSee(lv, &full); ok {
			rule = blanked
			if ok, _ := linkrun.SeesPartyDetails(lv, &full, 1); ok {
				rule = details
			}
		}
		token := tokenB
		if v.actor.OrgID == w.orgA.ID {
			token = w.tokensA[v.actor.Role]
		}
		got := map[string]sight{
			"rule":  rule,
			"store": storeSight(w.db, v.actor, run.ID, n, filter),
			"page":  pageSight(t, w, v.user, run.ID, n),
			"API":   apiSight(t, w, token, run.ID, n, filter),
		}
		for surface, s := range got {
			if s != v.want {
				t.Errorf("%s, %s: %s, want %s", v.name, surface, s, v.want)
			}
		}
	}
}

func storeSight(db *store.DB, a auth.Actor, id uuid.UUID, n int, f linkrun.Filter) sight {
	r, err := db.GetLinkageRun(auth.WithActor(context.Background(), a), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return hidden
	case err != nil || len(r.Parties) != 2:
		return unclear
	case r.Parties[1].Count == n && r.Parties[1].Filter == f && r.Parties[1].Fingerprint != "":
		return details
	case r.Parties[1].Count == 0 && r.Parties[1].Filter == linkrun.Filter{} && r.Parties[1].Fingerprint == "":
		return blanked
	}
	return unclear
}

func pageSight(t *testing.T, w *world, u account.User, id uuid.UUID, n int) sight {
	t.Helper()
	resp, err := w.signIn(t, u).Get(w.srv.URL + "/network/runs/" + id.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return hidden
	case resp.StatusCode != http.StatusOK:
		return unclear
	case strings.Contains(page, `<td id="count-1">`+strconv.Itoa(n)+`<br><small id="filter-1"`) &&
		strings.Contains(page, `>Active</small></td>`):
		return details
	case strings.Contains(page, `<td id="count-1"></td>`) && !strings.Contains(page, `id="filter-1"`):
		return blanked
	}
	return unclear
}

func apiSight(t *testing.T, w *world, token string, id uuid.UUID, n int, f linkrun.Filter) sight {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, w.srv.URL+"/api/v1/linkage/runs/"+id.String(), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var run api.LinkageRun
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return hidden
	case resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&run) != nil || len(run.Parties) != 2:
		return unclear
	}
	p := run.Parties[1]
	switch {
	case p.Count != nil && *p.Count == n && p.FilterStatus == f.Status:
		return details
	case p.Count == nil && p.FilterStatus == "" && p.FilterExploitation == "":
		return blanked
	}
	return unclear
}

// apiToken makes a bearer token for a.
func apiToken(t *testing.T, db *store.DB, a auth.Actor) string {
	t.Helper()
	tok, _ := seed.Token(t, db, auth.WithActor(context.Background(), a), a.UserID, a.OrgID, "sides", nil)
	return tok
}
