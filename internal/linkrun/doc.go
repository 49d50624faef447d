// Package linkrun holds the rules of privacy-preserving record linkage runs
// between organisations and of the multiple-systems estimate the coordinator
// draws from them. It is pure: no I/O; the store keeps runs and the web and
// API show them.
//
// A run goes: proposed (by a coordinator) -> each party approves (its own
// deployment encodes the cases it chose, with the shared secret the
// coordinator never sees) or declines (the run is then declined) -> matched
// by the linkage unit. Guards against a party probing for one person: a
// minimum dataset size per party, a daily limit of runs per coordinator, no
// repeat of the same parties within a day unless a platform administrator
// forces it, small counts shown as "<5", and an audit entry for every step.
package linkrun
