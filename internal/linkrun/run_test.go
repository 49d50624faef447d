package linkrun

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/estimate"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func newRun(parties ...uuid.UUID) Run {
	r := Run{Name: "Corridor Lagos–Niamey–Paris 2025", From: "2025-01-01", To: "2025-12-31", Status: Proposed,
		ProposedBy: uuid.New()}
	for _, p := range parties {
		r.Parties = append(r.Parties, Party{OrgID: p, State: Pending})
	}
	return r
}

func TestValidate(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	r := newRun(a, b)
	if es := r.Validate(); len(es) > 0 || r.MinSize != DefaultMinSize {
		t.Fatalf("valid run refused: %v (min %d)", es, r.MinSize)
	}
	bad := newRun(a, a)
	bad.MinSize, bad.To, bad.Name = 10, "2024-01-01", ""
	es := bad.Validate()
	for _, want := range [][2]string{{"parties", RuleMinParties}, {"min_size", RuleMinSize}, {"period_to", RuleDateOrder}, {"name", "required"}} {
		if !es.Has(want[0], want[1]) {
			t.Errorf("missing %v in %v", want, es)
		}
	}
	one := newRun(a)
	if es := one.Validate(); !es.Has("parties", RuleMinParties) {
		t.Errorf("one party accepted: %v", es)
	}
}

func TestStateMachine(t *testing.T) {
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	now := time.Now()
	r := newRun(a, b, c)
	r.Validate()
	if e := r.ReadyToMatch(); e == nil || e.Rule != RuleState {
		t.Fatalf("unapproved run ready: %v", e)
	}
	if e := r.Approve(a, "fp1", 49, a, now); e == nil || e.Rule != RuleBelowMinimum {
		t.Fatalf("below minimum accepted: %v", e)
	}
	if e := r.Approve(a, "fp1", 60, a, now); e != nil {
		t.Fatal(e)
	}
	if e := r.Approve(a, "fp1", 60, a, now); e == nil || e.Rule != RuleState {
		t.Fatalf("second answer accepted: %v", e)
	}
	if e := r.Approve(b, "fp2", 60, b, now); e == nil || e.Rule != RuleSecretMismatch {
		t.Fatalf("other secret accepted: %v", e)
	}
	if e := r.Approve(uuid.New(), "fp1", 60, b, now); e == nil || e.Rule != RuleState {
		t.Fatalf("outsider accepted: %v", e)
	}
	if e := r.Approve(b, "fp1", 70, b, now); e != nil {
		t.Fatal(e)
	}
	if r.AllApproved() {
		t.Fatal("all approved with one pending")
	}
	if e := r.Approve(c, "fp1", 80, c, now); e != nil {
		t.Fatal(e)
	}
	if e := r.ReadyToMatch(); e != nil {
		t.Fatalf("ready run refused: %v", e)
	}
	// Counts tampered below the minimum are refused at match time too.
	r.Parties[2].Count = 5
	if e := r.ReadyToMatch(); e == nil || e.Rule != RuleBelowMinimum {
		t.Fatalf("small party matched: %v", e)
	}

	d := newRun(a, b)
	d.Validate()
	if e := d.Decline(b, b, now); e != nil || d.Status != Declined {
		t.Fatalf("decline: %v %s", e, d.Status)
	}
	if e := d.Approve(a, "fp", 90, a, now); e == nil || e.Rule != RuleState {
		t.Fatalf("approval of a declined run: %v", e)
	}
}

func TestCheckRate(t *testing.T) {
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	r := newRun(a, b)
	var recent []Run
	for i := range DefaultDaily - 1 {
		o := newRun(a, c)
		o.ProposedBy, o.CreatedAt = r.ProposedBy, now.Add(-time.Duration(i+1)*time.Hour)
		recent = append(recent, o)
	}
	if e := CheckRate(&r, recent, 0, false, now); e != nil {
		t.Fatalf("under the limit refused: %v", e)
	}
	same := newRun(b, a)
	e := CheckRate(&r, append(recent, same), 0, false, now)
	if f := fault.As(e); f == nil || f.Kind != fault.Invalid || f.Code != RuleRepeat {
		t.Fatalf("repeat accepted or of the wrong kind: %v", e)
	}
	if e := CheckRate(&r, []Run{same}, 0, true, now); e != nil {
		t.Fatalf("forced repeat refused: %v", e)
	}
	mine := newRun(a, c)
	mine.ProposedBy, mine.CreatedAt = r.ProposedBy, now.Add(-20*time.Hour)
	e = CheckRate(&r, append(recent, mine), 0, true, now)
	f := fault.As(e)
	if f == nil || f.Kind != fault.RateLimited || f.Code != RuleRateLimit || f.RetryAfter != 4*time.Hour {
		t.Fatalf("sixth run: %v (retry after %v), want rate limited for 4h", e, f.RetryAfter)
	}
	// The field error stays inside for the pages and the API.
	var es valid.Errors
	if !errors.As(e, &es) || es[0].Field != "name" || es[0].Params["Max"] != DefaultDaily {
		t.Fatalf("no field error inside: %v", es)
	}
}

