package web

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// TestNetworkComputedMessageIDs: ids the linkage pages build at run time
// (states, dimensions, rules and their fields) exist in both languages.
func TestLinkrunComputedMessageIDs(t *testing.T) {
	t.Parallel()
	ids := []string{"home.link.linkage", "home.link.linkage.text"}
	for _, s := range linkrun.Statuses {
		ids = append(ids, "network.status."+string(s))
	}
	for _, s := range []linkrun.PartyState{linkrun.Pending, linkrun.Approved, linkrun.Refused} {
		ids = append(ids, "network.party."+string(s))
	}
	for _, d := range linkrun.Dimensions {
		ids = append(ids, "network.dim."+d)
	}
	for _, r := range append(linkrun.Rules, store.RuleCLK) {
		ids = append(ids, "error."+r)
	}
	for _, f := range []string{"name", "parties", "period_from", "period_to", "min_size", "secret", "cases", "run", "clk"} {
		ids = append(ids, "field."+f)
	}
	for _, id := range ids {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, id) {
				t.Errorf("%s missing in %s", id, lang)
			}
		}
	}
}
