//go:build amd64 && !purego

package kernel

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// TestBestByCPUTier pretends to run on older processors by clearing the
// feature flags, fastest tier first, and checks which kernel Best picks.
func TestBestByCPUTier(t *testing.T) {
	t.Setenv(EnvVar, "")
	saved := cpu.X86
	t.Cleanup(func() { cpu.X86 = saved })
	if !saved.HasAVX2 || !saved.HasPOPCNT {
		t.Skip("this CPU lacks AVX2 or POPCNT: the tiers cannot all be checked here")
	}
	steps := []struct {
		clear func()
		want  string
	}{
		{func() {}, ""}, // as detected: avx512 where present, else avx2
		{func() { cpu.X86.HasAVX512F, cpu.X86.HasAVX512VPOPCNTDQ = false, false }, "avx2"},
		{func() { cpu.X86.HasAVX2 = false }, "popcnt"},
		{func() { cpu.X86.HasPOPCNT = false }, "portable"},
	}
	for _, s := range steps {
		s.clear()
		k, err := Best()
		if err != nil {
			t.Fatal(err)
		}
		want := s.want
		if want == "" {
			want = "avx2"
			if saved.HasAVX512F && saved.HasAVX512VPOPCNTDQ && saved.HasBMI1 {
				want = "avx512"
			}
		}
		if k.Name() != want {
			t.Errorf("Best = %s, want %s", k.Name(), want)
		}
	}
	if _, err := ByName("avx2"); err == nil {
		t.Error("ByName(avx2) accepted without AVX2")
	}
}
