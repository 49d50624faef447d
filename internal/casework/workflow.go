package casework

import (
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The workflow (HTCDS cas_Status) with a supervisor's approval to close:
//
//	Active <-> FollowUp
//	Active|FollowUp --request--> (closure requested) --approve--> Closed|ClosedReferred
//	                                                 --reject---> unchanged, request cleared
//	Closed|ClosedReferred --reopen (supervisor)--> Active
//
// A caseworker never closes a case alone: protection needs a second pair of eyes.

// SetStatus moves an open case between Active and FollowUp.
func (c *Case) SetStatus(s Status) error {
	if c.Status.IsClosed() || (s != Active && s != FollowUp) {
		return valid.Errors{valid.NewKind(fault.Conflict, "status", RuleTransition, map[string]any{"from": string(c.Status), "to": string(s)})}
	}
	c.Status = s
	return nil
}

// RequestClosure records a caseworker's request to close as Closed or
// ClosedReferred, with the reason (cas_ReasonForCaseClosure).
func (c *Case) RequestClosure(by uuid.UUID, to Status, reason string) error {
	var es valid.Errors
	if c.Status.IsClosed() || c.ClosureRequested {
		es.Add(valid.NewKind(fault.Conflict, "status", RuleTransition, map[string]any{"from": string(c.Status), "to": string(to)}))
	}
	if !to.IsClosed() {
		es.Add(valid.OneOf("closure_status", string(to), string(Closed), string(ClosedReferred)))
	}
	es.Add(valid.Required("closure_reason", reason))
	es.Add(valid.MaxLen("closure_reason", reason, MaxNarrative))
	if err := es.OrNil(); err != nil {
		return err
	}
	c.ClosureRequested, c.ClosureStatus, c.ClosureReason, c.ClosureRequestedBy = true, to, reason, by
	return nil
}

// ApproveClosure closes the case as requested. The approver must be someone
// other than the requester: the store checks the approver's role.
func (c *Case) ApproveClosure(by uuid.UUID) error {
	if !c.ClosureRequested || by == c.ClosureRequestedBy {
		return valid.Errors{valid.NewKind(fault.Conflict, "status", RuleTransition, map[string]any{"from": string(c.Status), "to": string(c.ClosureStatus)})}
	}
	c.Status, c.ClosureRequested = c.ClosureStatus, false
	return nil
}

// RejectClosure clears a pending request; the case stays open.
func (c *Case) RejectClosure() error {
	if !c.ClosureRequested {
		return valid.Errors{valid.NewKind(fault.Conflict, "status", RuleTransition, nil)}
	}
	c.ClosureRequested, c.ClosureStatus, c.ClosureReason, c.ClosureRequestedBy = false, "", "", uuid.Nil
	return nil
}

// Reopen brings a closed case back to Active.
func (c *Case) Reopen() error {
	if !c.Status.IsClosed() {
		return valid.Errors{valid.NewKind(fault.Conflict, "status", RuleTransition, map[string]any{"from": string(c.Status), "to": string(Active)})}
	}
	c.Status = Active
	c.ClosedAt = nil
	return nil
}
