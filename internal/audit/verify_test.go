package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// logOf seals n entries over two chains and returns them in log order.
func logOf(n int) []Entry {
	orgs := []uuid.UUID{uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())}
	heads := map[uuid.UUID]*Entry{}
	var out []Entry
	for i := range n {
		org := orgs[i%2]
		e := Entry{OrgID: org, At: time.Date(2026, 12, 4, 10, 0, i, 0, time.UTC), Action: "case.read", RecordType: "case", RecordID: uuid.NewString()}
		Seal(&e, heads[org])
		out = append(out, e)
		heads[org] = &out[len(out)-1]
	}
	return out
}

func headsOf(es []Entry) map[uuid.UUID]Entry {
	h := map[uuid.UUID]Entry{}
	for _, e := range es {
		h[e.OrgID] = e
	}
	return h
}

func checkpointAt(es []Entry, size int64) SignedCheckpoint {
	var e Edge
	chains := map[uuid.UUID]ChainHead{}
	for _, x := range es[:size] {
		e.Append(LeafHash(x))
		chains[x.OrgID] = ChainHead{Seq: x.Seq, Hash: x.Hash}
	}
	return SignedCheckpoint{Checkpoint: Checkpoint{Size: size, Root: e.Root(), At: time.Now().UTC(), Chains: chains}, File: "f"}
}

func run(es []Entry, heads map[uuid.UUID]Entry, cps []SignedCheckpoint, isCopy bool) Report {
	c := NewLogCheck(cps, isCopy)
	for i, e := range es {
		c.Leaf(int64(i), e)
	}
	c.Heads(heads)
	return c.Finish()
}

func TestLogCheck(t *testing.T) {
	orig := logOf(20)
	cps := []SignedCheckpoint{checkpointAt(orig, 8), checkpointAt(orig, 20)}
	if r := run(orig, headsOf(orig), cps, false); !r.Intact() || r.Checkpoints != 2 || r.Latest.Size != 20 {
		t.Fatalf("intact log: %+v", r)
	}
	// Truncated with the heads moved back: the chains agree, the checkpoint does not.
	short := orig[:15]
	r := run(short, headsOf(short), cps, false)
	if len(r.Findings) != 3 || r.Findings[2].From != 15 || r.Findings[2].To != 20 {
		t.Fatalf("truncated: %+v", r.Findings)
	}
	// Each chain's missing entries are named: 15 leaves alternate between two chains.
	for _, f := range r.Findings[:2] {
		if f.Seq != 9 && f.Seq != 8 || !strings.Contains(f.String(), "missing from the log") {
			t.Fatalf("truncated: %v", f)
		}
	}
	// A copy taken at 15 entries: the newer checkpoint is not a truncation.
	if r := run(short, headsOf(short), cps, true); !r.Intact() || r.Newer != 1 || r.Checkpoints != 1 {
		t.Fatalf("copy: %+v", r)
	}
	// One entry rewritten and every chain resealed: only the root tells, between the checkpoints.
	re := append([]Entry(nil), orig...)
	re[11].Detail = "format=csv"
	prev := map[uuid.UUID]*Entry{}
	for i := range re {
		Seal(&re[i], prev[re[i].OrgID])
		prev[re[i].OrgID] = &re[i]
	}
	r = run(re, headsOf(re), cps, false)
	if len(r.Findings) != 2 || r.Findings[1].From != 8 || r.Findings[1].To != 20 || r.Checkpoints != 2 {
		t.Fatalf("rewritten: %+v", r.Findings)
	}
	if f := r.Findings[0]; f.OrgID != re[11].OrgID || f.Seq != 10 || !strings.Contains(f.String(), "rewritten") {
		t.Fatalf("rewritten: %v", f)
	}
	// No checkpoint at all.
	if r := run(orig, headsOf(orig), nil, false); r.Intact() || !strings.Contains(r.Findings[0].String(), "no signed checkpoint") {
		t.Fatalf("no checkpoint: %+v", r)
	}
	// A leaf missing in the middle is named.
	c := NewLogCheck(cps, false)
	for i, e := range orig {
		if i != 5 {
			c.Leaf(int64(i), e)
		}
	}
	c.Heads(headsOf(orig))
	r = c.Finish()
	if r.Intact() || r.Findings[0].From != 5 || r.Findings[0].To != 6 || !strings.Contains(r.Findings[0].String(), "log leaf 5") {
		t.Fatalf("missing leaf: %+v", r.Findings)
	}
}
