//go:build !amd64 || purego

package kernel

func simd() Kernel { return nil }
