package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// linkWorld adds to the world a third organisation (a shelter in Paris) and
// a ministry whose coordinator proposes runs, then seeds the sample network's
// cases (demo.Network) with their consents.
type linkWorld struct {
	*world
	orgC, orgM     account.Organisation
	adminC, coordM account.User
	caseC          account.User
	codes          [3]map[string]int // case code -> sample index per organisation
}

func newLinkWorld(t *testing.T, db *DB) *linkWorld {
	t.Helper()
	w := &linkWorld{world: newWorld(t, db)}
	w.orgC = account.Organisation{Name: "Foyer Sainte-Marthe, Paris", Type: account.Shelter, Country: "FRA", City: "Paris"}
	w.orgM = account.Organisation{Name: "Ministère de la Justice, Niamey", Type: account.CentralGovernmentOrganisation, Country: "NER", City: "Niamey"}
	for _, o := range []*account.Organisation{&w.orgC, &w.orgM} {
		must(t, db.CreateOrganisation(w.sys, o))
	}
	mk := func(u *account.User, org uuid.UUID, role auth.Role) {
		u.PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
		must(t, db.CreateUser(w.sys, u, []account.Membership{{OrgID: org, Role: role}}))
	}
	w.adminC = account.User{Email: "ioana.lungu@sainte-marthe.example", DisplayName: "Ioana Lungu", Lang: "fr"}
	mk(&w.adminC, w.orgC.ID, auth.OrgAdmin)
	w.caseC = account.User{Email: "awa.kone@sainte-marthe.example", DisplayName: "Awa Koné", Lang: "fr"}
	mk(&w.caseC, w.orgC.ID, auth.Caseworker)
	w.coordM = account.User{Email: "salifou.adamou@justice.example", DisplayName: "Salifou Adamou", Lang: "fr"}
	mk(&w.coordM, w.orgM.ID, auth.Coordinator)
	workers := []context.Context{w.asCaseA(), w.asCaseB(), w.as(w.caseC, w.orgC.ID, auth.Caseworker)}
	for org, cases := range demo.Network() {
		w.codes[org] = map[string]int{}
		for i, sc := range cases {
			c := createCase(t, db, workers[org], sc.Case)
			w.codes[org][c.Code] = i
			if sc.Consent {
				must(t, db.AddConsent(workers[org], &casework.Consent{CaseID: c.ID, Purpose: "statistics",
					GivenBy: "person", Method: "oral"}))
			}
		}
	}
	return w
}

func (w *linkWorld) asCoord() context.Context  { return w.as(w.coordM, w.orgM.ID, auth.Coordinator) }
func (w *linkWorld) asAdminC() context.Context { return w.as(w.adminC, w.orgC.ID, auth.OrgAdmin) }

func wantRule(t *testing.T, err error, field, rule string) {
	t.Helper()
	var es valid.Errors
	if !errors.As(err, &es) || !es.Has(field, rule) {
		t.Fatalf("got %v, want %s/%s", err, field, rule)
	}
}