// TestRefusalKinds: each rule of a refused step has one kind, whichever
// surface asked.
func TestRefusalKinds(t *testing.T) {
	want := map[string]fault.Kind{RuleState: fault.Conflict, RuleNotShared: fault.Conflict,
		RuleRateLimit: fault.RateLimited, RuleBelowMinimum: fault.Invalid, RuleSecretMismatch: fault.Invalid,
		RuleSecretShort: fault.Invalid}
	for rule, k := range want {
		if got := fault.KindOf(Refusal(valid.New("run", rule, nil))); got != k {
			t.Errorf("%s: %v, want %v", rule, got, k)
		}
	}
}

func TestSummariseAndSuppression(t *testing.T) {
	res := &linkage.Result{Parties: 3, Groups: []linkage.Group{
		{{Party: 0, Record: 0}, {Party: 1, Record: 0}, {Party: 2, Record: 0}},
		{{Party: 0, Record: 1}, {Party: 2, Record: 1}},
		{{Party: 1, Record: 1}},
		{{Party: 0, Record: 2}},
	}}
	ids := [][]string{{"a0", "a1", "a2"}, {"b0", "b1"}, {"c0", "c1"}}
	st := func(g, y string) Stratum { return Stratum{Year: y, Gender: g, Exploitation: []string{"ForcedLabour"}} }
	strata := [][]Stratum{{st("Feminine", "2025"), st("Masculine", "2024"), st("Feminine", "2025")},
		{st("Masculine", "2025"), st("Feminine", "2025")}, {st("Feminine", "2025"), st("Masculine", "2024")}}
	r := Summarise(res, ids, strata)
	want := Counts{"111": 1, "101": 1, "010": 1, "100": 1}
	for p, n := range want {
		if r.Overall[p] != n {
			t.Errorf("pattern %s: %d, want %d", p, r.Overall[p], n)
		}
	}
	if r.Matched != 2 || r.Shared[0]["a0"] != 2 || r.Shared[0]["a1"] != 1 || len(r.Shared[1]) != 1 {
		t.Errorf("shared: %+v matched %d", r.Shared, r.Matched)
	}
	if r.Strata["gender"]["Feminine"]["111"] != 1 || r.Strata["year"]["2024"]["101"] != 1 {
		t.Errorf("strata: %+v", r.Strata)
	}
	if MostCommon([]string{"x", "y", "y"}) != "y" || MostCommon([]string{"x", "y"}) != "x" {
		t.Error("most common")
	}
}

func TestEstimateCounts(t *testing.T) {
	c := Counts{"100": 120, "010": 90, "001": 60, "110": 30, "101": 20, "011": 15, "111": 6}
	e := EstimateCounts([]string{"A", "B", "C"}, c)
	if e.NotEnough || e.Err != nil || e.Result == nil {
		t.Fatalf("estimate: %+v", e)
	}
	if e.Result.Estimate < float64(e.Observed) || e.Result.Interval.Lower > e.Result.Estimate {
		t.Errorf("estimate %v below observed %d", e.Result.Estimate, e.Observed)
	}
	if e := EstimateCounts([]string{"A", "B", "C"}, Counts{"100": 40}); !e.NotEnough {
		t.Error("one list estimated")
	}
	if e := EstimateCounts([]string{"A", "B"}, Counts{"10": 3, "11": 1, "01": 2}); !e.NotEnough {
		t.Error("six people estimated")
	}
	// A list with nobody is left out rather than refused.
	e = EstimateCounts([]string{"A", "B", "C"}, Counts{"100": 50, "010": 40, "110": 10})
	if e.NotEnough || e.Err != nil || len(e.Lists) != 2 {
		t.Fatalf("two of three lists: %+v", e)
	}
}

func TestEligibleAndValues(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	r := newRun(uuid.New(), uuid.New())
	c := casework.Case{Person: casework.Person{GivenName: "Fatoumata", FamilyName: "Diallo"}, Status: casework.Active,
		Exploitation: []string{"ForcedLabour"}, Events: []casework.Event{{Date: "2025-06"}}, CreatedAt: now}
	ok := []casework.Consent{{Purpose: "statistics", GivenAt: now.Add(-time.Hour)}}
	if !Eligible(c, ok, &r, Filter{}, now) {
		t.Fatal("eligible case left out")
	}
	if Eligible(c, nil, &r, Filter{}, now) {
		t.Error("case without consent encoded")
	}
	w := now.Add(-time.Minute)
	withdrawn := []casework.Consent{{Purpose: "statistics", GivenAt: now.Add(-time.Hour), WithdrawnAt: &w}}
	if Eligible(c, withdrawn, &r, Filter{}, now) {
		t.Error("withdrawn consent encoded")
	}
	if Eligible(c, ok, &r, Filter{Exploitation: "SexualExploitation"}, now) {
		t.Error("filter ignored")
	}
	c.Events[0].Date = "2024"
	if Eligible(c, ok, &r, Filter{}, now) {
		t.Error("case outside the period encoded")
	}
	swapped := c
	swapped.Person.GivenName, swapped.Person.FamilyName = "Diallo", "Fatoumata"
	if RecordValues(c)[0] != RecordValues(swapped)[0] {
		t.Error("swapped names give different full names")
	}
	if _, err := Settings(); err != nil {
		t.Fatal(err)
	}
}

