package linkage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

func TestMatchTwoParties(t *testing.T) {
	a, b := encodeAB(t, settingsFor(t, colsA), testSecret(7))
	for _, k := range kernel.Available() {
		for _, mode := range []string{BlockNone, BlockLSH} {
			res, err := Match([]*Encodings{a, b}, MatchOptions{Kernel: k, Blocking: mode})
			if err != nil {
				t.Fatal(err)
			}
			got := pairsOf(res, a, b)
			want := "A-001=B-17 A-002=B-18 A-004=B-20"
			if got != want {
				t.Errorf("%s/%s: pairs %q, want %q", k.Name(), mode, got, want)
			}
			if len(res.Groups) != len(a.IDs)+len(b.IDs)-3 {
				t.Errorf("%s/%s: %d groups, want every record once", k.Name(), mode, len(res.Groups))
			}
		}
	}
}

func pairsOf(res *Result, a, b *Encodings) string {
	var out []string
	for _, g := range res.Groups {
		if len(g) == 2 {
			out = append(out, a.IDs[g[0].Record]+"="+b.IDs[g[1].Record])
		}
	}
	return strings.Join(out, " ")
}

func TestMatchRefusals(t *testing.T) {
	a, b := encodeAB(t, settingsFor(t, colsA), testSecret(7))
	if _, err := Match([]*Encodings{a}, MatchOptions{}); errID(err) != "match.parties" {
		t.Errorf("one party: %v", err)
	}
	if _, err := Match([]*Encodings{a, b}, MatchOptions{Threshold: 1.5}); errID(err) != "match.threshold" {
		t.Errorf("threshold 1.5: %v", err)
	}
	if _, err := Match([]*Encodings{a, b}, MatchOptions{Blocking: "magic"}); errID(err) != "match.blocking" {
		t.Errorf("blocking magic: %v", err)
	}
}

// threeParties makes three parties of invented people where person p appears
// in the parties whose bit is set in presence[p], with small typos.
func threeParties(t *testing.T) []*Encodings {
	people := [][5]string{
		{"Amina", "Bello", "1990-02-11", "F", "Kano"},
		{"Kossi", "Mensah", "1985-05-30", "M", "Lomé"},
		{"Nadia", "Petrova", "1997-08-19", "F", "Sofia"},
		{"Yaw", "Boateng", "2000-12-25", "M", "Kumasi"},
		{"Halima", "Souley", "1993-04-04", "F", "Tahoua"},
		{"Marie", "Lefèvre", "1988-10-10", "F", "Lyon"},
	}
	presence := []int{0b111, 0b011, 0b101, 0b001, 0b110, 0b100}
	typo := func(s string, party int) string {
		if party == 1 && len(s) > 4 {
			return s[:2] + s[3:] // drop a letter
		}
		if party == 2 {
			return strings.ToUpper(s)
		}
		return s
	}
	s := settingsFor(t, [5]string{"g", "s", "d", "x", "p"})
	var encs []*Encodings
	for party := 0; party < 3; party++ {
		var b strings.Builder
		b.WriteString("id,g,s,d,x,p\n")
		for i, p := range people {
			if presence[i]&(1<<party) != 0 {
				b.WriteString(strings.Join([]string{"P" + itoa(party) + "-" + itoa(i), typo(p[0], party), typo(p[1], party), p[2], p[3], p[4]}, ",") + "\n")
			}
		}
		encs = append(encs, encodeString(t, b.String(), "id", s, testSecret(3), "org"+itoa(party+1)))
	}
	return encs
}

