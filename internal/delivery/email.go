package delivery

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// SMTP is the mail server. STARTTLS is required unless Host is a loopback
// address (a relay on the same machine, or a test).
type SMTP struct {
	Host     string
	Port     int
	From     string
	Username string
	Password string
	// TLS overrides the TLS settings (nil: the system's roots, Host as
	// server name).
	TLS *tls.Config
}

// ErrNoStartTLS: the server does not offer STARTTLS and is not loopback.
var ErrNoStartTLS = errors.New("delivery: the SMTP server does not offer STARTTLS")

// delivered is one attempt's outcome.
type delivered struct {
	id       uuid.UUID
	attempts int
	err      error
	reason   string
}

func (s *Sender) emails(ctx context.Context, res *Result) error {
	batch, err := s.db.ClaimEmails(ctx, s.cfg.Now().UTC(), s.cfg.Batch, lease)
	if err != nil {
		return err
	}
	for _, m := range batch {
		err := s.cfg.SMTP.send(m.Email, s.message(m))
		if err := s.settle(ctx, store.ChannelEmail, res, delivered{id: m.ID, attempts: m.Attempts, err: err,
			reason: smtpReason(err)}); err != nil {
			return err
		}
	}
	return nil
}

// message is m worded in the recipient's language: the kind's sentence
// as subject and body, and the link. Nothing else.
func (s *Sender) message(m store.OutboundEmail) []byte {
	text := notify.Text(m.Lang, m.Kind, m.Status, i18n.T)
	subject := i18n.T(m.Lang, "notify.email.subject", map[string]any{"What": text})
	body := text + " " + i18n.T(m.Lang, "notify.email.open", nil)
	host := "passerelle"
	if at := strings.LastIndexByte(s.cfg.SMTP.From, '@'); at >= 0 {
		host = strings.Trim(s.cfg.SMTP.From[at+1:], "> ")
	}
	return notify.Email(s.cfg.SMTP.From, m.Email, subject, body, s.cfg.BaseURL+m.Link, s.cfg.Now(), m.ID, host)
}

// send delivers msg to one address.
func (c SMTP) send(to string, msg []byte) error {
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if err := cl.Hello("localhost"); err != nil {
		return err
	}
	if ok, _ := cl.Extension("STARTTLS"); ok {
		cfg := c.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(cfg); err != nil {
			return err
		}
	} else if !notify.Loopback(c.Host) {
		return ErrNoStartTLS
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return err
		}
	}
	// The envelope takes the bare address of "Name <address>".
	from := c.From
	if a, err := mail.ParseAddress(c.From); err == nil {
		from = a.Address
	}
	if err := cl.Mail(from); err != nil {
		return err
	}
	if err := cl.Rcpt(to); err != nil {
		return err
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// smtpReason is a failure as a code: "smtp 451", "starttls", "network".
func smtpReason(err error) string {
	var te *textproto.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &te):
		return "smtp " + strconv.Itoa(te.Code)
	case errors.Is(err, ErrNoStartTLS):
		return "starttls"
	}
	return "network"
}
