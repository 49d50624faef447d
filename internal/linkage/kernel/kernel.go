// Package kernel holds the Dice-coefficient comparison kernels used to match
// Bloom-filter encodings. All kernels make exactly the same decisions because
// the threshold test is done in integers. Best picks, by runtime CPU
// detection (golang.org/x/sys/cpu), the fastest one that runs here:
//
//   - avx512: amd64 with AVX-512 VPOPCNTQ (Ice Lake and later Xeons, AMD Zen 4+);
//   - avx2: amd64 with AVX2 (x86-64-v3: Haswell, Zen 1 and later), VPSHUFB popcounts;
//   - popcnt: amd64 with POPCNT (x86-64-v2), scalar POPCNTQ;
//   - portable: pure Go, everywhere else (other architectures, the purego
//     build tag, or amd64 without POPCNT); for 1024-bit vectors it counts
//     bit-sliced, 64 candidates at a time, with carry-save adders
//     (bitslice.go), which needs no popcount instruction.
//
// The assembly kernels handle 1024-bit vectors (16 words); other lengths
// fall back to portable. reference is the plain definition used by tests.
// PASSERELLE_LINK_KERNEL forces a kernel by name.
package kernel

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"
)

// GroupSize is the number of candidates a kernel handles together; candidate
// sets are padded with empty vectors to a multiple of it.
const GroupSize = 8

// Scale is the denominator of a Threshold: thresholds are exact to 1/10000.
const Scale = 10000

// Threshold is a Dice threshold in units of 1/Scale. A pair with counts
// (c, pa, pb) matches when c > 0 and 2*c*Scale >= T*(pa+pb), computed in
// integers so that every kernel agrees bit for bit.
type Threshold uint32

// ThresholdFromFloat converts t in (0, 1] to a Threshold, rounding to 1/Scale.
func ThresholdFromFloat(t float64) (Threshold, error) {
	if math.IsNaN(t) || t <= 0 || t > 1 {
		return 0, errors.New("threshold must be in (0, 1]")
	}
	n := math.Round(t * Scale)
	if n < 1 {
		n = 1
	}
	return Threshold(n), nil
}

// Float returns the threshold as a number in (0, 1].
func (t Threshold) Float() float64 { return float64(t) / Scale }

// Matches is the decision rule shared by every kernel.
func Matches(count, pa, pb int, t Threshold) bool {
	return count > 0 && uint64(count)*2*Scale >= uint64(t)*uint64(pa+pb)
}

// Hit is one pair at or above the threshold: query index, candidate index and
// the popcount of their intersection.
type Hit struct {
	Q, C, Count uint32
}

// Vectors is an immutable set of equal-length bit vectors in the layouts the
// kernels need: row-major (queries) and transposed groups of GroupSize
// (candidates: word j of 8 candidates is contiguous), with popcounts.
type Vectors struct {
	words int
	n     int
	rows  []uint64
	cols  []uint64
	pop   []uint32

	// hi is cols with every byte's high nibble shifted down, made by the
	// avx2 kernel the first time it meets these vectors as candidates.
	hiOnce sync.Once
	hi     []uint64

	// planes is the bit-sliced layout of the portable kernel, made the
	// first time it meets these vectors as candidates (see bitslice.go).
	planesOnce sync.Once
	planes     []uint64
}

// Pack copies flat (n vectors of words uint64 each, row after row) into a
// Vectors. words must be positive and divide len(flat).
func Pack(words int, flat []uint64) (*Vectors, error) {
	if words <= 0 || len(flat)%words != 0 {
		return nil, fmt.Errorf("kernel: %d words do not divide %d", words, len(flat))
	}
	n := len(flat) / words
	padded := (n + GroupSize - 1) / GroupSize * GroupSize
	v := &Vectors{words: words, n: n,
		rows: make([]uint64, padded*words),
		cols: make([]uint64, padded*words),
		pop:  make([]uint32, padded),
	}
	copy(v.rows, flat)
	for i := 0; i < n; i++ {
		row := flat[i*words : (i+1)*words]
		g, lane := i/GroupSize, i%GroupSize
		c := 0
		for j, w := range row {
			v.cols[(g*words+j)*GroupSize+lane] = w
			c += bits.OnesCount64(w)
		}
		v.pop[i] = uint32(c)
	}
	return v, nil
}

// Len is the number of vectors (without padding).
func (v *Vectors) Len() int { return v.n }

// Words is the number of uint64 words per vector.
func (v *Vectors) Words() int { return v.words }

// Row returns vector i (do not modify).
func (v *Vectors) Row(i int) []uint64 { return v.rows[i*v.words : (i+1)*v.words] }

// Pop returns the popcount of vector i.
func (v *Vectors) Pop(i int) int { return int(v.pop[i]) }

func (v *Vectors) groups() int { return len(v.pop) / GroupSize }

// Kernel compares a block of queries with a range of candidate groups.
type Kernel interface {
	Name() string
	// block appends to out the hits between queries [qlo,qhi) of q and the
	// candidates of groups [glo,ghi) of c. qrhs[i-qlo] is T*pop(query i), or
	// MaxInt64 when the query is empty; crhs[j] is T*pop(candidate j).
	block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit
}

// ErrMismatch is returned when query and candidate lengths differ.
var ErrMismatch = errors.New("kernel: vectors of different lengths")

// Slice returns vectors lo..hi-1 of v, sharing its memory, to be used as
// queries (a scan in parts, with progress between them). lo must be a
// multiple of GroupSize.
func (v *Vectors) Slice(lo, hi int) *Vectors {
	if lo%GroupSize != 0 || lo < 0 || hi > v.n || lo > hi {
		panic("kernel: bad slice of vectors")
	}
	phi := min((hi+GroupSize-1)/GroupSize*GroupSize, len(v.pop))
	return &Vectors{words: v.words, n: hi - lo,
		rows: v.rows[lo*v.words : phi*v.words],
		cols: v.cols[lo*v.words : phi*v.words],
		pop:  v.pop[lo:phi],
	}
}