func TestMatchManyPartiesAndOverlapCounts(t *testing.T) {
	encs := threeParties(t)
	res, err := Match(encs, MatchOptions{Threshold: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Groups {
		seen := map[int]bool{}
		person := ""
		for _, m := range g {
			if seen[m.Party] {
				t.Fatalf("group %v holds two records of party %d", g, m.Party)
			}
			seen[m.Party] = true
			id := encs[m.Party].IDs[m.Record]
			p := id[strings.Index(id, "-")+1:]
			if person != "" && p != person {
				t.Fatalf("group %v mixes people", g)
			}
			person = p
		}
	}
	counts := OverlapCounts(res.Groups, 3)
	// Patterns are written party 1 first: person 0 in all three, person 1 in
	// org1+org2, person 2 in org1+org3, person 3 in org1, 4 in org2+org3, 5 in org3.
	want := map[Pattern]int{"111": 1, "110": 1, "101": 1, "100": 1, "011": 1, "001": 1}
	if len(counts) != len(want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
	for p, n := range want {
		if counts[p] != n {
			t.Errorf("pattern %s: %d, want %d (all: %v)", p, counts[p], n, counts)
		}
	}
	var buf bytes.Buffer
	if err := WriteCounts(&buf, counts, []string{"org1", "org2", "org3"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "org1,org2,org3,count" || lines[1] != "1,1,1,1" || len(lines) != 7 {
		t.Errorf("counts CSV:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteGroups(&buf, res, encs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "group,party,record_id\n1,org1,P0-0\n1,org2,P1-0\n1,org3,P2-0\n") {
		t.Errorf("groups CSV:\n%s", buf.String())
	}
}

func TestOverlapCountsIgnoresEmptyPattern(t *testing.T) {
	got := OverlapCounts([]Group{{{0, 1}, {1, 4}}, {{1, 2}}, {}}, 2)
	if len(got) != 2 || got["11"] != 1 || got["01"] != 1 {
		t.Fatalf("got %v", got)
	}
}

func TestPartyLabel(t *testing.T) {
	a := &Encodings{Header: Header{Party: "ngo"}}
	b := &Encodings{Header: Header{Party: "police"}}
	c := &Encodings{Header: Header{Party: "ngo"}}
	if PartyLabel([]*Encodings{a, b}, 1) != "police" {
		t.Error("distinct names not used")
	}
	if PartyLabel([]*Encodings{a, b, c}, 2) != "3" {
		t.Error("repeated names must fall back to positions")
	}
}

func TestGreedySolveIsOneToOne(t *testing.T) {
	// Record 0 of party 0 is close to records 0 and 1 of party 1: only the
	// better pair is kept, and record 1 of party 0 takes the other.
	encs := []*Encodings{{IDs: []string{"a0", "a1"}}, {IDs: []string{"b0", "b1"}}}
	cands := []candidate{
		{a: Member{0, 0}, b: Member{1, 1}, count: 9, pop: 20},
		{a: Member{0, 0}, b: Member{1, 0}, count: 8, pop: 20},
		{a: Member{0, 1}, b: Member{1, 1}, count: 8, pop: 20},
		{a: Member{0, 1}, b: Member{1, 0}, count: 7, pop: 20},
	}
	sortCandidates(cands)
	groups := greedySolve(encs, cands)
	if len(groups) != 2 || groups[0][1] != (Member{1, 1}) || groups[1][1] != (Member{1, 0}) {
		t.Fatalf("groups %v", groups)
	}
}

// TestTopKInEveryBlockingMode: a record with several candidates above the
// threshold in another party keeps at most TopK of them, with blocking as
// without, so memory stays bounded the same way.
func TestTopKInEveryBlockingMode(t *testing.T) {
	s := settingsFor(t, colsA)
	a := encodeString(t, "case_id,first,last,born,sex,town\nA-1,Chiamaka,Eze,1999-01-30,F,Benin City\n", "case_id", s, testSecret(7), "ngo")
	b := encodeString(t, "case_id,first,last,born,sex,town\n"+
		"B-1,Chiamaka,Eze,1999-01-30,F,Benin City\nB-2,Chiamaka,Eze,1999-01-30,F,Benin\n"+
		"B-3,Chiamaka,Eze,1999-01-31,F,Benin City\nB-4,Chiamaka,Ezeh,1999-01-30,F,Benin City\n", "case_id", s, testSecret(7), "police")
	for _, mode := range []string{BlockNone, BlockLSH} {
		for _, c := range []struct{ topK, want int }{{-1, 4}, {1, 1}, {2, 2}} {
			res, err := Match([]*Encodings{a, b}, MatchOptions{Blocking: mode, TopK: c.topK,
				LSH: LSHParams{MinBlock: 1, MaxBlock: 100}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Candidates != c.want || pairsOf(res, a, b) != "A-1=B-1" {
				t.Errorf("%s, TopK %d: %d candidates, want %d; pairs %q", mode, c.topK, res.Candidates, c.want, pairsOf(res, a, b))
			}
		}
	}
}
