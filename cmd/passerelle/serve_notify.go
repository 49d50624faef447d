package main

import (
	"flag"
	"net/url"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/delivery"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// notifyFlags configure the sending of notifications: the SMTP server
// (STARTTLS required unless it is on a loopback address) and the public
// address the links of e-mails start with. Without --smtp-host e-mails
// wait in the outbox; webhooks are sent either way.
type notifyFlags struct {
	publicURL    string
	smtpHost     string
	smtpPort     int
	smtpFrom     string
	smtpUser     string
	smtpPassword string
}

func (n *notifyFlags) addFlags(fs *flag.FlagSet) {
	port, _ := strconv.Atoi(envOr("SMTP_PORT", "587"))
	fs.StringVar(&n.publicURL, "public-url", envOr("PUBLIC_URL", ""), help("public_url", nil))
	fs.StringVar(&n.smtpHost, "smtp-host", envOr("SMTP_HOST", ""), help("smtp_host", nil))
	fs.IntVar(&n.smtpPort, "smtp-port", port, help("smtp_port", nil))
	fs.StringVar(&n.smtpFrom, "smtp-from", envOr("SMTP_FROM", ""), help("smtp_from", nil))
	fs.StringVar(&n.smtpUser, "smtp-username", envOr("SMTP_USERNAME", ""), help("smtp_username", nil))
	// The password comes from PASSERELLE_SMTP_PASSWORD(_FILE) only: a flag
	// would show it in the process list.
	n.smtpPassword = envOr("SMTP_PASSWORD", "")
}

// config checks the flags and builds the sender's configuration.
func (n *notifyFlags) config() (delivery.Config, error) {
	cfg := delivery.Config{BaseURL: n.publicURL, SMTP: delivery.SMTP{Host: n.smtpHost, Port: n.smtpPort,
		From: n.smtpFrom, Username: n.smtpUser, Password: n.smtpPassword}}
	if n.smtpHost == "" {
		return cfg, nil
	}
	u, err := url.Parse(n.publicURL)
	if n.publicURL == "" || err != nil || u.Host == "" || u.Scheme != "https" && !(u.Scheme == "http" && notify.Loopback(u.Hostname())) {
		return cfg, fault.New(fault.Invalid, "cli.error.public_url", nil)
	}
	if n.smtpFrom == "" || n.smtpPort <= 0 || n.smtpPort > 65535 {
		return cfg, fault.New(fault.Invalid, "cli.error.smtp", nil)
	}
	return cfg, nil
}
