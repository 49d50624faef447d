package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Finding is one thing audit verify found wrong, named as precisely as the
// evidence allows: a chain's entry, a range of log leaves, or a file.
type Finding struct {
	OrgID    uuid.UUID // with Seq > 0: the chain entry concerned
	Seq      int64
	From, To int64  // with To > 0: the log leaves [From, To) concerned (leaves count from 0)
	File     string // the checkpoint file concerned, if any
	Reason   string
}

func (f Finding) String() string {
	var where []string
	if f.Seq > 0 {
		where = append(where, fmt.Sprintf("organisation %s, entry %d", f.OrgID, f.Seq))
	}
	if f.To > 0 {
		if f.To == f.From+1 {
			where = append(where, fmt.Sprintf("log leaf %d", f.From))
		} else {
			where = append(where, fmt.Sprintf("log leaves %d to %d", f.From, f.To-1))
		}
	}
	if f.File != "" {
		where = append(where, "checkpoint "+f.File)
	}
	if len(where) == 0 {
		return f.Reason
	}
	return strings.Join(where, ", ") + ": " + f.Reason
}

// Report is the outcome of a verification.
type Report struct {
	Leaves      int64 // entries in the Merkle log
	Pending     int64 // entries written since the last integration, not in the log yet
	Checkpoints int   // signed checkpoints checked against the log
	Newer       int   // checkpoints beyond a copy's log (a backup predates them), not checked
	Latest      *Checkpoint
	Findings    []Finding
}

// Intact reports whether nothing was found wrong.
func (r *Report) Intact() bool { return len(r.Findings) == 0 }

// SignedCheckpoint is a checkpoint whose signature was checked, with the
// file it came from.
type SignedCheckpoint struct {
	Checkpoint
	File string
	Own  bool // a copy's own checkpoint, taken just before it: never newer than the copy
}

// LogCheck verifies a log streamed to it leaf by leaf, without holding it in
// memory: it recomputes the Merkle tree from the entries and compares its
// root with every signed checkpoint at that checkpoint's size (so a
// truncated, shortened or rewritten log cannot match), and checks each
// organisation's chain and head on the way, which names the entry when the
// damage is a naive one.
type LogCheck struct {
	cps       []SignedCheckpoint // by size
	next      int
	edge      Edge
	matched   int64 // size of the last checkpoint matched
	treeBad   bool  // a checkpoint failed: later ones are not compared
	gap       bool  // a leaf number was missing (reported once)
	isCopy    bool
	at        map[uuid.UUID]ChainHead // each chain's last entry among the leaves so far
	chains    map[uuid.UUID]*Verifier
	chainsBad map[uuid.UUID]bool
	rep       Report
}

// NewLogCheck starts a check against cps. isCopy says the log is a backup,
// which may predate the newest checkpoints: those are then left unchecked
// rather than read as a truncation.
func NewLogCheck(cps []SignedCheckpoint, isCopy bool) *LogCheck {
	cps = append([]SignedCheckpoint(nil), cps...)
	sort.SliceStable(cps, func(i, j int) bool { return cps[i].Size < cps[j].Size })
	c := &LogCheck{cps: cps, isCopy: isCopy, chains: map[uuid.UUID]*Verifier{}, chainsBad: map[uuid.UUID]bool{},
		at: map[uuid.UUID]ChainHead{}}
	c.compare()
	return c
}

func (c *LogCheck) find(f Finding) { c.rep.Findings = append(c.rep.Findings, f) }

// compare checks the checkpoints whose size the tree has reached.
func (c *LogCheck) compare() {
	for c.next < len(c.cps) && c.cps[c.next].Size == c.edge.Size {
		cp := c.cps[c.next]
		c.next++
		if c.treeBad {
			continue
		}
		c.rep.Checkpoints++
		if c.edge.Root() != cp.Root {
			c.treeBad = true
			c.compareChains(cp)
			c.find(Finding{From: c.matched, To: max(cp.Size, c.matched+1), File: cp.File, Reason: fmt.Sprintf(
				"the log differs from the checkpoint signed at %s (%d entries): an entry among these leaves was edited, removed, inserted or reordered",
				cp.At.Format(time.RFC3339), cp.Size)})
			continue
		}
		c.matched = cp.Size
		latest := cp.Checkpoint
		c.rep.Latest = &latest
	}
}

// Leaf takes the entry stored at log position leaf, in increasing order.
func (c *LogCheck) Leaf(leaf int64, e Entry) {
	if want := c.edge.Size; leaf != want && !c.gap && !c.treeBad {
		c.gap = true
		if leaf > want {
			c.find(Finding{From: c.edge.Size, To: leaf, OrgID: e.OrgID, Reason: fmt.Sprintf(
				"missing from the log (removed); the next entry present is organisation %s, entry %d", e.OrgID, e.Seq)})
		} else {
			c.find(Finding{From: leaf, To: leaf + 1, Reason: "stored twice"})
		}
	}
	c.edge.Append(LeafHash(e))
	c.at[e.OrgID] = ChainHead{Seq: e.Seq, Hash: e.Hash}
	c.rep.Leaves++
	c.compare()
	c.chain(e)
}

// Pending takes an entry not yet in the log, in chain order after all leaves.
func (c *LogCheck) Pending(e Entry) {
	c.rep.Pending++
	c.chain(e)
}

