package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// kindStatus is the pages' one status table: the status of the error page
// (or of the form shown again with its errors) for each kind of error. Not
// found includes another organisation's records.
var kindStatus = map[fault.Kind]int{
	fault.Internal:    http.StatusInternalServerError,
	fault.Invalid:     http.StatusUnprocessableEntity,
	fault.NotFound:    http.StatusNotFound,
	fault.Conflict:    http.StatusConflict,
	fault.Forbidden:   http.StatusForbidden,
	fault.TooLarge:    http.StatusRequestEntityTooLarge,
	fault.RateLimited: http.StatusTooManyRequests,
	fault.Unavailable: http.StatusServiceUnavailable,
}

// statusOf is the status that answers err, by its kind.
func statusOf(err error) int {
	if st, ok := kindStatus[fault.KindOf(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// fail answers an error with the error page of its kind (kindStatus).
// Internal and unavailable errors are logged with the request id (error texts
// carry no personal data by the project's rule); the page never shows them.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(r), "kind", fault.KindOf(err).String(), "err", err.Error())
	}
	if status == http.StatusTooManyRequests {
		setRetryAfter(w, err)
	}
	s.errorPage(w, r, status)
}

// setRetryAfter sends Retry-After, in whole seconds rounded up, when err
// says how long to wait.
func setRetryAfter(w http.ResponseWriter, err error) {
	var fe *fault.Error
	if errors.As(err, &fe) && fe.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((fe.RetryAfter+time.Second-1)/time.Second)))
	}
}

// errorPages maps a status to its message ids (title, explanation).
var errorPages = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method",
	http.StatusConflict:              "conflict",
	http.StatusUnprocessableEntity:   "invalid",
	http.StatusTooManyRequests:       "too_many",
	http.StatusInternalServerError:   "server",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusServiceUnavailable:    "unavailable",
}

// errorPage renders the error page for status in the visitor's language. It
// never echoes the request.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	key, ok := errorPages[status]
	if !ok {
		key, status = "server", http.StatusInternalServerError
	}
	s.render(w, r, status, "error", map[string]any{
		"Status": status,
		"Title":  "errpage." + key + ".title",
		"Text":   "errpage." + key + ".text",
		"Path":   "/", // the language switch returns home: the page repeats nothing of the request
	})
}

// plainError is the last resort when even the error page cannot render.
func (s *Server) plainError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, http.StatusText(status))
}

// notFound answers every unknown path.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound)
}

// crossOriginDenied answers a state-changing request from another site. It
// runs before the session is loaded, so the language comes from the browser.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Match(r.Header.Get("Accept-Language"))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = fmt.Fprintln(w, i18n.T(lang, "errpage.cross_origin.text", nil))
}

// sessionError is scs's error hook (session store unreachable and the like).
func (s *Server) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("session", "request_id", requestID(r), "err", err.Error())
	s.plainError(w, http.StatusInternalServerError)
}

// formErrors translates validation errors into a message per field, for
// re-rendering a form with status 422. ok is false when err is not a
// validation error (the caller should then use fail).
func (s *Server) formErrors(r *http.Request, err error) (msgs map[string]string, ok bool) {
	list, ok := asFieldErrors(err)
	if !ok {
		return nil, false
	}
	lang := langOf(r)
	msgs = make(map[string]string, len(list))
	for _, fe := range list {
		if _, dup := msgs[fe.Field]; dup {
			continue // first problem per field is enough
		}
		msgs[fe.Field] = i18n.FieldMessage(lang, fe)
	}
	return msgs, true
}

// joinList joins a list parameter of a rule for display.
func joinList(list []string) string { return strings.Join(list, ", ") }
