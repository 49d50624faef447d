package main

import (
	"context"
	"fmt"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// seedDemoNotifications proposes demo.NotifyRunName to Benin City and
// Lyon, so that their administrators find an invitation among their
// notifications (made by the real path: the proposal notifies the
// parties), unless the coordinator has
// proposed runs already.
func seedDemoNotifications(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	u, err := db.UserForLogin(ctx, demoLegislationCoordinator)
	if err != nil {
		return fmt.Errorf("demo coordinator: %w", err)
	}
	as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs["niamey"].ID, Role: auth.Coordinator, Lang: u.Lang})
	runs, err := db.ListLinkageRuns(as)
	if err != nil || len(runs) > 0 {
		return err
	}
	r := &linkrun.Run{Name: demo.NotifyRunName, From: "2025-01-01", To: "2025-12-31", MinSize: linkrun.DefaultMinSize,
		ShareMembership: true, Parties: []linkrun.Party{{OrgID: orgs["edo"].ID}, {OrgID: orgs["lyon"].ID}}}
	if err := db.ProposeLinkageRun(as, r, false); err != nil {
		return fmt.Errorf("demo linkage run: %w", err)
	}
	return nil
}