func TestListNames(t *testing.T) {
	got := ListNames([]string{"Brigade, Lyon", "A: B"})
	if got[0] != "Brigade Lyon" || got[1] != "A B" {
		t.Errorf("list names %q", got)
	}
}

func TestReferenceDate(t *testing.T) {
	created := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)
	c := casework.Case{CreatedAt: created, Events: []casework.Event{{Date: "2025-06-12"}, {Date: ""}, {Date: "2025-06"},
		{Date: "2025"}, {Date: "2025-07"}}}
	if got := ReferenceDate(c); got != "2025-01-01" {
		t.Errorf("earliest partial date: %s", got)
	}
	c.Events = []casework.Event{{Date: ""}}
	if got := ReferenceDate(c); got != "2026-03-01" {
		t.Errorf("without event dates: %s", got)
	}
}

func TestExpire(t *testing.T) {
	proposed := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status Status
		after  time.Duration
		want   bool
	}{
		{Proposed, RunLifetime - time.Second, false},
		{Proposed, RunLifetime, true},
		{Matched, 2 * RunLifetime, false},
		{Declined, 2 * RunLifetime, false},
		{Expired, 2 * RunLifetime, false},
	} {
		r := newRun(uuid.New(), uuid.New())
		r.Status, r.CreatedAt = c.status, proposed
		got := r.Expire(proposed.Add(c.after))
		if got != c.want || c.want && r.Status != Expired || !c.want && r.Status != c.status {
			t.Errorf("%s after %s: expired %v, status %s", c.status, c.after, got, r.Status)
		}
	}
}

// TestEstimateText: an estimate is worded in the caller's language; a
// refusal of the estimate package comes worded too, any other failure is
// flagged for the caller to word, and too little data gives nothing.
func TestEstimateText(t *testing.T) {
	c := Counts{"100": 120, "010": 90, "001": 60, "110": 30, "101": 20, "011": 15, "111": 6}
	e := EstimateCounts([]string{"A", "B", "C"}, c)
	en, fr := e.Text("en"), e.Text("fr")
	if en.Model == "" || en.Interval == "" || en.Error != "" || en.Failed || en.Model == fr.Model {
		t.Errorf("labels: en %+v, fr %+v", en, fr)
	}
	if got := (Estimate{NotEnough: true}).Text("fr"); got.Model != "" || got.Error != "" || got.Failed {
		t.Errorf("not enough data: %+v", got)
	}
	if got := (Estimate{Err: errors.New("disk full")}).Text("en"); !got.Failed || got.Error != "" {
		t.Errorf("another failure: %+v", got)
	}
	_, err := estimate.NewTable([]string{"A"}, nil)
	if got := (Estimate{Err: err}).Text("fr"); got.Failed || got.Error == "" || got.Error == (Estimate{Err: err}).Text("en").Error {
		t.Errorf("the estimate package's refusal (%v): %+v", err, got)
	}
}

// TestProposalRun: a proposal is read the same way whichever surface wrote
// it: every error at once, a minimum given as zero refused rather than
// taken for the default.
func TestProposalRun(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	ok := Proposal{Name: "Corridor Tahoua–Agadez", From: "2025-01-01", To: "2025-12-31",
		Parties: []string{a.String(), b.String()}}
	r, es := ok.Run()
	if len(es) > 0 || r.MinSize != DefaultMinSize || len(r.Parties) != 2 || r.Parties[1].OrgID != b {
		t.Fatalf("a good proposal: %+v %v", r, es)
	}
	zero := 0
	bad := Proposal{From: "2025-13-01", To: "2025-12-31", Parties: []string{a.String(), "pas-un-id"}, MinSize: &zero}
	_, es = bad.Run()
	for _, want := range [][2]string{{"name", valid.RuleRequired}, {"period_from", RuleDate},
		{"parties", valid.RuleUUID}, {"parties", RuleMinParties}, {"min_size", RuleMinSize}} {
		if !es.Has(want[0], want[1]) {
			t.Errorf("no %s/%s in %v", want[0], want[1], es)
		}
	}
	n := 10
	_, es = Proposal{Name: "x", From: "2025-01-01", To: "2025-12-31", Parties: ok.Parties, MinSize: &n}.Run()
	if len(es) != 1 || es[0].Rule != RuleMinSize {
		t.Errorf("a minimum under the floor: %v, want one error", es)
	}
}
