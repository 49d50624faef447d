package linkrun

import (
	"testing"

	"github.com/google/uuid"
)

// TestAccess writes out, viewer by viewer, who sees a run, who is on the
// coordinator's side and whose party details each sees. The coordinator's
// organisation is also a party, so that its administrator is the case that
// matters: a party like any other, not the coordinator's side.
func TestAccess(t *testing.T) {
	coordOrg, partyOrg, outsider := uuid.New(), uuid.New(), uuid.New()
	r := newRun(coordOrg, partyOrg)
	r.CoordinatorOrg = coordOrg
	cases := []struct {
		name       string
		v          Viewer
		sees       bool
		side       bool
		details    [2]bool // party 0 (the coordinator's organisation), party 1
		seesRuns   bool
		why, side0 Reason
	}{
		{"platform", Viewer{Platform: true}, true, true, [2]bool{true, true}, true, ReasonPlatform, ReasonPlatform},
		{"system", Viewer{Platform: true, Propose: true, Answer: true, Estimate: true}, true, true, [2]bool{true, true}, true, ReasonPlatform, ReasonPlatform},
		{"coordinator", Viewer{OrgID: coordOrg, Propose: true, Estimate: true}, true, true, [2]bool{true, true}, true, ReasonCoordinator, ReasonCoordinator},
		{"coordinator org analyst", Viewer{OrgID: coordOrg, Estimate: true}, true, true, [2]bool{true, true}, true, ReasonCoordinator, ReasonCoordinator},
		{"coordinator org administrator", Viewer{OrgID: coordOrg, Answer: true}, true, false, [2]bool{true, false}, true, ReasonParty, ReasonNotInvolved},
		{"coordinator org caseworker", Viewer{OrgID: coordOrg}, false, false, [2]bool{}, false, ReasonNotInvolved, ReasonNotInvolved},
		{"party administrator", Viewer{OrgID: partyOrg, Answer: true}, true, false, [2]bool{false, true}, true, ReasonParty, ReasonNotInvolved},
		{"party coordinator", Viewer{OrgID: partyOrg, Propose: true, Estimate: true}, false, false, [2]bool{}, true, ReasonNotInvolved, ReasonNotInvolved},
		{"outsider administrator", Viewer{OrgID: outsider, Answer: true}, false, false, [2]bool{}, true, ReasonNotInvolved, ReasonNotInvolved},
	}
	for _, c := range cases {
		if ok, why := CanSee(c.v, &r); ok != c.sees || why != c.why {
			t.Errorf("%s: CanSee %v %s, want %v %s", c.name, ok, why, c.sees, c.why)
		}
		if ok, why := CoordinatorSide(c.v, &r); ok != c.side || why != c.side0 {
			t.Errorf("%s: CoordinatorSide %v %s, want %v %s", c.name, ok, why, c.side, c.side0)
		}
		for i := range 2 {
			if ok, _ := SeesPartyDetails(c.v, &r, i); ok != c.details[i] {
				t.Errorf("%s: details of party %d %v, want %v", c.name, i, ok, c.details[i])
			}
		}
		if ok, _ := SeesRuns(c.v); ok != c.seesRuns {
			t.Errorf("%s: SeesRuns %v, want %v", c.name, ok, c.seesRuns)
		}
		if got := SeesCounts(c.v, &r); got != c.side {
			t.Errorf("%s: SeesCounts %v, want %v", c.name, got, c.side)
		}
	}
	// Redact blanks the other party's count, fingerprint and filter only.
	v := Viewer{OrgID: coordOrg, Answer: true}
	x := r
	x.Parties = []Party{{OrgID: coordOrg, Count: 60, Fingerprint: "aa", Filter: Filter{Status: "Open"}},
		{OrgID: partyOrg, Count: 70, Fingerprint: "aa", Filter: Filter{Exploitation: "ForcedLabour"}}}
	Redact(v, &x)
	if x.Parties[0].Count != 60 || x.Parties[0].Filter.Status != "Open" ||
		x.Parties[1] != (Party{OrgID: partyOrg}) {
		t.Errorf("redacted for the coordinator organisation's administrator: %+v", x.Parties)
	}
}

func TestStepPredicates(t *testing.T) {
	coordOrg, partyOrg := uuid.New(), uuid.New()
	r := newRun(coordOrg, partyOrg)
	r.CoordinatorOrg = coordOrg
	admin := Viewer{OrgID: partyOrg, Answer: true}
	if !CanAnswer(admin, &r) || CanAnswer(Viewer{OrgID: partyOrg, Propose: true}, &r) {
		t.Error("only a party's administrator answers")
	}
	r.Parties[1].State = Approved
	if CanAnswer(admin, &r) {
		t.Error("a party answers twice")
	}
	analyst, coord := Viewer{OrgID: coordOrg, Estimate: true}, Viewer{OrgID: coordOrg, Propose: true, Estimate: true}
	if CanMatch(analyst, &r) || !CanMatch(coord, &r) || CanMatch(Viewer{Platform: true}, &r) {
		t.Error("matching is for the coordinator's side with the linkage.run permission")
	}
	if !SeesEstimates(analyst, &r) || SeesEstimates(Viewer{OrgID: coordOrg, Propose: true}, &r) {
		t.Error("estimates are for the coordinator's side with the estimate permission")
	}
	if SeesMembership(admin, &r) {
		t.Error("membership without the run's agreement")
	}
	r.ShareMembership = true
	if !SeesMembership(admin, &r) || SeesMembership(coord, &r) {
		t.Error("membership is for a party's administrator")
	}
}
