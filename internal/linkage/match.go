package linkage

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// DefaultThreshold is the Dice threshold used when none is given. Tuned on
// FEBRL 4 with its encoding (FEBRLFields, see EvalFEBRL): precision stays
// 1.000 from 0.50 up and recall stays >= 0.99 up to 0.68; 0.62 sits inside
// that range with a margin on both sides (precision 1.000, recall 0.998).
// Encodings with fewer or dirtier fields may need a higher threshold (the
// five-party data use MultipartyThreshold).
const DefaultThreshold = 0.62

// DefaultBalancedThreshold replaces DefaultThreshold for balanced encodings,
// whose Dice is 1 - Hamming/Bits and about 0.5-0.6 for unrelated records.
// On FEBRL 4: precision 1.000, recall 0.995 at 0.70 (0.999 at 0.65).
const DefaultBalancedThreshold = 0.70

// Blocking modes.
const (
	BlockAuto      = "auto"       // lsh where its estimated cost is well below exhaustive comparison's (choosePlans), else none
	BlockNone      = "none"       // every pair of records of different parties
	BlockLSH       = "lsh"        // banded MinHash on the encodings, streamed (lsh_stream.go)
	BlockLSHBlocks = "lsh-blocks" // Hamming LSH bands with block size rules, held in memory (lsh.go)
)

// MaxCandidates bounds the candidate pairs kept in memory: more means the
// threshold is far too low for the encoding (balanced encodings, for
// instance, score about 0.5 for unrelated records).
const MaxCandidates = 10_000_000

// MatchOptions tune Match. The zero value uses the defaults.
type MatchOptions struct {
	Threshold float64       // Dice threshold in (0,1]; 0 means DefaultThreshold (DefaultBalancedThreshold for balanced encodings)
	Auto      bool          // choose the threshold from the scores (ChooseThreshold); Threshold is then the fallback
	Kernel    kernel.Kernel // nil means kernel.Best()
	Blocking  string        // "", auto, none or lsh
	Workers   int           // 0 means all cores
	LSH       LSHParams     // used when blocking is lsh
	TopK      int           // best candidates kept per record and other party; 0 means DefaultTopK, < 0 all
	// Progress, if not nil, is told how far the run is: stage (ProgressScan,
	// ProgressLSH, ProgressSolve) and steps done of total. Calls are never
	// concurrent.
	Progress func(stage string, done, total int)
}

// Progress stages.
const (
	ProgressSample = "sample" // comparing a sample to choose the blocking
	ProgressScan   = "scan"   // exhaustive comparison, in parts of the first party's records
	ProgressLSH    = "lsh"    // LSH blocking, band after band
	ProgressSolve  = "solve"  // sorting the candidates and grouping
)

// DefaultTopK bounds the candidates kept for each record against each other
// party (as anonlink's k), so that memory grows with the number of records,
// not with their square, when the threshold is low for the encoding. The
// greedy solver rarely reaches a record's 25th best candidate.
const DefaultTopK = 25

// Member is one record in a group: its party (index of the input) and its
// index within that party's encodings.
type Member struct {
	Party, Record int
}

// Group is a cluster of records believed to be the same person, at most one
// per party.
type Group []Member

// Result is the outcome of a linkage run. Groups covers every record exactly
// once; records matched with nobody are singleton groups.
type Result struct {
	Parties     int
	Groups      []Group
	Comparisons int64 // distinct pairs of records compared
	Candidates  int   // pairs at or above the threshold given to the solver (TopK per record and other party)
	Blocking    string
	Threshold   float64
	BlockStats  // blocks formed by lsh-blocks (zero otherwise)
	// LSH is the MinHash plan of the first two parties when lsh or auto
	// blocking was considered: with auto, its estimated costs tell why
	// blocking was or was not used (Reason).
	LSH         *LSHPlan
	SkippedRuns int64 // band runs of more than MaxBlock records left uncompared (lsh)
	maxBlock    int
	// With MatchOptions.Auto: the choice, or why none could be made (the
	// fallback threshold was then used).
	Auto         *AutoThreshold
	AutoFallback error
}

// candidate is a pair of records of different parties above the threshold.
type candidate struct {
	a, b       Member
	count, pop uint32 // intersection popcount and pa+pb
}

