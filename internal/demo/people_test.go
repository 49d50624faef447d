package demo_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestSampleNetworkLinks encodes the sample network in memory as the three
// deployments would and checks that matching finds the true overlap counts,
// and that different secrets are refused.
func TestSampleNetworkLinks(t *testing.T) {
	settings, err := linkrun.Settings()
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := linkage.NewSecret(32)
	r := linkrun.Run{From: "2024-01-01", To: "2025-12-31", MinSize: linkrun.FloorMinSize}
	now := time.Now()
	var encs []*linkage.Encodings
	var ids [][]string
	var strata [][]linkrun.Stratum
	for org, cases := range demo.Network() {
		enc, err := linkage.NewEncoder(settings, secret)
		if err != nil {
			t.Fatal(err)
		}
		key := []byte(fmt.Sprintf("party-%d-key-for-this-run-only!!", org))
		var pid []string
		var vals [][]string
		var st []linkrun.Stratum
		for _, sc := range cases {
			c := sc.Case
			c.ID, c.CreatedAt = uuid.New(), now
			var consents []casework.Consent
			if sc.Consent {
				consents = []casework.Consent{{Purpose: "statistics", GivenAt: now.Add(-time.Hour)}}
			}
			if !linkrun.Eligible(c, consents, &r, linkrun.Filter{}, now) {
				continue
			}
			pid = append(pid, linkrun.Pseudonym(key, c.ID))
			vals = append(vals, linkrun.RecordValues(c))
			st = append(st, linkrun.StratumOf(c))
		}
		e, err := linkage.EncodeRecords(enc, "", pid, vals, nil)
		if err != nil {
			t.Fatal(err)
		}
		encs, ids, strata = append(encs, e), append(ids, pid), append(strata, st)
	}
	res, err := linkage.Match(encs, linkage.MatchOptions{Threshold: linkrun.Threshold})
	if err != nil {
		t.Fatal(err)
	}
	got := linkrun.Summarise(res, ids, strata)
	for p, n := range demo.Counts {
		if got.Overall[p] != n {
			t.Errorf("pattern %s: %d, want %d", p, got.Overall[p], n)
		}
	}
	if got.Overall.Total() != linkrun.Counts(demo.Counts).Total() {
		t.Errorf("total %d, want %d (%v)", got.Overall.Total(), linkrun.Counts(demo.Counts).Total(), got.Overall)
	}

	other, _ := linkage.NewSecret(32)
	enc, _ := linkage.NewEncoder(settings, other)
	alien, err := linkage.EncodeRecords(enc, "", []string{"x"}, [][]string{linkrun.RecordValues(demo.Person(1, 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := linkage.Compatible([]*linkage.Encodings{encs[0], alien}, []string{"A", "B"}); err == nil {
		t.Error("encodings under different secrets accepted")
	}
}
