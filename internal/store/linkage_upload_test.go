package store

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// clkOf encodes the sample network's cases of one party as another
// deployment would with "passerelle link encode": same fields, same secret.
func clkOf(t *testing.T, party int, secret []byte, fields []string) []byte {
	t.Helper()
	s := linkage.Settings{}
	for _, spec := range fields {
		f, err := linkage.ParseField(spec)
		must(t, err)
		s.Fields = append(s.Fields, f)
	}
	must(t, s.Validate())
	enc, err := linkage.NewEncoder(s, secret)
	must(t, err)
	var ids []string
	var vals [][]string
	for i, sc := range demo.Network()[party] {
		if sc.Consent {
			ids, vals = append(ids, fmt.Sprintf("rec-%03d", i)), append(vals, linkrun.RecordValues(sc.Case))
		}
	}
	e, err := linkage.EncodeRecords(enc, "Foyer", ids, vals, nil)
	must(t, err)
	var b bytes.Buffer
	must(t, linkage.WriteCLK(&b, e))
	return b.Bytes()
}

func TestLinkageUploadedEncodings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		secret := []byte("a shared secret agreed by telephone, 2026")
		r := &linkrun.Run{Name: "Avec un déploiement séparé", From: "2024-01-01", To: "2025-12-31", MinSize: 20,
			ShareMembership: true, Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgC.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
		// Other settings, or garbage: refused.
		_, err := db.SubmitLinkageCLK(w.asAdminC(), r.ID, clkOf(t, 2, secret, linkrun.FieldSpecs[:4]))
		wantRule(t, err, "clk", RuleCLK)
		_, err = db.SubmitLinkageCLK(w.asAdminC(), r.ID, []byte("not a clk file"))
		wantRule(t, err, "clk", RuleCLK)
		n, err := db.SubmitLinkageCLK(w.asAdminC(), r.ID, clkOf(t, 2, secret, linkrun.FieldSpecs))
		must(t, err)
		if n != 30 {
			t.Fatalf("uploaded %d records", n)
		}
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminA(), r.ID, linkrun.Approval{Secret: secret})))
		res, err := db.MatchLinkageRun(w.asCoord(), r.ID)
		must(t, err)
		if res.Overall["11"] != 5 || res.Overall["10"] != 25 || res.Overall["01"] != 25 {
			t.Errorf("counts %v", res.Overall)
		}
		shared, err := db.LinkageMembership(w.asAdminC(), r.ID)
		must(t, err)
		if len(shared) != 5 || shared[0].Code != "rec-000" {
			t.Errorf("C's shared records: %+v", shared)
		}
	})
}
