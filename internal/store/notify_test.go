package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func referralEvent(w *world, ref uuid.UUID, to ...notify.Recipient) notify.Event {
	return notify.Event{Kind: notify.ReferralReceived, Recipients: to, Link: "/referrals/" + ref.String(),
		Objects: []notify.Ref{{Type: "referral", ID: ref}}}
}

// TestNotifyFansOut: one event gives one in-application row per recipient
// user (a user reached through a role and by name once), an outbox row per
// recipient who wants e-mail, a delivery per subscribed endpoint of the
// recipient organisation; each user reads and marks only their own.
func TestNotifyFansOut(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		hook, _, err := db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "https://systems.espoir-niamey.example/hook",
			Kinds: []string{string(notify.ReferralReceived)}})
		must(t, err)
		_, _, err = db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "http://127.0.0.1:9/other",
			Kinds: []string{string(notify.LinkrunMatched)}})
		must(t, err)
		// Fati turns e-mail off; Moussa is reached twice.
		must(t, db.SetEmailNotifications(w.asCaseA(), false))
		ref := uuid.Must(uuid.NewV7())
		e := referralEvent(w, ref, notify.ToRole(w.orgA.ID, string(auth.Supervisor)), notify.ToUser(w.orgA.ID, w.superA.ID),
			notify.ToUser(w.orgA.ID, w.caseA.ID))
		must(t, db.Notify(w.sys, e))
		if n := count(t, db, "notifications"); n != 2 {
			t.Fatalf("%d notifications, want 2 (Moussa once, Fati once)", n)
		}
		if n := count(t, db, "email_outbox"); n != 1 {
			t.Fatalf("%d e-mails, want 1 (Fati opted out)", n)
		}
		var deliveries int
		must(t, db.w.QueryRow(`SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = $1`, hook.ID).Scan(&deliveries))
		if deliveries != 1 || count(t, db, "webhook_deliveries") != 1 {
			t.Fatalf("deliveries: %d to the subscribed endpoint, %d in all; want 1 and 1", deliveries, count(t, db, "webhook_deliveries"))
		}

		list, err := db.ListNotifications(w.asSuperA(), false)
		must(t, err)
		if len(list) != 1 || list[0].Kind != notify.ReferralReceived || list[0].Link != e.Link ||
			len(list[0].Objects) != 1 || list[0].Objects[0].ID != ref || list[0].ReadAt != nil {
			t.Fatalf("Moussa's notifications: %+v", list)
		}
		if n, _ := db.UnreadCount(w.asSuperA()); n != 1 {
			t.Fatalf("unread %d, want 1", n)
		}
		// Nobody else reads Moussa's: not a colleague, not an administrator,
		// not another organisation.
		for name, ctx := range map[string]func() (err error){
			"colleague":  func() error { return db.MarkRead(w.asCaseA(), list[0].ID) },
			"admin":      func() error { return db.MarkRead(w.asAdminA(), list[0].ID) },
			"other org":  func() error { return db.MarkRead(w.asAdminB(), list[0].ID) },
			"platform":   func() error { return db.MarkRead(w.asPlatform(), list[0].ID) },
			"unknown id": func() error { return db.MarkRead(w.asSuperA(), uuid.Must(uuid.NewV7())) },
		} {
			if err := ctx(); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s marking Moussa's notification: %v, want ErrNotFound", name, err)
			}
		}
		for _, c := range []func() ([]notify.Notification, error){
			func() ([]notify.Notification, error) { return db.ListNotifications(w.asAdminA(), false) },
			func() ([]notify.Notification, error) { return db.ListNotifications(w.asAdminB(), false) },
		} {
			if l, err := c(); err != nil || len(l) != 0 {
				t.Fatalf("another user lists %d notifications (%v), want none", len(l), err)
			}
		}
		// Acting for another organisation, Moussa's count is that one's.
		if n, _ := db.UnreadCount(w.as(w.superA, w.orgB.ID, auth.Supervisor)); n != 0 {
			t.Fatalf("unread for another organisation %d, want 0", n)
		}
		must(t, db.MarkRead(w.asSuperA(), list[0].ID))
		if n, _ := db.UnreadCount(w.asSuperA()); n != 0 {
			t.Fatalf("unread after reading %d, want 0", n)
		}
		if l, _ := db.ListNotifications(w.asSuperA(), true); len(l) != 0 {
			t.Fatalf("unread list after reading: %d", len(l))
		}
		if n, err := db.MarkAllRead(w.asCaseA()); err != nil || n != 1 {
			t.Fatalf("Fati marks all: %d, %v; want 1", n, err)
		}
		// No actor: nothing, and no count.
		if _, err := db.ListNotifications(t.Context(), false); !errors.Is(err, ErrForbidden) {
			t.Fatalf("no actor: %v", err)
		}
	})
}

