package linkage

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"time"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// BenchResult is the measured comparison speed of one kernel.
type BenchResult struct {
	Kernel              string  `json:"kernel"`
	N                   int     `json:"n"`
	Bits                int     `json:"bits"`
	Cores               int     `json:"cores"`
	SingleCorePerSecond float64 `json:"single_core_per_second"`
	AllCoresPerSecond   float64 `json:"all_cores_per_second"`
	// PerCPUSecond is comparisons per second of CPU time actually received
	// in the single-core run: the per-core speed even on a busy machine.
	PerCPUSecond float64 `json:"single_core_per_cpu_second,omitempty"`
}

var syllables = []string{"a", "ba", "de", "yo", "ka", "mi", "sa", "ou", "ma", "di", "ng", "ze", "ro", "la", "fa", "ti", "bo", "ne", "ji", "ku", "ol", "an", "se", "el"}

// SyntheticRecords invents n records (given name, surname, date, sex, place)
// from syllables: realistic token counts, no real person.
func SyntheticRecords(n int, seed uint64) [][]string {
	r := rand.New(rand.NewPCG(seed, 7))
	word := func(k int) string {
		s := ""
		for i := 0; i < k; i++ {
			s += syllables[r.IntN(len(syllables))]
		}
		return s
	}
	out := make([][]string, n)
	for i := range out {
		d := strconv.Itoa(1940+r.IntN(70)) + "-" + strconv.Itoa(1+r.IntN(12)) + "-" + strconv.Itoa(1+r.IntN(28))
		out[i] = []string{word(2 + r.IntN(2)), word(2 + r.IntN(3)), d, []string{"f", "m"}[r.IntN(2)], word(2 + r.IntN(2))}
	}
	return out
}

// syntheticSettings is the default encoding of the synthetic records.
func syntheticSettings() Settings {
	var s Settings
	for _, spec := range []string{"given:name", "surname:name", "dob:date", "sex:sex", "place:place"} {
		f, _ := ParseField(spec)
		s.Fields = append(s.Fields, f)
	}
	return s
}

// Bench encodes n synthetic records twice (two parties) with a random secret
// and measures n*n comparisons per second with kernel k on one core and on
// all cores, repeating each measurement for at least minTime.
func Bench(k kernel.Kernel, n int, minTime time.Duration) (*BenchResult, error) {
	secret, err := NewSecret(32)
	if err != nil {
		return nil, err
	}
	enc, err := NewEncoder(syntheticSettings(), secret)
	if err != nil {
		return nil, err
	}
	sets := make([]*kernel.Vectors, 2)
	for p := range sets {
		recs := SyntheticRecords(n, uint64(p+1))
		flat := make([]uint64, n*enc.Words())
		for i, rec := range recs {
			enc.Encode(rec, "", flat[i*enc.Words():(i+1)*enc.Words()])
		}
		if sets[p], err = kernel.Pack(enc.Words(), flat); err != nil {
			return nil, err
		}
	}
	thr, _ := kernel.ThresholdFromFloat(DefaultThreshold)
	measure := func(workers int) (wall, perCPU float64, err error) {
		var runs int
		start, cpu0 := time.Now(), cpuTime()
		for runs == 0 || time.Since(start) < minTime {
			if _, err := kernel.Scan(k, sets[0], sets[1], thr, workers); err != nil {
				return 0, 0, err
			}
			runs++
		}
		total := float64(n) * float64(n) * float64(runs)
		if cpu := cpuTime() - cpu0; cpu > 0 {
			perCPU = total / cpu.Seconds()
		}
		return total / time.Since(start).Seconds(), perCPU, nil
	}
	res := &BenchResult{Kernel: k.Name(), N: n, Bits: enc.Words() * 64, Cores: runtime.GOMAXPROCS(0)}
	if res.SingleCorePerSecond, res.PerCPUSecond, err = measure(1); err != nil {
		return nil, err
	}
	if res.AllCoresPerSecond, _, err = measure(res.Cores); err != nil {
		return nil, err
	}
	return res, nil
}