func TestLinkageRun(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		secret := []byte("a shared secret agreed by telephone, 2026")
		run := func(orgs ...uuid.UUID) *linkrun.Run {
			r := &linkrun.Run{Name: "Corridor Lagos–Niamey–Paris", From: "2024-01-01", To: "2025-12-31",
				ShareMembership: true, MinSize: 20}
			for _, o := range orgs {
				r.Parties = append(r.Parties, linkrun.Party{OrgID: o})
			}
			return r
		}
		// Only coordinators propose; at least two organisations.
		wantErr(t, db.ProposeLinkageRun(w.asAdminA(), run(w.orgA.ID, w.orgB.ID), false), ErrForbidden)
		wantRule(t, db.ProposeLinkageRun(w.asCoord(), run(w.orgA.ID), false), "parties", linkrun.RuleMinParties)
		r := run(w.orgA.ID, w.orgB.ID, w.orgC.ID)
		must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
		// The same parties again within a day: refused; only a platform
		// administrator may force it.
		wantRule(t, db.ProposeLinkageRun(w.asCoord(), run(w.orgC.ID, w.orgB.ID, w.orgA.ID), false), "parties", linkrun.RuleRepeat)
		wantErr(t, db.ProposeLinkageRun(w.asCoord(), run(w.orgA.ID, w.orgB.ID, w.orgC.ID), true), ErrForbidden)

		// Visibility: parties' admins see it, their caseworkers do not.
		if _, err := db.GetLinkageRun(w.asAdminB(), r.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.GetLinkageRun(w.asCaseB(), r.ID)
		wantErr(t, err, ErrNotFound)
		if list, err := db.ListLinkageRuns(w.asAdminA()); err != nil || len(list) != 1 {
			t.Fatalf("admin A's runs: %d %v", len(list), err)
		}

		// Approvals: a short secret, then the right one; consent is checked.
		_, err = db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: []byte("too short")})
		wantRule(t, err, "secret", linkrun.RuleSecretShort)
		n, err := db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: secret})
		must(t, err)
		if n != 30 { // 31 cases, one without consent to statistics
			t.Fatalf("A encoded %d cases, want 30", n)
		}
		if n, err = db.ApproveLinkageRun(w.asAdminB(), r.ID, linkrun.Approval{Secret: secret}); err != nil || n != 31 {
			t.Fatalf("B encoded %d: %v", n, err)
		}
		// Another secret than the parties that approved: refused, clearly.
		_, err = db.ApproveLinkageRun(w.asAdminC(), r.ID, linkrun.Approval{Secret: []byte("another secret typed by mistake, 2026!")})
		wantRule(t, err, "secret", linkrun.RuleSecretMismatch)
		// A's admin sees only its own count.
		seen, _ := db.GetLinkageRun(w.asAdminA(), r.ID)
		if seen.Parties[1].Count != 0 || seen.Parties[1].Fingerprint != "" || seen.Parties[0].Count != 30 {
			t.Errorf("party view not redacted: %+v", seen.Parties)
		}
		_, err = db.MatchLinkageRun(w.asCoord(), r.ID)
		wantRule(t, err, "run", linkrun.RuleState)
		if fault.KindOf(err) != fault.Conflict {
			t.Errorf("match before every answer: %v, want a conflict", err)
		}
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminC(), r.ID, linkrun.Approval{Secret: secret})))

		// Matching by the coordinator only.
		_, err = db.MatchLinkageRun(w.asAdminA(), r.ID)
		wantErr(t, err, ErrForbidden)
		res, err := db.MatchLinkageRun(w.asCoord(), r.ID)
		must(t, err)
		for p, n := range demo.Counts {
			if res.Overall[p] != n {
				t.Errorf("pattern %s: %d, want %d (%v)", p, res.Overall[p], n, res.Overall)
			}
		}
		_, got, err := db.LinkageResults(w.asCoord(), r.ID)
		must(t, err)
		if got.Overall["111"] != 5 || got.Strata["gender"] == nil {
			t.Errorf("stored results: %+v", got)
		}
		_, _, err = db.LinkageResults(w.asAdminA(), r.ID)
		wantErr(t, err, ErrForbidden)
		_, err = db.LinkageMembership(w.asCoord(), r.ID)
		wantErr(t, err, ErrForbidden)

		// Each party learns which of its own cases are known elsewhere.
		shared, err := db.LinkageMembership(w.asAdminA(), r.ID)
		must(t, err)
		if len(shared) != 10 {
			t.Fatalf("A's shared cases: %d, want 10", len(shared))
		}
		for _, s := range shared {
			i, ok := w.codes[0][s.Code]
			want := 1
			if i >= 25 {
				want = 2
			}
			if !ok || i < 20 || i > 29 || s.OtherOrgs != want {
				t.Errorf("A's case %s (person %d): %d others", s.Code, i, s.OtherOrgs)
			}
		}
		sharedB, err := db.LinkageMembership(w.asAdminB(), r.ID)
		must(t, err)
		for _, s := range sharedB {
			if _, mine := w.codes[1][s.Code]; !mine {
				t.Errorf("B was shown another organisation's case code")
			}
		}
		if len(sharedB) != 15 { // 20-29 and 45-49
			t.Errorf("B's shared cases: %d, want 15", len(sharedB))
		}

		// Neither the secret nor any name is stored with the run.
		var blob bytes.Buffer
		for _, q := range []string{`SELECT results FROM linkage_runs`,
			`SELECT fingerprint || strata || shared FROM linkage_parties`, `SELECT clk FROM linkage_parties`} {
			rows, err := db.w.Query(q)
			must(t, err)
			for rows.Next() {
				var b []byte
				must(t, rows.Scan(&b))
				blob.Write(b)
			}
			rows.Close()
		}
		low := strings.ToLower(blob.String())
		for _, word := range []string{string(secret), "osagie", "ouedraogo", "ouédraogo", "coulibaly", "fatoumata"} {
			if strings.Contains(low, word) {
				t.Errorf("linkage tables hold %q", word)
			}
		}
		if blob.Len() < 1000 {
			t.Errorf("linkage tables nearly empty (%d bytes): the check proves nothing", blob.Len())
		}

		// Every step is in the trails.
		for org, want := range map[uuid.UUID][]string{
			w.orgM.ID: {"linkage.propose", "linkage.approve", "linkage.match", "linkage.view_results"},
			w.orgA.ID: {"linkage.invite", "linkage.encode", "linkage.approve", "linkage.view_membership"},
			w.orgC.ID: {"linkage.refuse", "linkage.encode"},
		} {
			got := auditActions(t, db, org)
			for _, a := range want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, a+" ") }) {
					t.Errorf("org %s trail lacks %s: %v", org, a, got)
				}
			}
		}
		verifyAudit(t, db)
	})
}

