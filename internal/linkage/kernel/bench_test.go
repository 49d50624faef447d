package kernel

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkKernel reports comparisons per second of each kernel on one core
// (1024-bit vectors, 30% density, threshold 0.8), wall clock (cmp/s) and per
// CPU-second used (cmp/cpu-s: the per-core speed, steadier on a busy machine).
func BenchmarkKernel(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 2048
	q, _ := Pack(16, randomFlat(r, n, 16, 0.3))
	c, _ := Pack(16, randomFlat(r, n, 16, 0.3))
	for _, k := range Available() {
		if k.Name() == "reference" {
			continue
		}
		b.Run(k.Name(), func(b *testing.B) {
			cpu0 := cpuSeconds()
			for b.Loop() {
				if _, err := Scan(k, q, c, 8000, 1); err != nil {
					b.Fatal(err)
				}
			}
			report(b, n*n, cpuSeconds()-cpu0)
		})
	}
}

// BenchmarkKernelAllCores is BenchmarkKernel with one goroutine per core.
func BenchmarkKernelAllCores(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 2048
	q, _ := Pack(16, randomFlat(r, n, 16, 0.3))
	c, _ := Pack(16, randomFlat(r, n, 16, 0.3))
	for _, k := range Available() {
		if k.Name() == "reference" {
			continue
		}
		b.Run(k.Name(), func(b *testing.B) {
			cpu0 := cpuSeconds()
			for b.Loop() {
				if _, err := Scan(k, q, c, 8000, 0); err != nil {
					b.Fatal(err)
				}
			}
			report(b, n*n, cpuSeconds()-cpu0)
		})
	}
}

// report adds the throughput of pairs comparisons per iteration, per second
// and per CPU-second spent by the process (0 when not measured).
func report(b *testing.B, pairs int, cpu float64) {
	total := float64(pairs) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "cmp/s")
	if cpu > 0 {
		b.ReportMetric(total/cpu, "cmp/cpu-s")
	}
}