// TestNotifyRefusesAndWritesNothing: a malformed event is refused with
// valid errors naming the rule, and the change it rode with is rolled back.
func TestNotifyRefusesAndWritesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ref := uuid.Must(uuid.NewV7())
		cases := map[string]struct {
			e           notify.Event
			field, rule string
		}{
			"kind":    {notify.Event{Kind: "referral.gossip", Recipients: []notify.Recipient{notify.ToUser(w.orgA.ID, w.caseA.ID)}, Link: "/x"}, "kind", notify.RuleKind},
			"nobody":  {referralEvent(w, ref), "recipients", notify.RuleRecipient},
			"no org":  {referralEvent(w, ref, notify.ToUser(uuid.Nil, w.caseA.ID)), "recipients", notify.RuleRecipient},
			"link":    {notify.Event{Kind: notify.ReferralReceived, Recipients: []notify.Recipient{notify.ToUser(w.orgA.ID, w.caseA.ID)}, Link: "/cases?name=Amina"}, "link", notify.RuleLink},
			"offsite": {notify.Event{Kind: notify.ReferralReceived, Recipients: []notify.Recipient{notify.ToUser(w.orgA.ID, w.caseA.ID)}, Link: "//evil.example/x"}, "link", notify.RuleLink},
			"status":  {notify.Event{Kind: notify.ReferralStatus, Status: "Amina left", Recipients: []notify.Recipient{notify.ToUser(w.orgA.ID, w.caseA.ID)}, Link: "/x"}, "status", notify.RuleStatus},
			"object":  {notify.Event{Kind: notify.ReferralStatus, Recipients: []notify.Recipient{notify.ToUser(w.orgA.ID, w.caseA.ID)}, Link: "/x", Objects: []notify.Ref{{Type: "Case Amina", ID: ref}}}, "objects", notify.RuleObject},
		}
		for name, c := range cases {
			before := count(t, db, "notifications")
			var es valid.Errors
			if err := db.Notify(w.sys, c.e); !errors.As(err, &es) || !es.Has(c.field, c.rule) {
				t.Errorf("%s: %v, want %s/%s", name, err, c.field, c.rule)
			}
			if count(t, db, "notifications") != before {
				t.Errorf("%s: a notification was written", name)
			}
		}
	})
}

// TestUnreadCountIsOneStatement: the header's count costs one query.
func TestUnreadCountIsOneStatement(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.Notify(w.sys, referralEvent(w, uuid.Must(uuid.NewV7()), notify.ToUser(w.orgA.ID, w.caseA.ID))))
		ctx, log := WithStatementLog(w.asCaseA())
		n, err := db.UnreadCount(ctx)
		must(t, err)
		if n != 1 || len(log.Statements()) != 1 {
			t.Fatalf("count %d in %d statements, want 1 in 1", n, len(log.Statements()))
		}
	})
}