func (c *LogCheck) chain(e Entry) {
	if c.chainsBad[e.OrgID] {
		return
	}
	v := c.chains[e.OrgID]
	if v == nil {
		v = NewVerifier(e.OrgID)
		c.chains[e.OrgID] = v
	}
	if err := v.Next(e); err != nil {
		c.chainsBad[e.OrgID] = true
		b := err.(*Break)
		c.find(Finding{OrgID: b.OrgID, Seq: max(b.Seq, 1), Reason: b.Reason})
	}
}

// Heads takes every recorded chain head (organisation, last seq, last hash).
func (c *LogCheck) Heads(heads map[uuid.UUID]Entry) {
	orgs := make([]uuid.UUID, 0, len(heads)+len(c.chains))
	for org := range heads {
		orgs = append(orgs, org)
	}
	for org := range c.chains {
		if _, ok := heads[org]; !ok {
			orgs = append(orgs, org)
		}
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].String() < orgs[j].String() })
	for _, org := range orgs {
		if c.chainsBad[org] {
			continue
		}
		h, hasHead := heads[org]
		var last *Entry
		if v := c.chains[org]; v != nil {
			last = v.Head()
		}
		switch {
		case !hasHead:
			c.find(Finding{OrgID: org, Seq: 1, Reason: "the chain has no recorded head"})
		case last == nil && h.Seq > 0:
			c.find(Finding{OrgID: org, Seq: 1, Reason: fmt.Sprintf("every entry is missing (the head says %d)", h.Seq)})
		case last == nil:
		case last.Seq < h.Seq:
			c.find(Finding{OrgID: org, Seq: last.Seq + 1, Reason: fmt.Sprintf("entries after %d are missing (the head says %d)", last.Seq, h.Seq)})
		case last.Seq > h.Seq:
			c.find(Finding{OrgID: org, Seq: h.Seq + 1, Reason: "entry beyond the recorded head (not written by the store)"})
		case last.Hash != h.Hash:
			c.find(Finding{OrgID: org, Seq: h.Seq, Reason: "does not match the recorded head (edited or replaced)"})
		}
	}
}

// Finish compares the checkpoints beyond the log's end and returns the report.
func (c *LogCheck) Finish() Report {
	for ; c.next < len(c.cps); c.next++ {
		cp := c.cps[c.next]
		switch {
		case c.isCopy && !cp.Own:
			c.rep.Newer++
		case !c.treeBad:
			c.treeBad = true
			c.compareChains(cp)
			f := Finding{From: c.edge.Size, To: cp.Size, File: cp.File, Reason: fmt.Sprintf(
				"removed: the log holds %d entries but the checkpoint signed at %s holds %d (truncated)",
				c.edge.Size, cp.At.Format(time.RFC3339), cp.Size)}
			if c.gap { // entries are missing in the middle: the tail's numbers say nothing
				f.From, f.To = 0, 0
			}
			c.find(f)
		}
	}
	if c.rep.Checkpoints == 0 && c.rep.Leaves > 0 && !c.treeBad {
		c.find(Finding{Reason: "no signed checkpoint covers the log: removal or rewriting of entries cannot be ruled out"})
	}
	return c.rep
}

// compareChains names, organisation by organisation, how the log's chains
// differ from where cp says they stood: the entries missing, added or
// rewritten. It runs at the first checkpoint the log fails.
func (c *LogCheck) compareChains(cp SignedCheckpoint) {
	orgs := make([]uuid.UUID, 0, len(cp.Chains)+len(c.at))
	for org := range cp.Chains {
		orgs = append(orgs, org)
	}
	for org := range c.at {
		if _, ok := cp.Chains[org]; !ok {
			orgs = append(orgs, org)
		}
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].String() < orgs[j].String() })
	when := cp.At.Format(time.RFC3339)
	for _, org := range orgs {
		want, signed := cp.Chains[org]
		got, present := c.at[org]
		switch {
		case !present:
			c.find(Finding{OrgID: org, Seq: 1, File: cp.File, Reason: fmt.Sprintf(
				"the whole chain is missing from the log: the checkpoint signed at %s counts %d entries", when, want.Seq)})
		case !signed:
			c.find(Finding{OrgID: org, Seq: 1, File: cp.File, Reason: fmt.Sprintf(
				"the chain is not in the checkpoint signed at %s (inserted)", when)})
		case got.Seq < want.Seq:
			missing := fmt.Sprintf("entries %d to %d are", got.Seq+1, want.Seq)
			if got.Seq+1 == want.Seq {
				missing = fmt.Sprintf("entry %d is", want.Seq)
			}
			c.find(Finding{OrgID: org, Seq: got.Seq + 1, File: cp.File, Reason: fmt.Sprintf(
				"%s missing from the log: the checkpoint signed at %s counts %d", missing, when, want.Seq)})
		case got.Seq > want.Seq:
			c.find(Finding{OrgID: org, Seq: want.Seq + 1, File: cp.File, Reason: fmt.Sprintf(
				"entries after %d are not in the checkpoint signed at %s (inserted)", want.Seq, when)})
		case got.Hash != want.Hash:
			c.find(Finding{OrgID: org, Seq: want.Seq, File: cp.File, Reason: fmt.Sprintf(
				"differs from the checkpoint signed at %s: this entry or one before it in the chain was rewritten", when)})
		}
	}
}

// Refused records a checkpoint file that failed its signature or format check.
func (c *LogCheck) Refused(file string, err error) {
	c.find(Finding{File: file, Reason: "refused: " + err.Error()})
}
