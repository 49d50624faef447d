package disclosure

import (
	"errors"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestPolicyValidation(t *testing.T) {
	tab := Table{Vars: []string{"sex"}, Cells: []Cell{{[]string{"f"}, 20}}}
	cases := []struct {
		p           Policy
		field, rule string
	}{
		{Policy{}, "method", RuleMethod},
		{Policy{Method: Suppression}, "k", RuleKMin},
		{Policy{Method: Suppression, K: 1}, "k", RuleKMin},
		{Policy{Method: Differential, Delta: 1e-5}, "epsilon", RuleEpsilon},
		{Policy{Method: Differential, Epsilon: -1, Delta: 1e-5}, "epsilon", RuleEpsilon},
		{Policy{Method: Differential, Epsilon: 1}, "delta", RuleDelta},
		{Policy{Method: Differential, Epsilon: 1, Delta: 1}, "delta", RuleDelta},
		{Policy{Method: Differential, Epsilon: 1, Delta: 1e-5, MaxContributions: -1}, "max_contributions", RuleMaxContributions},
	}
	for _, c := range cases {
		_, err := Protect(tab, c.p)
		var es valid.Errors
		if !errors.As(err, &es) || !es.Has(c.field, c.rule) {
			t.Errorf("%+v: got %v, want %s %s", c.p, err, c.field, c.rule)
		}
		if fault.KindOf(err) != fault.Invalid {
			t.Errorf("%+v: kind %v", c.p, fault.KindOf(err))
		}
	}
	for _, p := range []Policy{DefaultPolicy(), {Method: Public}, {Method: Differential, Epsilon: 1, Delta: 1e-5}} {
		if _, err := Protect(tab, p); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}

func TestTableValidation(t *testing.T) {
	cases := []struct {
		t    Table
		rule string
	}{
		{Table{}, RuleNoVars},
		{Table{Vars: []string{"a", "a"}}, RuleDupVar},
		{Table{Vars: []string{"a"}, Cells: []Cell{{[]string{"x", "y"}, 1}}}, RuleCellWidth},
		{Table{Vars: []string{"a"}, Cells: []Cell{{[]string{"x"}, 1}, {[]string{"x"}, 2}}}, RuleDupCell},
		{Table{Vars: []string{"a"}, Cells: []Cell{{[]string{"x"}, -1}}}, RuleNegative},
	}
	for _, c := range cases {
		_, err := Protect(c.t, DefaultPolicy())
		var es valid.Errors
		if !errors.As(err, &es) || es.For("vars") == nil && es.For("cells") == nil || es[0].Rule != c.rule {
			t.Errorf("%+v: got %v, want %s", c.t, err, c.rule)
		}
	}
}

func count(r Released) int64 {
	if r.Count == nil {
		return -1
	}
	return *r.Count
}

// Zeros are never withheld for themselves; small margins are.
func TestZerosAndSmallMargins(t *testing.T) {
	tab := Table{Vars: []string{"sex", "age"}, Cells: []Cell{
		{[]string{"f", "0-17"}, 0}, {[]string{"f", "18+"}, 30},
		{[]string{"m", "0-17"}, 3}, {[]string{"m", "18+"}, 2},
		{[]string{"x", "0-17"}, 20}, {[]string{"x", "18+"}, 25},
	}}
	r, err := Protect(tab, Policy{Method: Suppression, K: 11})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := r.Margin("sex", "m"); !m.Suppressed || m.Count != nil {
		t.Errorf("margin m = 5 released: %+v", m)
	}
	if !r.Cells[2].Suppressed || !r.Cells[3].Suppressed {
		t.Errorf("small cells released: %+v", r.Cells)
	}
	if r.Total.Suppressed || *r.Total.Count != 80 {
		t.Errorf("total: %+v", r.Total)
	}
	noSmallCells(t, r, 11)
	attack(t, &tab, r)

	big := Table{Vars: []string{"sex", "age"}, Cells: []Cell{
		{[]string{"f", "0-17"}, 0}, {[]string{"f", "18+"}, 30},
		{[]string{"m", "0-17"}, 12}, {[]string{"m", "18+"}, 40},
	}}
	r, err = Protect(big, DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if r.Suppressed != 0 || count(r.Cells[0]) != 0 {
		t.Errorf("a zero among large counts withheld: %+v", r.Cells)
	}
}

// A table of fewer than k people is hidden whole.
func TestTinyTable(t *testing.T) {
	tab := Table{Vars: []string{"sex"}, Cells: []Cell{{[]string{"f"}, 4}, {[]string{"m"}, 3}}}
	r, err := Protect(tab, DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if r.Suppressed != 2 || !r.Total.Suppressed {
		t.Fatalf("%+v", r)
	}
	for i, m := range r.Margins {
		if m.Count != nil || m.Var != "sex" || m.Value != tab.Cells[i].Values[0] {
			t.Errorf("one-way margin %d: %+v", i, m)
		}
	}
}

func TestPublicReleasesAll(t *testing.T) {
	tab := Table{Vars: []string{"sex"}, Cells: []Cell{{[]string{"f"}, 1}, {[]string{"m"}, 2}}}
	r, err := Protect(tab, Policy{Method: Public, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if r.Suppressed != 0 || count(r.Cells[0]) != 1 || *r.Total.Count != 3 || r.Policy.K != 0 {
		t.Fatalf("%+v", r)
	}
	if id, _ := r.Message(); id != "disclosure.note.public" {
		t.Errorf("note %s", id)
	}
}

// Every rule and note has words in both languages.
func TestCatalogue(t *testing.T) {
	ids := []string{"disclosure.note.suppression", "disclosure.note.differential", "disclosure.note.public", CodeCannotProtect}
	for _, r := range Rules {
		ids = append(ids, "error."+r)
	}
	for _, lang := range []string{"en", "fr"} {
		for _, id := range ids {
			if !i18n.Has(lang, id) {
				t.Errorf("%s: no %s", lang, id)
			}
		}
	}
	r, _ := Protect(Table{Vars: []string{"a"}, Cells: []Cell{{[]string{"x"}, 3}}}, DefaultPolicy())
	if got := i18n.Text("fr", r); got == "" || got == "disclosure.note.suppression" {
		t.Errorf("note in French: %q", got)
	}
}

// Audit agrees with the intruder of the tests: it finds the cell that
// primary suppression alone gives away, and nothing in a protected table.
func TestAudit(t *testing.T) {
	tab := Table{Vars: []string{"sex", "list"}, Cells: []Cell{
		{[]string{"f", "a"}, 6}, {[]string{"f", "b"}, 6}, {[]string{"f", "ab"}, 4},
		{[]string{"m", "a"}, 20}, {[]string{"m", "b"}, 30}, {[]string{"m", "ab"}, 12},
	}}
	r := publicRelease(tab, Policy{Method: Suppression, K: 5})
	r.Cells[2].Count, r.Cells[2].Suppressed = nil, true
	if n, err := Audit(r); err != nil || n != 1 {
		t.Fatalf("primary only: %d pinned, %v", n, err)
	}
	safe, err := Protect(tab, Policy{Method: Suppression, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := Audit(safe); err != nil || n != 0 {
		t.Fatalf("protected: %d pinned, %v", n, err)
	}
}