// TestWebhookEndpoints: administrators register endpoints for their own
// organisation only; the secret is shown once and kept sealed.
func TestWebhookEndpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		kinds := []string{string(notify.ReferralReceived), string(notify.ReferralStatus)}
		for url, rule := range map[string]string{
			"http://systems.espoir-niamey.example/hook": notify.RuleURL,
			"ftp://127.0.0.1/hook":                      notify.RuleURL,
			"https://user:pw@systems.example/hook":      notify.RuleURL,
			"":                                          notify.RuleURL,
		} {
			_, _, err := db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: url, Kinds: kinds})
			wantRule(t, err, "url", rule)
		}
		_, _, err := db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "https://x.example/h"})
		wantRule(t, err, "kinds", notify.RuleKinds)
		_, _, err = db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "https://x.example/h", Kinds: []string{"case.opened"}})
		wantRule(t, err, "kinds", notify.RuleKinds)
		_, _, err = db.CreateWebhookEndpoint(w.asCaseA(), notify.EndpointInput{URL: "https://x.example/h", Kinds: kinds})
		wantErr(t, err, ErrForbidden)
		if n := count(t, db, "webhook_endpoints"); n != 0 {
			t.Fatalf("%d endpoints after refusals", n)
		}

		ep, secret, err := db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "https://systems.espoir-niamey.example/hook", Kinds: kinds})
		must(t, err)
		if len(secret) < 40 {
			t.Fatalf("secret %q too short", secret)
		}
		var sealed []byte
		must(t, db.w.QueryRow(`SELECT secret FROM webhook_endpoints WHERE id = $1`, ep.ID).Scan(&sealed))
		if bytes.Contains(sealed, []byte(secret)) || bytes.Contains(sealed, []byte(secret[6:])) {
			t.Fatal("the secret is stored in clear")
		}
		list, err := db.ListWebhookEndpoints(w.asAdminA())
		must(t, err)
		if len(list) != 1 || list[0].ID != ep.ID || len(list[0].Kinds) != 2 {
			t.Fatalf("list %+v", list)
		}
		if l, err := db.ListWebhookEndpoints(w.asAdminB()); err != nil || len(l) != 0 {
			t.Fatalf("another organisation lists %d endpoints (%v)", len(l), err)
		}
		wantErr(t, db.DeleteWebhookEndpoint(w.asAdminB(), ep.ID), ErrNotFound)
		_, err = db.ListWebhookEndpoints(w.asCaseA())
		wantErr(t, err, ErrForbidden)

		// The sender gets the secret back, opened.
		must(t, db.Notify(w.sys, referralEvent(w, uuid.Must(uuid.NewV7()), notify.ToUser(w.orgA.ID, w.caseA.ID))))
		got, err := db.ClaimWebhooks(w.sys, time.Now(), 10, time.Minute)
		must(t, err)
		if len(got) != 1 || got[0].Secret != secret || got[0].URL != ep.URL || got[0].Attempts != 1 ||
			got[0].Body.OrganisationID != w.orgA.ID || got[0].Body.Kind != notify.ReferralReceived {
			t.Fatalf("claimed %+v", got)
		}
		// Claimed rows are held for the lease; only the system claims.
		if again, _ := db.ClaimWebhooks(w.sys, time.Now(), 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed twice within the lease: %d", len(again))
		}
		_, err = db.ClaimWebhooks(w.asPlatform(), time.Now(), 10, time.Minute)
		wantErr(t, err, ErrForbidden)

		must(t, db.DeleteWebhookEndpoint(w.asAdminA(), ep.ID))
		if count(t, db, "webhook_endpoints") != 0 || count(t, db, "webhook_deliveries") != 0 {
			t.Fatal("endpoint or its deliveries left after deletion")
		}
		var audits int
		must(t, db.w.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action IN ('notify.webhook_create',
			'notify.webhook_delete')`).Scan(&audits))
		if audits != 2 {
			t.Fatalf("%d audit entries, want 2", audits)
		}
	})
}

// TestOutboxView: the platform administrator sees pending and dead rows;
// nobody else does.
func TestOutboxView(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.Notify(w.sys, referralEvent(w, uuid.Must(uuid.NewV7()), notify.ToUser(w.orgA.ID, w.caseA.ID))))
		_, err := db.ListOutbox(w.asAdminA(), "pending")
		wantErr(t, err, ErrForbidden)
		got, err := db.ClaimEmails(w.sys, time.Now(), 10, time.Minute)
		must(t, err)
		if len(got) != 1 || got[0].Email != w.caseA.Email || got[0].Lang != "en" {
			t.Fatalf("claimed %+v", got)
		}
		must(t, db.DeliveryFailed(w.sys, ChannelEmail, got[0].ID, "smtp 550", nil))
		dead, err := db.ListOutbox(w.asPlatform(), "dead")
		must(t, err)
		if len(dead) != 1 || dead[0].LastError != "smtp 550" || dead[0].Channel != ChannelEmail || dead[0].Attempts != 1 {
			t.Fatalf("dead %+v", dead)
		}
		if p, _ := db.ListOutbox(w.asPlatform(), "pending"); len(p) != 0 {
			t.Fatalf("pending %+v", p)
		}
	})
}

// TestLinkageRunNotifies: a proposal reaches the invited parties'
// administrators, an answer the coordinator's side.
func TestLinkageRunNotifies(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		r := &linkrun.Run{Name: "Corridor Niamey–Lyon", From: "2024-01-01", To: "2025-12-31", MinSize: 20,
			Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
		must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
		for _, ctx := range []func() ([]notify.Notification, error){
			func() ([]notify.Notification, error) { return db.ListNotifications(w.asAdminA(), false) },
			func() ([]notify.Notification, error) { return db.ListNotifications(w.asAdminB(), false) },
		} {
			l, err := ctx()
			must(t, err)
			if len(l) != 1 || l[0].Kind != notify.LinkrunProposed || l[0].Link != "/network/runs/"+r.ID.String() {
				t.Fatalf("party administrator's notifications: %+v", l)
			}
		}
		if l, _ := db.ListNotifications(w.asCaseA(), false); len(l) != 0 {
			t.Fatalf("a caseworker was told of the run: %+v", l)
		}
		must(t, db.DeclineLinkageRun(w.asAdminB(), r.ID))
		l, err := db.ListNotifications(w.asCoord(), false)
		must(t, err)
		if len(l) != 1 || l[0].Kind != notify.LinkrunAnswered || l[0].Status != "declined" {
			t.Fatalf("coordinator's notifications: %+v", l)
		}
	})
}

// TestNotifyOnce: a sweep that finds the same overdue referral each time
// tells each supervisor (and each endpoint) once; a new supervisor is
// told; without Once, every event is told.
func TestNotifyOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		_, _, err := db.CreateWebhookEndpoint(w.asAdminA(), notify.EndpointInput{URL: "https://systems.espoir-niamey.example/hook",
			Kinds: []string{string(notify.ReferralOverdue)}})
		must(t, err)
		ref := uuid.Must(uuid.NewV7())
		overdue := notify.Event{Kind: notify.ReferralOverdue, Once: true, Link: "/referrals/" + ref.String(),
			Recipients: []notify.Recipient{notify.ToRole(w.orgA.ID, string(auth.Supervisor))},
			Objects:    []notify.Ref{{Type: "referral", ID: ref}}}
		must(t, db.Notify(w.sys, overdue))
		must(t, db.Notify(w.sys, overdue))
		if n, m, d := count(t, db, "notifications"), count(t, db, "email_outbox"), count(t, db, "webhook_deliveries"); n != 1 || m != 1 || d != 1 {
			t.Fatalf("after two sweeps: %d notifications, %d e-mails, %d deliveries; want 1, 1, 1", n, m, d)
		}
		must(t, db.SetMembership(w.sys, account.Membership{UserID: w.caseA.ID, OrgID: w.orgA.ID, Role: auth.Supervisor}))
		must(t, db.Notify(w.sys, overdue))
		if n, d := count(t, db, "notifications"), count(t, db, "webhook_deliveries"); n != 2 || d != 1 {
			t.Fatalf("a new supervisor: %d notifications, %d deliveries; want 2 and 1", n, d)
		}
		overdue.Once = false
		must(t, db.Notify(w.sys, overdue))
		if n := count(t, db, "notifications"); n != 4 {
			t.Fatalf("without Once: %d notifications, want 4", n)
		}
	})
}

// TestPruneNotifications: settled deliveries go after KeepSettled, read
// notifications after KeepRead; unread ones and pending deliveries stay.
func TestPruneNotifications(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.Notify(w.sys, referralEvent(w, uuid.Must(uuid.NewV7()), notify.ToUser(w.orgA.ID, w.caseA.ID))))
		must(t, db.Notify(w.sys, referralEvent(w, uuid.Must(uuid.NewV7()), notify.ToUser(w.orgA.ID, w.superA.ID))))
		got, err := db.ClaimEmails(w.sys, time.Now(), 10, time.Minute)
		must(t, err)
		for _, m := range got {
			if m.Email == w.caseA.Email {
				must(t, db.DeliverySent(w.sys, ChannelEmail, m.ID, time.Now()))
			}
		}
		_, err = db.MarkAllRead(w.asCaseA())
		must(t, err)
		_, err = db.PruneNotifications(w.asPlatform(), time.Now())
		wantErr(t, err, ErrForbidden)
		if n, _ := db.PruneNotifications(w.sys, time.Now()); n != 0 {
			t.Fatalf("pruned %d fresh rows", n)
		}
		n, err := db.PruneNotifications(w.sys, time.Now().Add(KeepRead+time.Hour))
		must(t, err)
		if n != 2 || count(t, db, "notifications") != 1 || count(t, db, "email_outbox") != 1 {
			t.Fatalf("pruned %d; left %d notifications and %d e-mails, want 1 and 1 (Moussa's, unread and pending)",
				n, count(t, db, "notifications"), count(t, db, "email_outbox"))
		}
	})
}
