package ctdc

import (
	"slices"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// DefaultK is CTDC's k: every combination of quasi-identifiers in its
// k-anonymised Global Dataset stood for at least 11 victims.
const DefaultK = 11

// Bounds of K: 2 is the least that hides anyone; beyond 1000 a file says
// nothing.
const (
	MinK = 2
	MaxK = 1000
)

// Options are the caller's choices for one file.
type Options struct {
	K int // 0 is DefaultK
}

// Normalise fills the defaults.
func (o *Options) Normalise() {
	if o.K == 0 {
		o.K = DefaultK
	}
}

// Validate checks the options (after Normalise): valid.Errors on "k", rule
// range.
func (o Options) Validate() error {
	var es valid.Errors
	es.Add(account.Range("k", o.K, MinK, MaxK))
	return es.OrNil()
}

// node is one full-domain generalisation: a level per QI.
type node [5]int

// key is a row's generalised QIs as interned codes (0 is missing), twelve
// bits each: a map keyed by one word hashes fastest.
type key uint64

// codeBits is the width of one QI's code in a key; a QI with more distinct
// values than it holds (none of these domains comes near) has the rest
// merged into missing, which only generalises further.
const (
	codeBits = 12
	maxCodes = 1 << codeBits
	codeMask = maxCodes - 1
)

func (k key) code(q int) uint16 { return uint16(k >> (codeBits * q) & codeMask) }

func (k key) with(q int, c uint16) key {
	return k&^(codeMask<<(codeBits*q)) | key(c)<<(codeBits*q)
}

// lattice holds the rows' QI values interned at every level of every
// hierarchy, so that a node is evaluated over small integers.
type lattice struct {
	n     int
	codes [5][][]uint16  // [qi][level][row]
	cost  [5][][]float32 // [qi][level][row]: level/height, 0 for a value missing at the source
	words [5][]map[uint16]string
}

func newLattice(rows []Row) *lattice {
	l := &lattice{n: len(rows)}
	for q, h := range hierarchies {
		l.codes[q] = make([][]uint16, h.height+1)
		l.cost[q] = make([][]float32, h.height+1)
		l.words[q] = make([]map[uint16]string, h.height+1)
		for lv := 0; lv <= h.height; lv++ {
			ids := map[string]uint16{"": 0}
			words := map[uint16]string{0: ""}
			codes := make([]uint16, len(rows))
			cost := make([]float32, len(rows))
			for i, r := range rows {
				v := h.gen(lv, r[q])
				if lv == 0 {
					v = r[q]
				}
				id, ok := ids[v]
				if !ok {
					if len(ids) < maxCodes { // else missing: see codeBits
						id = uint16(len(ids))
						ids[v] = id
						words[id] = v
					}
				}
				codes[i] = id
				if r[q] != "" {
					cost[i] = float32(lv) / float32(h.height)
				}
			}
			l.codes[q][lv], l.cost[q][lv], l.words[q][lv] = codes, cost, words
		}
	}
	return l
}

// outcome is what a node gives.
type outcome struct {
	at         node
	loss       float64
	suppressed int  // rows whose QIs are all suppressed
	removed    bool // those rows are left out, being fewer than k together
	small      []bool
}

func (l *lattice) keyOf(at node, i int) key {
	var k key
	for q := range hierarchies {
		k |= key(l.codes[q][at[q]][i]) << (codeBits * q)
	}
	return k
}

// evaluate counts the groups of a node and prices it.
func (l *lattice) evaluate(at node, k int, counts map[key]int) outcome {
	clear(counts)
	for i := 0; i < l.n; i++ {
		counts[l.keyOf(at, i)]++
	}
	o := outcome{at: at, small: make([]bool, l.n)}
	for i := 0; i < l.n; i++ {
		if counts[l.keyOf(at, i)] < k {
			o.small[i] = true
			o.suppressed++
		}
	}
	// The suppressed rows join the rows missing every QI at this node; if
	// together they are still fewer than k, they are left out.
	missing := counts[0]
	if missing < k {
		missing = 0
	}
	o.removed = o.suppressed > 0 && o.suppressed+missing < k
	for i := 0; i < l.n; i++ {
		for q := range hierarchies {
			switch {
			case !o.small[i]:
				o.loss += float64(l.cost[q][at[q]][i])
			case l.codes[q][0][i] != 0:
				o.loss++ // a value suppressed
			}
		}
		if o.small[i] && o.removed {
			o.loss++ // the row's other columns lost too
		}
	}
	return o
}

// better reports whether a is preferred to b.
func better(a, b outcome) bool {
	if a.loss != b.loss {
		return a.loss < b.loss
	}
	if a.suppressed != b.suppressed {
		return a.suppressed < b.suppressed
	}
	return slices.Compare(a.at[:], b.at[:]) < 0
}

// exhaustive evaluates every node over the rows: the search's fallback,
// and its reference in the tests.
func (l *lattice) exhaustive(k int, counts map[key]int) node {
	var best outcome
	for i, at := range nodes() {
		oc := l.evaluate(at, k, counts)
		if i == 0 || better(oc, best) {
			best = oc
		}
	}
	return best.at
}

// nodes lists every node of the lattice, lowest levels first.
func nodes() []node {
	out := []node{{}}
	for q, h := range hierarchies {
		var next []node
		for _, n := range out {
			for lv := 0; lv <= h.height; lv++ {
				m := n
				m[q] = lv
				next = append(next, m)
			}
		}
		out = next
	}
	return out
}

// Anonymise k-anonymises rows (from FromCase) over the QIs: the node of the
// generalisation lattice with the least information loss, then local
// suppression of the QIs of the rows still in groups under K, and removal of
// those rows if they are fewer than K together. It returns the rows to
// release, sorted by their values, and the report (Excluded is the caller's
// to fill). o must be valid (Validate).
func Anonymise(rows []Row, o Options) ([]Row, Report) {
	o.Normalise()
	l := newLattice(rows)
	counts := make(map[key]int, len(rows))
	at, ok := l.search(o.K)
	if !ok {
		at = l.exhaustive(o.K, counts)
	}
	best := l.evaluate(at, o.K, counts)
	rep := Report{K: o.K, Cases: len(rows), Levels: make([]Level, len(QIs))}
	for q, h := range hierarchies {
		rep.Levels[q] = Level{Column: h.column, Level: best.at[q], Height: h.height,
			Code: "ctdc.level." + h.column + "." + strconv.Itoa(best.at[q])}
	}
	per := make([]ColumnCount, len(QIs))
	for q := range per {
		per[q].Column = QIs[q]
	}
	out := make([]Row, 0, len(rows))
	for i, r := range rows {
		if best.small[i] && best.removed {
			rep.RowsRemoved++
			continue
		}
		g := slices.Clone(r)
		for q := range hierarchies {
			switch {
			case best.small[i]:
				g[q] = ""
				if r[q] != "" {
					per[q].Suppressed++
				}
			default:
				g[q] = l.words[q][best.at[q]][l.codes[q][best.at[q]][i]]
				if r[q] != "" && g[q] != r[q] {
					if g[q] == "" {
						per[q].Suppressed++
					} else {
						per[q].Generalised++
					}
				}
			}
		}
		if best.small[i] {
			rep.RowsSuppressed++
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Row) int { return slices.Compare(a, b) })
	rep.Columns = per
	rep.Written = len(out)
	if len(rows) > 0 {
		rep.Loss = best.loss / float64(len(rows)*len(QIs))
	}
	return out, rep
}

// RuleWhole is the rule of a filter given with a CTDC export: the file is
// always the whole register ("error.ctdc_whole").
const RuleWhole = "ctdc_whole"
