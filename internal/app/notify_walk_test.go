package app

import (
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// addNotifications gives admin, the administrator of org, a notification
// and org a webhook endpoint, for the route walk: their ids must be 404 to
// everyone else.
func addNotifications(t *testing.T, db *store.DB, org, admin uuid.UUID) (notification, endpoint uuid.UUID) {
	t.Helper()
	ref := uuid.Must(uuid.NewV7())
	if err := db.Notify(seed.System(), notify.Event{Kind: notify.ReferralReceived, Link: "/referrals/" + ref.String(),
		Recipients: []notify.Recipient{notify.ToUser(org, admin)}, Objects: []notify.Ref{{Type: "referral", ID: ref}}}); err != nil {
		t.Fatal(err)
	}
	ctx := seed.As(admin, org, auth.OrgAdmin)
	list, err := db.ListNotifications(ctx, false)
	if err != nil || len(list) != 1 {
		t.Fatalf("B's notifications: %d, %v", len(list), err)
	}
	ep, _, err := db.CreateWebhookEndpoint(ctx, notify.EndpointInput{URL: "https://systems.lumiere-edo.example.org/hook",
		Kinds: []string{string(notify.ReferralReceived)}})
	if err != nil {
		t.Fatal(err)
	}
	return list[0].ID, ep.ID
}
