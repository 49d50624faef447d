package notify

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestSignAndVerify(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"id":"x","kind":"referral.received"}`)
	sig := Sign("whsec_abc", ts, body)
	if len(sig) != len("sha256=")+64 || sig[:7] != "sha256=" {
		t.Fatalf("signature %q", sig)
	}
	if err := VerifySignature("whsec_abc", ts, body, sig, now.Add(4*time.Minute)); err != nil {
		t.Fatalf("a fresh, intact delivery was refused: %v", err)
	}
	for name, c := range map[string]struct {
		secret, ts string
		body       []byte
		sig        string
		at         time.Time
		want       error
	}{
		"tampered body":   {"whsec_abc", ts, []byte(`{"id":"y","kind":"referral.received"}`), sig, now, ErrBadSignature},
		"other secret":    {"whsec_abd", ts, body, sig, now, ErrBadSignature},
		"moved timestamp": {"whsec_abc", strconv.FormatInt(now.Unix()+1, 10), body, sig, now, ErrBadSignature},
		"replayed late":   {"whsec_abc", ts, body, sig, now.Add(MaxSkew + time.Second), ErrStale},
		"from the future": {"whsec_abc", ts, body, sig, now.Add(-MaxSkew - time.Second), ErrStale},
		"not a number":    {"whsec_abc", "yesterday", body, sig, now, ErrStale},
		"empty signature": {"whsec_abc", ts, body, "", now, ErrBadSignature},
	} {
		if err := VerifySignature(c.secret, c.ts, c.body, c.sig, c.at); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestEndpointURL(t *testing.T) {
	for url, ok := range map[string]bool{
		"https://systems.example.org/passerelle": true,
		"http://127.0.0.1:8081/hook":             true,
		"http://localhost/hook":                  true,
		"http://[::1]:9000/hook":                 true,
		"http://systems.example.org/hook":        false,
		"http://10.0.0.5/hook":                   false,
		"https://user:pw@systems.example.org/":   false,
		"https://systems.example.org/#x":         false,
		"ftp://127.0.0.1/x":                      false,
		"https:///nohost":                        false,
		"":                                       false,
	} {
		if got := ValidEndpointURL(url); got != ok {
			t.Errorf("ValidEndpointURL(%q) = %v, want %v", url, got, ok)
		}
	}
}

func TestLinks(t *testing.T) {
	for link, ok := range map[string]bool{
		"/referrals/0190c1c4-7a51-7cc0-8000-000000000001": true,
		"/network/runs/abc":    true,
		"referrals/1":          false,
		"//evil.example/x":     false,
		"/cases?name=Amina":    false,
		"/cases/../admin":      false,
		"/cases/Aïcha":         false,
		"/a b":                 false,
		"https://evil.example": false,
	} {
		if got := ValidLink(link); got != ok {
			t.Errorf("ValidLink(%q) = %v, want %v", link, got, ok)
		}
	}
}

func TestEventValidate(t *testing.T) {
	org, user := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
	ok := Event{Kind: ReferralStatus, Status: "in_service", Recipients: []Recipient{ToUser(org, user), ToRole(org, "supervisor")},
		Link: "/referrals/1", Objects: []Ref{{Type: "referral", ID: user}}}
	if es := ok.Validate(); len(es) != 0 {
		t.Fatalf("valid event refused: %v", es)
	}
	both := ok
	both.Recipients = []Recipient{{OrgID: org, UserID: user, Role: "supervisor"}}
	if es := both.Validate(); !es.Has("recipients", RuleRecipient) {
		t.Fatalf("a recipient that is both a user and a role: %v", es)
	}
	for _, k := range Kinds {
		if !k.Valid() || k.MessageID() != "notify.kind."+string(k) {
			t.Errorf("kind %s", k)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	r := Retry{Base: time.Minute, Max: time.Hour, Attempts: 5}
	for attempt, full := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute,
		7: time.Hour, 40: time.Hour} {
		for range 50 {
			if d := r.Delay(attempt); d < full/2 || d > full {
				t.Fatalf("Delay(%d) = %s, want within [%s, %s]", attempt, d, full/2, full)
			}
		}
	}
	if r.Dead(4) || !r.Dead(5) {
		t.Fatal("Dead counts attempts wrongly")
	}
}

func TestEmailHasOnlyTheGivenText(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	msg := string(Email("n@p.example", "a@b.example", "Passerelle : une orientation", "Line one\r\n.\r\nBcc: x@y",
		"https://p.example/referrals/1", time.Unix(0, 0), id, "p.example"))
	if want := "Line one  .  Bcc: x@y\r\n\r\nhttps://p.example/referrals/1\r\n"; msg[len(msg)-len(want):] != want {
		t.Fatalf("body of %q", msg)
	}
}