// Match links the records of two or more parties: candidate pairs at or
// above the Dice threshold, then greedy clustering (one-to-one for two
// parties). Encodings must be Compatible.
func Match(encs []*Encodings, opt MatchOptions) (*Result, error) {
	if len(encs) < 2 {
		return nil, errf("match.parties", kv{"Count": len(encs)})
	}
	if opt.Threshold == 0 {
		opt.Threshold = DefaultThreshold
		if encs[0].Balanced {
			opt.Threshold = DefaultBalancedThreshold
		}
	}
	thr, err := kernel.ThresholdFromFloat(opt.Threshold)
	if err != nil {
		return nil, errf("match.threshold", kv{"Threshold": opt.Threshold})
	}
	scanThr := thr // candidates are gathered from here; auto narrows them afterwards
	if opt.Auto {
		floor := AutoFloor
		if encs[0].Balanced {
			floor = AutoFloorBalanced
		}
		scanThr, _ = kernel.ThresholdFromFloat(floor)
	}
	if opt.Kernel == nil {
		if opt.Kernel, err = kernel.Best(); err != nil {
			return nil, err
		}
	}
	names := make([]string, len(encs))
	for i := range encs {
		names[i] = PartyLabel(encs, i)
	}
	if err := Compatible(encs, names); err != nil {
		return nil, err
	}
	packed := make([]*kernel.Vectors, len(encs))
	for i, e := range encs {
		if len(e.IDs) == 0 {
			return nil, errf("clk.empty", kv{"File": names[i]})
		}
		if packed[i], err = kernel.Pack(e.Words(), e.Flat); err != nil {
			return nil, err
		}
	}
	mode := opt.Blocking
	switch mode {
	case "", BlockAuto, BlockNone, BlockLSH, BlockLSHBlocks:
	default:
		return nil, errf("match.blocking", kv{"Blocking": opt.Blocking})
	}
	topK := opt.TopK
	if topK == 0 {
		topK = DefaultTopK
	}
	res := &Result{Parties: len(encs), Threshold: scanThr.Float()}
	lshp := opt.LSH.withDefaults()
	if mode == BlockLSHBlocks {
		if err := CheckBlockSizes(lshp.MinBlock, lshp.MaxBlock); err != nil {
			return nil, err
		}
	}
	plans, err := choosePlans(packed, &mode, opt, scanThr, thr)
	if err != nil {
		return nil, err
	}
	res.Blocking, res.maxBlock = mode, lshp.MaxBlock
	if plans != nil {
		res.LSH = &plans[0][1] // the plan (or the estimate that ruled it out) of the first two parties
	}
	var index *lshIndex
	if mode == BlockLSHBlocks {
		index = buildLSH(packed, lshp, opt.Workers)
		res.BlockStats = index.stats
	}
	prog := opt.Progress
	if prog == nil {
		prog = func(string, int, int) {}
	}
	var cands []candidate
	limit := MaxCandidates
	if topK > 0 {
		limit = max(limit, topK*totalRecords(packed))
	}
	for i := range encs {
		var lshHits [][]kernel.Hit
		var lshCompared []int64
		if index != nil {
			lshHits, lshCompared = index.hitsFrom(i, packed, scanThr, opt.Workers)
		}
		for j := i + 1; j < len(encs); j++ {
			var hits []kernel.Hit
			var n int64
			switch mode {
			case BlockNone:
				hits, err = scanInParts(opt.Kernel, packed[i], packed[j], scanThr, opt.Workers, topK, prog)
				n = int64(packed[i].Len()) * int64(packed[j].Len())
			case BlockLSH:
				best := newBestOf(packed[i], packed[j], topK)
				plan := plans[i][j]
				n, res.SkippedRuns = lshStream(packed[i], packed[j], plan, lshp.Seed, lshp.MaxBlock, max(scanThr, plan.floor), opt.Workers,
					best.add, func(done, total int) { prog(ProgressLSH, done, total) })
				hits = best.hits()
			default:
				hits, n = lshHits[j], lshCompared[j]
				if topK > 0 {
					hits = kernel.KeepTopK(hits, packed[i], packed[j], topK)
				}
			}
			if err != nil {
				return nil, err
			}
			res.Comparisons += n
			if len(cands)+len(hits) > limit {
				return nil, errf("match.toomany", kv{"Threshold": strconv.FormatFloat(res.Threshold, 'f', 4, 64), "Max": limit})
			}
			cands = slices.Grow(cands, len(hits))
			for _, h := range hits {
				cands = append(cands, candidate{
					a: Member{i, int(h.Q)}, b: Member{j, int(h.C)}, count: h.Count,
					pop: uint32(packed[i].Pop(int(h.Q)) + packed[j].Pop(int(h.C))),
				})
			}
		}
	}
	prog(ProgressSolve, 0, 1)
	defer prog(ProgressSolve, 1, 1)
	sortCandidates(cands)
	if opt.Auto {
		// Fitted on the pairs the solver accepts at the floor: those at or
		// above a threshold are the output at that threshold, so the expected
		// F1 is the output's, not that of candidates the solver drops.
		_, acc := greedySolveAccepted(encs, cands)
		scores := make([]float64, len(acc))
		for i, ci := range acc {
			scores[i] = cands[ci].score()
		}
		res.Auto, res.AutoFallback = ChooseThresholdAgainst(scores, secondBestScores(encs, cands))
		if res.AutoFallback == nil {
			thr, _ = kernel.ThresholdFromFloat(max(res.Auto.Threshold, scanThr.Float()))
		}
		res.Threshold = thr.Float()
		n := 0
		for n < len(cands) && kernel.Matches(int(cands[n].count), int(cands[n].pop), 0, thr) {
			n++
		}
		cands = cands[:n]
	}
	res.Candidates = len(cands)
	res.Groups = greedySolve(encs, cands)
	return res, nil
}

