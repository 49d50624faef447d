package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// The linkage run's steps tell the organisations that act next: a proposal
// goes to each invited party's administrators, an answer to the
// coordinator's side, the match to both.

func runLink(id uuid.UUID) string { return "/network/runs/" + id.String() }

// notifyRun records kind about run r for recipients (those of the nil
// organisation, the platform's, are left out); nothing when none remain.
func (db *DB) notifyRun(ctx context.Context, t *tx, r *linkrun.Run, kind notify.Kind, status string,
	recipients ...notify.Recipient) error {
	var to []notify.Recipient
	for _, rc := range recipients {
		if rc.OrgID != uuid.Nil {
			to = append(to, rc)
		}
	}
	if len(to) == 0 {
		return nil
	}
	return db.notify(ctx, t, notify.Event{Kind: kind, Status: status, Recipients: to, Link: runLink(r.ID),
		Objects: []notify.Ref{{Type: "linkage_run", ID: r.ID}}})
}

// partyAdmins addresses the administrators of r's parties other than the
// coordinator's organisation.
func partyAdmins(r *linkrun.Run) []notify.Recipient {
	var out []notify.Recipient
	for _, p := range r.Parties {
		if p.OrgID != r.CoordinatorOrg {
			out = append(out, notify.ToRole(p.OrgID, string(auth.OrgAdmin)))
		}
	}
	return out
}

// coordinators addresses the coordinator's side of r.
func coordinators(r *linkrun.Run) notify.Recipient {
	return notify.ToRole(r.CoordinatorOrg, string(auth.Coordinator))
}
