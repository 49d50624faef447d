package kernel

import (
	"fmt"
	"os"
)

// EnvVar forces a kernel by name: "reference", "portable", "popcnt", "avx2"
// or "avx512" (the last three only where the CPU supports them).
const EnvVar = "PASSERELLE_LINK_KERNEL"

// Reference returns the plain reference kernel (slow; for tests).
func Reference() Kernel { return reference{} }

// Portable returns the pure-Go kernel.
func Portable() Kernel { return portable{} }

// Available lists the kernels usable on this machine, fastest last: the
// assembly kernels follow the CPU tiers x86-64-v2 (POPCNT), v3 (AVX2) and
// AVX-512 with VPOPCNTQ, so a later one is faster wherever it runs.
func Available() []Kernel {
	ks := []Kernel{reference{}, portable{}}
	for _, k := range []Kernel{popcntKernel(), avx2Kernel(), avx512Kernel()} {
		if k != nil {
			ks = append(ks, k)
		}
	}
	return ks
}

// ByName returns the named kernel, or an error if it is unknown or not
// supported by this CPU.
func ByName(name string) (Kernel, error) {
	for _, k := range Available() {
		if k.Name() == name {
			return k, nil
		}
	}
	return nil, fmt.Errorf("kernel %q is unknown or not supported by this CPU", name)
}

// Best returns the kernel named by PASSERELLE_LINK_KERNEL if set, otherwise
// the fastest kernel the CPU supports.
func Best() (Kernel, error) {
	if name := os.Getenv(EnvVar); name != "" {
		return ByName(name)
	}
	ks := Available()
	return ks[len(ks)-1], nil
}
