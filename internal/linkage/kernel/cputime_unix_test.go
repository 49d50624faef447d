//go:build unix

package kernel

import "syscall"

// cpuSeconds is the user+system CPU time of this process so far, so that
// benchmarks can report throughput per CPU-second, which the other work on
// a shared machine disturbs far less than wall-clock throughput.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
