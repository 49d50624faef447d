package auth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings: what every authenticator app understands.
const (
	TOTPIssuer = "Passerelle"
	totpPeriod = 30
	totpSkew   = 1 // accept the previous and next 30-second step as well
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: totpSkew, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a secret (base32, 160 bits) for accountName (the user's e-mail
// address) and the otpauth:// URL to show as a QR code.
func NewTOTP(accountName string) (secret string, otpauthURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: TOTPIssuer, AccountName: accountName, Period: totpPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: making two-factor secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep returns the 30-second time step that code matches for secret at
// now (within one step either side), comparing every candidate in constant
// time. Spaces in code are ignored.
func TOTPStep(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	found := 0
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((cur+d)*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && found == 0 {
			step, found = cur+d, 1
		}
	}
	return step, found == 1
}

// CheckTOTP reports whether code is valid for secret at now. It does not
// refuse replays on its own: sign-in must use a TOTPGuard.
func CheckTOTP(secret, code string, now time.Time) bool {
	_, ok := TOTPStep(secret, code, now)
	return ok
}

// TOTPGuard refuses a code whose time step is not later than the last one
// accepted for the same user, so a code seen over a shoulder or in a proxy log
// cannot be used again (RFC 6238 §5.2). The last step lives in the database,
// so that no server process accepts a code another one already took.
type TOTPGuard struct{ st TOTPStepStore }

// TOTPStepStore keeps the last accepted step per user; the store implements it.
type TOTPStepStore interface {
	// UseTOTPStep records step for user and reports true, atomically, only
	// when it is later than the last one recorded.
	UseTOTPStep(ctx context.Context, user uuid.UUID, step int64) (bool, error)
}

// NewTOTPGuard returns a guard keeping its steps in st.
func NewTOTPGuard(st TOTPStepStore) *TOTPGuard { return &TOTPGuard{st: st} }

// Check reports whether code is valid for secret at now and was not already
// used: on success it records the step for user.
func (g *TOTPGuard) Check(ctx context.Context, user uuid.UUID, secret, code string, now time.Time) (bool, error) {
	step, ok := TOTPStep(secret, code, now)
	if !ok {
		return false, nil
	}
	return g.st.UseTOTPStep(ctx, user, step)
}
