package web

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// NotificationText is a notification's sentence in lang, from its kind and
// status code: the one wording the pages, the API and e-mails share.
func NotificationText(lang string, n notify.Notification) string {
	return notify.Text(lang, n.Kind, n.Status, i18n.T)
}

// notificationRow is a notification as the list shows it.
type notificationRow struct {
	ID        uuid.UUID
	Text      string
	Link      string
	CreatedAt time.Time
	Unread    bool
}

// unread is the header's count: one indexed query, none for visitors.
func (s *Server) unread(r *http.Request) int {
	n, err := s.db.UnreadCount(r.Context())
	if err != nil {
		s.log.Warn("unread count", "err", err.Error(), "request_id", requestID(r))
	}
	return n
}

func (s *Server) notifyList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListNotifications(r.Context(), false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	on, err := s.db.EmailNotifications(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	rows := make([]notificationRow, 0, len(list))
	unread := 0
	for _, n := range list {
		rows = append(rows, notificationRow{ID: n.ID, Text: NotificationText(lang, n), Link: n.Link,
			CreatedAt: n.CreatedAt, Unread: n.ReadAt == nil})
		if n.ReadAt == nil {
			unread++
		}
	}
	s.render(w, r, http.StatusOK, "notify_list", map[string]any{"Rows": rows, "AnyUnread": unread > 0,
		"EmailOn": on, "Unread": unread})
}

func (s *Server) notifyRead(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.db.MarkRead(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) notifyReadAll(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.MarkAllRead(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "notify.marked_all")
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) notifyEmail(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	if err := s.db.SetEmailNotifications(r.Context(), r.PostFormValue("email") != ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "notify.email.saved")
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}