func errOnly(_ int, err error) error { return err }

func TestLinkageRefusals(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		secret := []byte("a shared secret agreed by telephone, 2026")
		// A minimum above what a party has: the approval is refused.
		big := &linkrun.Run{Name: "Grand échantillon", From: "2024-01-01", To: "2025-12-31", MinSize: 40,
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), big, false))
		_, err := db.ApproveLinkageRun(w.asAdminA(), big.ID, linkrun.Approval{Secret: secret})
		wantRule(t, err, "cases", linkrun.RuleBelowMinimum)
		// A filter that leaves too few cases is refused the same way.
		small := &linkrun.Run{Name: "Travail forcé", From: "2024-01-01", To: "2025-12-31", MinSize: 20,
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgC.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), small, false))
		_, err = db.ApproveLinkageRun(w.asAdminA(), small.ID, linkrun.Approval{Secret: secret, Filter: linkrun.Filter{Exploitation: "ForcedLabour"}})
		wantRule(t, err, "cases", linkrun.RuleBelowMinimum)
		// Declining ends the run.
		must(t, db.DeclineLinkageRun(w.asAdminC(), small.ID))
		got, _ := db.GetLinkageRun(w.asCoord(), small.ID)
		if got.Status != linkrun.Declined {
			t.Errorf("status %s after a refusal", got.Status)
		}
		_, err = db.ApproveLinkageRun(w.asAdminA(), small.ID, linkrun.Approval{Secret: secret})
		wantRule(t, err, "run", linkrun.RuleState)
		// Another organisation's run is not found.
		_, err = db.ApproveLinkageRun(w.asAdminC(), big.ID, linkrun.Approval{Secret: secret})
		wantErr(t, err, ErrNotFound)
		// A platform administrator may force a repeat; the daily limit holds.
		forced := &linkrun.Run{Name: "Reprise", From: "2024-01-01", To: "2025-12-31",
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
		must(t, db.ProposeLinkageRun(w.asPlatform(), forced, true))
		for i := range 3 {
			r := &linkrun.Run{Name: "Essai", From: "2024-01-01", To: "2025-12-31",
				Parties: []linkrun.Party{{OrgID: w.orgB.ID}, {OrgID: w.orgC.ID}}}
			if i > 0 {
				r.Parties = append(r.Parties, linkrun.Party{OrgID: []uuid.UUID{w.orgA.ID, w.orgM.ID}[i-1]})
			}
			must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
		}
		over := &linkrun.Run{Name: "De trop", From: "2024-01-01", To: "2025-12-31",
			Parties: []linkrun.Party{{OrgID: w.orgM.ID}, {OrgID: w.orgC.ID}}}
		err = db.ProposeLinkageRun(w.asCoord(), over, false)
		wantRule(t, err, "name", linkrun.RuleRateLimit)
		// Rate limited, back when the oldest of the coordinator's runs of the
		// day leaves the window: within the next 24 hours.
		if f := fault.As(err); f == nil || f.Kind != fault.RateLimited || f.RetryAfter <= 0 ||
			f.RetryAfter > linkrun.RepeatWindow {
			t.Fatalf("over the limit: %v, want rate limited with a retry within a day", err)
		}
	})
}

