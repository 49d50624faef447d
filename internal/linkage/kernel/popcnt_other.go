//go:build !amd64 || purego

package kernel

func popcntKernel() Kernel { return nil }