// secondBestScores are, for each record and later party (the side whose
// best candidates the scan keeps), the score of its second-best candidate
// (cands sorted by descending score): non-matches scored as the best
// candidate of a record without a match would be, the sample that the
// non-match component of the automatic threshold is fitted on.
func secondBestScores(encs []*Encodings, cands []candidate) []float64 {
	// seen[offset[party]+record)*parties+other] counts a record's candidates
	// in the other party so far (up to 2): an array, not a map, as there
	// may be tens of millions of candidates.
	offset := make([]int, len(encs)+1)
	for i, e := range encs {
		offset[i+1] = offset[i] + len(e.IDs)
	}
	np := len(encs)
	seen := make([]uint8, offset[np]*np)
	var out []float64
	for _, c := range cands {
		k := (offset[c.a.Party]+c.a.Record)*np + c.b.Party
		if seen[k] < 2 {
			seen[k]++
			if seen[k] == 2 {
				out = append(out, c.score())
			}
		}
	}
	return out
}

func (c candidate) score() float64 { return float64(2*c.count) / float64(c.pop) }

// sortCandidates orders by Dice descending, compared exactly as fractions
// count/pop, then by party and record for determinism.
func sortCandidates(c []candidate) {
	slices.SortFunc(c, func(x, y candidate) int {
		l, r := uint64(x.count)*uint64(y.pop), uint64(y.count)*uint64(x.pop)
		if l != r {
			return cmp.Compare(r, l)
		}
		if d := cmpMember(x.a, y.a); d != 0 {
			return d
		}
		return cmpMember(x.b, y.b)
	})
}

func cmpMember(x, y Member) int {
	if x.Party != y.Party {
		return cmp.Compare(x.Party, y.Party)
	}
	return cmp.Compare(x.Record, y.Record)
}

// popAnd is |a AND b|, four words at a time.
func popAnd(a, b []uint64) int {
	b = b[:len(a)]
	n, i := 0, 0
	for ; i+4 <= len(a); i += 4 {
		n += bits.OnesCount64(a[i]&b[i]) + bits.OnesCount64(a[i+1]&b[i+1]) +
			bits.OnesCount64(a[i+2]&b[i+2]) + bits.OnesCount64(a[i+3]&b[i+3])
	}
	for ; i < len(a); i++ {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}

// PartyLabel is the name of party i: the party name recorded in the .clk
// header when every input has a distinct non-empty one, else the input's
// position counted from 1.
func PartyLabel(encs []*Encodings, i int) string {
	seen := map[string]bool{}
	for _, e := range encs {
		if e.Party == "" || seen[e.Party] {
			return itoa(i + 1)
		}
		seen[e.Party] = true
	}
	return encs[i].Party
}
