// Package demo holds invented people and organisations for the demonstration
// deployment and for tests: names, places and corridors of the mission, never
// a real person. Production packages never import it.
package demo
