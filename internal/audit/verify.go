package audit

import (
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// Finding is one thing audit verify found wrong, named as precisely as the
// evidence allows: a chain's entry, a range of log leaves, or a file. What
// is wrong is a message code (audit.finding.<what>) with its parameters:
// the command words it in the reader's language (Message).
type Finding struct {
	OrgID    uuid.UUID // with Seq > 0: the chain entry concerned
	Seq      int64
	From, To int64  // with To > 0: the log leaves [From, To) concerned (leaves count from 0)
	File     string // the checkpoint file concerned, if any
	Code     string
	Params   map[string]any
}

// finding is a Finding with its code's parameters.
func finding(code string, params map[string]any) Finding {
	return Finding{Code: "audit.finding." + code, Params: params}
}

// message is a message code with parameters (the i18n.Coded interface).
type message struct {
	code   string
	params map[string]any
}

func (m message) Message() (string, map[string]any) { return m.code, m.params }

// Message gives the finding as a message (the i18n.Coded interface): where
// it is (audit.at.<parts>), then what is wrong ({{.What}}).
func (f Finding) Message() (string, map[string]any) {
	var parts []string
	params := map[string]any{"What": message{f.Code, f.Params}}
	if f.Seq > 0 {
		parts = append(parts, "entry")
		params["Org"], params["Seq"] = f.OrgID.String(), f.Seq
	}
	if f.To > 0 {
		parts = append(parts, "leaves")
		if f.To == f.From+1 {
			parts[len(parts)-1] = "leaf"
		}
		params["From"], params["Last"] = f.From, f.To-1
	}
	if f.File != "" {
		parts = append(parts, "file")
		params["File"] = f.File
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	return "audit.at." + strings.Join(parts, "_"), params
}

// String is the finding in English, for logs and tests.
func (f Finding) String() string { return i18n.Text(i18n.Default, f) }

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
			f := finding("differs", map[string]any{"At": cp.At.Format(time.RFC3339), "Size": cp.Size})
			f.From, f.To, f.File = c.matched, max(cp.Size, c.matched+1), cp.File
			c.find(f)
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
			f := finding("leaves_removed", map[string]any{"NextOrg": e.OrgID.String(), "NextSeq": e.Seq})
			f.From, f.To, f.OrgID = c.edge.Size, leaf, e.OrgID
			c.find(f)
		} else {
			f := finding("stored_twice", nil)
			f.From, f.To = leaf, leaf+1
			c.find(f)
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
		c.find(Finding{OrgID: b.OrgID, Seq: max(b.Seq, 1), Code: b.Code, Params: b.Params})
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
		at := func(seq int64, code string, params map[string]any) {
			f := finding(code, params)
			f.OrgID, f.Seq = org, seq
			c.find(f)
		}
		switch {
		case !hasHead:
			at(1, "no_head", nil)
		case last == nil && h.Seq > 0:
			at(1, "all_missing", map[string]any{"Head": h.Seq})
		case last == nil:
		case last.Seq < h.Seq:
			at(last.Seq+1, "tail_missing", map[string]any{"Last": last.Seq, "Head": h.Seq})
		case last.Seq > h.Seq:
			at(h.Seq+1, "beyond_head", nil)
		case last.Hash != h.Hash:
			at(h.Seq, "head_mismatch", nil)
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
			f := finding("truncated", map[string]any{"Size": c.edge.Size, "At": cp.At.Format(time.RFC3339), "Signed": cp.Size})
			f.From, f.To, f.File = c.edge.Size, cp.Size, cp.File
			if c.gap { // entries are missing in the middle: the tail's numbers say nothing
				f.From, f.To = 0, 0
			}
			c.find(f)
		}
	}
	if c.rep.Checkpoints == 0 && c.rep.Leaves > 0 && !c.treeBad {
		c.find(finding("uncovered", nil))
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
		at := func(seq int64, code string, params map[string]any) {
			params["At"] = when
			f := finding(code, params)
			f.OrgID, f.Seq, f.File = org, seq, cp.File
			c.find(f)
		}
		switch {
		case !present:
			at(1, "chain_missing", map[string]any{"Count": want.Seq})
		case !signed:
			at(1, "chain_inserted", map[string]any{})
		case got.Seq+1 == want.Seq:
			at(got.Seq+1, "entry_missing", map[string]any{"Last": want.Seq, "Count": want.Seq})
		case got.Seq < want.Seq:
			at(got.Seq+1, "entries_missing", map[string]any{"First": got.Seq + 1, "Last": want.Seq, "Count": want.Seq})
		case got.Seq > want.Seq:
			at(want.Seq+1, "entries_inserted", map[string]any{"Last": want.Seq})
		case got.Hash != want.Hash:
			at(want.Seq, "rewritten", map[string]any{})
		}
	}
}

// Refused records a checkpoint file that failed its signature or format check.
func (c *LogCheck) Refused(file string, err error) {
	f := finding("refused", map[string]any{"Cause": err.Error()})
	f.File = file
	c.find(f)
}
