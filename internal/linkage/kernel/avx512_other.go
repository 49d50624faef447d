//go:build !amd64 || purego

package kernel

func avx512Kernel() Kernel { return nil }
