package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Webhook endpoints: an organisation's administrators (PermNotifyWebhooks)
// register the systems that hear of the organisation's events. The signing
// secret is made here, returned once by CreateWebhookEndpoint and kept
// sealed with the organisation's key; nobody reads it back.

func webhookAAD(id uuid.UUID) []byte { return []byte("webhook_endpoints.secret|" + id.String()) }

// CreateWebhookEndpoint registers an endpoint for the actor's organisation
// and returns it with its secret (shown once). Refused: notify's rules
// (valid errors "url"/"webhook_url", "kinds"/"webhook_kinds"), more than
// notify.MaxEndpoints endpoints ("url"/"webhook_endpoints"). Audited
// "notify.webhook_create" (the kinds, never the secret).
func (db *DB) CreateWebhookEndpoint(ctx context.Context, in notify.EndpointInput) (notify.Endpoint, string, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return notify.Endpoint{}, "", err
	}
	if err := orgAccess(a, a.OrgID, auth.PermNotifyWebhooks); err != nil || a.OrgID == uuid.Nil {
		return notify.Endpoint{}, "", ErrForbidden
	}
	ep, es := in.Endpoint()
	if len(es) > 0 {
		return ep, "", es
	}
	ep.OrgID, ep.CreatedAt = a.OrgID, now()
	if ep.ID, err = uuid.NewV7(); err != nil {
		return ep, "", err
	}
	secret, err := notify.NewSecret()
	if err != nil {
		return ep, "", err
	}
	sealed, err := db.keys.Seal(ctx, a.OrgID, []byte(secret), webhookAAD(ep.ID))
	if err != nil {
		return ep, "", err
	}
	var full bool
	err = db.write(ctx, func(t *tx) error {
		full = false
		if err := t.lockOrg(ctx, a.OrgID); err != nil {
			return err
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_endpoints WHERE organisation_id = $1`,
			a.OrgID).Scan(&n); err != nil {
			return err
		}
		if full = n >= notify.MaxEndpoints; full {
			return nil
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, organisation_id, url, kinds, secret,
			created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, ep.ID, ep.OrgID, ep.URL, kindsText(ep.Kinds),
			sealed, a.UserID, ep.CreatedAt); err != nil {
			return fmt.Errorf("store: create webhook endpoint: %w", err)
		}
		t.audit(event(a, a.OrgID, "notify.webhook_create", "webhook_endpoint", ep.ID.String(), "kinds="+kindsText(ep.Kinds)))
		return nil
	})
	if err != nil {
		return ep, "", err
	}
	if full {
		return ep, "", valid.Errors{valid.New("url", "webhook_endpoints", map[string]any{"Max": notify.MaxEndpoints})}
	}
	return ep, secret, nil
}

// endpointsOn lists org's endpoints, with the counts of pending and dead
// deliveries, on q.
func endpointsOn(ctx context.Context, q querier, org uuid.UUID) ([]notify.Endpoint, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.url, e.kinds, e.created_at,
		(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = $2),
		(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = $3)
		FROM webhook_endpoints e WHERE e.organisation_id = $1 ORDER BY e.created_at, e.id`, org, statePending, stateDead)
	if err != nil {
		return nil, fmt.Errorf("store: webhook endpoints: %w", err)
	}
	defer rows.Close()
	var out []notify.Endpoint
	for rows.Next() {
		e := notify.Endpoint{OrgID: org}
		var kinds string
		if err := rows.Scan(&e.ID, &e.URL, &kinds, &e.CreatedAt, &e.Pending, &e.Dead); err != nil {
			return nil, err
		}
		e.Kinds, e.CreatedAt = parseKinds(kinds), e.CreatedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// ListWebhookEndpoints lists the actor's organisation's endpoints
// (PermNotifyWebhooks), without their secrets.
func (db *DB) ListWebhookEndpoints(ctx context.Context) ([]notify.Endpoint, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := orgAccess(a, a.OrgID, auth.PermNotifyWebhooks); err != nil || a.OrgID == uuid.Nil {
		return nil, ErrForbidden
	}
	out, err := endpointsOn(ctx, db.r, a.OrgID)
	if out == nil {
		out = []notify.Endpoint{}
	}
	return out, err
}

// DeleteWebhookEndpoint removes one of the actor's organisation's endpoints
// and its deliveries (another organisation's is ErrNotFound). Audited
// "notify.webhook_delete".
func (db *DB) DeleteWebhookEndpoint(ctx context.Context, id uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := orgAccess(a, a.OrgID, auth.PermNotifyWebhooks); err != nil || a.OrgID == uuid.Nil {
		return ErrForbidden
	}
	return db.write(ctx, func(t *tx) error {
		var one int
		if err := t.QueryRowContext(ctx, `SELECT 1 FROM webhook_endpoints WHERE id = $1 AND organisation_id = $2`,
			id, a.OrgID).Scan(&one); err != nil {
			return notFound(err)
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = $1`, id); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id); err != nil {
			return err
		}
		t.audit(event(a, a.OrgID, "notify.webhook_delete", "webhook_endpoint", id.String(), ""))
		return nil
	})
}
