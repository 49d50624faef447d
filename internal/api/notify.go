package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// Notifications: the caller's own (another user's id is 404), and the
// organisation's webhook endpoints for its administrators. A notification
// holds a kind, a status code, object ids and a link; text is the kind's
// sentence in the caller's language.

var notifyTags = []string{"notifications"}

// NotifyKind is a kind of notification.
type NotifyKind string

// Schema lists the kinds.
func (NotifyKind) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Kind of notification.", strs(notify.Kinds))
}

// NotificationRef is an object a notification is about.
type NotificationRef struct {
	Type string    `json:"type" doc:"What the id names, e.g. referral or linkage_run."`
	ID   uuid.UUID `json:"id" format:"uuid"`
}

// Notification is one of the caller's notifications.
type Notification struct {
	ID        uuid.UUID         `json:"id" format:"uuid"`
	Kind      NotifyKind        `json:"kind"`
	Status    string            `json:"status,omitempty" doc:"A status code the kind carries (e.g. accepted)."`
	Text      string            `json:"text" doc:"The kind's sentence in the caller's language."`
	Link      string            `json:"link" doc:"A path inside the application."`
	Objects   []NotificationRef `json:"objects"`
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at,omitempty"`
}

type notificationsOutput struct {
	Body struct {
		Items  []Notification `json:"items"`
		Unread int            `json:"unread" doc:"How many of the caller's notifications are unread."`
	}
}

// WebhookEndpoint is a registered endpoint, without its secret.
type WebhookEndpoint struct {
	ID        uuid.UUID    `json:"id" format:"uuid"`
	URL       string       `json:"url"`
	Kinds     []NotifyKind `json:"kinds"`
	CreatedAt time.Time    `json:"created_at"`
	Pending   int          `json:"pending" doc:"Deliveries waiting."`
	Dead      int          `json:"dead" doc:"Deliveries that failed after every attempt."`
}

// NewWebhookEndpoint is a created endpoint with its secret, shown once.
type NewWebhookEndpoint struct {
	WebhookEndpoint
	Secret string `json:"signing_key" doc:"The signing key (the endpoint's shared secret). Shown once: verify each delivery with HMAC-SHA256(signing_key, X-Passerelle-Timestamp + \".\" + body) against X-Passerelle-Signature (sha256=<hex>), and refuse timestamps older than 5 minutes."`
}

// WebhookCreateBody registers an endpoint.
type WebhookCreateBody struct {
	URL   string       `json:"url" doc:"https, or http to a loopback address."`
	Kinds []NotifyKind `json:"kinds" minItems:"1" doc:"The kinds delivered."`
}

type webhookListOutput struct {
	Body struct {
		Items []WebhookEndpoint `json:"items"`
	}
}

type newWebhookOutput struct{ Body NewWebhookEndpoint }

func (s *server) registerNotify(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-my-notifications", Method: http.MethodGet, Path: "/me/notifications",
		Tags: notifyTags, Security: secured,
		Summary: "Your notifications for the token's organisation, unread first",
		Errors:  []int{401, 403, 429},
	}, s.listNotifications)
	huma.Register(a, huma.Operation{
		OperationID: "read-my-notification", Method: http.MethodPost, Path: "/me/notifications/{id}/read",
		Tags: notifyTags, Security: secured, DefaultStatus: http.StatusNoContent,
		Summary: "Mark one of your notifications as read",
		Errors:  []int{401, 403, 404, 422, 429},
	}, s.readNotification)
	huma.Register(a, huma.Operation{
		OperationID: "list-webhooks", Method: http.MethodGet, Path: "/organisation/webhooks",
		Tags: notifyTags, Security: secured, Middlewares: huma.Middlewares{requirePerm(auth.PermNotifyWebhooks)},
		Summary: "Your organisation's webhook endpoints (org_admin)",
		Errors:  []int{401, 403, 429},
	}, s.listWebhooks)
	huma.Register(a, huma.Operation{
		OperationID: "create-webhook", Method: http.MethodPost, Path: "/organisation/webhooks",
		Tags: notifyTags, Security: secured, DefaultStatus: http.StatusCreated,
		Middlewares: huma.Middlewares{requirePerm(auth.PermNotifyWebhooks)},
		Summary:     "Register a webhook endpoint for your organisation (org_admin); the secret is in this answer only",
		Errors:      []int{400, 401, 403, 415, 422, 429},
	}, s.createWebhook)
	huma.Register(a, huma.Operation{
		OperationID: "delete-webhook", Method: http.MethodDelete, Path: "/organisation/webhooks/{id}",
		Tags: notifyTags, Security: secured, DefaultStatus: http.StatusNoContent,
		Middlewares: huma.Middlewares{requirePerm(auth.PermNotifyWebhooks)},
		Summary:     "Remove a webhook endpoint and its pending deliveries (org_admin)",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.deleteWebhook)
}

func (s *server) listNotifications(ctx context.Context, in *struct {
	Unread bool `query:"unread" doc:"Only unread notifications."`
}) (*notificationsOutput, error) {
	list, err := s.db.ListNotifications(ctx, in.Unread)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	lang := langOf(ctx)
	out := &notificationsOutput{}
	out.Body.Items = make([]Notification, 0, len(list))
	for _, n := range list {
		refs := make([]NotificationRef, 0, len(n.Objects))
		for _, o := range n.Objects {
			refs = append(refs, NotificationRef{Type: o.Type, ID: o.ID})
		}
		out.Body.Items = append(out.Body.Items, Notification{ID: n.ID, Kind: NotifyKind(n.Kind), Status: n.Status,
			Text: notify.Text(lang, n.Kind, n.Status, i18n.T), Link: n.Link, Objects: refs, CreatedAt: n.CreatedAt,
			ReadAt: n.ReadAt})
		if n.ReadAt == nil {
			out.Body.Unread++
		}
	}
	return out, nil
}

func (s *server) readNotification(ctx context.Context, in *IDParam) (*struct{}, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	if err := s.db.MarkRead(ctx, id); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{}{}, nil
}

func webhookOut(e notify.Endpoint) WebhookEndpoint {
	out := WebhookEndpoint{ID: e.ID, URL: e.URL, CreatedAt: e.CreatedAt, Pending: e.Pending, Dead: e.Dead,
		Kinds: make([]NotifyKind, 0, len(e.Kinds))}
	for _, k := range e.Kinds {
		out.Kinds = append(out.Kinds, NotifyKind(k))
	}
	return out
}

func (s *server) listWebhooks(ctx context.Context, _ *struct{}) (*webhookListOutput, error) {
	eps, err := s.db.ListWebhookEndpoints(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &webhookListOutput{}
	out.Body.Items = make([]WebhookEndpoint, 0, len(eps))
	for _, e := range eps {
		out.Body.Items = append(out.Body.Items, webhookOut(e))
	}
	return out, nil
}

func (s *server) createWebhook(ctx context.Context, in *struct{ Body WebhookCreateBody }) (*newWebhookOutput, error) {
	kinds := make([]string, len(in.Body.Kinds))
	for i, k := range in.Body.Kinds {
		kinds[i] = string(k)
	}
	e, secret, err := s.db.CreateWebhookEndpoint(ctx, notify.EndpointInput{URL: in.Body.URL, Kinds: kinds})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &newWebhookOutput{Body: NewWebhookEndpoint{WebhookEndpoint: webhookOut(e), Secret: secret}}, nil
}

func (s *server) deleteWebhook(ctx context.Context, in *IDParam) (*struct{}, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	if err := s.db.DeleteWebhookEndpoint(ctx, id); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{}{}, nil
}
