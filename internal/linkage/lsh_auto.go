package linkage

import (
	"strconv"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// lshSample is the number of random pairs whose Jaccard indices estimate
// how often unrelated records collide (planLSH).
const lshSample = 20000

// lshAutoMargin: auto uses LSH only when its estimated cost is below this
// share of exhaustive comparison's, so that an optimistic estimate does not
// make a run slower than comparing everything.
const lshAutoMargin = 0.5

// autoDesignSample is the number of first-party records compared with every
// record of the second party to anticipate the automatic threshold, which
// LSH must then find pairs at; autoDesignMargin is how far below that
// anticipated threshold blocking is designed.
const (
	autoDesignSample = 1000
	autoDesignMargin = 0.02
)

// choosePlans resolves auto blocking and designs the MinHash plans of every
// pair of parties (plans[i][j], i < j) for lsh and auto; nil for none and
// lsh-blocks. Auto keeps lsh only where the estimated cost of every plan
// together is below lshAutoMargin of exhaustive comparison's, and records
// why in the first plan's Reason.
func choosePlans(packed []*kernel.Vectors, mode *string, opt MatchOptions, scanThr, thr kernel.Threshold) ([][]LSHPlan, error) {
	if *mode == BlockNone || *mode == BlockLSHBlocks {
		return nil, nil
	}
	design := thr.Float()
	samples := make([][]pairSample, len(packed))
	for i := range packed {
		samples[i] = make([]pairSample, len(packed))
		for j := i + 1; j < len(packed); j++ {
			samples[i][j] = sampleJaccard(packed[i], packed[j], lshSample)
		}
	}
	if opt.Auto {
		if opt.Progress != nil {
			opt.Progress(ProgressSample, 0, 1)
		}
		// Only the best two candidates of each sampled record matter: those
		// of unrelated records are above nearly every random pair's score.
		floor, _ := kernel.ThresholdFromFloat(max(scanThr.Float(), samples[0][1].diceQ99))
		design = anticipateThreshold(opt.Kernel, packed[0], packed[1], floor, design, opt.Workers)
		if opt.Progress != nil {
			opt.Progress(ProgressSample, 1, 1)
		}
	}
	plans := make([][]LSHPlan, len(packed))
	var cost, exhaustive float64
	feasible, useful := true, true
	for i := range packed {
		plans[i] = make([]LSHPlan, len(packed))
		for j := i + 1; j < len(packed); j++ {
			p := planLSH(design, packed[i].Len(), packed[j].Len(), samples[i][j], packed[i].Words()*64)
			if opt.Auto {
				// The automatic threshold is fitted on each record's best
				// two candidates, far above most random pairs: candidates
				// below the 0.99 quantile of random pairs' scores would
				// only crowd the stream (most colliding pairs are there).
				p.floor, _ = kernel.ThresholdFromFloat(samples[i][j].diceQ99)
			}
			plans[i][j] = p
			cost += p.Cost
			exhaustive += p.ExhaustiveCost
			feasible = feasible && p.Bands > 0
			useful = useful && p.useful
		}
	}
	first := &plans[0][1]
	switch {
	case *mode == BlockLSH && !feasible:
		return nil, errf("lsh.design", kv{"Design": fmtScore(design)})
	case *mode == BlockLSH:
		first.Reason = "asked"
	case useful && cost < lshAutoMargin*exhaustive:
		*mode, first.Reason = BlockLSH, "cheaper"
	case !useful:
		*mode, first.Reason = BlockNone, "impossible"
	default:
		*mode, first.Reason = BlockNone, "dearer"
	}
	first.Cost, first.ExhaustiveCost = cost, exhaustive
	return plans, nil
}

// anticipateThreshold compares a sample of a's records (evenly spaced) with
// every record of b and fits the automatic threshold to their best and
// second-best scores, as Match does to all candidates; blocking is designed
// autoDesignMargin below it. When the sample cannot tell (ChooseThreshold's
// refusals), the fallback threshold is the design.
func anticipateThreshold(k kernel.Kernel, a, b *kernel.Vectors, floor kernel.Threshold, fallback float64, workers int) float64 {
	n := min(a.Len(), autoDesignSample)
	flat := make([]uint64, 0, n*a.Words())
	for s := 0; s < n; s++ {
		flat = append(flat, a.Row(s*a.Len()/n)...)
	}
	sub, err := kernel.Pack(a.Words(), flat)
	if err != nil {
		return fallback
	}
	hits, err := kernel.ScanTopK(k, sub, b, floor, workers, 2)
	if err != nil {
		return fallback
	}
	hits = kernel.KeepTopK(hits, sub, b, 2)
	var best, second []float64
	for i, h := range hits {
		d := float64(2*h.Count) / float64(sub.Pop(int(h.Q))+b.Pop(int(h.C)))
		if i > 0 && hits[i-1].Q == h.Q {
			second = append(second, d)
		} else {
			best = append(best, d)
		}
	}
	at, err := ChooseThresholdAgainst(best, second)
	if err != nil {
		return fallback
	}
	return max(at.Threshold-autoDesignMargin, floor.Float())
}

// scanInParts is kernel.ScanTopK over parts of q's records, telling
// progress after each part.
func scanInParts(k kernel.Kernel, q, c *kernel.Vectors, t kernel.Threshold, workers, topK int, prog func(string, int, int)) ([]kernel.Hit, error) {
	const part = 1 << 13 // a multiple of kernel.GroupSize
	parts := (q.Len() + part - 1) / part
	var out []kernel.Hit
	for p := 0; p < parts; p++ {
		lo := p * part
		hits, err := kernel.ScanTopK(k, q.Slice(lo, min(lo+part, q.Len())), c, t, workers, topK)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			h.Q += uint32(lo)
			out = append(out, h)
		}
		prog(ProgressScan, p+1, parts)
	}
	return out, nil
}

func totalRecords(vs []*kernel.Vectors) int {
	n := 0
	for _, v := range vs {
		n += v.Len()
	}
	return n
}

// Messages describe the blocking for people: why it was chosen (auto) and,
// when used, the plan.
func (r *Result) BlockingMessages() []Message {
	var out []Message
	if p := r.LSH; p != nil {
		if p.Reason != "" {
			out = append(out, msg("out.choice."+p.Reason, kv{"Blocked": fmtSeconds(p.Cost), "Exhaustive": fmtSeconds(p.ExhaustiveCost), "Design": fmtScore(p.Design)}))
		}
		if r.Blocking == BlockLSH {
			out = append(out, msg("out.lsh", kv{"Bands": p.Bands, "PerBand": p.PerBand, "Design": fmtScore(p.Design), "Recall": LSHRecall}))
		}
	}
	if r.SkippedRuns > 0 {
		out = append(out, msg("out.skipped", kv{"Count": r.SkippedRuns, "Max": r.maxBlock}))
	}
	if r.Blocks > 0 {
		out = append(out, r.BlockStats.Line())
	}
	return out
}

// fmtSeconds is an estimated cost in nanoseconds as seconds, two
// significant digits.
func fmtSeconds(ns float64) string { return strconv.FormatFloat(ns/1e9, 'g', 2, 64) }