// TestLinkageSecretForms: the same secret written three ways (the text a
// generated secret is shown as, hex, standard base64) is one key for the
// store, so the three parties' approvals agree; a secret that is not in the
// encoding named is refused on its field, and another organisation's run is
// not found whatever the secret.
func TestLinkageSecretForms(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		key, err := linkage.NewSecret(linkage.MinSecret)
		must(t, err)
		r := &linkrun.Run{Name: "Corridor Kano–Zinder–Lyon", From: "2024-01-01", To: "2025-12-31", MinSize: 20,
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}, {OrgID: w.orgC.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
		_, err = db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: []byte("pas de l'hexadécimal"),
			Encoding: linkage.SecretHex})
		wantRule(t, err, "secret", linkrun.RuleSecretEncoding)
		other := &linkrun.Run{Name: "Sans C", From: "2024-01-01", To: "2025-12-31", MinSize: 20,
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), other, false))
		_, err = db.ApproveLinkageRun(w.asAdminC(), other.ID, linkrun.Approval{Secret: []byte("x"), Encoding: "rot13"})
		wantErr(t, err, ErrNotFound)

		must(t, errOnly(db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: []byte(linkage.FormatSecret(key) + "\n")})))
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminB(), r.ID, linkrun.Approval{Secret: []byte(hex.EncodeToString(key)),
			Encoding: linkage.SecretHex})))
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminC(), r.ID, linkrun.Approval{Secret: []byte(base64.StdEncoding.EncodeToString(key))})))
		got, err := db.GetLinkageRun(w.asCoord(), r.ID)
		must(t, err)
		if !got.AllApproved() || got.Parties[0].Fingerprint != got.Parties[2].Fingerprint {
			t.Fatalf("three forms of one secret: %+v", got.Parties)
		}
	})
}

// TestLinkageViewerRoles: who has linkage runs at all, role by role, as
// the store builds the viewer the pages and the API use.
func TestLinkageViewerRoles(t *testing.T) {
	want := map[auth.Role]bool{auth.Caseworker: false, auth.Supervisor: false, auth.OrgAdmin: true,
		auth.Coordinator: true, auth.Analyst: true, auth.Admin: true}
	for _, r := range auth.Roles {
		if got, _ := linkrun.SeesRuns(LinkageViewer(auth.Actor{Role: r, OrgID: uuid.New()})); got != want[r] {
			t.Errorf("%s: %v, want %v", r, got, want[r])
		}
	}
	if got, _ := linkrun.SeesRuns(LinkageViewer(auth.SystemActor())); !got {
		t.Error("the system does not see linkage runs")
	}
}
