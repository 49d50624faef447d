package auth

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// RFC 6238 appendix B: secret "12345678901234567890" (base32 below), SHA1.
// The 8-digit reference codes end in these 6 digits.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

var rfcVectors = []struct {
	unix int64
	code string
}{
	{59, "287082"},
	{1111111109, "081804"},
	{1111111111, "050471"},
	{1234567890, "005924"},
	{2000000000, "279037"},
}

func TestCheckTOTPReferenceVectors(t *testing.T) {
	for _, v := range rfcVectors {
		at := time.Unix(v.unix, 0)
		if !CheckTOTP(rfcSecret, v.code, at) {
			t.Errorf("t=%d: right code %s refused", v.unix, v.code)
		}
		if !CheckTOTP(rfcSecret, v.code[:3]+" "+v.code[3:], at) {
			t.Errorf("t=%d: code with a space refused", v.unix)
		}
		if !CheckTOTP(rfcSecret, v.code, at.Add(30*time.Second)) {
			t.Errorf("t=%d: code one step late refused (skew 1)", v.unix)
		}
		if CheckTOTP(rfcSecret, v.code, at.Add(90*time.Second)) {
			t.Errorf("t=%d: code three steps late accepted", v.unix)
		}
		wrong := []byte(v.code)
		wrong[5] = '0' + (wrong[5]-'0'+1)%10
		if CheckTOTP(rfcSecret, string(wrong), at) {
			t.Errorf("t=%d: wrong code %s accepted", v.unix, wrong)
		}
	}
	// A code from the far past is refused now.
	if CheckTOTP(rfcSecret, "287082", time.Unix(1234567890, 0)) {
		t.Error("code from 1970 accepted in 2009")
	}
	for _, bad := range []string{"", "28708", "2870821", "abcdef", "28708２"} {
		if CheckTOTP(rfcSecret, bad, time.Unix(59, 0)) {
			t.Errorf("malformed code %q accepted", bad)
		}
	}
	if CheckTOTP("not base32!", "287082", time.Unix(59, 0)) {
		t.Error("code accepted for a broken secret")
	}
}

func TestNewTOTP(t *testing.T) {
	secret, raw, err := NewTOTP("awa.diallo@ong-espoir.sn")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 {
		t.Errorf("secret has %d base32 characters, want 32 (160 bits)", len(secret))
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
		t.Fatalf("URL %q: %v", raw, err)
	}
	q := u.Query()
	if q.Get("issuer") != "Passerelle" || q.Get("secret") != secret || q.Get("algorithm") != "SHA1" ||
		q.Get("digits") != "6" || q.Get("period") != "30" || !strings.Contains(u.Path, "awa.diallo@ong-espoir.sn") {
		t.Errorf("URL %q lacks the expected parameters", raw)
	}
	now := time.Now()
	code, err := totp.GenerateCode(secret, now)
	if err != nil || !CheckTOTP(secret, code, now) {
		t.Errorf("code from an authenticator app refused: %v", err)
	}
	other, _, _ := NewTOTP("x@example.org")
	if other == secret {
		t.Error("two secrets are equal")
	}
}
