package notify

import (
	"mime"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Email builds the message sent for a notification: the subject and the
// one sentence of the kind (already worded in the reader's language), and
// the link; nothing else, so no personal data can reach a mailbox. to and
// from are staff addresses.
func Email(from, to, subject, text, link string, date time.Time, id uuid.UUID, host string) []byte {
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from)
	h("To", to)
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(subject)))
	h("Date", date.UTC().Format(time.RFC1123Z))
	h("Message-ID", "<"+id.String()+"@"+host+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "8bit")
	h("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	b.WriteString(oneLine(text) + "\r\n\r\n" + link + "\r\n")
	return []byte(b.String())
}

// oneLine keeps a line break or a lone dot from changing the message.
func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}
