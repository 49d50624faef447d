package identify

import "testing"

// TestChildRule is the child rule's one table: under 18 at the time of the
// act, or presumed a child while the age is unknown; a known age of 18 or
// more overrides the presumption.
func TestChildRule(t *testing.T) {
	for _, c := range []struct {
		name     string
		age      *int
		presumed bool
		child    bool
	}{
		{"newborn", age(0), false, true},
		{"aged 17", age(17), false, true},
		{"aged 17, presumed", age(17), true, true},
		{"aged 18", age(18), false, false},
		{"aged 18, presumed: the age overrides", age(18), true, false},
		{"aged 40, presumed: the age overrides", age(40), true, false},
		{"age unknown, presumed", nil, true, true},
		{"age unknown, not presumed", nil, false, false},
	} {
		if got := IsChild(c.age, c.presumed); got != c.child {
			t.Errorf("%s: IsChild = %v, want %v", c.name, got, c.child)
		}
		f := Facts{AgeAtRecruitment: c.age, PresumedMinor: c.presumed}
		if f.Child() != c.child {
			t.Errorf("%s: Facts.Child = %v, want %v", c.name, f.Child(), c.child)
		}
		if r := mustAssess(t, f); r.Child != c.child {
			t.Errorf("%s: Assess says child %v, want %v", c.name, r.Child, c.child)
		}
	}
}
