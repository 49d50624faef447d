//go:build !unix

package kernel

// cpuSeconds is not measured here: benchmarks report wall-clock figures only.
func cpuSeconds() float64 { return 0 }
