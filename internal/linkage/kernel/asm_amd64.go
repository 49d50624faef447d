//go:build amd64 && !purego

package kernel

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
