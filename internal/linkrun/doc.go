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
//
// Each rule is written here once and called by the store, the pages and the
// API alike:
//   - who sees a run and what of it: the predicates of access.go (SeesRuns,
//     CanSee, CoordinatorSide, SeesPartyDetails...) over a Viewer the store
//     builds from the actor (store.LinkageViewer), each with a Reason;
//   - what a proposal and an answer are: Proposal and Approval, the intent the
//     surfaces fill from their medium; the store methods that take them
//     (ProposeLinkage, ApproveLinkageRun, DeclineLinkageRun, MatchLinkageRun)
//     own the use case: they read, check permission and scope, encode, write
//     and audit;
//   - how a refusal is answered: Refusal gives each rule its fault kind (a
//     step out of turn is a conflict, the daily limit rate limited with
//     RetryAfter), with the field error inside;
//   - how a shared secret is read: linkage.ParseSecret, one rule for the web
//     form, the API and "passerelle link encode".
package linkrun
