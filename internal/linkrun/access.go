package linkrun

import "github.com/google/uuid"

// Viewer is who looks at or acts on a run, as far as the rules below need to
// know: the organisation they act for and what their role allows. This
// package does not import auth; the store builds a Viewer from the actor
// (store.LinkageViewer) and the pages and the API use that one.
type Viewer struct {
	OrgID    uuid.UUID // uuid.Nil for the platform and the system
	Platform bool      // a platform administrator or the system
	Propose  bool      // may propose and match runs (the linkage.run permission)
	Answer   bool      // may answer for its organisation (linkage.approve)
	Estimate bool      // may read the overlap counts and estimates (estimate.view)
}

// Reason says why a predicate answered as it did, so that a refusal can be
// logged, tested and mapped to a status without restating the rule.
type Reason string

// Reasons.
const (
	ReasonPlatform    Reason = "platform"     // a platform administrator or the system
	ReasonCoordinator Reason = "coordinator"  // the coordinator's organisation, with a linkage role
	ReasonParty       Reason = "party"        // the administrator of a party, for its own organisation
	ReasonNoRole      Reason = "no_role"      // the role has nothing to do with linkage runs
	ReasonNotInvolved Reason = "not_involved" // neither on the coordinator's side nor a party's administrator
	ReasonOtherParty  Reason = "other_party"  // another party's details: only the coordinator's side sees them
)

// SeesRuns reports whether v has linkage runs at all, on the pages and in the
// API: coordinators, analysts (estimates), organisation administrators
// (answers) and the platform; other roles are refused outright (403).
func SeesRuns(v Viewer) (bool, Reason) {
	switch {
	case v.Platform:
		return true, ReasonPlatform
	case v.Propose || v.Estimate:
		return true, ReasonCoordinator
	case v.Answer:
		return true, ReasonParty
	}
	return false, ReasonNoRole
}

// CoordinatorSide reports whether v is on the coordinator's side of r: the
// platform, or the coordinator's organisation acting with a role that
// proposes runs or reads their counts. The coordinator's side sees every
// party's answer, count and filter, and after the match the overlap counts.
// An organisation administrator of the coordinator's organisation is not on
// that side: its role answers for its own organisation's cases and reads no
// statistics, so it sees the run as a party does.
func CoordinatorSide(v Viewer, r *Run) (bool, Reason) {
	switch {
	case v.Platform:
		return true, ReasonPlatform
	case v.OrgID == r.CoordinatorOrg && (v.Propose || v.Estimate):
		return true, ReasonCoordinator
	}
	return false, ReasonNotInvolved
}

// PartyOf is the index of the party v answers for in r, or -1: the
// administrator (Answer) of a party's organisation.
func PartyOf(v Viewer, r *Run) int {
	if !v.Answer || v.OrgID == uuid.Nil {
		return -1
	}
	return r.Party(v.OrgID)
}

// CanSee reports whether v may see r at all: the coordinator's side and the
// parties' administrators. Anyone else is told the run does not exist (404).
func CanSee(v Viewer, r *Run) (bool, Reason) {
	if ok, why := CoordinatorSide(v, r); ok {
		return true, why
	}
	if PartyOf(v, r) >= 0 {
		return true, ReasonParty
	}
	return false, ReasonNotInvolved
}

// SeesPartyDetails reports whether v may see the count, key fingerprint and
// filter of party i of r: the coordinator's side sees every party's, a party
// its own only. A party's filter says which of its cases it chose to share,
// which is its business and the coordinator's, not the other parties'.
func SeesPartyDetails(v Viewer, r *Run, i int) (bool, Reason) {
	if ok, why := CoordinatorSide(v, r); ok {
		return true, why
	}
	if i >= 0 && PartyOf(v, r) == i {
		return true, ReasonParty
	}
	return false, ReasonOtherParty
}

// CanAnswer reports whether v may approve or decline r now: the
// administrator of a party that has not answered, while the run waits.
func CanAnswer(v Viewer, r *Run) bool {
	i := PartyOf(v, r)
	return i >= 0 && r.Status == Proposed && r.Parties[i].State == Pending
}

// CanMatch reports whether v may match r: the coordinator's side with a role
// that proposes runs.
func CanMatch(v Viewer, r *Run) bool {
	side, _ := CoordinatorSide(v, r)
	return side && v.Propose
}

// SeesCounts reports whether v may read the overlap counts of r once
// matched: the coordinator's side.
func SeesCounts(v Viewer, r *Run) bool {
	side, _ := CoordinatorSide(v, r)
	return side
}

// SeesEstimates reports whether v may read the estimates drawn from r's
// counts: the coordinator's side with the estimate permission.
func SeesEstimates(v Viewer, r *Run) bool {
	return SeesCounts(v, r) && v.Estimate
}

// SeesMembership reports whether v may learn which of its own cases are
// known elsewhere in r: a party's administrator, when the run agreed to it.
func SeesMembership(v Viewer, r *Run) bool {
	return PartyOf(v, r) >= 0 && r.ShareMembership
}

// Redact blanks in r what v may not see of the parties (SeesPartyDetails).
func Redact(v Viewer, r *Run) {
	for i := range r.Parties {
		if ok, _ := SeesPartyDetails(v, r, i); !ok {
			p := &r.Parties[i]
			p.Count, p.Fingerprint, p.Filter = 0, "", Filter{}
		}
	}
}
