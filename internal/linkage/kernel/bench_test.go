package kernel

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkKernel reports comparisons per second of each kernel on one core
// (1024-bit vectors, 30% density, threshold 0.8).
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
			for b.Loop() {
				if _, err := Scan(k, q, c, 8000, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*n*float64(b.N)/b.Elapsed().Seconds(), "cmp/s")
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
			for b.Loop() {
				if _, err := Scan(k, q, c, 8000, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*n*float64(b.N)/b.Elapsed().Seconds(), "cmp/s")
		})
	}
}
