package web

import "github.com/passerelle-org/passerelle/internal/auth"

// notifyRoutes registers the notification pages: one's own list, the
// organisation's webhook endpoints (its administrators, under its
// settings) and the outbox (platform administrators). The header's count
// is set by render.
func (s *Server) notifyRoutes() {
	s.page("GET", "/notifications", auth.PermAccountSelf, s.notifyList)
	s.page("POST", "/notifications/read", auth.PermAccountSelf, s.notifyReadAll)
	s.page("POST", "/notifications/{id}/read", auth.PermAccountSelf, s.notifyRead)
	s.page("POST", "/notifications/email", auth.PermAccountSelf, s.notifyEmail)
	s.page("GET", "/admin/organisations/{org}/webhooks", auth.PermNotifyWebhooks, s.webhookList)
	s.page("POST", "/admin/organisations/{org}/webhooks", auth.PermNotifyWebhooks, s.webhookCreate)
	s.page("POST", "/admin/organisations/{org}/webhooks/{id}/delete", auth.PermNotifyWebhooks, s.webhookDelete)
	s.page("GET", "/admin/outbox", auth.PermNotifyOutbox, s.outboxList)
}
