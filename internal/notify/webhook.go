package notify

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Webhook headers. A receiver recomputes the signature over
// timestamp + "." + body with the endpoint's secret (VerifySignature) and
// refuses a timestamp older than MaxSkew: a captured request cannot be
// replayed later.
const (
	HeaderTimestamp = "X-Passerelle-Timestamp" // Unix seconds
	HeaderSignature = "X-Passerelle-Signature" // "sha256=" + hex HMAC-SHA256
	HeaderDelivery  = "X-Passerelle-Delivery"  // the delivery id (the same on every retry)
	MaxSkew         = 5 * time.Minute
	secretPrefix    = "whsec_"
)

// Endpoint is an organisation's registered webhook receiver. The secret is
// shown once, when created, and kept sealed.
type Endpoint struct {
	ID        uuid.UUID
	OrgID     uuid.UUID
	URL       string
	Kinds     []Kind
	CreatedAt time.Time
	// The last delivery's state, for the organisation's page.
	Pending, Dead int
}

// Wants reports whether the endpoint subscribed to k.
func (e Endpoint) Wants(k Kind) bool {
	for _, x := range e.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// EndpointInput is a registration as typed.
type EndpointInput struct {
	URL   string
	Kinds []string
}

// Endpoint checks in and returns the endpoint it describes: an https URL,
// or http to a loopback address (tests and demonstrations), without user
// information or fragment; at least one known kind.
func (in EndpointInput) Endpoint() (Endpoint, valid.Errors) {
	var es valid.Errors
	e := Endpoint{URL: strings.TrimSpace(in.URL)}
	if !ValidEndpointURL(e.URL) {
		es = append(es, valid.New("url", RuleURL, nil))
	}
	seen := map[Kind]bool{}
	for _, s := range in.Kinds {
		k := Kind(s)
		if !k.Valid() {
			es = append(es, valid.New("kinds", RuleKinds, nil))
			return e, es
		}
		if !seen[k] {
			seen[k] = true
			e.Kinds = append(e.Kinds, k)
		}
	}
	if len(e.Kinds) == 0 {
		es = append(es, valid.New("kinds", RuleKinds, nil))
	}
	return e, es
}

// ValidEndpointURL: https anywhere, http only to a loopback address.
func ValidEndpointURL(s string) bool {
	if len(s) > MaxURL {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return Loopback(u.Hostname())
	}
	return false
}

// Loopback reports whether host is localhost or a loopback address.
func Loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewSecret makes an endpoint's signing secret.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return secretPrefix + hex.EncodeToString(b), nil
}

// Sign is the signature header's value for body sent at ts (Unix seconds).
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Reasons VerifySignature refuses a request.
var (
	ErrBadSignature = errors.New("notify: signature does not match")
	ErrStale        = errors.New("notify: timestamp outside the accepted window")
)

// VerifySignature checks a received webhook: sig must be Sign(secret, ts,
// body) and ts within MaxSkew of now (either side). Receivers call it
// before reading the body.
func VerifySignature(secret, ts string, body []byte, sig string, now time.Time) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrStale
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSkew || d < -MaxSkew {
		return ErrStale
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(sig)) {
		return ErrBadSignature
	}
	return nil
}

// Body is what a webhook delivery posts: ids, codes and a link, never
// personal data.
type Body struct {
	ID             uuid.UUID `json:"id"`
	Kind           Kind      `json:"kind"`
	Status         string    `json:"status,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	Link           string    `json:"link"`
	OrganisationID uuid.UUID `json:"organisation_id"`
	Objects        []Ref     `json:"objects"`
}

// JSON is the body's bytes (the signed ones).
func (b Body) JSON() []byte {
	if b.Objects == nil {
		b.Objects = []Ref{}
	}
	out, _ := json.Marshal(b) // no type in Body can fail to marshal
	return out
}
