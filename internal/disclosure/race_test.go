//go:build race

package disclosure

// Under the race detector the linear programs run ten times slower: the
// property tests draw fewer tables (the plain run draws them all).
const scale = 4
