//go:build !amd64 || purego

package kernel

func avx2Kernel() Kernel { return nil }
