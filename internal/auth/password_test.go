package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/valid"
)

var phcRE = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndCheckPassword(t *testing.T) {
	pw := "Kofi-Lagos-Marseille-2026"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !phcRE.MatchString(h1) {
		t.Fatalf("hash %q is not the PHC form with OWASP parameters", h1)
	}
	h2, _ := HashPassword(pw)
	if h1 == h2 {
		t.Error("two hashes of one password are equal (salt not random)")
	}
	ok, rehash, err := CheckPassword(h1, pw)
	if !ok || rehash || err != nil {
		t.Errorf("right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	for _, wrong := range []string{"kofi-lagos-marseille-2026", "Kofi-Lagos-Marseille-2026 ", "", pw[:len(pw)-1]} {
		if ok, _, err := CheckPassword(h1, wrong); ok || err != nil {
			t.Errorf("wrong password %q: ok=%v err=%v", wrong, ok, err)
		}
	}
	// Composed and decomposed accents are the same password.
	hc, _ := HashPassword("Ama\u00ebl-Ou\u00e9draogo")
	if ok, _, _ := CheckPassword(hc, "Amael-Ouedraogo"); ok {
		t.Error("the password without accents matched")
	}
	if ok, _, _ := CheckPassword(hc, "Amae\u0308l-Oue\u0301draogo"); !ok {
		t.Error("decomposed form of the same password refused")
	}
}

func TestCheckPasswordNeedsRehash(t *testing.T) {
	pw := "Ndeye-Dakar-Bamako-77"
	salt := []byte("0123456789abcdef")
	old := argon2.IDKey([]byte(pw), salt, 3, 12288, 1, 32) // OWASP alternative set
	enc := fmt.Sprintf("$argon2id$v=19$m=12288,t=3,p=1$%s$%s",
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(old))
	ok, rehash, err := CheckPassword(enc, pw)
	if !ok || !rehash || err != nil {
		t.Errorf("older parameters: ok=%v rehash=%v err=%v, want ok and rehash", ok, rehash, err)
	}
	if ok, rehash, _ := CheckPassword(enc, "wrong"); ok || rehash {
		t.Error("wrong password reported ok or rehash")
	}
}

func TestCheckPasswordBadHash(t *testing.T) {
	good, _ := HashPassword("Seun-Abidjan-Paris-1")
	parts := strings.Split(good, "$")
	for name, enc := range map[string]string{
		"empty":        "",
		"bcrypt":       "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":      strings.Replace(good, "argon2id", "argon2i", 1),
		"version":      strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":  strings.Replace(good, "m=19456", "m=4194304", 1),
		"huge time":    strings.Replace(good, "t=2", "t=1000", 1),
		"zero p":       strings.Replace(good, "p=1", "p=0", 1),
		"bad salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"short key":    strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra part":   good + "$x",
		"params junk":  strings.Replace(good, "p=1", "p=1x", 1),
		"plus sign":    strings.Replace(good, "t=2", "t=+2", 1),
		"version junk": strings.Replace(good, "v=19", "v=19x", 1),
		"padded salt":  strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4] + "==", parts[5]}, "$"),
	} {
		if ok, _, err := CheckPassword(enc, "Seun-Abidjan-Paris-1"); ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("%s: ok=%v err=%v, want ErrBadHash", name, ok, err)
		}
	}
	DummyCheckPassword("anything") // must not panic
}

func TestValidatePassword(t *testing.T) {
	for pw, rule := range map[string]string{
		"":                                valid.RulePasswordTooShort,
		"short-pw":                        valid.RulePasswordTooShort,
		"ééééééééééé":                     valid.RulePasswordTooShort, // 11 characters, 22 bytes
		strings.Repeat("a", 257):          valid.RulePasswordTooLong,
		strings.Repeat("é", 129):          valid.RulePasswordTooLong, // 129 characters, 258 bytes
		"aaaaaaaaaaaa":                    valid.RulePasswordWeak,
		"abababababab":                    valid.RulePasswordWeak,
		"abcabcabcabc":                    valid.RulePasswordWeak,
		"123456789012":                    valid.RulePasswordWeak,
		"PasswordPassword":                valid.RulePasswordWeak,
		"Motdepasse123":                   valid.RulePasswordWeak,
		"correct horse battery staple":    "",
		"Tànkó-Ouaga-Lyon":                "",
		"éééééééééééé":                    valid.RulePasswordWeak,
		"abcdabcdabce":                    "",
		strings.Repeat("ab1", 4) + "x":    "",
		strings.Repeat("Kano-Niamey", 23): "", // 253 bytes
	} {
		err := ValidatePassword(pw)
		if rule == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v, want nil", pw, err)
			}
			continue
		}
		var fe *valid.FieldError
		if !errors.As(err, &fe) || fe.Field != "password" || fe.Rule != rule {
			t.Errorf("ValidatePassword(%q) = %v, want password/%s", pw, err, rule)
			continue
		}
		if strings.Contains(fe.Error(), pw) && pw != "" {
			t.Errorf("message repeats the password: %v", fe)
		}
	}
	var fe *valid.FieldError
	errors.As(ValidatePassword("short"), &fe)
	if fe.Params["min"] != PasswordMinChars {
		t.Errorf("too_short params %v", fe.Params)
	}
}

func TestArgonConcurrencyBounded(t *testing.T) {
	// With every slot taken, a hash waits; it finishes once one is freed.
	for range cap(argonSlots) {
		argonSlots <- struct{}{}
	}
	done := make(chan struct{})
	go func() {
		HashPassword("Bounded-Memory-2026")
		close(done)
	}()
	// Wait until the hashing goroutine is seen blocked on the slot channel; if
	// it finishes first, the bound is not applied. The slots are freed before
	// any failure, so that no later test waits on them.
	buf := make([]byte, 1<<20)
	ranFree := false
	blocked := fixture.WaitFor(time.Minute, func() bool {
		select {
		case <-done:
			ranFree = true
			return true
		default:
		}
		return blockedInArgonKey(string(buf[:runtime.Stack(buf, true)]))
	})
	for range cap(argonSlots) {
		<-argonSlots
	}
	<-done
	switch {
	case ranFree:
		t.Fatal("a hash ran with no free slot")
	case !blocked:
		t.Fatal("waited 1m for the hash to block on a taken slot: it neither blocked nor finished")
	}
}

// blockedInArgonKey reports whether some goroutine waits on a channel send
// inside argonKey.
func blockedInArgonKey(stacks string) bool {
	for _, g := range strings.Split(stacks, "\n\n") {
		if strings.Contains(g, "[chan send") && strings.Contains(g, "auth.argonKey(") {
			return true
		}
	}
	return false
}

// go test -bench Password -benchmem ./internal/auth/
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HashPassword("Kofi-Lagos-Marseille-2026"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	h, _ := HashPassword("Kofi-Lagos-Marseille-2026")
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := CheckPassword(h, "Kofi-Lagos-Marseille-2026"); !ok || err != nil {
			b.Fatal("check failed")
		}
	}
}

// FuzzCheckPassword: no stored string makes CheckPassword panic or accept.
func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, enc string) {
		h, err := parsePHC(enc)
		if err != nil {
			return
		}
		if h.m > 1<<16 || h.t > 3 { // keep each run cheap
			return
		}
		// A fuzzed key cannot be the hash of this password.
		if ok, _, err := CheckPassword(enc, "not the password"); ok || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v", enc, ok, err)
		}
	})
}
