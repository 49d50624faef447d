//go:build amd64 && !purego

package kernel

import "unsafe"

// The assembly kernels write Hit{Q, C, Count} as three 32-bit words.
var _ [12]struct{} = [unsafe.Sizeof(Hit{})]struct{}{}

// reserve returns out with room for at least need more hits: the assembly
// kernels write without bounds checks.
func reserve(out []Hit, need int) []Hit {
	if cap(out)-len(out) < need {
		grown := make([]Hit, len(out), len(out)+need)
		copy(grown, out)
		out = grown
	}
	return out
}
