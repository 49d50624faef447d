//go:build unix

package linkage

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time used so far by this process (all
// threads), so that speed per core can be measured on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
