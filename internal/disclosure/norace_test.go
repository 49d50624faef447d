//go:build !race

package disclosure

// scale divides the number of random tables the property tests draw.
const scale = 1
