package delivery

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
)

func (s *Sender) webhooks(ctx context.Context, res *Result) error {
	batch, err := s.db.ClaimWebhooks(ctx, s.cfg.Now().UTC(), s.cfg.Batch, lease)
	if err != nil {
		return err
	}
	for _, w := range batch {
		reason := s.post(ctx, w)
		var sendErr error
		if reason != "" {
			sendErr = errFailed
		}
		if err := s.settle(ctx, store.ChannelWebhook, res, delivered{id: w.ID, attempts: w.Attempts, err: sendErr,
			reason: reason}); err != nil {
			return err
		}
	}
	return nil
}

// errBlocked: the endpoint's address is one no organisation's system
// lives at (link-local, such as a cloud's metadata service; unspecified;
// multicast). It is checked on the address actually dialled, after name
// resolution, so a name cannot point the server at it.
var errBlocked = errors.New("delivery: blocked address")

// webhookClient posts with a 10 s timeout, follows no redirect and dials
// no blocked address.
func webhookClient() *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
			ip.IsUnspecified() || ip.IsMulticast() {
			return errBlocked
		}
		return nil
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = d.DialContext
	return &http.Client{Timeout: 10 * time.Second, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type failed struct{}

func (failed) Error() string { return "delivery: failed" }

var errFailed error = failed{}

// post sends one delivery, signed; "" when the receiver answered 2xx, else
// the reason as a code ("http 503", "network").
func (s *Sender) post(ctx context.Context, w store.OutboundWebhook) string {
	body := w.Body.JSON()
	ts := strconv.FormatInt(s.cfg.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return "request"
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Passerelle-Webhook")
	req.Header.Set(notify.HeaderTimestamp, ts)
	req.Header.Set(notify.HeaderSignature, notify.Sign(w.Secret, ts, body))
	req.Header.Set(notify.HeaderDelivery, w.ID.String())
	resp, err := s.cfg.HTTP.Do(req)
	if errors.Is(err, errBlocked) {
		return "blocked"
	}
	if err != nil {
		return "network"
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		return ""
	}
	return "http " + strconv.Itoa(resp.StatusCode)
}
