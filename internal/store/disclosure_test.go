package store

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// people of an invented dataset, as counts by sex and age and by sex and
// citizenship: the two tables share the sex margin.
var (
	bySexAge = disclosure.Table{Vars: []string{"sex", "age"}, Cells: []disclosure.Cell{
		{Values: []string{"f", "0-17"}, Count: 14}, {Values: []string{"f", "18+"}, Count: 40},
		{Values: []string{"m", "0-17"}, Count: 3}, {Values: []string{"m", "18+"}, Count: 25},
		{Values: []string{"x", "0-17"}, Count: 12}, {Values: []string{"x", "18+"}, Count: 19},
	}}
	bySexCitizenship = disclosure.Table{Vars: []string{"sex", "citizenship"}, Cells: []disclosure.Cell{
		{Values: []string{"f", "NGA"}, Count: 30}, {Values: []string{"f", "NER"}, Count: 24},
		{Values: []string{"m", "NGA"}, Count: 20}, {Values: []string{"m", "NER"}, Count: 8},
		{Values: []string{"x", "NGA"}, Count: 15}, {Values: []string{"x", "NER"}, Count: 16},
	}}
)

func TestReleaseTableSuppression(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.as(w.adminA, w.orgA.ID, auth.Analyst)
		p := disclosure.DefaultPolicy()
		r1, err := db.ReleaseTable(ctx, "ctdc-test", "", bySexAge, p)
		must(t, err)
		if !r1.Cells[2].Suppressed || r1.Suppressed < 2 {
			t.Fatalf("first release: %+v", r1.Cells)
		}
		r2, err := db.ReleaseTable(ctx, "ctdc-test", "", bySexCitizenship, p)
		must(t, err)
		// The second table is protected against the first: what the first
		// withheld of the sex margin is not given by the second.
		for _, sex := range []string{"f", "m", "x"} {
			m1, _ := r1.Margin("sex", sex)
			m2, _ := r2.Margin("sex", sex)
			if m1.Suppressed && !m2.Suppressed {
				t.Errorf("sex=%s withheld in the first release, shown in the second", sex)
			}
		}
		// Recorded once per distinct release, withheld counts never stored.
		r1again, err := db.ReleaseTable(ctx, "ctdc-test", "", bySexAge, p)
		must(t, err)
		if r1again.Suppressed != r1.Suppressed {
			t.Errorf("same table, other pattern: %d then %d withheld", r1.Suppressed, r1again.Suppressed)
		}
		var n int
		must(t, db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM releases WHERE dataset = 'ctdc-test'`).Scan(&n))
		if n != 2 {
			t.Errorf("%d releases recorded, want 2", n)
		}
		var body string
		must(t, db.r.QueryRowContext(ctx, `SELECT released FROM releases WHERE dataset = 'ctdc-test' ORDER BY created_at LIMIT 1`).Scan(&body))
		if strings.Contains(body, `"Count":3,`) || strings.Contains(body, `"Count":3}`) {
			t.Errorf("a withheld count is stored: %s", body)
		}
		// Audited with the variables and the method, never a count.
		entries, err := db.ListAudit(w.sys, w.orgA.ID, AuditFilter{ActionPrefix: "statistics.release"})
		must(t, err)
		if len(entries) != 3 || !strings.Contains(entries[0].Detail, "vars=sex,age") || !strings.Contains(entries[0].Detail, "method=suppression") {
			t.Fatalf("audit: %+v", entries)
		}
		// A bad policy is a field error, nothing recorded.
		_, err = db.ReleaseTable(ctx, "ctdc-test", "", bySexAge, disclosure.Policy{Method: disclosure.Suppression, K: 1})
		var es valid.Errors
		if !errors.As(err, &es) || !es.Has("k", disclosure.RuleKMin) {
			t.Fatalf("k=1: %v", err)
		}
		if _, err := db.ReleaseTable(ctx, "", "", bySexAge, p); !errors.As(err, &es) || !es.Has("dataset", valid.RuleRequired) {
			t.Fatalf("no dataset: %v", err)
		}
	})
}

func TestPrivacyBudgetLedger(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		analyst := w.as(w.adminA, w.orgA.ID, auth.Analyst)
		coord := w.as(w.superA, w.orgA.ID, auth.Coordinator)
		audience := AudienceOf(w.adminA.ID)
		// Only coordinators and the platform set budgets.
		if err := db.SetPrivacyBudget(analyst, "ctdc-test", audience, 1, 1e-5); !errors.Is(err, ErrForbidden) {
			t.Fatalf("analyst set a budget: %v", err)
		}
		must(t, db.SetPrivacyBudget(coord, "ctdc-test", audience, 1, 1e-5))
		p := disclosure.Policy{Method: disclosure.Differential, Epsilon: 0.4, Delta: 4e-6}
		r1, err := db.ReleaseTable(analyst, "ctdc-test", "", bySexAge, p)
		must(t, err)
		// The same question again: the recorded answer, nothing spent.
		again, err := db.ReleaseTable(analyst, "ctdc-test", "", bySexAge, p)
		must(t, err)
		for i := range r1.Cells {
			if (r1.Cells[i].Count == nil) != (again.Cells[i].Count == nil) || r1.Cells[i].Count != nil && *r1.Cells[i].Count != *again.Cells[i].Count {
				t.Fatalf("the repeated question got fresh noise")
			}
		}
		_, err = db.ReleaseTable(analyst, "ctdc-test", "", bySexCitizenship, p)
		must(t, err)
		b, err := db.GetPrivacyBudget(analyst, "ctdc-test", "")
		must(t, err)
		if b.EpsilonSpent < 0.79 || b.EpsilonSpent > 0.81 || b.Epsilon != 1 {
			t.Fatalf("budget %+v, want 0.8 of 1 spent", b)
		}
		// A third table would spend 1.2 of 1: refused, nothing spent.
		_, err = db.ReleaseTable(analyst, "ctdc-test", "", disclosure.Table{Vars: []string{"age"}, Cells: []disclosure.Cell{
			{Values: []string{"0-17"}, Count: 29}, {Values: []string{"18+"}, Count: 84}}}, p)
		if f := fault.As(err); f == nil || f.Kind != fault.Conflict || f.Code != CodeBudgetSpent {
			t.Fatalf("over budget: %v", err)
		}
		b2, err := db.GetPrivacyBudget(coord, "ctdc-test", audience)
		must(t, err)
		if b2.EpsilonSpent != b.EpsilonSpent {
			t.Fatalf("a refused release spent: %+v", b2)
		}
		// Another audience has its own (default) budget.
		other := w.as(w.caseA, w.orgA.ID, auth.Analyst)
		if _, err := db.ReleaseTable(other, "ctdc-test", "", bySexAge, p); err != nil {
			t.Fatalf("another audience: %v", err)
		}
		// Someone else's budget is not for an analyst to read.
		if _, err := db.GetPrivacyBudget(other, "ctdc-test", audience); !errors.Is(err, ErrForbidden) {
			t.Fatalf("read another audience's budget: %v", err)
		}
	})
}

// Releases racing for the last of a budget: exactly as many pass as it
// allows, on both databases.
func TestPrivacyBudgetConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		analyst := w.as(w.adminA, w.orgA.ID, auth.Analyst)
		must(t, db.SetPrivacyBudget(w.sys, "race", AudienceOf(w.adminA.ID), 1, 1e-3))
		p := disclosure.Policy{Method: disclosure.Differential, Epsilon: 0.25, Delta: 1e-6}
		const n = 8
		errs := make(chan error, n)
		for i := range n {
			go func() {
				// Each asks another question, so none is a repeat.
				tab := disclosure.Table{Vars: []string{"v" + strconv.Itoa(i)}, Cells: []disclosure.Cell{{Values: []string{"x"}, Count: 500}}}
				_, err := db.ReleaseTable(analyst, "race", "", tab, p)
				errs <- err
			}()
		}
		ok, refused := 0, 0
		for range n {
			err := <-errs
			switch f := fault.As(err); {
			case err == nil:
				ok++
			case f != nil && f.Code == CodeBudgetSpent:
				refused++
			default:
				t.Errorf("release: %v", err)
			}
		}
		if ok != 4 || refused != 4 {
			t.Fatalf("%d released, %d refused; want 4 and 4", ok, refused)
		}
	})
}
