// Package delivery sends what the store's outbox holds: notification
// e-mails through the deployment's SMTP server and signed webhook
// deliveries to the organisations' endpoints, with retries, exponential
// backoff with jitter and a dead state after the last attempt
// (notify.Retry). One sender runs per deployment: each pass runs under
// store.Exclusive, so two server processes on one database never send the
// same row twice.
//
// An e-mail carries the kind's subject and sentence in the recipient's
// language and a link to the deployment's public address; a webhook body
// ids, codes and a link. Neither carries personal data. Failures are
// recorded as codes (an SMTP or HTTP status, "network"), never as the
// remote server's words.
package delivery
