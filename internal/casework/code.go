package casework

import (
	"crypto/rand"
	"strings"
	"time"
)

// codeAlphabet has no 0/O or 1/I/L, so a code read over a bad phone line is
// not misheard.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewCode returns a pseudonymous case code such as "FRA-26-7K3FQ9": the
// organisation's country, the year, and six random characters. It carries
// nothing about the person.
func NewCode(country string, now time.Time) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	prefix := strings.ToUpper(country)
	if prefix == "" {
		prefix = "XXX"
	}
	return prefix + "-" + now.Format("06") + "-" + string(b)
}
