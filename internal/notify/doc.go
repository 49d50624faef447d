// Package notify holds the rules of notifications, pure Go: what an event
// is (a kind from a closed list, its recipients, the ids of the objects it
// is about and a link inside the application), what may be recorded of it,
// how a webhook body is signed and checked, and how long a failed delivery
// waits before it is tried again.
//
// A notification never holds personal data: only its kind, a status code,
// object ids and a path. Its words are rendered from the catalogue
// (internal/i18n/locales/notify.*.toml) in the reader's language when it is
// shown or sent, so the same row reads in English or French and an e-mail or
// a webhook carries nothing a third party could use about a person.
//
// The store records events (store.DB.Notify, and inside its own
// transactions the unexported notify); internal/delivery sends the e-mail
// outbox and the webhook deliveries.
package notify
